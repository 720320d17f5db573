// What every request carries: language, translator and session; and what the app
// holds: its dependencies. Declared once here for Fastify's types.

import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Session } from '../db/schema.js';
import type { Directory } from '../directory/directory.js';
import type { ActiveNotices } from '../domain/notices.js';
import type { Division } from '../domain/provisioning.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { Mailer } from '../mail/mailer.js';
import type { Outbox } from '../mail/outbox.js';
import type { Metrics } from '../metrics.js';
import type { PublicationLookup } from '../publications/lookup.js';
import type { QuotaSetter } from '../quota/quota-setter.js';
import type { SecretBox } from '../secret-box.js';
import type { AssetUrl } from './assets.js';
import type { SessionService } from './sessions.js';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  metrics: Metrics;
  sessions: SessionService;
  outbox: Outbox;
  mailer: Mailer;
  directories: Record<Division, Directory>;
  /** Opens the initial passwords sealed until their certificate is posted. */
  passwords: SecretBox;
  /** Seals and opens the signing secrets of webhook endpoints. */
  webhookSecrets: SecretBox;
  /** Seals new password hashes on their way to the directory (job payloads). */
  passwordHashes: SecretBox;
  /** Sets storage quotas (jobs) and tells how much is in use (a plan's approval). */
  quota: QuotaSetter;
  /** Asks the job worker to look for work now (after a commit that enqueued jobs). */
  pokeJobs: () => void;
  /** The "Get" buttons of a Continuation's achievements (PubMed, Crossref). */
  publications: PublicationLookup;
  /** Now, for the renewal calendar (a test moves it; the real clock otherwise). */
  now: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** URL of a file under public/, with its content hash. */
    asset: AssetUrl;
  }
  interface FastifyRequest {
    lang: Lang;
    t: Translate;
    session: Session | null;
    /** Set on the application's pages (src/web/apply/routes.tsx). */
    applyNotices: ActiveNotices | null;
  }
  interface FastifyContextConfig {
    /** false for routes that authenticate without cookies and need no CSRF token. */
    csrf?: boolean;
    /**
     * true for forms that run every text field through src/domain/text.ts and answer a
     * control character with a message at the field: the edge (plugins/input.ts) then
     * refuses only NUL, which PostgreSQL cannot store at all.
     */
    fieldsChecked?: boolean;
  }
}
