// This instance in the database's list of running instances (src/db/instances.ts):
// recorded before it listens and every half minute after, removed when it stops.
// An instance whose SESSION_SECRET differs from a live one's refuses to start: behind
// one proxy the two would refuse each other's cookies, and people would be signed out
// and have forms refused at random. Only a fingerprint of the secret is stored.
import { createHmac, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  INSTANCE_HEARTBEAT_MS,
  INSTANCE_LIVE_MS,
  type InstanceRow,
  instancesWithOtherSecret,
  recordInstance,
  removeInstance,
} from './db/instances.js';
import type { Database } from './db/schema.js';

/** Another live instance on the same database has another SESSION_SECRET. */
export class SessionSecretMismatchError extends Error {
  readonly code = 'SESSION_SECRET_MISMATCH';
  constructor(others: { host: string; port: number; seen_at: Date }[]) {
    super(
      `SESSION_SECRET differs from the one of ${others.map((o) => `${o.host}:${o.port} (last seen ${o.seen_at.toISOString()})`).join(', ')}, ` +
        'running on the same database. Every instance needs the same SESSION_SECRET (see docs/operations.md, "Several instances"). ' +
        `To change it, stop every instance first (one that was killed counts until ${INSTANCE_LIVE_MS / 1000} s after it was last seen).`,
    );
    this.name = 'SessionSecretMismatchError';
  }
}

/** What identifies SESSION_SECRET without telling anything of it. */
export const secretFingerprint = (secret: string): string =>
  createHmac('sha256', secret).update('sc-account instance fingerprint').digest('hex').slice(0, 32);

export interface InstanceRecord {
  /** Records the port the server got (0 in the configuration: any free port). */
  listening(port: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Records this instance, or throws SessionSecretMismatchError (after removing its row)
 * when a live instance has another secret. Two that start together with different
 * secrets both see the other and both refuse.
 */
export async function recordThisInstance(
  db: Kysely<Database>,
  info: { port: number; version: string; worker: boolean; sessionSecret: string },
  logger: Logger,
  clock: () => Date = () => new Date(),
): Promise<InstanceRecord> {
  const row: InstanceRow = {
    id: randomUUID(),
    host: hostname(),
    port: info.port,
    version: info.version,
    worker: info.worker,
    secret_fingerprint: secretFingerprint(info.sessionSecret),
  };
  await recordInstance(db, row, clock());
  const others = await instancesWithOtherSecret(db, row.id, row.secret_fingerprint, clock());
  if (others.length > 0) {
    await removeInstance(db, row.id);
    throw new SessionSecretMismatchError(others);
  }
  const beat = async () => {
    await recordInstance(db, row, clock());
    const differing = await instancesWithOtherSecret(db, row.id, row.secret_fingerprint, clock());
    if (differing.length > 0) logger.error({ instances: differing }, new SessionSecretMismatchError(differing).message);
  };
  const timer = setInterval(
    () => beat().catch((err) => logger.warn({ err }, 'could not record this instance')),
    INSTANCE_HEARTBEAT_MS,
  );
  timer.unref();
  return {
    async listening(port) {
      row.port = port;
      await recordInstance(db, row, clock());
    },
    async stop() {
      clearInterval(timer);
      await removeInstance(db, row.id).catch(() => {});
    },
  };
}
