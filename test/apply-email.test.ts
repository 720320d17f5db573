import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { deleteExpiredDrafts } from '../src/db/applications.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Browserless, h1Text } from './helpers/browserless.js';

/** Mail files written so far, parsed, oldest first. */
async function mails(app: TestApp) {
  const dir = join(app.dataDir, 'mail');
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
  return Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
}

/** Waits until `count` mails to `address` have been written; returns them, oldest first. */
async function waitForMailsTo(app: TestApp, address: string, count: number) {
  const end = Date.now() + 10_000;
  for (;;) {
    await app.server.worker.drain();
    const to = (await mails(app)).filter((m) =>
      JSON.stringify(m.to ?? '')
        .toLowerCase()
        .includes(address.toLowerCase()),
    );
    if (to.length >= count) return to;
    if (Date.now() > end) throw new Error(`expected ${count} mails to ${address}, have ${to.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const linkIn = (text: string | undefined) => text?.match(/https?:\/\/\S+\/apply\/verify\?token=[\w-]+/)?.[0];

describe('application: e-mail first', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { BASE_URL: 'http://localhost:3000', RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
  });
  after(() => app.close());

  const db = () => app.server.database.db;
  const applicationsOf = (email: string) =>
    db().selectFrom('application').selectAll().where('email', '=', email).execute();

  it('mails a one-time link that opens a new draft in this browser', async () => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/apply/email');
    assert.equal(form.status, 200);
    assert.equal(h1Text(form.html), 'What is your e-mail address?');
    const sent = await person.submit(form.html, '/apply/email', { email: '  Taro@Univ.Example.AC.JP ' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, '/apply/email/sent');
    assert.equal(h1Text((await person.get('/apply/email/sent')).html), 'Check your e-mail');

    const [mail] = await waitForMailsTo(app, 'taro@univ.example.ac.jp', 1);
    assert.equal(mail?.subject, 'Your link to the supercomputer account application');
    const link = linkIn(mail?.text);
    assert.ok(link, 'no link in the mail');
    const [draft] = await applicationsOf('Taro@univ.example.ac.jp');
    assert.equal(draft?.state, 'draft');
    assert.equal(draft?.lang, 'en');

    // Opening the link (as a mail scanner would) does not use it up; the button does.
    const path = new URL(link).pathname + new URL(link).search;
    const confirm = await person.get(path);
    assert.equal(confirm.status, 200);
    const again = await person.get(path);
    assert.equal(again.status, 200);
    const opened = await person.submit(confirm.html, '/apply/verify', {
      token: new URL(link).searchParams.get('token') ?? '',
    });
    assert.equal(opened.status, 303);
    assert.equal(opened.location, '/apply/application');
    const overview = await person.get('/apply/application');
    assert.equal(overview.status, 200);
    assert.match(overview.html, /Verified e-mail address: Taro@univ\.example\.ac\.jp/);

    // Single use: the same link does not open anything a second time.
    const stranger = new Browserless(app.url, 'en');
    const used = await stranger.get(path);
    assert.equal(used.status, 410);
    assert.equal(h1Text(used.html), 'This link has expired or has been used');
    assert.equal((await stranger.get('/apply/application')).status, 401);
  });

  it('stores only the SHA-256 of the link token', async () => {
    const all = await mails(app);
    const token = new URL(linkIn(all[0]?.text) ?? 'http://x').searchParams.get('token') ?? '';
    const rows = await db().selectFrom('email_link').selectAll().execute();
    assert.ok(token && !JSON.stringify(rows).includes(token));
  });

  it('resumes the same draft for the same address, never a second application', async () => {
    const person = new Browserless(app.url, 'ja');
    const form = await person.get('/apply/email');
    await person.submit(form.html, '/apply/email', { email: 'taro@univ.example.ac.jp' });
    const all = await waitForMailsTo(app, 'taro@univ.example.ac.jp', 2);
    assert.equal(all.at(-1)?.subject, 'スーパーコンピュータ利用申請のリンク');
    assert.equal((await applicationsOf('Taro@univ.example.ac.jp')).length, 1);
    const link = new URL(linkIn(all.at(-1)?.text) ?? '');
    const confirm = await person.get(link.pathname + link.search);
    const opened = await person.submit(confirm.html, '/apply/verify', { token: link.searchParams.get('token') ?? '' });
    assert.equal(opened.location, '/apply/application');
    assert.match((await person.get('/apply/application')).html, /確認済みメールアドレス：Taro@univ\.example\.ac\.jp/);
  });

  it('refuses free mail addresses with an explanation and keeps what was typed', async () => {
    for (const [lang, pattern] of [
      ['en', /Addresses at free mail services \(gmail\.com\) are not accepted/],
      ['ja', /フリーメールサービスのアドレス（gmail\.com）は受け付けていません/],
    ] as const) {
      const person = new Browserless(app.url, lang);
      const form = await person.get('/apply/email');
      const res = await person.submit(form.html, '/apply/email', { email: 'someone@gmail.com' });
      assert.equal(res.status, 400);
      assert.match(res.html, pattern);
      assert.match(res.html, /<title>(Error:|エラー：) /);
      assert.match(res.html, /class="error-summary"[\s\S]*href="#email"/);
      assert.match(res.html, /name="email" type="email" value="someone@gmail\.com"/);
    }
    assert.equal((await applicationsOf('someone@gmail.com')).length, 0);
  });

  it('accepts a free mail address as a special case with a reason, which staff will see', async () => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/apply/email');
    const noReason = await person.submit(form.html, '/apply/email', { email: 'visitor@gmail.com', special: 'yes' });
    assert.equal(noReason.status, 400);
    assert.match(noReason.html, /Enter why you cannot use an address at your institution/);
    assert.match(noReason.html, /name="special" type="checkbox" value="yes" checked/);
    const ok = await person.submit(noReason.html, '/apply/email', {
      email: 'visitor@gmail.com',
      special: 'yes',
      specialReason: 'Visiting researcher; my host institute gives guests no mail account.',
    });
    assert.equal(ok.status, 303);
    const [draft] = await applicationsOf('visitor@gmail.com');
    assert.equal(draft?.email_special_reason, 'Visiting researcher; my host institute gives guests no mail account.');
  });

  it('says what is wrong with a malformed address', async () => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/apply/email');
    const empty = await person.submit(form.html, '/apply/email', { email: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.html, /Enter your e-mail address/);
    const bad = await person.submit(form.html, '/apply/email', { email: 'not an address' });
    assert.match(bad.html, /Enter an e-mail address in the correct format/);
  });

  it('answers the same for an address whose application is in review, and mails a notice instead of a link', async () => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/apply/email');
    await person.submit(form.html, '/apply/email', { email: 'hanako@inst.example.jp' });
    await waitForMailsTo(app, 'hanako@inst.example.jp', 1);
    await db()
      .updateTable('application')
      .set({ state: 'submitted', reference: 'A2026-000042' })
      .where('email', '=', 'hanako@inst.example.jp')
      .execute();
    const res = await person.submit(form.html, '/apply/email', { email: 'hanako@inst.example.jp' });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/apply/email/sent');
    const all = await waitForMailsTo(app, 'hanako@inst.example.jp', 2);
    assert.equal(all.at(-1)?.subject, 'Your supercomputer account application A2026-000042');
    assert.equal(linkIn(all.at(-1)?.text), undefined);
    assert.equal((await applicationsOf('hanako@inst.example.jp')).length, 1);
  });

  it('sends at most five links an hour to one address, with the same answer each time', async () => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/apply/email');
    for (let i = 0; i < 7; i++) {
      const res = await person.submit(form.html, '/apply/email', { email: 'eager@inst.example.jp' });
      assert.equal(res.location, '/apply/email/sent');
    }
    await waitForMailsTo(app, 'eager@inst.example.jp', 5);
    // Five mails were queued for this address, no more.
    const jobs = await sql<{
      n: string;
    }>`select count(*) as n from job where payload->'message'->>'to' = 'eager@inst.example.jp'`.execute(db());
    assert.equal(Number(jobs.rows[0]?.n), 5);
  });

  it('refuses an expired link', async () => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/apply/email');
    await person.submit(form.html, '/apply/email', { email: 'late@inst.example.jp' });
    const all = await waitForMailsTo(app, 'late@inst.example.jp', 1);
    const link = new URL(linkIn(all.at(-1)?.text) ?? '');
    await db()
      .updateTable('email_link')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    assert.equal((await person.get(link.pathname + link.search)).status, 410);
  });

  it('deletes drafts past their 30 days with their personal data', async () => {
    const [draft] = await applicationsOf('late@inst.example.jp');
    assert.ok(draft);
    await db().updateTable('applicant').set({ family_name: 'Late' }).where('application_id', '=', draft.id).execute();
    await db()
      .updateTable('application')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', draft.id)
      .execute();
    assert.ok((await deleteExpiredDrafts(db(), new Date())) >= 1);
    assert.equal((await applicationsOf('late@inst.example.jp')).length, 0);
    const applicant = await db().selectFrom('applicant').selectAll().where('application_id', '=', draft.id).execute();
    assert.equal(applicant.length, 0);
    // Submitted applications are not drafts and stay.
    assert.equal((await applicationsOf('hanako@inst.example.jp')).length, 1);
  });
});

describe('application: e-mail form rate limit per client address', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '3' } });
  });
  after(() => app.close());

  it('answers 429 once a client has sent the form too often', async () => {
    const person = new Browserless(app.url, 'en');
    const form = await person.get('/apply/email');
    for (let i = 0; i < 3; i++) {
      assert.equal((await person.submit(form.html, '/apply/email', { email: `n${i}@inst.example.jp` })).status, 303);
    }
    const refused = await person.submit(form.html, '/apply/email', { email: 'n4@inst.example.jp' });
    assert.equal(refused.status, 429);
    assert.equal(h1Text(refused.html), 'Too many requests');
  });
});
