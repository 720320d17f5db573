// Helpers for tests of the account page: provisioned accounts with the initial
// password from their (sealed) certificate, SSH key pairs made by ssh-keygen, and a
// logged-in account holder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advanceRequest, createRequest } from '../../src/db/account-requests.js';
import { enqueueRequestApply } from '../../src/jobs/handlers/account-request.js';
import type { TestApp } from './app.js';
import { Browserless } from './browserless.js';
import { approveSeeded, drainJobs } from './review.js';

export interface TestAccount {
  id: number;
  applicationId: number;
  uid: string;
  password: string;
  email: string;
}

let groups = 0;

/** `count` GA accounts approved and provisioned, each with the initial password the certificate would show. */
export async function provisionedAccounts(app: TestApp, count: number): Promise<TestAccount[]> {
  const db = app.server.database.db;
  const ids = await approveSeeded(db, count, `lab${++groups}`);
  await drainJobs(app);
  const rows = await db
    .selectFrom('account')
    .innerJoin('registration_certificate', 'registration_certificate.account_id', 'account.id')
    .innerJoin('application', 'application.id', 'account.application_id')
    .select([
      'account.id',
      'account.application_id',
      'account.uid',
      'account.state',
      'sealed_password',
      'application.email',
    ])
    .where('account.application_id', 'in', ids)
    .where('account.division', '=', 'ga')
    .orderBy('account.id')
    .execute();
  assert.equal(rows.length, count);
  return rows.map((r) => {
    assert.equal(r.state, 'active');
    return {
      id: r.id,
      applicationId: r.application_id,
      uid: r.uid,
      email: r.email,
      password: app.server.app.deps.passwords.open(r.sealed_password as Uint8Array),
    };
  });
}

export interface KeyPair {
  /** The private key file (for ssh-keygen -Y sign). */
  file: string;
  publicKey: string;
  remove(): void;
}

/** A new key pair made by ssh-keygen in a temporary folder. */
export function keyPair(type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519', bits?: number, comment = 'me@laptop'): KeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'sc-key-'));
  const file = join(dir, 'key');
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(bits ? ['-b', String(bits)] : []),
    '-N',
    '',
    '-C',
    comment,
    '-f',
    file,
  ]);
  return {
    file,
    publicKey: readFileSync(`${file}.pub`, 'utf8').trim(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What `ssh-keygen -Y sign -n namespace` prints for `message` signed with the key. */
export function sshSign(key: KeyPair, message: string, namespace = 'sc-account'): string {
  return execFileSync('ssh-keygen', ['-Y', 'sign', '-f', key.file, '-n', namespace], { input: message }).toString();
}

/** Logs in through the login page; returns the browser (and asserts it landed on /account). */
export async function logIn(app: TestApp, account: { uid: string; password: string }, lang: 'ja' | 'en' = 'en') {
  const person = new Browserless(app.url, lang);
  const form = await person.get('/login');
  const res = await person.submit(form.html, '/login', { accountName: account.uid, password: account.password });
  assert.equal(res.status, 303, `login of ${account.uid}: ${res.status}`);
  assert.equal(res.location, '/account');
  return person;
}

/** Adds a key on the SSH keys page and waits until the directory has it. */
export async function addKey(app: TestApp, person: Browserless, publicKey: string) {
  const page = await person.get('/account/ssh-keys');
  const res = await person.submit(page.html, '/account/ssh-keys', { publicKey });
  await drainJobs(app);
  return res;
}

/** Changes the password on the password page (the current one, the new one twice); returns the answer. */
export async function changePassword(person: Browserless, current: string, next: string) {
  const form = await person.get('/account/password');
  return person.submit(form.html, '/account/password', { current, password: next, password2: next });
}

/** Ends an account as an approved Suspension (end of use) whose day has come does, through its job. */
export async function endBySuspension(app: TestApp, account: TestAccount): Promise<void> {
  await app.server.database.db.transaction().execute(async (trx) => {
    const r = await createRequest(trx, {
      applicationId: account.applicationId,
      accountId: account.id,
      data: { kind: 'suspension', reason: 'Project finished', date: '2026-12-01' },
      effectiveAt: new Date(Date.now() - 60_000),
    });
    const approved = await advanceRequest(trx, r, 'approved', { actor: 'staff:1' });
    await enqueueRequestApply(trx, approved);
  });
  await drainJobs(app);
}
