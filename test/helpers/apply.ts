// Helpers for tests of the application form.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { simpleParser } from 'mailparser';
import { drainJobs, startTestApp, type TestApp, type TestAppOptions } from './app.js';
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

/** Valid answers to every question step, by step; override a step's fields as needed. */
export const validAnswers = {
  applicant: {
    familyName: 'YAMADA',
    givenName: 'Taro',
    nameJa: '山田 太郎',
    nationality: 'JP',
    field: 'Population genomics',
    jobTitle: 'doctoral_student',
    purpose: 'ゲノム'.repeat(50),
    jgaId: '',
    agdId: '',
  },
  eligibility: { resident: 'yes', specific: 'no' },
  affiliation: {
    institution: 'National Institute of Genetics',
    department: 'Bioinformation and DDBJ Center',
    country: 'JP',
    postalCode: '411-8540',
    address: '1111 Yata, Mishima, Shizuoka',
    phone: '055-981-6800',
    extension: '',
  },
  account: { accountName: 'taro', sshKey: '', usePg: '' },
  responsible: {
    familyName: 'SUZUKI',
    givenName: 'Ichiro',
    jobTitle: 'professor',
    institution: 'National Institute of Genetics',
    email: 'suzuki@nig.example.ac.jp',
    address: '1111 Yata, Mishima, Shizuoka',
    phone: '055-981-6801',
    accountName: '',
    groupName: '',
    unknown: 'yes',
  },
} satisfies Record<string, Record<string, string>>;

export type StepAnswers = { [S in keyof typeof validAnswers]?: Partial<Record<string, string>> };

/** Answers every question step (valid answers unless overridden); returns where the last Continue led. */
export async function completeSteps(person: Browserless, overrides: StepAnswers = {}): Promise<string | null> {
  let location: string | null = null;
  for (const step of Object.keys(validAnswers) as (keyof typeof validAnswers)[]) {
    const page = await person.get(`/apply/${step}`);
    const fields = { ...validAnswers[step], ...overrides[step] } as Record<string, string>;
    const res = await person.submit(page.html, `/apply/${step}`, fields);
    assert.equal(
      res.status,
      303,
      `step ${step} was not accepted: ${res.html.match(/error-message[^>]*>([^<]*)/)?.[1]}`,
    );
    location = res.location;
  }
  return location;
}

/** The mails written so far to `address`, parsed (waits for the worker to send them). */
export async function mailsTo(app: TestApp, address: string, atLeast = 1) {
  const dir = join(app.dataDir, 'mail');
  for (const end = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 50))) {
    // Every mail job done, including one the worker's own loop holds at this moment:
    // a count taken while it is being written would be one short.
    await drainJobs(app);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    const mails = [];
    for (const file of files.sort()) {
      const mail = await simpleParser(readFileSync(join(dir, file)));
      if (JSON.stringify(mail.to).includes(address)) mails.push(mail);
    }
    if (mails.length >= atLeast || Date.now() > end) return mails;
  }
}

/**
 * A running app for a describe() block of application tests (started before, closed
 * after; mail rate limits out of the way), with look-ups of what a draft stored.
 */
export function useApplyApp(options: TestAppOptions = {}) {
  let running: TestApp | undefined;
  before(async () => {
    running = await startTestApp({ ...options, env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000', ...options.env } });
  });
  after(() => running?.close());
  const app = () => {
    if (!running) throw new Error('the app is not started yet (use it inside a test)');
    return running;
  };
  return {
    get app() {
      return app();
    },
    application: (email: string) =>
      app()
        .server.database.db.selectFrom('application')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow(),
    /** The applicant's row joined with its application's. */
    applicant: (email: string) =>
      app()
        .server.database.db.selectFrom('applicant')
        .innerJoin('application', 'application.id', 'applicant.application_id')
        .selectAll()
        .where('application.email', '=', email)
        .executeTakeFirstOrThrow(),
  };
}
