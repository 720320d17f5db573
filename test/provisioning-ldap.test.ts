// Provisioning into a real OpenLDAP (slapd with ppolicy, argon2 and openssh-lpk) on
// a real PostgreSQL: an approved application becomes entries that ldapsearch shows
// and the initial password binds; `sc-account directory import` records numbers
// already taken; `sc-account reconcile` finds drift made behind sc-account's back,
// fixes it with --fix (each fix audited), and reports clean afterwards.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.js';
import { completeSteps, openDraft } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { runCli } from './helpers/cli.js';
import { createTestDatabase } from './helpers/postgres.js';
import { approve, drainJobs, pledgeSigned, submitApplication } from './helpers/review.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';
import { enrol, signIn } from './helpers/staff.js';

const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3b1uJk8Kq2mKc4lH9nQ0hY8e2pA7sT1x4xYQ6d2m4 taro@laptop';

describe('provisioning into OpenLDAP, import and reconcile', () => {
  let slapd: TestSlapd;
  let app: TestApp;
  let env: Record<string, string>;
  let reviewer: Browserless;
  let approver: Browserless;
  before(async () => {
    slapd = await startSlapd();
    env = {
      DATABASE_URL: await createTestDatabase(),
      ...slapd.env,
      UID_RANGE: '20000-20999',
      GID_RANGE: '40000-40999',
      RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
    };
    app = await startTestApp({ env });
    reviewer = await signIn(app, await enrol(app, 'rev@centre.example.jp', 'reviewer'));
    approver = await signIn(app, await enrol(app, 'appr@centre.example.jp', 'approver'));
  });
  after(async () => {
    await app.close();
    await slapd.stop();
  });
  const cli = (args: string[]) => runCli(args, { ...env, DATA_DIR: app.dataDir });
  const search = (filter: string, ...attributes: string[]) =>
    slapd.ldap('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-b', slapd.baseDn, filter, ...attributes]);

  it('imports the numbers of entries made before sc-account, and never gives them out', async () => {
    slapd.ldap(
      'ldapadd',
      [],
      `dn: uid=oldtimer,ou=people,${slapd.baseDn}\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: oldtimer\ncn: Old Timer\nsn: Timer\nuidNumber: 20000\ngidNumber: 40000\nhomeDirectory: /home/oldtimer\n\ndn: cn=oldlab,ou=groups,${slapd.baseDn}\nobjectClass: posixGroup\ncn: oldlab\ngidNumber: 40000\n`,
    );
    const res = await cli(['directory', 'import', '--division', 'ga']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /ga: 1 users and 1 groups read; 2 numbers newly recorded as taken\./);
    const again = await cli(['directory', 'import', '--division', 'ga']);
    assert.match(again.stdout, /0 numbers newly recorded/);
    // Nobody can apply for a name the directory already has.
    const person = new Browserless(app.url, 'en');
    await openDraft(app, person, 'newcomer@univ.example.ac.jp');
    await assert.rejects(completeSteps(person, { account: { accountName: 'oldtimer' } }), /already taken/);
  });

  it('an approved application becomes LDAP entries whose initial password binds', async () => {
    const a = await submitApplication(app, { account: { sshKey: key } });
    await pledgeSigned(app, reviewer, a);
    assert.equal((await approve(approver, a, { group: 'yamada-lab' })).status, 303);
    await drainJobs(app);
    const entry = search(`(uid=${a.accountName})`, '*', 'shadowExpire');
    assert.match(entry, /^objectClass: ldapPublicKey$/m);
    assert.match(entry, /^uidNumber: 20001$/m, '20000 was imported as taken');
    assert.match(entry, /^gidNumber: 40001$/m);
    assert.match(entry, new RegExp(`^sshPublicKey: ${key}$`, 'm'));
    assert.match(search('(cn=yamada-lab)'), new RegExp(`^memberUid: ${a.accountName}$`, 'm'));
    const sealed = await app.server.database.db
      .selectFrom('registration_certificate')
      .innerJoin('account', 'account.id', 'registration_certificate.account_id')
      .select('sealed_password')
      .where('account.application_id', '=', a.id)
      .executeTakeFirstOrThrow();
    const password = app.server.app.deps.passwords.open(sealed.sealed_password as Uint8Array);
    const whoami = execFileSync(
      'ldapwhoami',
      ['-x', '-H', slapd.url, '-D', `uid=${a.accountName},ou=people,${slapd.baseDn}`, '-w', password],
      { encoding: 'utf8' },
    );
    assert.match(whoami, new RegExp(`uid=${a.accountName}`));
    // The directory holds a hash the server verifies, never the password.
    const raw = slapd.ldap('ldapsearch', ['-LLL', '-b', slapd.baseDn, `(uid=${a.accountName})`, 'userPassword']);
    assert.ok(!raw.includes(password));
    assert.match(
      Buffer.from(raw.match(/userPassword:: (\S+)/)?.[1] ?? '', 'base64').toString(),
      /^\{ARGON2\}\$argon2id\$/,
    );

    // Reconcile: clean, then drift made behind sc-account's back, fixed with --fix.
    const clean = await cli(['reconcile', '--division', 'ga']);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /No drift/);
    slapd.ldap(
      'ldapmodify',
      [],
      `dn: cn=yamada-lab,ou=groups,${slapd.baseDn}\nchangetype: modify\ndelete: memberUid\nmemberUid: ${a.accountName}\n\ndn: uid=${a.accountName},ou=people,${slapd.baseDn}\nchangetype: modify\nreplace: sshPublicKey\nsshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq8w2e4r6t8y0u2i4o6p8a0s2d4f6g8h0j2k4l6z8x0 intruder\n`,
    );
    const drifted = await cli(['reconcile', '--division', 'ga', '--json']);
    assert.equal(drifted.code, 1);
    const report = JSON.parse(drifted.stdout) as { drifts: { kind: string }[] }[];
    assert.deepEqual(report[0]?.drifts.map((d) => d.kind).sort(), ['missing-member', 'ssh-keys']);
    // An entry nobody imported is reported, and left for a person to decide.
    slapd.ldap(
      'ldapadd',
      [],
      `dn: uid=stranger,ou=people,${slapd.baseDn}\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: stranger\ncn: Stranger\nsn: Stranger\nuidNumber: 20500\ngidNumber: 40000\nhomeDirectory: /home/stranger\n`,
    );
    const fixed = await cli(['reconcile', '--division', 'ga', '--fix']);
    assert.equal(fixed.code, 1, 'the user made outside sc-account stays, for a person to decide');
    assert.match(fixed.stdout, /^fixed: /m);
    assert.match(search('(cn=yamada-lab)'), new RegExp(`^memberUid: ${a.accountName}$`, 'm'));
    assert.match(search(`(uid=${a.accountName})`, 'sshPublicKey'), new RegExp(`^sshPublicKey: ${key}$`, 'm'));
    const audit = await app.server.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'directory.fixed')
      .execute();
    assert.equal(audit.length, 2);
    const after = await cli(['reconcile', '--division', 'ga']);
    assert.match(after.stdout, /stranger/);
    assert.doesNotMatch(after.stdout, /oldtimer/, 'imported: known, not drift');
    assert.doesNotMatch(after.stdout, /ssh|member/i);
  });
});

describe('a directory that refuses a write', () => {
  let slapd: TestSlapd;
  let app: TestApp;
  before(async () => {
    // No openssh-lpk schema: slapd refuses the ldapPublicKey object class.
    slapd = await startSlapd({ opensshLpk: false });
    app = await startTestApp({
      env: {
        DATABASE_URL: await createTestDatabase(),
        ...slapd.env,
        RATE_LIMIT_MAIL_PER_10_MINUTES: '1000',
      },
      retryBaseMs: 5,
    });
  });
  after(async () => {
    await app.close();
    await slapd.stop();
  });

  it('fails visibly with the directory’s message; after Retry the account is there once', async () => {
    const reviewer = await signIn(app, await enrol(app, 'rev2@centre.example.jp', 'reviewer'));
    const approver = await signIn(app, await enrol(app, 'appr2@centre.example.jp', 'approver'));
    const a = await submitApplication(app, { account: { sshKey: key } });
    await pledgeSigned(app, reviewer, a);
    assert.equal((await approve(approver, a, { group: 'refused-lab' })).status, 303);
    const db = app.server.database.db;
    for (const end = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 20))) {
      await app.server.worker.drain();
      const job = await db.selectFrom('job').select('state').where('kind', '=', 'account.provision').executeTakeFirst();
      if (job?.state === 'failed') break;
      assert.ok(Date.now() < end, 'the job fails after its tries');
    }
    const page = await approver.get(`/staff/applications/${a.id}`);
    assert.match(page.html, /Provisioning failed after 8 tries/);
    assert.match(page.html, /objectClass/i, 'the directory’s own words');
    const search = () =>
      slapd.ldap('ldapsearch', [
        '-LLL',
        '-b',
        slapd.baseDn,
        `(|(uid=${a.accountName})(memberUid=${a.accountName}))`,
        'dn',
      ]);
    assert.equal(search().trim(), '', 'no user entry and no membership half-made');

    // The operator adds the schema; Retry finishes the account, once.
    await slapd.pause();
    slapd.addOpensshLpk();
    await slapd.start();
    assert.equal((await approver.submit(page.html, `/staff/applications/${a.id}/provision/retry`, {})).status, 303);
    await drainJobs(app);
    const state = await db.selectFrom('application').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
    const job = await db
      .selectFrom('job')
      .selectAll()
      .where('kind', '=', 'account.provision')
      .executeTakeFirstOrThrow();
    assert.equal(state.state, 'provisioned', JSON.stringify(job));
    const entries = search().match(/^dn: /gm) ?? [];
    assert.equal(entries.length, 2, 'one user entry and one group with it as member');
    assert.equal((await app.server.directories.ga.listGroups()).filter((g) => g.cn === 'refused-lab').length, 1);
  });
});
