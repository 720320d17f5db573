// Puts the parts together: database (migrated), mailer, outbox, job worker,
// sessions, metrics and the web app. Used by `npm start` and by tests.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { isWeakerThanOwasp } from './argon2.js';
import { createCommandRunner } from './commands/run-command.js';
import type { Config } from './config.js';
import { deleteExpiredDrafts } from './db/applications.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { deleteGoneInstances } from './db/instances.js';
import { queueCounts } from './db/jobs.js';
import { type LocalSocket, serveLocalSocket } from './db/local-socket.js';
import { deleteOldSignInAddresses, deleteStaleLoginThrottles } from './db/login-throttle.js';
import { migrateToLatest } from './db/migrate.js';
import { deleteOldRecoveries } from './db/password-recovery.js';
import { deleteEndedRateLimits } from './db/rate-limits.js';
import { calendarLookup } from './db/settings.js';
import type { Directory } from './directory/directory.js';
import { directoryReplicas, openDirectories } from './directory/index.js';
import { timedDirectory } from './directory/timed.js';
import { type Division, divisions } from './domain/provisioning.js';
import { STAFF_IDLE_MS, STAFF_MFA_WINDOW_MS } from './domain/staff.js';
import { type InstanceRecord, recordThisInstance } from './instance-record.js';
import { accountJobHandlers } from './jobs/handlers/account.js';
import { accountRequestJobHandlers } from './jobs/handlers/account-request.js';
import { groupJobHandlers } from './jobs/handlers/groups.js';
import { mailJobHandlers } from './jobs/handlers/mail.js';
import { pledgeDocumentHandlers } from './jobs/handlers/pledge-document.js';
import { provisionJobHandlers } from './jobs/handlers/provision.js';
import { quotaJobHandlers } from './jobs/handlers/quota.js';
import { homeDeletionPatterns, renewalJobHandlers } from './jobs/handlers/renewal.js';
import { reviewJobHandlers } from './jobs/handlers/review.js';
import { webhookJobHandlers } from './jobs/handlers/webhook.js';
import { scheduleDue } from './jobs/scheduler.js';
import { JobWorker } from './jobs/worker.js';
import { createMailer } from './mail/index.js';
import type { Mailer } from './mail/mailer.js';
import { createOutbox } from './mail/outbox.js';
import { addJobGauge, addReplicaGauges, createMetrics } from './metrics.js';
import { createPublicationLookup } from './publications/lookup.js';
import { createQuotaSetter } from './quota/quota-setter.js';
import { createSecretBox } from './secret-box.js';
import { buildApp } from './web/app.js';
import { createSessionService } from './web/sessions.js';

/** How long a publication lookup's answer is used without asking PubMed or Crossref again. */
const PUBLICATION_CACHE_MS = 30 * 86_400_000;

/** This installation's version: the nearest package.json above this file (src/, dist/ or the bundle). */
function appVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
    if (dirname(dir) === dir) return 'unknown';
  }
}

export interface Server {
  app: FastifyInstance;
  database: DatabaseHandle;
  mailer: Mailer;
  worker: JobWorker;
  directories: Record<Division, Directory>;
  /** Starts listening on config.host:config.port; returns the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** An already opened database (main.ts opens it while the web modules load). */
  database?: DatabaseHandle;
  /** Replace the mailer (tests). */
  mailer?: Mailer;
  /** First retry delay of failed jobs (tests use a short one). */
  retryBaseMs?: number;
  /** Replace the directories (tests). */
  directories?: Record<Division, Directory>;
  /** Extra Fastify plugins registered after the app's own routes (tests). */
  plugins?: FastifyPluginAsync[];
  /** What the renewal jobs take as now (a test drives a year with it); the real clock otherwise. */
  clock?: () => Date;
}

export async function createServer(config: Config, logger: Logger, options: ServerOptions = {}): Promise<Server> {
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  let worker: JobWorker | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let scheduler: NodeJS.Timeout | undefined;
  let localSocket: LocalSocket | undefined;
  let instance: InstanceRecord | undefined;
  const clock = options.clock ?? (() => new Date());
  try {
    if (isWeakerThanOwasp(config.argon2)) {
      logger.warn(
        { argon2: config.argon2 },
        'ARGON2_* set below the OWASP minimum: fit for tests, not for passwords that matter',
      );
    }
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

    const metrics = createMetrics({ version: appVersion(), worker: config.jobWorker });
    addJobGauge(metrics, () => queueCounts(database.db));
    const replicas = directoryReplicas(config);
    addReplicaGauges(
      metrics,
      divisions.flatMap((division) => {
        const replica = replicas[division];
        return replica ? [{ division, measure: replica.measure }] : [];
      }),
    );
    const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir });
    const outbox = createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl });
    // Every directory call is timed for the metrics (directory_operation_duration_seconds).
    const untimed = options.directories ?? openDirectories(config, database.db);
    const timed = (division: Division) =>
      timedDirectory(untimed[division], (operation, seconds, ok) =>
        metrics.directoryOperations.observe({ division, operation, outcome: ok ? 'ok' : 'error' }, seconds),
      );
    const directories = { ga: timed('ga'), pg: timed('pg') };
    const passwords = createSecretBox(config.sessionSecret, 'initial passwords');
    const webhookSecrets = createSecretBox(config.sessionSecret, 'webhook secrets');
    const webhookCa = config.webhookCaFile ? readFileSync(config.webhookCaFile, 'utf8') : undefined;
    const passwordHashes = createSecretBox(config.sessionSecret, 'password hashes');
    const passwordSchemes = { ga: config.directory.passwordScheme, pg: config.pgDirectory.passwordScheme };
    const quota = createQuotaSetter(config.provisioning.quotaCommand, config.provisioning.quotaUsageCommand);
    const jobWorker = new JobWorker({
      db: database.db,
      handlers: {
        ...mailJobHandlers(mailer, metrics),
        ...reviewJobHandlers({ db: database.db, outbox, baseUrl: config.baseUrl }),
        ...pledgeDocumentHandlers({ db: database.db, outbox }),
        ...accountJobHandlers({ db: database.db, directories, passwordHashes }),
        ...accountRequestJobHandlers({
          db: database.db,
          directories,
          outbox,
          gidRange: config.provisioning.gidRange,
          passwordSchemes,
          argon2: config.argon2,
          passwords,
          opensDefault: config.renewal.opensOn,
          baseUrl: config.baseUrl,
        }),
        ...renewalJobHandlers({
          db: database.db,
          directories,
          outbox,
          calendar: () => calendarLookup(database.db, config.renewal.opensOn),
          homeDeletion: createCommandRunner(config.renewal.homeDeletionCommand, homeDeletionPatterns),
          baseUrl: config.baseUrl,
          pokeJobs: () => worker?.poke(),
          now: clock,
        }),
        ...webhookJobHandlers({ db: database.db, secrets: webhookSecrets, ca: webhookCa, now: clock }),
        ...quotaJobHandlers({ db: database.db, quota, now: clock }),
        ...groupJobHandlers({
          db: database.db,
          outbox,
          baseUrl: config.baseUrl,
          pokeJobs: () => worker?.poke(),
          now: clock,
        }),
        ...provisionJobHandlers({
          db: database.db,
          directories,
          passwordSchemes,
          argon2: config.argon2,
          quota,
          passwords,
          uidRange: config.provisioning.uidRange,
          gidRange: config.provisioning.gidRange,
          calendar: () => calendarLookup(database.db, config.renewal.opensOn),
        }),
      },
      logger: logger.child({ component: 'jobs' }),
      metrics,
      pollMs: config.jobPollMs,
      leaseMs: config.jobLeaseSeconds * 1000,
      ...(options.retryBaseMs ? { retryBaseMs: options.retryBaseMs } : {}),
    });
    worker = jobWorker;
    const sessions = createSessionService(database.db, {
      idleMs: config.sessionIdleMinutes * 60_000,
      absoluteMs: config.sessionAbsoluteHours * 3_600_000,
      idleMsByAudience: { staff: STAFF_IDLE_MS, 'staff-mfa': STAFF_MFA_WINDOW_MS },
    });
    const app = await buildApp(
      {
        config,
        database,
        metrics,
        sessions,
        outbox,
        mailer,
        directories,
        passwords,
        passwordHashes,
        webhookSecrets,
        quota,
        pokeJobs: () => jobWorker.poke(),
        publications: createPublicationLookup({
          db: database.db,
          pubmedUrl: config.renewal.pubmedUrl,
          crossrefUrl: config.renewal.crossrefUrl,
          timeoutMs: config.renewal.lookupTimeoutMs,
          cacheTtlMs: PUBLICATION_CACHE_MS,
          contact: config.contactEmail,
        }),
        now: clock,
      },
      logger,
      options.plugins,
    );
    await app.ready();

    let closed = false;
    return {
      app,
      database,
      mailer,
      worker: jobWorker,
      directories,
      async listen() {
        // Before taking requests: refused when a live instance has another SESSION_SECRET.
        instance = await recordThisInstance(
          database.db,
          { port: config.port, version: appVersion(), worker: config.jobWorker, sessionSecret: config.sessionSecret },
          logger,
        );
        const address = await app.listen({ port: config.port, host: config.host });
        const bound = app.server.address();
        if (bound && typeof bound === 'object') await instance.listening(bound.port);
        if (config.jobWorker) jobWorker.start();
        // The embedded database for `sc-account` commands while this process holds DATA_DIR.
        if (database.embedded && !config.databaseUrl) {
          localSocket = await serveLocalSocket(database, config.dataDir, (err) =>
            logger.warn({ err }, 'local database socket'),
          );
          if (!localSocket) {
            logger.warn(
              { dataDir: config.dataDir },
              'DATA_DIR is too long a path for a Unix socket: sc-account commands cannot reach the database while the server runs',
            );
          }
        }
        // Expired sessions and drafts (with their personal data) are deleted regularly.
        const sweep = () => {
          sessions.purgeExpired().catch((err) => logger.warn({ err }, 'session sweep failed'));
          deleteExpiredDrafts(database.db, new Date())
            .then((n) => n > 0 && logger.info({ drafts: n }, 'expired drafts deleted'))
            .catch((err) => logger.warn({ err }, 'draft sweep failed'));
          // Sign-in counts that no longer count, recovery attempts a day past their end.
          deleteStaleLoginThrottles(database.db, new Date())
            .then(() => deleteEndedRateLimits(database.db))
            .then(() => deleteOldSignInAddresses(database.db, new Date()))
            .then(() => deleteOldRecoveries(database.db, new Date(Date.now() - 86_400_000)))
            .catch((err) => logger.warn({ err }, 'sign-in sweep failed'));
          // Instances killed a day ago or more, whose rows no stop removed.
          deleteGoneInstances(database.db, new Date()).catch((err) => logger.warn({ err }, 'instance sweep failed'));
        };
        sweeper = setInterval(sweep, 10 * 60_000);
        sweeper.unref();
        // The renewal calendar: every minute, what has come due (once, whichever instance asks).
        const schedule = () =>
          calendarLookup(database.db, config.renewal.opensOn)
            .then((calendar) => scheduleDue(database.db, calendar, clock()))
            .then((n) => n > 0 && jobWorker.poke())
            .catch((err) => logger.warn({ err }, 'scheduling failed'));
        if (config.jobWorker) {
          void schedule();
          scheduler = setInterval(schedule, 60_000);
          scheduler.unref();
        }
        return address;
      },
      async close() {
        if (closed) return;
        closed = true;
        if (sweeper) clearInterval(sweeper);
        if (scheduler) clearInterval(scheduler);
        await localSocket?.close();
        await app.close();
        await jobWorker.stop();
        await instance?.stop();
        await Promise.all([directories.ga.close(), directories.pg.close()]);
        await mailer.close();
        await database.close();
      },
    };
  } catch (err) {
    await worker?.stop();
    await database.close();
    throw err;
  }
}
