import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, describeConfig, ensureSessionSecret, loadConfig, variables } from '../src/config.js';

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

  it('refuses a stored session secret that is too short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-config-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'session-secret'), '\n');
    assert.throws(() => ensureSessionSecret(loadConfig({ DATA_DIR: dir })), /shorter than 32 characters/);
  });

  it('bounds the job poll interval', () => {
    assert.match(problems({ JOB_POLL_MS: String(2 ** 31) })[0] ?? '', /^JOB_POLL_MS/);
  });

  it('masks secrets when describing the effective configuration', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:pg-pass-123@db:5432/acc?sslmode=require&password=query-pass-000',
      SMTP_URL: 'smtps://mailer:smtp-pass-456@mail:465',
      SESSION_SECRET: 's'.repeat(40),
      METRICS_TOKEN: 'metrics-token-789-abcdef',
    });
    const shown = describeConfig(config);
    const text = JSON.stringify(shown);
    for (const secret of [
      'query-pass-000',
      'pg-pass-123',
      'smtp-pass-456',
      's'.repeat(40),
      'metrics-token-789-abcdef',
    ]) {
      assert.ok(!text.includes(secret), `${secret} leaked`);
    }
    assert.equal(shown.DATABASE_URL, 'postgres://app:****@db:5432/acc?sslmode=require&password=****');
    assert.equal(shown.SESSION_SECRET, '****');
    // Every variable is described.
    assert.deepEqual(Object.keys(shown).sort(), Object.keys(variables).sort());
  });
});
