import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { neutraliseCell } from '../../domain/spreadsheet-cell.js';
import { staffCsv } from './csv.js';

test('cells that look like formulas stay text; others are untouched', async () => {
  assert.equal(neutraliseCell('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
  assert.equal(neutraliseCell('+81 3'), `'+81 3`);
  assert.equal(neutraliseCell('@SUM(A1)'), `'@SUM(A1)`);
  assert.equal(neutraliseCell('National Institute of Genetics'), 'National Institute of Genetics');
  const csv = staffCsv(['institution']);
  const chunks: string[] = [];
  csv.on('data', (c) => chunks.push(String(c)));
  const done = new Promise((r) => csv.on('end', r));
  csv.write({ institution: '=1+1' });
  csv.end();
  await done;
  assert.deepEqual(parse(chunks.join(''), { columns: true }), [{ institution: "'=1+1" }]);
});
