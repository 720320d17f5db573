// Storage quotas of new accounts. `command` runs the configured command (e.g. Lustre's
// `lfs setquota`) with its arguments as an array, never through a shell, after the
// values put into it are checked; `record` only records the intended quota (the
// default, and what the database always keeps either way).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { groupNamePattern } from '../domain/provisioning.js';

const run = promisify(execFile);

export interface QuotaRequest {
  division: 'ga' | 'pg';
  user: string;
  group: string;
  bytes: number;
}

export interface QuotaSetter {
  readonly kind: 'command' | 'record';
  set(request: QuotaRequest): Promise<void>;
}

export class QuotaCommandError extends Error {
  readonly code = 'QUOTA_COMMAND_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'QuotaCommandError';
  }
}

const userPattern = /^[a-z][a-z0-9_-]{2,31}$/;

/** The command's arguments with the placeholders replaced; refuses values that are not what they claim to be. */
export function quotaArguments(template: readonly string[], r: QuotaRequest): string[] {
  if (!userPattern.test(r.user)) throw new QuotaCommandError(`not an account name: ${JSON.stringify(r.user)}`);
  if (!groupNamePattern.test(r.group.replace(/-pg$/, ''))) throw new QuotaCommandError('not a group name');
  if (!Number.isSafeInteger(r.bytes) || r.bytes < 0) throw new QuotaCommandError('not a number of bytes');
  const values: Record<string, string> = {
    '{user}': r.user,
    '{group}': r.group,
    '{bytes}': String(r.bytes),
    '{division}': r.division,
  };
  return template.map((arg) => arg.replace(/\{(user|group|bytes|division)\}/g, (p) => values[p] ?? p));
}

export function createQuotaSetter(command: readonly string[] | undefined): QuotaSetter {
  if (!command?.length) return { kind: 'record', async set() {} };
  const [file, ...template] = command as [string, ...string[]];
  return {
    kind: 'command',
    async set(request) {
      try {
        await run(file, quotaArguments(template, request), { timeout: 60_000, shell: false });
      } catch (error) {
        const e = error as { stderr?: string; message?: string; code?: unknown };
        throw new QuotaCommandError(`${file} failed: ${(e.stderr || e.message || String(e.code)).slice(0, 500)}`);
      }
    },
  };
}
