// `sc-account lists …` as an operator runs it, and what the form then refuses.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addEntries, listEntries, removeEntries } from '../src/db/applications.js';
import { runCli } from './helpers/cli.js';
import { forEachDatabase } from './helpers/databases.js';

forEachDatabase('check lists', (database) => {
  it('are seeded, and entries can be added once and removed', async () => {
    const db = database().db;
    assert.ok((await listEntries(db, 'free-mail')).includes('gmail.com'));
    assert.ok((await listEntries(db, 'reserved-names')).includes('root'));
    assert.deepEqual(await addEntries(db, 'free-mail', ['mail.example', 'gmail.com']), ['mail.example']);
    assert.ok((await listEntries(db, 'free-mail')).includes('mail.example'));
    assert.deepEqual(await removeEntries(db, 'free-mail', ['mail.example', 'not-there.example']), ['mail.example']);
  });
});

describe('sc-account lists', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sc-lists-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('shows, adds and removes entries', async () => {
    const env = { DATA_DIR: dataDir };
    const added = await runCli(['lists', 'add', 'reserved-names', 'Gpuadmin', 'gw3'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout, 'Added 2: gpuadmin, gw3.\n');
    const shown = await runCli(['lists', 'show', 'reserved-names'], env);
    assert.match(shown.stdout, /^ {2}gpuadmin$/m);
    const removed = await runCli(['lists', 'remove', 'reserved-names', 'gw3'], env);
    assert.equal(removed.stdout, 'Removed 1: gw3.\n');
  });

  it('refuses values that are not domains or names, and unknown lists', async () => {
    const bad = await runCli(['lists', 'add', 'free-mail', 'not a domain'], { DATA_DIR: dataDir });
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /not a domain \(like example\.com\): not a domain/);
    const unknown = await runCli(['lists', 'show', 'colours'], { DATA_DIR: dataDir });
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /usage: sc-account lists/);
  });
});
