// Storage quotas of new accounts. `command` runs the configured command (e.g. Lustre's
// `lfs setquota`) through the safe command runner (src/commands/run-command.ts);
// `record` only records the intended quota (the default, and what the database
// always keeps either way).
import { createCommandRunner } from '../commands/run-command.js';
import { groupOrTwinPattern, userPattern } from '../domain/provisioning.js';

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

export function createQuotaSetter(command: readonly string[] | undefined): QuotaSetter {
  const runner = createCommandRunner(command, {
    user: userPattern,
    group: groupOrTwinPattern,
    bytes: /^\d{1,18}$/,
    division: /^(ga|pg)$/,
  });
  return {
    kind: runner.kind,
    async set(r) {
      if (!Number.isSafeInteger(r.bytes) || r.bytes < 0) throw new RangeError('not a number of bytes');
      await runner.run({ user: r.user, group: r.group, bytes: String(r.bytes), division: r.division });
    },
  };
}
