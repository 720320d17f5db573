// A real OpenLDAP server for tests, from Debian's `slapd` package: a cn=config made
// with slapadd in a temp dir (schemas core, cosine, inetorgperson, nis and the
// project's openssh-lpk; modules mdb, argon2 and, by default, ppolicy with a policy
// that honours locks), a random port on loopback, the base entries, stopped and
// removed at the end. kill() and start() let fault tests crash it and bring it back.
// With `syncprov` it is a replication provider; with `replicaOf` a syncrepl consumer
// of one (refreshAndPersist, the same schemas and ppolicy, the provider's admin as its
// own), whose replication replicate(false) stops and replicate(true) starts again.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Directory } from '../../src/directory/directory.js';
import { createLdapDirectory } from '../../src/directory/ldap-directory.js';
import { freePort } from './postgres.js';
import { projectRoot } from './root.js';

const schemaLdif = join(projectRoot, 'src/directory/openssh-lpk.ldif');

export interface TestSlapd {
  url: string;
  baseDn: string;
  bindDn: string;
  bindPassword: string;
  /** sc-account's settings for this server (LDAP_URL, LDAP_STARTTLS, LDAP_BIND_*, LDAP_BASE_DN). */
  env: Record<string, string>;
  /** sc-account's LDAP directory on this server (close it after use). */
  directory(): Directory;
  /** Runs an ldap-utils command (ldapadd, ldapsearch …) against the server as the admin. */
  ldap(command: string, args: string[], input?: string): string;
  /** Whether `ldapwhoami` binds as the user with this password (what SSH's PAM would ask). */
  binds(uid: string, password: string): boolean;
  /** SIGKILL, as a crash would. */
  kill(): void;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Adds the openssh-lpk schema to the configuration; only while paused. */
  addOpensshLpk(): void;
  /** Stops the server, keeping its configuration and data (start() brings it back). */
  pause(): Promise<void>;
  stop(): Promise<void>;
  /** A consumer's replication turned off (the server keeps answering, with what it has) or on again. */
  replicate(on: boolean): void;
  /** The suffix entry's contextCSN ('' when there is none yet). */
  contextCsn(): string;
}

export interface SlapdOptions {
  ppolicy?: boolean;
  opensshLpk?: boolean;
  /** Load the syncprov overlay: a provider that consumers replicate from. */
  syncprov?: boolean;
  /** A consumer of this provider; the base entries come from there. */
  replicaOf?: TestSlapd;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (const end = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 50))) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}):\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > end) throw new Error(`slapd did not listen on ${port}:\n${log()}`);
  }
}

export async function startSlapd(options: SlapdOptions = {}): Promise<TestSlapd> {
  const ppolicy = options.ppolicy ?? true;
  const opensshLpk = options.opensshLpk ?? true;
  const provider = options.replicaOf;
  const dir = mkdtempSync(join(tmpdir(), 'sc-slapd-'));
  const conf = join(dir, 'conf');
  const data = join(dir, 'db');
  mkdirSync(conf);
  mkdirSync(data);
  const baseDn = 'dc=centre,dc=example';
  const bindDn = `cn=admin,${baseDn}`;
  const bindPassword = provider?.bindPassword ?? randomBytes(12).toString('hex');
  const configPassword = randomBytes(12).toString('hex');
  const syncrepl = (from: string) =>
    `olcSyncrepl: rid=001 provider=${from} bindmethod=simple binddn="${bindDn}" credentials=${bindPassword} searchbase="${baseDn}" type=refreshAndPersist retry="1 +" timeout=1 network-timeout=1\n`;
  const config = [
    `dn: cn=config\nobjectClass: olcGlobal\ncn: config\nolcPidFile: ${join(dir, 'slapd.pid')}\n`,
    `dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\nolcModulePath: /usr/lib/ldap\nolcModuleLoad: back_mdb\nolcModuleLoad: argon2\n${ppolicy ? 'olcModuleLoad: ppolicy\n' : ''}${options.syncprov ? 'olcModuleLoad: syncprov\n' : ''}`,
    'dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n',
    ['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include: file:///etc/ldap/schema/${s}.ldif`).join('\n') +
      (opensshLpk ? `\ninclude: file://${schemaLdif}\n` : '\n'),
    // cn=config may be changed over LDAP by its rootdn (replicate() does).
    `dn: olcDatabase={0}config,cn=config\nobjectClass: olcDatabaseConfig\nolcDatabase: {0}config\nolcRootDN: cn=config\nolcRootPW: ${configPassword}\n`,
    `dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\nolcDatabase: {1}mdb\nolcSuffix: ${baseDn}\nolcRootDN: ${bindDn}\nolcRootPW: ${bindPassword}\nolcDbDirectory: ${data}\nolcDbIndex: uid eq\nolcDbIndex: cn eq\nolcDbIndex: objectClass eq\nolcDbIndex: entryCSN eq\nolcDbIndex: entryUUID eq\nolcAccess: to attrs=userPassword by anonymous auth by self write by * none\nolcAccess: to * by * read\n${provider ? `${syncrepl(provider.url)}olcUpdateRef: ${provider.url}\n` : ''}`,
    ...(ppolicy
      ? [
          `dn: olcOverlay={0}ppolicy,olcDatabase={1}mdb,cn=config\nobjectClass: olcOverlayConfig\nobjectClass: olcPPolicyConfig\nolcOverlay: {0}ppolicy\nolcPPolicyDefault: cn=default,ou=policies,${baseDn}\n`,
        ]
      : []),
    ...(options.syncprov
      ? [
          `dn: olcOverlay={${ppolicy ? 1 : 0}}syncprov,olcDatabase={1}mdb,cn=config\nobjectClass: olcOverlayConfig\nobjectClass: olcSyncProvConfig\nolcOverlay: {${ppolicy ? 1 : 0}}syncprov\nolcSpCheckpoint: 100 10\n`,
        ]
      : []),
  ].join('\n');
  writeFileSync(join(dir, 'config.ldif'), config);
  execFileSync('slapadd', ['-n', '0', '-F', conf, '-l', join(dir, 'config.ldif')], { stdio: 'pipe' });
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const c = spawn('slapd', ['-h', `${url}/`, '-F', conf, '-d', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout?.on('data', (d) => {
      output += d;
    });
    c.stderr?.on('data', (d) => {
      output += d;
    });
    child = c;
    await waitForPort(port, c, () => output);
  };

  const ldap = (command: string, args: string[], input?: string) =>
    execFileSync(command, ['-x', '-H', url, '-D', bindDn, '-w', bindPassword, ...args], {
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });

  const contextCsn = () => {
    try {
      return (
        ldap('ldapsearch', ['-LLL', '-s', 'base', '-b', baseDn, 'contextCSN']).match(/^contextCSN: (\S+)$/m)?.[1] ?? ''
      );
    } catch {
      return ''; // no suffix entry yet
    }
  };

  await start();
  if (provider) {
    // The first refresh: the consumer has the provider's entries before anyone looks.
    const want = provider.contextCsn();
    for (const end = Date.now() + 15_000; contextCsn() < want; await new Promise((r) => setTimeout(r, 20))) {
      if (Date.now() > end) throw new Error(`the consumer did not catch up with ${provider.url}`);
    }
  } else {
    ldap(
      'ldapadd',
      [],
      [
        `dn: ${baseDn}\nobjectClass: dcObject\nobjectClass: organization\no: centre\ndc: centre\n`,
        `dn: ou=people,${baseDn}\nobjectClass: organizationalUnit\nou: people\n`,
        `dn: ou=groups,${baseDn}\nobjectClass: organizationalUnit\nou: groups\n`,
        ...(ppolicy
          ? [
              `dn: ou=policies,${baseDn}\nobjectClass: organizationalUnit\nou: policies\n`,
              `dn: cn=default,ou=policies,${baseDn}\nobjectClass: pwdPolicy\nobjectClass: device\ncn: default\npwdAttribute: userPassword\npwdLockout: TRUE\n`,
            ]
          : []),
      ].join('\n'),
    );
  }

  const stopChild = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGTERM');
    await exited;
  };

  return {
    url,
    baseDn,
    bindDn,
    bindPassword,
    env: {
      LDAP_URL: url,
      LDAP_STARTTLS: 'false',
      LDAP_BIND_DN: bindDn,
      LDAP_BIND_PASSWORD: bindPassword,
      LDAP_BASE_DN: baseDn,
    },
    ldap,
    binds(uid, password) {
      try {
        execFileSync('ldapwhoami', ['-x', '-H', url, '-D', `uid=${uid},ou=people,${baseDn}`, '-w', password], {
          stdio: 'pipe',
        });
        return true;
      } catch {
        return false;
      }
    },
    directory: () =>
      createLdapDirectory({
        url,
        bindDn,
        bindPassword,
        baseDn,
        peopleOu: 'ou=people',
        groupsOu: 'ou=groups',
        startTls: false,
      }),
    kill() {
      child?.kill('SIGKILL');
      child = undefined;
    },
    start,
    addOpensshLpk() {
      execFileSync('slapadd', ['-n', '0', '-F', conf, '-l', schemaLdif], { stdio: 'pipe' });
    },
    async pause() {
      await stopChild();
    },
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
    replicate(on) {
      if (!provider) throw new Error('replicate() is for a consumer');
      // A provider nobody listens on (port 1) stands for replication stopped.
      execFileSync('ldapmodify', ['-x', '-H', url, '-D', 'cn=config', '-w', configPassword], {
        input: `dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcSyncrepl\n${syncrepl(on ? provider.url : 'ldap://127.0.0.1:1')}`,
        stdio: 'pipe',
      });
    },
    contextCsn,
  };
}
