import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { getJob, jobEvents } from '../src/db/jobs.js';
import { createFileMailer } from '../src/mail/file-mailer.js';
import { MAIL_JOB } from '../src/mail/outbox.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startSmtp } from './helpers/smtp.js';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('mail through SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let app: TestApp;
  before(async () => {
    smtp = await startSmtp();
    app = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Centre <account@centre.example>' } });
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  it('sends an outbox message with plain text and HTML, in Japanese', async () => {
    const { outbox } = app.server.app.deps;
    const db = app.server.database.db;
    const id = await db
      .transaction()
      .execute((trx) =>
        outbox.enqueue(trx, { to: 'taro@univ.example.ac.jp', lang: 'ja', template: 'test', params: {} }),
      );
    assert.ok(id);
    app.server.app.deps.pokeJobs();
    const mail = await waitFor('the message', () => smtp.received[0]);
    assert.deepEqual(mail.to, ['taro@univ.example.ac.jp']);
    assert.equal(mail.from, 'account@centre.example');
    const parsed = await simpleParser(mail.raw);
    assert.equal(parsed.subject, 'スーパーコンピュータ アカウントサービスからのテストメール');
    assert.match(parsed.text ?? '', /メールを送信できることを確認/);
    assert.match(parsed.html || '', /<html lang="ja">/);
    assert.ok(parsed.messageId);
    await waitFor('job done', async () => ((await getJob(db, id))?.state === 'done' ? true : undefined));
  });

  it('refuses anything but one e-mail address as the recipient', async () => {
    const { outbox } = app.server.app.deps;
    for (const to of ['a@x.example, b@y.example', 'Eve <eve@x.example>', 'not-an-address', '']) {
      await assert.rejects(
        app.server.database.db
          .transaction()
          .execute((trx) => outbox.enqueue(trx, { to, lang: 'en', template: 'test', params: {} })),
        /not a single e-mail address/,
        to,
      );
    }
  });

  it('sends nothing when the transaction that queued the mail fails', async () => {
    const { outbox } = app.server.app.deps;
    const before = smtp.received.length;
    await assert.rejects(
      app.server.database.db.transaction().execute(async (trx) => {
        await outbox.enqueue(trx, { to: 'nobody@univ.example.ac.jp', lang: 'en', template: 'test', params: {} });
        throw new Error('the change failed');
      }),
    );
    await app.server.worker.drain();
    assert.equal(smtp.received.length, before);
  });
});

describe('mail refused by the SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let app: TestApp;
  before(async () => {
    smtp = await startSmtp({ refuse: true });
    app = await startTestApp({ env: { SMTP_URL: smtp.url }, retryBaseMs: 20 });
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  it('is retried with backoff, then marked failed, visible in logs and metrics', async () => {
    const db = app.server.database.db;
    const id = await db.transaction().execute((trx) =>
      app.server.app.deps.outbox.enqueue(trx, {
        to: 'refused@univ.example.ac.jp',
        lang: 'en',
        template: 'test',
        params: {},
      }),
    );
    assert.ok(id);
    app.server.app.deps.pokeJobs();
    const job = await waitFor('the job to fail', async () => {
      const j = await getJob(db, id);
      return j?.state === 'failed' ? j : undefined;
    });
    assert.equal(job.attempts, job.max_attempts);
    assert.equal(smtp.attempts(), job.max_attempts, 'one SMTP delivery attempt per job attempt');
    assert.match(job.last_error ?? '', /550.*refused by policy/);
    const events = await jobEvents(db, id);
    assert.equal(
      events.filter((e) => e.to_state === 'queued' && e.from_state === 'running').length,
      job.max_attempts - 1,
    );
    assert.equal(events.at(-1)?.to_state, 'failed');

    const warn = app.logs.filter((l) => l.job === id && l.level === 40);
    const error = app.logs.filter((l) => l.job === id && l.level === 50);
    assert.equal(warn.length, job.max_attempts - 1);
    assert.equal(error.length, 1);
    assert.match(String(error[0]?.msg), /failed/);

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`jobs_processed_total\\{kind="${MAIL_JOB}",outcome="failed"\\} 1`));
    assert.match(metrics, /jobs\{state="failed"\} 1/);
    // The operators' series: the mail that failed, the queue by kind.
    assert.match(metrics, new RegExp(`mail_messages_total\\{outcome="failed"\\} ${job.max_attempts}`));
    assert.match(metrics, new RegExp(`jobs_by_kind\\{kind="${MAIL_JOB}",state="failed"\\} 1`));
  });
});

describe('mail as files (no SMTP_URL)', () => {
  it('writes one .eml per message and survives a restart without losing or duplicating it', async () => {
    const first = await startTestApp({ env: { JOB_WORKER: 'false' } });
    const dataDir = first.dataDir;
    try {
      await first.server.database.db.transaction().execute((trx) =>
        first.server.app.deps.outbox.enqueue(trx, {
          to: 'hanako@inst.example.jp',
          lang: 'en',
          template: 'test',
          params: {},
        }),
      );
      // The worker is off: the process stops with the message still in the outbox.
      await first.server.close();
      const second = await startTestApp({ dataDir });
      try {
        const dir = join(dataDir, 'mail');
        const files = await waitFor('the .eml file', () => {
          try {
            const f = readdirSync(dir).filter((n) => n.endsWith('.eml'));
            return f.length ? f : undefined;
          } catch {
            return undefined;
          }
        });
        await second.server.worker.drain();
        await new Promise((r) => setTimeout(r, 300));
        const all = readdirSync(dir).filter((n) => n.endsWith('.eml'));
        assert.deepEqual(all, files);
        assert.equal(all.length, 1);
        const parsed = await simpleParser(readFileSync(join(dir, all[0] as string)));
        assert.equal(parsed.subject, 'Test message from the supercomputer account service');
        assert.deepEqual(
          (Array.isArray(parsed.to) ? parsed.to : [parsed.to]).flatMap((a) => a?.value.map((v) => v.address)),
          ['hanako@inst.example.jp'],
        );
      } finally {
        await second.server.close();
      }
    } finally {
      await first.close();
    }
  });
});

describe('file mailer', () => {
  it('writes a message sent twice (a retry after a crash) to one file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-mail-'));
    try {
      const mailer = createFileMailer(dir);
      const message = {
        from: 'centre@centre.example',
        to: 'taro@univ.example.ac.jp',
        subject: 'Once',
        text: 'text',
        html: '<p>html</p>',
        messageId: '<fixed-id@centre.example>',
        date: '2026-11-25T10:00:00.000Z',
      };
      await mailer.send(message);
      await mailer.send(message);
      const files = readdirSync(dir);
      assert.equal(files.length, 1);
      const parsed = await simpleParser(readFileSync(join(dir, files[0] as string)));
      assert.equal(parsed.messageId, '<fixed-id@centre.example>');
      assert.equal(parsed.date?.toISOString(), '2026-11-25T10:00:00.000Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
