// Every migration, in order. Listed here (not read from a folder) so that the
// same list serves the TypeScript sources and the compiled build.
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.js';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};
