// `sc-account directory export`: the embedded directory written as LDIF loads into a
// real slapd with ldapadd, and the entries there are the same users and groups —
// names in Japanese, SSH keys, groups with members — with passwords that bind and
// locks that hold.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createEmbeddedDirectory } from '../src/directory/embedded-directory.js';
import { containerEntries, suffixAttributes } from '../src/directory/entries.js';
import { toLdif } from '../src/directory/ldif.js';
import { directoryPasswordHash } from '../src/directory/password-hash.js';
import type { NewDirectoryUser } from '../src/domain/directory-entry.js';
import { testArgon2 } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';

const user = (uid: string, uidNumber: number, extra: Partial<NewDirectoryUser> = {}): NewDirectoryUser => ({
  uid,
  uidNumber,
  gidNumber: 30001,
  givenName: 'Ichiro',
  sn: 'Suzuki',
  cn: `${uid} 鈴木 一郎`,
  mail: `${uid}@nig.example.ac.jp`,
  homeDirectory: `/home/${uid}`,
  loginShell: '/bin/bash',
  ...extra,
});

describe('sc-account directory export', () => {
  let slapd: TestSlapd;
  let dir: string;
  before(async () => {
    slapd = await startSlapd();
    dir = mkdtempSync(join(tmpdir(), 'sc-export-'));
  });
  after(async () => {
    await slapd.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes LDIF that ldapadd loads, with the same entries, passwords and locks', async () => {
    // The embedded directory of a DATA_DIR, filled as provisioning would.
    const database = await openDatabase({ dataDir: dir });
    await migrateToLatest(database.db);
    const embedded = createEmbeddedDirectory(database.db);
    await embedded.ensureGroup({ cn: 'suzuki-lab', gidNumber: 30001 });
    await embedded.ensureUser(
      user('ichiro', 20001, {
        sshPublicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3b1uJk8Kq2mKc4lH9nQ0hY8e2pA7sT1x4xYQ6d2m4 ichiro@lab'],
      }),
    );
    await embedded.ensureUser(user('hanako', 20002, { cn: ' leading space, and a very long name '.repeat(4) }));
    await embedded.addMember('suzuki-lab', 'ichiro');
    await embedded.addMember('suzuki-lab', 'hanako');
    await embedded.setPasswordHash('ichiro', await directoryPasswordHash('Wq3-Zk8p-Rt5m-Yh2n', 'ARGON2', testArgon2));
    await embedded.setPasswordHash('hanako', await directoryPasswordHash('Lm4-Xc7v-Bn9q-Ps6d', 'SSHA', testArgon2));
    await embedded.lock('hanako');
    const expected = { users: await embedded.listUsers(), groups: await embedded.listGroups() };
    await database.close();

    const file = join(dir, 'export.ldif');
    const res = await runCli(
      ['directory', 'export', '--base-dn', slapd.baseDn, '--no-ous', '--ppolicy', '--out', file],
      {
        DATA_DIR: dir,
      },
    );
    assert.equal(res.code, 0, res.stderr);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'password hashes: owner only');
    slapd.ldap('ldapadd', ['-f', file]);

    const ldap = slapd.directory();
    try {
      const byUid = (a: { uid: string }, b: { uid: string }) => a.uid.localeCompare(b.uid);
      assert.deepEqual([...(await ldap.listUsers())].sort(byUid), [...expected.users].sort(byUid));
      assert.deepEqual(await ldap.listGroups(), expected.groups);
      assert.equal(await ldap.authenticate('ichiro', 'Wq3-Zk8p-Rt5m-Yh2n'), true);
      assert.equal(await ldap.authenticate('hanako', 'Lm4-Xc7v-Bn9q-Ps6d'), false, 'locked');
      await ldap.unlock('hanako');
      assert.equal(await ldap.authenticate('hanako', 'Lm4-Xc7v-Bn9q-Ps6d'), true, '{SSHA} binds too');
    } finally {
      await ldap.close();
    }
    // The raw LDIF: Japanese values are base64, long lines folded.
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^cn:: /m);
    assert.ok(text.split('\n').every((l) => l.length <= 76));
  });

  it('--with-base writes LDIF that loads into an empty server: the suffix, the OUs, then users and groups', async () => {
    // A server as installed: its database has the suffix configured and no entry at all.
    const empty = await startSlapd({ ppolicy: false });
    try {
      empty.ldap('ldapdelete', ['-r', empty.baseDn]);
      // ldap-utils exit with the LDAP result code: 32, noSuchObject.
      const noSuchObject = (e: unknown) => (e as { status?: number }).status === 32;
      assert.throws(() => empty.ldap('ldapsearch', ['-b', empty.baseDn, '-s', 'base']), noSuchObject);
      const data = mkdtempSync(join(tmpdir(), 'sc-export-base-'));
      try {
        const database = await openDatabase({ dataDir: data });
        await migrateToLatest(database.db);
        const embedded = createEmbeddedDirectory(database.db);
        await embedded.ensureGroup({ cn: 'tanaka-lab', gidNumber: 30002 });
        await embedded.ensureUser(user('jiro', 20003, { gidNumber: 30002 }));
        await embedded.ensureUser(user('saburo', 20004, { gidNumber: 30002 }));
        await embedded.addMember('tanaka-lab', 'jiro');
        await embedded.setPasswordHash('jiro', await directoryPasswordHash('Qz5-Hk2m-Wn8r-Tb3v', 'SSHA', testArgon2));
        const expected = { users: await embedded.listUsers(), groups: await embedded.listGroups() };
        await database.close();

        // Without the suffix entry ldapadd refuses the first entry (the old export's only form).
        const bare = join(data, 'bare.ldif');
        assert.equal((await runCli(['directory', 'export', '--out', bare], { DATA_DIR: data })).code, 0);
        assert.throws(() => empty.ldap('ldapadd', ['-f', bare]), noSuchObject);

        const file = join(data, 'with-base.ldif');
        const res = await runCli(['directory', 'export', '--with-base', '--base-dn', empty.baseDn, '--out', file], {
          DATA_DIR: data,
        });
        assert.equal(res.code, 0, res.stderr);
        assert.equal(statSync(file).mode & 0o777, 0o600);
        const text = readFileSync(file, 'utf8');
        const dns = [...text.matchAll(/^dn: (.*)$/gm)].map((m) => m[1]);
        assert.deepEqual(dns.slice(0, 3), [empty.baseDn, `ou=people,${empty.baseDn}`, `ou=groups,${empty.baseDn}`]);
        empty.ldap('ldapadd', ['-f', file]);

        assert.match(
          empty.ldap('ldapsearch', ['-LLL', '-b', empty.baseDn, '-s', 'base', 'objectClass']),
          /objectClass: dcObject/,
        );
        const ldap = empty.directory();
        try {
          const byUid = (a: { uid: string }, b: { uid: string }) => a.uid.localeCompare(b.uid);
          assert.deepEqual([...(await ldap.listUsers())].sort(byUid), [...expected.users].sort(byUid));
          assert.deepEqual(await ldap.listGroups(), expected.groups);
          assert.equal(await ldap.authenticate('jiro', 'Qz5-Hk2m-Wn8r-Tb3v'), true);
        } finally {
          await ldap.close();
        }
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    } finally {
      await empty.stop();
    }
  });

  it('makes the suffix entry from the base DN, and the OUs on the way to nested people and group OUs', () => {
    assert.deepEqual(suffixAttributes('dc=nig,dc=ac,dc=jp'), {
      objectClass: ['dcObject', 'organization'],
      dc: ['nig'],
      o: ['nig'],
    });
    assert.deepEqual(suffixAttributes('o=NIG,c=JP'), { objectClass: ['organization'], o: ['NIG'] });
    assert.deepEqual(suffixAttributes('ou=hpc,o=NIG'), { objectClass: ['organizationalUnit'], ou: ['hpc'] });
    assert.throws(() => suffixAttributes('cn=x,dc=y'), /not dc=, o=, ou=, c= or l=/);
    const layout = { baseDn: 'o=NIG', peopleOu: 'ou=people,ou=unix', groupsOu: 'ou=groups,ou=unix' };
    assert.deepEqual(
      containerEntries(layout).map((e) => e.dn),
      ['o=NIG', 'ou=unix,o=NIG', 'ou=people,ou=unix,o=NIG', 'ou=groups,ou=unix,o=NIG'],
    );
  });

  it('folds and encodes values as RFC 2849 says', () => {
    const ldif = toLdif([{ dn: 'uid=a,ou=people,dc=x', attributes: { cn: ['plain'], sn: [':colon'], l: ['end '] } }]);
    assert.equal(ldif, `dn: uid=a,ou=people,dc=x\ncn: plain\nsn:: ${btoa(':colon')}\nl:: ${btoa('end ')}\n`);
  });

  it('refuses a malformed base DN and an unknown division', async () => {
    assert.equal((await runCli(['directory', 'export', '--base-dn', 'not a dn'], { DATA_DIR: dir })).code, 64);
    assert.equal((await runCli(['directory', 'export', '--division', 'xx'], { DATA_DIR: dir })).code, 64);
    const both = await runCli(['directory', 'export', '--with-base', '--no-ous'], { DATA_DIR: dir });
    assert.equal(both.code, 64);
    assert.match(both.stderr, /--with-base and --no-ous do not go together/);
    const cn = await runCli(['directory', 'export', '--with-base', '--base-dn', 'cn=x,dc=y'], { DATA_DIR: dir });
    assert.equal(cn.code, 64);
  });
});
