import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isWeakerThanOwasp } from '../src/argon2.js';
import { ConfigError, describeConfig, ensureSessionSecret, loadConfig, variables } from '../src/config.js';
import { hashPassword, verifyPassword } from '../src/credentials.js';
import { directoryPasswordHash } from '../src/directory/password-hash.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('configuration', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('has working defaults for an empty environment', () => {
    const config = loadConfig({}, { cwd: '/srv/app' });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.baseUrl.toString(), 'http://localhost:3000/');
    assert.equal(config.dataDir, '/srv/app/data');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.trustProxy, false);
  });

  it('hashes passwords at the production cost unless told otherwise: argon2id, 64 MiB, 3 passes, 4 lanes', async () => {
    const config = loadConfig({});
    assert.deepEqual(config.argon2, { memoryCost: 65_536, timeCost: 3, parallelism: 4 });
    assert.equal(isWeakerThanOwasp(config.argon2), false);
    const staff = await hashPassword('correct horse battery staple', config.argon2);
    assert.match(staff, /^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    const directory = await directoryPasswordHash('correct horse battery staple', 'ARGON2', config.argon2);
    // In the order libargon2 (slapd) reads them.
    assert.match(directory, /^\{ARGON2\}\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
    // The tests' cheap cost is below OWASP's minimum, and a hash keeps its own cost:
    // a production hash verifies whatever the configuration says now.
    const cheap = loadConfig({ ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1', ARGON2_PARALLELISM: '1' }).argon2;
    assert.equal(isWeakerThanOwasp(cheap), true);
    assert.equal(isWeakerThanOwasp({ memoryCost: 19_456, timeCost: 2, parallelism: 1 }), false);
    assert.equal(await verifyPassword(staff, 'correct horse battery staple', cheap), true);
    assert.equal(await verifyPassword(staff, 'wrong', cheap), false);
    assert.match(problems({ ARGON2_MEMORY_KIB: '64' })[0] ?? '', /^ARGON2_MEMORY_KIB="64": /);
  });

  it('names the variable, what is wrong and an example for a bad value', () => {
    const [p] = problems({ PORT: 'abc' });
    assert.match(p ?? '', /^PORT="abc": .+\. Example: PORT=3000$/);
    const [q] = problems({ PORT: '70000' });
    assert.match(q ?? '', /^PORT="70000": .*65535.*Example: PORT=3000/);
  });

  it('reports every bad variable at once', () => {
    const list = problems({ PORT: '-1', LOG_LEVEL: 'loud', BASE_URL: 'ftp://x', SMTP_URL: 'http://mail' });
    assert.deepEqual(
      list.map((p) => p.split('=')[0]),
      ['PORT', 'BASE_URL', 'SMTP_URL', 'LOG_LEVEL'],
    );
    assert.match(list.find((p) => p.startsWith('SMTP_URL')) ?? '', /smtp:\/\/ or smtps:\/\//);
  });

  it('never repeats a secret value in its message', () => {
    const [p] = problems({ DATABASE_URL: 'mysql://root:hunter22@db/x' });
    assert.match(p ?? '', /^DATABASE_URL=\(hidden\): must be a URL starting with postgres:\/\/ or postgresql:\/\//);
    assert.ok(!p?.includes('hunter22'));
    const [s] = problems({ SESSION_SECRET: 'short-secret' });
    assert.ok(!s?.includes('short-secret'));
    assert.match(s ?? '', /at least 32 characters/);
  });

  it('refuses a DATABASE_URL with several hosts: it connects to one endpoint', () => {
    for (const url of ['postgres://app:pw@db1,db2/acc', 'postgresql://app:pw@db1:5432,db2:5432/acc']) {
      const list = problems({ DATABASE_URL: url });
      assert.equal(list.length, 1, list.join('\n'));
      assert.match(list[0] ?? '', /^DATABASE_URL=\(hidden\): names several hosts, .*Highly available PostgreSQL/);
    }
    // A comma elsewhere is no list of hosts.
    const url = 'postgres://app:pw@db.example.ac.jp:5432/acc?application_name=a,b';
    assert.equal(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
  });

  it('reads TRUST_PROXY as a boolean, a hop count or addresses', () => {
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy, [
      '10.0.0.1',
      '192.168.0.0/16',
    ]);
    assert.match(problems({ TRUST_PROXY: 'maybe' })[0] ?? '', /^TRUST_PROXY/);
  });

  it('generates the session secret once, stores it privately and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-config-'));
    dirs.push(dir);
    const first = ensureSessionSecret(loadConfig({ DATA_DIR: dir }));
    assert.ok(first.sessionSecret.length >= 43);
    const file = join(dir, 'session-secret');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), first.sessionSecret);
    const second = ensureSessionSecret(loadConfig({ DATA_DIR: dir }));
    assert.equal(second.sessionSecret, first.sessionSecret);
    const given = ensureSessionSecret(loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(40) }));
    assert.equal(given.sessionSecret, 'x'.repeat(40));
  });

  it("makes a DATA_DIR and a session secret found open to others the owner's alone", () => {
    // A folder made by hand or a volume (0755), and a secret restored with a wide mode.
    const dir = mkdtempSync(join(tmpdir(), 'sc-config-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'session-secret'), `${'s'.repeat(48)}\n`, { mode: 0o644 });
    chmodSync(join(dir, 'session-secret'), 0o644);
    assert.equal(ensureSessionSecret(loadConfig({ DATA_DIR: dir })).sessionSecret, 's'.repeat(48));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'session-secret')).mode & 0o777, 0o600);
  });

  it('refuses a stored session secret that is too short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-config-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'session-secret'), '\n');
    assert.throws(() => ensureSessionSecret(loadConfig({ DATA_DIR: dir })), /shorter than 32 characters/);
  });

  it('bounds the job poll interval', () => {
    assert.match(problems({ JOB_POLL_MS: String(2 ** 31) })[0] ?? '', /^JOB_POLL_MS/);
  });

  it('needs the bind DN, password and base DN with an LDAP URL, and StartTLS off loopback', () => {
    const ldap = { LDAP_URL: 'ldap://ldap.centre.example.jp', LDAP_BIND_DN: 'cn=sc,dc=centre,dc=example' };
    const missing = problems(ldap);
    assert.ok(missing.some((p) => p.startsWith('LDAP_BIND_PASSWORD is needed')));
    assert.ok(missing.some((p) => p.startsWith('LDAP_BASE_DN is needed')));
    const full = { ...ldap, LDAP_BIND_PASSWORD: 'pw', LDAP_BASE_DN: 'dc=centre,dc=example' };
    assert.equal(loadConfig(full).directory.url, 'ldap://ldap.centre.example.jp');
    assert.equal(loadConfig(full).directory.startTls, true);
    assert.match(problems({ ...full, LDAP_STARTTLS: 'false' })[0] ?? '', /only allowed for a server on this machine/);
    assert.equal(
      loadConfig({ ...full, LDAP_URL: 'ldap://127.0.0.1:3890', LDAP_STARTTLS: 'false' }).directory.startTls,
      false,
    );
    assert.match(problems({ ...full, LDAP_URL: 'https://ldap.example' })[0] ?? '', /^LDAP_URL/);
    assert.match(problems({ PG_LDAP_PASSWORD_SCHEME: 'MD5' })[0] ?? '', /^PG_LDAP_PASSWORD_SCHEME/);
    assert.equal(loadConfig({}).pgDirectory.url, undefined, 'embedded by default');
  });

  it('takes a replica for logins (READ_URL) only beside the provider, with the same StartTLS rule', () => {
    const full = {
      LDAP_URL: 'ldap://127.0.0.1:3890',
      LDAP_BIND_DN: 'cn=sc,dc=centre,dc=example',
      LDAP_BIND_PASSWORD: 'pw',
      LDAP_BASE_DN: 'dc=centre,dc=example',
      LDAP_STARTTLS: 'false',
    };
    assert.deepEqual(
      [loadConfig(full).directory.readUrl, loadConfig(full).directory.replicaLagSeconds],
      [undefined, 60],
      'no replica by default; 60 s of lag tolerated',
    );
    const replicated = loadConfig({ ...full, LDAP_READ_URL: 'ldap://localhost:3891', LDAP_REPLICA_LAG_SECONDS: '5' });
    assert.deepEqual(
      [replicated.directory.readUrl, replicated.directory.replicaLagSeconds],
      ['ldap://localhost:3891', 5],
    );
    assert.match(problems({ PG_LDAP_READ_URL: 'ldaps://replica.example' })[0] ?? '', /^PG_LDAP_READ_URL is a replica/);
    assert.match(
      problems({ ...full, LDAP_READ_URL: 'ldap://replica.centre.example.jp' })[0] ?? '',
      /STARTTLS=false is only allowed for a server on this machine; replica\.centre\.example\.jp/,
    );
    assert.match(problems({ ...full, LDAP_READ_URL: 'ldap://r.example/dc=x' })[0] ?? '', /^LDAP_READ_URL=/);
    assert.match(problems({ LDAP_REPLICA_LAG_SECONDS: '-1' })[0] ?? '', /^LDAP_REPLICA_LAG_SECONDS=/);
  });

  it('masks secrets when describing the effective configuration', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:pg-pass-123@db:5432/acc?sslmode=require&password=query-pass-000',
      SMTP_URL: 'smtps://mailer:smtp-pass-456@mail:465',
      SESSION_SECRET: 's'.repeat(40),
      METRICS_TOKEN: 'metrics-token-789-abcdef',
      LDAP_URL: 'ldaps://ldap.centre.example.jp',
      LDAP_BIND_DN: 'cn=sc,dc=centre,dc=example',
      LDAP_BIND_PASSWORD: 'ldap-pass-321',
      LDAP_BASE_DN: 'dc=centre,dc=example',
    });
    const shown = describeConfig(config);
    const text = JSON.stringify(shown);
    for (const secret of [
      'query-pass-000',
      'pg-pass-123',
      'smtp-pass-456',
      's'.repeat(40),
      'metrics-token-789-abcdef',
      'ldap-pass-321',
    ]) {
      assert.ok(!text.includes(secret), `${secret} leaked`);
    }
    assert.equal(shown.DATABASE_URL, 'postgres://app:****@db:5432/acc?sslmode=require&password=****');
    assert.equal(shown.SESSION_SECRET, '****');
    // Every variable is described.
    assert.deepEqual(Object.keys(shown).sort(), Object.keys(variables).sort());
  });
});
