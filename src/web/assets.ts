// CSS and JS under /assets/, each URL carrying a hash of the file's content, so
// browsers may cache them for a year and still get a changed file at once.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's public/ folder (the same from src/ and from the compiled dist/). */
export const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

export type AssetUrl = (name: string) => string;

export function assetUrls(dir = publicDir): AssetUrl {
  const versions = new Map<string, string>();
  for (const file of listFiles(dir)) {
    const hash = createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 10);
    versions.set(relative(dir, file).split('\\').join('/'), hash);
  }
  return (name) => {
    const v = versions.get(name);
    if (!v) throw new Error(`unknown asset ${name}`);
    return `/assets/${name}?v=${v}`;
  };
}
