// `sc-account reconcile` against a real OpenLDAP (slapd with ppolicy and openssh-lpk)
// on a real PostgreSQL, after changes made the way holders and staff make them: the
// keys a holder changed on the account page are what reconcile expects (clean, and
// --fix puts no deleted key back); an account ended by an approved end-of-use request
// is expected locked, so one unlocked by hand is reported and --fix locks it again;
// text-mode --fix says what it left alone and why.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addKey, endBySuspension, keyPair, logIn, provisionedAccounts } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { createTestDatabase } from './helpers/postgres.js';
import { approve, drainJobs, pledgeSigned, submitApplication } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';
import { enrol, signIn } from './helpers/staff.js';

describe('reconcile after holders and staff changed accounts (OpenLDAP)', () => {
  let slapd: TestSlapd;
  let app: TestApp;
  let env: Record<string, string>;
  const first = keyPair('ed25519', undefined, 'first@laptop');
  const second = keyPair('ed25519', undefined, 'second@desktop');
  before(async () => {
    slapd = await startSlapd();
    env = {
      DATABASE_URL: await createTestDatabase(),
      ...slapd.env,
      RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
    };
    app = await startTestApp({ env });
  });
  after(async () => {
    await app.close();
    await slapd.stop();
    first.remove();
    second.remove();
  });
  const cli = (args: string[]) => runCli(args, { ...env, DATA_DIR: app.dataDir });
  const keysIn = (uid: string) =>
    slapd
      .ldap('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-b', slapd.baseDn, `(uid=${uid})`, 'sshPublicKey'])
      .split('\n')
      .filter((l) => l.startsWith('sshPublicKey: '))
      .map((l) => l.slice('sshPublicKey: '.length));
  const fixes = async () =>
    (
      await app.server.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'directory.fixed')
        .execute()
    ).length;

  it('keys changed on the account page: reconcile is clean and --fix brings no deleted key back', async () => {
    const reviewer = await signIn(app, await enrol(app, 'rev@centre.example.jp', 'reviewer'));
    const approver = await signIn(app, await enrol(app, 'appr@centre.example.jp', 'approver'));
    const a = await submitApplication(app, { account: { sshKey: first.publicKey } });
    await pledgeSigned(app, reviewer, a);
    assert.equal((await approve(approver, a, { group: 'keys-lab' })).status, 303);
    await drainJobs(app);
    const db = app.server.database.db;
    const account = await db
      .selectFrom('account')
      .innerJoin('registration_certificate', 'registration_certificate.account_id', 'account.id')
      .select(['account.id', 'account.uid', 'sealed_password'])
      .where('account.application_id', '=', a.id)
      .where('account.division', '=', 'ga')
      .executeTakeFirstOrThrow();
    assert.deepEqual(keysIn(account.uid), [first.publicKey]);

    // The holder adds a key, then removes the one sent with the application.
    const password = app.server.app.deps.passwords.open(account.sealed_password as Uint8Array);
    const person = await logIn(app, { uid: account.uid, password });
    assert.equal((await addKey(app, person, second.publicKey)).status, 303);
    const old = await db
      .selectFrom('account_ssh_key')
      .select('id')
      .where('account_id', '=', account.id)
      .where('public_key', '=', first.publicKey)
      .executeTakeFirstOrThrow();
    const confirm = await person.get(`/account/ssh-keys/${old.id}/remove`);
    assert.equal((await person.submit(confirm.html, `/account/ssh-keys/${old.id}/remove`, {})).status, 303);
    await drainJobs(app);
    assert.deepEqual(keysIn(account.uid), [second.publicKey], 'the jobs wrote the holder’s keys');

    const report = await cli(['reconcile', '--division', 'ga']);
    assert.equal(report.code, 0, report.stdout + report.stderr);
    assert.match(report.stdout, /^Directory ga: No drift/m);

    const fixed = await cli(['reconcile', '--division', 'ga', '--fix']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.doesNotMatch(fixed.stdout, /^fixed: /m);
    assert.deepEqual(keysIn(account.uid), [second.publicKey], 'the deleted key stays gone');
    assert.equal(await fixes(), 0, 'nothing was changed, so nothing was audited');
  });

  it('an account ended by an approved end-of-use request and unlocked by hand: reported, and --fix locks it', async () => {
    const [a] = await provisionedAccounts(app, 1);
    assert.ok(a);
    const db = app.server.database.db;
    await endBySuspension(app, a);
    const state = await db.selectFrom('account').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(state.state, 'ended');
    assert.equal(slapd.binds(a.uid, a.password), false, 'ended: slapd refuses the bind');
    // Each test looks only at its own account's lines: the others' are theirs to check.
    const about = (stdout: string) => stdout.split('\n').filter((l) => l.includes(` ${a.uid}:`));
    const clean = await cli(['reconcile', '--division', 'ga']);
    assert.deepEqual(about(clean.stdout), [], 'an ended account is known, and locked as it should be');

    // Someone with the directory's admin password takes the lock off.
    slapd.ldap(
      'ldapmodify',
      [],
      `dn: uid=${a.uid},ou=people,${slapd.baseDn}\nchangetype: modify\ndelete: shadowExpire\n-\ndelete: pwdAccountLockedTime\n`,
    );
    assert.equal(slapd.binds(a.uid, a.password), true, 'unlocked by hand, it binds again');

    const report = await cli(['reconcile', '--division', 'ga']);
    assert.equal(report.code, 1, report.stdout + report.stderr);
    assert.deepEqual(about(report.stdout), [`user ${a.uid}: not locked, should be locked`]);

    const fixed = await cli(['reconcile', '--division', 'ga', '--fix']);
    assert.deepEqual(about(fixed.stdout), [`fixed: user ${a.uid}: not locked, should be locked`]);
    assert.equal(slapd.binds(a.uid, a.password), false, 'locked again: the bind fails');
    const entry = slapd.ldap('ldapsearch', [
      '-LLL',
      '-b',
      slapd.baseDn,
      `(uid=${a.uid})`,
      'shadowExpire',
      'pwdAccountLockedTime',
    ]);
    assert.match(entry, /^shadowExpire: 1$/m);
    assert.match(entry, /^pwdAccountLockedTime: /m);
    assert.equal(await fixes(), 1);
    const after = await cli(['reconcile', '--division', 'ga']);
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  it('text-mode --fix says what it left alone and why', async () => {
    slapd.ldap(
      'ldapadd',
      [],
      `dn: uid=stranger,ou=people,${slapd.baseDn}\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: stranger\ncn: Stranger\nsn: Stranger\nuidNumber: 29500\ngidNumber: 29500\nhomeDirectory: /home/stranger\n`,
    );
    const fixed = await cli(['reconcile', '--division', 'ga', '--fix']);
    assert.equal(fixed.code, 1, fixed.stdout + fixed.stderr);
    assert.match(
      fixed.stdout,
      /^left alone: user stranger: in the directory but not an sc-account user \(.*a person decides.*\)$/m,
    );
    assert.ok(slapd.ldap('ldapsearch', ['-LLL', '-b', slapd.baseDn, '(uid=stranger)', 'dn']).includes('stranger'));
  });
});
