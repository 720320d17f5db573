// The embedded PostgreSQL (PGlite): the settings it runs with, and the cluster a new
// data folder starts from. Loaded only when the embedded database is used.
//
// Memory: a PGlite instance is PostgreSQL in one WebAssembly memory that grows and
// never shrinks. Its defaults (128 MB of shared buffers, 64 MB for maintenance) are
// a server's; here they are sized for one process serving one centre, which keeps a
// restart near 200 MB instead of 340 MB (docs/performance.md).
//
// First start: initdb in WebAssembly needs a second instance beside the first (some
// 900 MB at its peak). `npm run build` runs it once and keeps the new cluster as a
// tar file (dist/pglite/); a new data folder is filled from that file, which needs
// one instance (about 400 MB less) and a second less. Without the file (running from
// the sources before a build) initdb runs as before.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/** PostgreSQL settings of the embedded database, on top of PGlite's own start parameters. */
export const embeddedSettings: Record<string, string> = {
  shared_buffers: '16MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '4MB',
  work_mem: '4MB',
};

const startParams = () => [
  ...PGlite.defaultStartParams,
  ...Object.entries(embeddedSettings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
];

/** The installed PGlite's version: a cluster made by one version may not start on another. */
export function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Where `npm run build` keeps the new cluster. This module sits two folders below the
 * package root whether it runs from src/db or from the bundle in dist/bundle.
 */
export function clusterTemplateFile(): string {
  return fileURLToPath(new URL(`../../dist/pglite/cluster-${pgliteVersion()}.tar.gz`, import.meta.url));
}

function readTemplate(file: string): Blob | undefined {
  try {
    return new Blob([readFileSync(file)]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export interface EmbeddedOptions {
  /** The cluster's folder; in memory when absent. */
  dir?: string | undefined;
  /** A dump (PGlite's dumpDataDir) to start a new cluster from; default: the built cluster. */
  template?: Blob | undefined;
}

/**
 * Opens the embedded database. A new folder is filled aside (`<dir>.new`) and renamed
 * into place once PostgreSQL has started on it, so a first start that is interrupted
 * leaves no half-made cluster behind.
 */
export async function openEmbedded(options: EmbeddedOptions): Promise<PGlite> {
  const { dir } = options;
  if (dir && existsSync(join(dir, 'PG_VERSION'))) return PGlite.create({ dataDir: dir, startParams: startParams() });
  const template = options.template ?? readTemplate(clusterTemplateFile());
  const create = (dataDir: string | undefined) =>
    PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      startParams: startParams(),
      ...(template ? { loadDataDir: template } : {}),
    });
  if (!dir) return create(undefined);
  const aside = `${dir}.new`;
  rmSync(aside, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  const made = await create(aside);
  await made.close();
  rmSync(dir, { recursive: true, force: true });
  renameSync(aside, dir);
  return PGlite.create({ dataDir: dir, startParams: startParams() });
}

/** A new, empty cluster as a gzipped tar, written to `file` in one step (the build's). */
export async function writeClusterTemplate(file: string): Promise<void> {
  const pglite = await PGlite.create({ startParams: startParams() });
  try {
    const dump = await pglite.dumpDataDir('gzip');
    mkdirSync(dirname(file), { recursive: true });
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
    renameSync(part, file);
  } finally {
    await pglite.close();
  }
}
