// The configuration documentation and .env.example keep up with src/config.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { variables } from '../src/config.js';
import { projectRoot } from './helpers/root.js';

const root = pathToFileURL(`${projectRoot}/`);

describe('configuration documentation', () => {
  const docs = readFileSync(new URL('docs/configuration.md', root), 'utf8');
  const example = readFileSync(new URL('.env.example', root), 'utf8');
  for (const name of Object.keys(variables)) {
    it(`documents ${name}`, () => {
      assert.match(docs, new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
      assert.match(example, new RegExp(`^#? ?${name}=`, 'm'));
    });
  }

  it('README starts with the two commands a new user needs', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const firstBlock = readme.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
    assert.match(firstBlock, /^npm install && npm start/m);
    assert.match(firstBlock, /^npm test/m);
  });
});
