// Storage quotas: a new account's 1 TB, and what an approved usage plan sets for a
// user or for a whole group. `command` runs the configured command (e.g. Lustre's
// `lfs setquota`) through the safe command runner (src/commands/run-command.ts);
// `record` only records the intended quota (the default, and what the database always
// keeps either way). The usage command, when configured, tells how much a user or
// group has in use, so that a quota is not lowered below it unnoticed.
import { CommandError, createCommandRunner } from '../commands/run-command.js';
import type { StorageKind } from '../domain/billing.js';
import { groupOrTwinPattern, userPattern } from '../domain/provisioning.js';

export interface QuotaRequest {
  division: 'ga' | 'pg';
  /** A user's quota (the default), or the whole group's. */
  scope?: 'user' | 'group';
  /** Which storage: GA high-speed (the default), PG, or archive. */
  storage?: StorageKind;
  user: string;
  group: string;
  bytes: number;
}

export type UsageRequest = Omit<QuotaRequest, 'bytes'>;

export interface QuotaSetter {
  readonly kind: 'command' | 'record';
  set(request: QuotaRequest): Promise<void>;
  /** Bytes in use, or undefined when no usage command is configured. */
  usage(request: UsageRequest): Promise<number | undefined>;
}

const patterns = {
  user: userPattern,
  group: groupOrTwinPattern,
  target: userPattern,
  bytes: /^\d{1,18}$/,
  division: /^(ga|pg)$/,
  scope: /^(user|group)$/,
  storage: /^(ga|pg|archive)$/,
};

const names = (template: readonly string[] | undefined) => (template ?? []).join(' ');

function values(r: UsageRequest, template: readonly string[] | undefined, bytes = '0') {
  const scope = r.scope ?? 'user';
  // A command written for users only would set a group's quota on a user of the same name.
  if (scope === 'group' && !/\{(scope|target)\}/.test(names(template)))
    throw new CommandError('the quota command has no {scope} or {target}: it cannot set a group quota');
  return {
    user: scope === 'group' ? r.group : r.user,
    group: r.group,
    target: scope === 'group' ? r.group : r.user,
    bytes,
    division: r.division,
    scope,
    storage: r.storage ?? (r.division === 'pg' ? 'pg' : 'ga'),
  };
}

export function createQuotaSetter(
  command: readonly string[] | undefined,
  usageCommand?: readonly string[],
): QuotaSetter {
  const runner = createCommandRunner(command, patterns);
  const usage = createCommandRunner(usageCommand, patterns);
  return {
    kind: runner.kind,
    async set(r) {
      if (!Number.isSafeInteger(r.bytes) || r.bytes < 0) throw new RangeError('not a number of bytes');
      if (runner.kind === 'record') return;
      await runner.run(values(r, command, String(r.bytes)));
    },
    async usage(r) {
      if (usage.kind === 'record') return undefined;
      const printed = await usage.run(values(r, usageCommand));
      const first = /\d+/.exec(printed);
      if (!first) throw new CommandError(`the usage command printed no number: ${printed.slice(0, 100)}`);
      return Number(first[0]);
    },
  };
}
