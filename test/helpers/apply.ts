// Helpers for tests of the application form.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { TestApp } from './app.js';
import type { Browserless } from './browserless.js';

/** Walks an applicant through the e-mail step and opens the draft in `person`'s session. */
export async function openDraft(app: TestApp, person: Browserless, email: string): Promise<void> {
  const form = await person.get('/apply/email');
  await person.submit(form.html, '/apply/email', { email });
  const dir = join(app.dataDir, 'mail');
  // The worker may be sending it right now: look until it is there.
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    await app.server.worker.drain();
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.eml'))
          .sort()
          .reverse()
      : [];
    for (const file of files) {
      const mail = await simpleParser(readFileSync(join(dir, file)));
      const link = mail.text?.match(/\/apply\/verify\?token=[\w-]+/)?.[0];
      if (JSON.stringify(mail.to).includes(email) && link) {
        const confirm = await person.get(link);
        const opened = await person.submit(confirm.html, '/apply/verify', { token: link.split('token=')[1] ?? '' });
        assert.equal(opened.location, '/apply/application');
        return;
      }
    }
  }
  throw new Error(`no link for ${email}`);
}
