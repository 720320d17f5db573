// One contract for every Directory: the embedded one (on PGlite and on PostgreSQL)
// and the LDAP one against a real OpenLDAP slapd (with ppolicy, and without it,
// where a lock rests on shadowExpire alone). Writes are idempotent, conflicts are
// refused, values that need escaping survive, and a lock stops logins.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '../src/db/database.js';
import { type Directory, DirectoryConflictError, DirectoryEntryMissingError } from '../src/directory/directory.js';
import { createEmbeddedDirectory } from '../src/directory/embedded-directory.js';
import { directoryPasswordHash } from '../src/directory/password-hash.js';
import type { NewDirectoryUser } from '../src/domain/directory-entry.js';
import { testArgon2 } from './helpers/app.js';
import { databaseKinds, freshDatabase } from './helpers/databases.js';
import { startSlapd, type TestSlapd } from './helpers/slapd.js';

interface Subject {
  name: string;
  open(): Promise<{ directory: Directory; close(): Promise<void>; slapd?: TestSlapd }>;
}

const subjects: Subject[] = [
  ...databaseKinds.map((kind) => ({
    name: `embedded on ${kind}`,
    async open() {
      const handle: DatabaseHandle = await freshDatabase(kind);
      return { directory: createEmbeddedDirectory(handle.db), close: () => handle.close() };
    },
  })),
  ...[true, false].map((ppolicy) => ({
    name: `LDAP (slapd${ppolicy ? ' with ppolicy' : ', no ppolicy'})`,
    async open() {
      const slapd = await startSlapd({ ppolicy });
      const directory = slapd.directory();
      return {
        directory,
        slapd,
        async close() {
          await directory.close();
          await slapd.stop();
        },
      };
    },
  })),
];

const taro: NewDirectoryUser = {
  uid: 'taro',
  uidNumber: 20001,
  gidNumber: 30001,
  givenName: 'Taro',
  sn: 'Yamada',
  cn: 'Taro Yamada',
  mail: 'taro@univ.example.ac.jp',
  homeDirectory: '/home/taro',
  loginShell: '/bin/bash',
  sshPublicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3b1uJk8Kq2mKc4lH9nQ0hY8e2pA7sT1x4xYQ6d2m4 taro@laptop'],
};

for (const subject of subjects) {
  describe(`the Directory contract: ${subject.name}`, () => {
    let directory: Directory;
    let slapd: TestSlapd | undefined;
    let close: () => Promise<void>;
    before(async () => {
      ({ directory, close, slapd } = await subject.open());
    });
    after(() => close());

    it('ensures a group once; the same name with another gidNumber is a conflict', async () => {
      await directory.ensureGroup({ cn: 'suzuki-lab', gidNumber: 30001 });
      await directory.ensureGroup({ cn: 'suzuki-lab', gidNumber: 30001 });
      assert.deepEqual(await directory.getGroup('suzuki-lab'), { cn: 'suzuki-lab', gidNumber: 30001, memberUid: [] });
      await assert.rejects(directory.ensureGroup({ cn: 'suzuki-lab', gidNumber: 30002 }), DirectoryConflictError);
      assert.equal((await directory.listGroups()).filter((g) => g.cn === 'suzuki-lab').length, 1);
    });

    it('ensures a user once with its key, follows changed attributes, refuses another uidNumber', async () => {
      await directory.ensureUser(taro);
      await directory.ensureUser(taro);
      const stored = await directory.getUser('taro');
      assert.deepEqual(stored, { ...taro, locked: false });
      // A repeat with new details keeps the keys (they are set on their own).
      await directory.ensureUser({ ...taro, cn: 'Taro Yamada-Sato', mail: '', sshPublicKeys: [] });
      const changed = await directory.getUser('taro');
      assert.equal(changed?.cn, 'Taro Yamada-Sato');
      assert.equal(changed?.mail, '');
      assert.deepEqual(changed?.sshPublicKeys, taro.sshPublicKeys);
      await assert.rejects(directory.ensureUser({ ...taro, uidNumber: 20099 }), DirectoryConflictError);
      assert.equal((await directory.getUser('taro'))?.uidNumber, 20001);
      await directory.ensureUser(taro);
    });

    it('adds and removes group members, each once', async () => {
      await directory.addMember('suzuki-lab', 'taro');
      await directory.addMember('suzuki-lab', 'taro');
      assert.deepEqual((await directory.getGroup('suzuki-lab'))?.memberUid, ['taro']);
      await directory.addMember('suzuki-lab', 'hanako');
      await directory.removeMember('suzuki-lab', 'hanako');
      await directory.removeMember('suzuki-lab', 'hanako');
      assert.deepEqual((await directory.getGroup('suzuki-lab'))?.memberUid, ['taro']);
      await assert.rejects(directory.addMember('no-such-group', 'taro'), DirectoryEntryMissingError);
    });

    it('replaces SSH keys, and removes them all', async () => {
      const keys = [
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBr1Qf6gk2w7s0l8mX3vJ9n0c5h4t2y6u8i1o3p5a7s9 taro@desk',
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq8w2e4r6t8y0u2i4o6p8a0s2d4f6g8h0j2k4l6z8x0 taro@gw',
      ];
      await directory.setSshKeys('taro', keys);
      assert.deepEqual([...((await directory.getUser('taro'))?.sshPublicKeys ?? [])].sort(), [...keys].sort());
      await directory.setSshKeys('taro', []);
      assert.deepEqual((await directory.getUser('taro'))?.sshPublicKeys, []);
      await assert.rejects(directory.setSshKeys('nobody', keys), DirectoryEntryMissingError);
    });

    for (const scheme of ['ARGON2', 'SSHA'] as const) {
      it(`verifies a {${scheme}} password on bind, and only that password`, async () => {
        await directory.setPasswordHash('taro', await directoryPasswordHash('Kq7-mPz2-Wx9r-Tn4v', scheme, testArgon2));
        assert.equal(await directory.authenticate('taro', 'Kq7-mPz2-Wx9r-Tn4v'), true);
        assert.equal(await directory.authenticate('taro', 'Kq7-mPz2-Wx9r-Tn4w'), false);
        assert.equal(await directory.authenticate('taro', ''), false);
        assert.equal(await directory.authenticate('nobody', 'Kq7-mPz2-Wx9r-Tn4v'), false);
      });
    }

    it('a lock stops logins (and, on LDAP, binds and SSH through shadowExpire); unlocking restores them', async () => {
      await directory.setPasswordHash('taro', await directoryPasswordHash('Kq7-mPz2-Wx9r-Tn4v', 'ARGON2', testArgon2));
      await directory.lock('taro');
      await directory.lock('taro');
      assert.equal((await directory.getUser('taro'))?.locked, true);
      assert.equal(await directory.authenticate('taro', 'Kq7-mPz2-Wx9r-Tn4v'), false);
      // The account page tells the owner why; a wrong password learns nothing.
      assert.equal(await directory.checkPassword('taro', 'Kq7-mPz2-Wx9r-Tn4v'), 'locked');
      assert.equal(await directory.checkPassword('taro', 'Kq7-mPz2-Wx9r-Tn4w'), 'wrong');
      assert.equal(await directory.checkPassword('nobody', 'Kq7-mPz2-Wx9r-Tn4v'), 'wrong');
      if (slapd) {
        const entry = slapd.ldap('ldapsearch', ['-LLL', '-b', slapd.baseDn, '(uid=taro)', 'shadowExpire', '+']);
        assert.match(entry, /^shadowExpire: 1$/m, 'NSS/PAM refuse an expired account');
        const server = slapd;
        const bind = () =>
          execFileSync(
            'ldapwhoami',
            ['-x', '-H', server.url, '-D', `uid=taro,ou=people,${server.baseDn}`, '-w', 'Kq7-mPz2-Wx9r-Tn4v'],
            { stdio: 'pipe' },
          );
        if (subject.name.includes('with ppolicy')) {
          assert.match(entry, /^pwdAccountLockedTime: 000001010000Z$/m);
          assert.throws(bind, 'an LDAP bind of a locked user is refused');
        }
      }
      await directory.unlock('taro');
      await directory.unlock('taro');
      assert.equal((await directory.getUser('taro'))?.locked, false);
      assert.equal(await directory.authenticate('taro', 'Kq7-mPz2-Wx9r-Tn4v'), true);
      assert.equal(await directory.checkPassword('taro', 'Kq7-mPz2-Wx9r-Tn4v'), 'ok');
      if (slapd) {
        const entry = slapd.ldap('ldapsearch', ['-LLL', '-b', slapd.baseDn, '(uid=taro)', 'shadowExpire', '+']);
        assert.doesNotMatch(entry, /shadowExpire|pwdAccountLockedTime/);
      }
      await assert.rejects(directory.lock('nobody'), DirectoryEntryMissingError);
    });

    it('keeps values that need escaping intact, and a filter character finds nothing', async () => {
      const odd: NewDirectoryUser = {
        ...taro,
        uid: 'ichiro',
        uidNumber: 20002,
        givenName: 'Ichiro',
        sn: 'Suzuki, Jr. + (Lab)',
        cn: '鈴木 一郎 = Suzuki, Ichiro*',
        homeDirectory: '/home/ichiro',
        sshPublicKeys: [],
      };
      await directory.ensureUser(odd);
      assert.deepEqual(await directory.getUser('ichiro'), { ...odd, locked: false });
      assert.equal(await directory.getUser('*'), undefined);
      assert.equal(await directory.getUser('taro)(uid=*'), undefined);
      await directory.ensureGroup({ cn: 'lab, (x) + y', gidNumber: 30003 });
      assert.equal((await directory.getGroup('lab, (x) + y'))?.gidNumber, 30003);
      assert.equal(await directory.getGroup('*'), undefined);
    });

    it('finds who holds a uidNumber or gidNumber', async () => {
      assert.equal(await directory.findUidNumber(20001), 'taro');
      assert.equal(await directory.findUidNumber(29999), undefined);
      assert.equal(await directory.findGidNumber(30001), 'suzuki-lab');
      assert.equal(await directory.findGidNumber(39999), undefined);
    });

    // Only LDAP has other OUs (the embedded directory is one flat list).
    if (subject.name.startsWith('LDAP'))
      it('sees names and numbers in other OUs of the tree too', async () => {
        if (!slapd) throw new Error('no slapd');
        slapd.ldap(
          'ldapadd',
          [],
          `dn: ou=system,${slapd.baseDn}\nobjectClass: organizationalUnit\nou: system\n\ndn: uid=svc,ou=system,${slapd.baseDn}\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: svc\ncn: Service\nsn: Service\nuidNumber: 25000\ngidNumber: 25000\nhomeDirectory: /var/svc\n\ndn: cn=svc,ou=system,${slapd.baseDn}\nobjectClass: posixGroup\ncn: svc\ngidNumber: 25000\n`,
        );
        assert.equal(await directory.findUidNumber(25000), 'svc');
        assert.equal(await directory.findGidNumber(25000), 'svc');
        await assert.rejects(directory.ensureUser({ ...taro, uid: 'svc', uidNumber: 20050 }), /exists elsewhere/);
        await assert.rejects(directory.ensureGroup({ cn: 'svc', gidNumber: 30050 }), /exists elsewhere/);
      });

    it('lists users and groups', async () => {
      assert.deepEqual((await directory.listUsers()).map((u) => u.uid).sort(), ['ichiro', 'taro']);
      assert.deepEqual((await directory.listGroups()).map((g) => g.cn).sort(), ['lab, (x) + y', 'suzuki-lab']);
    });
  });
}
