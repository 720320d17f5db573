// Server-side sessions after the Copenhagen Book: a 192-bit random token lives only
// in the browser's cookie; the database keeps its SHA-256. A session ends when idle
// too long or when its absolute lifetime is over, and is replaced (rotated) whenever
// its privileges change, so a token seen before sign-in is worthless after it.
import type { Kysely } from 'kysely';
import type { Database, Session } from '../db/schema.js';
import {
  deleteExpiredSessions,
  deleteIdleSessionsOf,
  deleteSession,
  deleteSessionsOf,
  findSession,
  insertSession,
  touchSession,
} from '../db/sessions.js';
import { hashToken, newToken } from '../domain/tokens.js';

/** Who a session belongs to. `staff-mfa`: a staff member between password and second factor. */
export type Audience = 'anonymous' | 'applicant' | 'user' | 'staff' | 'staff-mfa';

export interface SessionOptions {
  idleMs: number;
  absoluteMs: number;
  /** Shorter idle timeouts for some audiences (staff: 30 minutes). */
  idleMsByAudience?: Partial<Record<Audience, number>>;
  now?: () => Date;
}

export interface SessionService {
  create(
    audience: Audience,
    subject: string | null,
    data?: Record<string, unknown>,
  ): Promise<{ token: string; session: Session }>;
  /** The session for a token, or null when unknown, idle too long or past its absolute expiry. */
  validate(token: string): Promise<Session | null>;
  /** Ends the old session and starts a new one with the new privileges. */
  rotate(
    token: string,
    change: { audience: Audience; subject: string | null; data?: Record<string, unknown> },
  ): Promise<{ token: string; session: Session }>;
  revoke(token: string): Promise<void>;
  revokeAll(audience: Audience, subject: string): Promise<number>;
  purgeExpired(): Promise<number>;
}

export function createSessionService(db: Kysely<Database>, options: SessionOptions): SessionService {
  const now = options.now ?? (() => new Date());
  // Writing last_seen_at on every request would be one write per page view; a
  // minute of slack is far below any idle timeout.
  const idleMsOf = (audience: string) =>
    Math.min(options.idleMs, options.idleMsByAudience?.[audience as Audience] ?? Number.POSITIVE_INFINITY);

  const create: SessionService['create'] = async (audience, subject, data = {}) => {
    const token = newToken();
    const at = now();
    const session = await insertSession(db, {
      id: hashToken(token),
      audience,
      subject,
      data,
      now: at,
      expiresAt: new Date(at.getTime() + options.absoluteMs),
    });
    return { token, session };
  };

  return {
    create,
    async validate(token) {
      if (!token || token.length > 100) return null;
      const id = hashToken(token);
      const session = await findSession(db, id);
      if (!session) return null;
      const at = now().getTime();
      const idleMs = idleMsOf(session.audience);
      const idleEnd = session.last_seen_at.getTime() + idleMs;
      if (at >= session.expires_at.getTime() || at >= idleEnd) {
        await deleteSession(db, id);
        return null;
      }
      if (at - session.last_seen_at.getTime() >= Math.min(60_000, idleMs / 10)) {
        await touchSession(db, id, new Date(at));
        session.last_seen_at = new Date(at);
      }
      return session;
    },
    async rotate(token, change) {
      const old = token ? await deleteSession(db, hashToken(token)) : undefined;
      const data = change.data ?? (old?.data as Record<string, unknown> | undefined) ?? {};
      return create(change.audience, change.subject, data);
    },
    async revoke(token) {
      await deleteSession(db, hashToken(token));
    },
    revokeAll: (audience, subject) => deleteSessionsOf(db, audience, subject),
    async purgeExpired() {
      const at = now();
      let n = await deleteExpiredSessions(db, at, new Date(at.getTime() - options.idleMs));
      for (const audience of Object.keys(options.idleMsByAudience ?? {})) {
        n += await deleteIdleSessionsOf(db, audience, new Date(at.getTime() - idleMsOf(audience)));
      }
      return n;
    },
  };
}
