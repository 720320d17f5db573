// The baseline of the provisioning benchmarks: the same accounts written straight into
// slapd. Each user entry gets its own argon2id hash (the parameters sc-account uses) and
// its SSH keys, the group gets every member, and the whole is loaded as LDIF with one
// `ldapadd`. The time includes the hashing, as sc-account's does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argon2Defaults } from '../src/argon2.js';
import { fullUserEntry, groupAttributes, groupDn, userDn } from '../src/directory/entries.js';
import { type LdifEntry, toLdif } from '../src/directory/ldif.js';
import { directoryPasswordHash } from '../src/directory/password-hash.js';
import { accountEntry, generateInitialPassword } from '../src/domain/provisioning.js';
import type { TestSlapd } from '../test/helpers/slapd.js';

export interface RawAccounts {
  count: number;
  /** User names are the prefix and a number; the group is `<prefix>-lab`. */
  prefix: string;
  /** The first UID number; the group's GID is the same. */
  firstNumber: number;
  /** The SSH keys of user i (none by default). */
  keys?: (i: number) => string[];
}

/** Writes the accounts into slapd; returns the seconds in all and those of ldapadd alone. */
export async function rawLdapadd(
  slapd: TestSlapd,
  dir: string,
  a: RawAccounts,
): Promise<{ seconds: number; addSeconds: number }> {
  const layout = { baseDn: slapd.baseDn, peopleOu: 'ou=people', groupsOu: 'ou=groups' };
  const started = performance.now();
  const entries: LdifEntry[] = [];
  const members: string[] = [];
  for (let i = 0; i < a.count; i++) {
    const uid = `${a.prefix}${i}`;
    members.push(uid);
    entries.push({
      dn: userDn(layout, uid),
      attributes: fullUserEntry(
        {
          ...accountEntry({
            uid,
            uidNumber: a.firstNumber + i,
            gidNumber: a.firstNumber,
            givenName: 'Taro',
            familyName: 'YAMADA',
            email: `${uid}@x.example.ac.jp`,
          }),
          sshPublicKeys: a.keys?.(i) ?? [],
          locked: false,
          passwordHash: await directoryPasswordHash(generateInitialPassword(), 'ARGON2', argon2Defaults),
        },
        { ppolicy: false },
      ),
    });
  }
  const group = `${a.prefix}-lab`;
  entries.push({
    dn: groupDn(layout, group),
    attributes: groupAttributes({ cn: group, gidNumber: a.firstNumber, memberUid: members }),
  });
  const file = join(dir, `${a.prefix}.ldif`);
  writeFileSync(file, toLdif(entries));
  const addStart = performance.now();
  slapd.ldap('ldapadd', ['-f', file]);
  const end = performance.now();
  return { seconds: (end - started) / 1000, addSeconds: (end - addStart) / 1000 };
}
