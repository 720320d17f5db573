// `npm run build`: bundles the server and the command into dist/bundle with esbuild:
// main.js (what `npm start` runs), cli.js (what bin/sc-account.js runs), pglite.js (for
// scripts/pglite-cluster.mjs), each whole (no shared chunks: a chunk of its own turns a
// CommonJS package that is imported dynamically, like fastify-cookie's `cookie`, into
// a default export only); and the browser scripts written in
// TypeScript (src/web/client) into public/js. Loading a few files instead of some 700
// modules takes a third off a restart (docs/performance.md). Type checking is
// `npm run typecheck` (npm test runs it); the build only translates. PGlite
// (WebAssembly beside its JS), pdfkit (reads its font metrics from its own folder) and
// native addons stay outside the bundle and load from node_modules.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli/main.ts', pglite: 'src/db/pglite.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['@electric-sql/pglite', 'pg-native', 'argon2', 'pdfkit'],
  // Some bundled CommonJS packages call require() at run time.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// V8 keeps each script's source as one string, and a single character beyond ASCII makes
// the whole string two bytes a character: the 8 MB server bundle held 16 MB that way.
// esbuild writes strings ASCII-only but keeps comments and regular expressions as they
// are, so every remaining character is written as its \u escape (the same text in a
// comment, the same character in a regular expression; a backslash before it, an
// identity escape, is dropped with it). Source maps' columns move on those few lines only.
for (const name of readdirSync('dist/bundle').filter((n) => n.endsWith('.js'))) {
  const path = `dist/bundle/${name}`;
  const text = readFileSync(path, 'utf8');
  writeFileSync(
    path,
    text.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, c) => {
      const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
      return `${kept}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }),
  );
}

// Browser code that uses libraries (altcha-lib, zxcvbn-ts) goes out as one script per page
// feature, loaded only by the pages that need it (password-strength.js carries the
// common-password list: some 460 kB, 240 kB gzipped). Generated, not committed (see .gitignore);
// `npm install` builds it.
await build({
  entryPoints: {
    altcha: 'src/web/client/altcha.ts',
    'password-strength': 'src/web/client/password-strength.ts',
    'achievement-lookup': 'src/web/client/achievement-lookup.ts',
  },
  outdir: 'public/js',
  bundle: true,
  minify: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'eof',
  logLevel: 'warning',
});
