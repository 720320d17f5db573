// The layers as docs/architecture.md draws them, kept by a test: SQL is written only in
// src/db, and nothing below the web app imports from it (src/server.ts composes them).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from './helpers/root.js';

const src = join(projectRoot, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sources(src).map((path) => ({ path: relative(src, path), text: readFileSync(path, 'utf8') }));

describe('layers', () => {
  it('writes SQL only in src/db', () => {
    const sql = /\.(selectFrom|updateTable|insertInto|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\bsql</;
    const outside = files.filter((f) => !f.path.startsWith('db/') && sql.test(f.text)).map((f) => f.path);
    assert.ok(files.length > 100);
    assert.deepEqual(outside, []);
  });

  it('has nothing below the web app import from it', () => {
    const web = /from '(?:\.\.\/)+web\/|from '\.\/web\//;
    const importers = files
      .filter((f) => !f.path.startsWith('web/') && f.path !== 'server.ts' && web.test(f.text))
      .map((f) => f.path);
    assert.deepEqual(importers, []);
  });
});
