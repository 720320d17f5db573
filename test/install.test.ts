// `npm install` on a clean clone prints no warning: every locked package runs on the
// Node.js versions package.json promises (no EBADENGINE), and every package with an
// install script has been reviewed in allowScripts (no install-scripts warning).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { projectRoot } from './helpers/root.js';

const root = pathToFileURL(`${projectRoot}/`);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string }; hasInstallScript?: boolean }>;
};

/** node_modules/a/node_modules/@b/c → @b/c */
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('a clean install', () => {
  it('every locked package supports the lowest Node.js package.json allows, and this one', () => {
    const lowest = semver.minVersion(manifest.engines.node);
    assert.ok(lowest, `engines.node "${manifest.engines.node}" has a lowest version`);
    const refused = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines?.node)
      .filter(([, p]) => {
        const range = p.engines?.node ?? '*';
        return !semver.satisfies(lowest, range) || !semver.satisfies(process.version, range);
      })
      .map(([path, p]) => `${nameOf(path)}@${p.version} wants node ${p.engines?.node}`);
    assert.deepEqual(refused, [], `these would print EBADENGINE on Node ${lowest}:\n${refused.join('\n')}`);
  });

  it('every package with an install script is reviewed in allowScripts', () => {
    const reviewed = manifest.allowScripts ?? {};
    const unreviewed = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript && !(nameOf(path) in reviewed))
      .map(([path, p]) => `${nameOf(path)}@${p.version}`);
    assert.deepEqual(unreviewed, [], 'npm install-scripts approve|deny them');
  });
});
