// One registry of the errors the services raise and every interface answers with:
// code → HTTP status → the messages that explain it. The pages show the messages in
// the person's language (web/plugins/errors.tsx), the API sends the same code as an
// RFC 9457 problem (web/api/problems.ts), the CLI prints it. Internal errors are
// logged with the request id, which the 500 page shows as the reference; nobody is
// shown a stack trace.
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { MessageKey } from '../i18n/index.js';

export const errorRegistry = {
  NOT_FOUND: { status: 404, title: 'error.notFound.title', body: 'error.notFound.body' },
  FORBIDDEN: { status: 403, title: 'error.forbidden.title', body: 'error.forbidden.body' },
  STAFF_ROLE: { status: 403, title: 'staff.forbidden.title', body: 'staff.forbidden.body' },
  CSRF_ORIGIN: { status: 403, title: 'error.csrf.title', body: 'error.csrf.body' },
  CSRF_TOKEN: { status: 403, title: 'error.csrf.title', body: 'error.csrf.body' },
  TOO_MANY_REQUESTS: { status: 429, title: 'error.tooMany.title', body: 'error.tooMany.body' },
  /** No valid API token in the Authorization header (missing, unknown, expired, revoked). */
  UNAUTHORIZED: { status: 401, title: 'error.unauthorized.title', body: 'error.unauthorized.body' },
  /** The API token lacks the scope the route needs (details.scope names it). */
  INSUFFICIENT_SCOPE: { status: 403, title: 'error.scope.title', body: 'error.scope.body' },
  /** A person's judgement (a comment, a question, a screening) asked with a service account's token. */
  STAFF_ONLY: { status: 403, title: 'error.staffOnly.title', body: 'error.staffOnly.body' },
  /** What the request acts on changed or is in a state that does not allow it. */
  CONFLICT: { status: 409, title: 'error.conflict.title', body: 'error.conflict.body' },
  /** Approving a usage plan would set quotas below what is in use (details.lowered lists them): staff confirm. */
  BELOW_USAGE: { status: 409, title: 'staff.problem.belowUsage.title', body: 'staff.problem.belowUsage.body' },
  /** The fiscal year has no price table, so its charges cannot be worked out. */
  NO_PRICES: { status: 404, title: 'staff.problem.noPrices.title', body: 'staff.problem.noPrices.body' },
  /** A service booked in a plan has no price in the fiscal year. */
  NO_SERVICE_PRICE: {
    status: 409,
    title: 'staff.problem.noServicePrice.title',
    body: 'staff.problem.noServicePrice.body',
  },
  BAD_REQUEST: { status: 400, title: 'error.badRequest.title', body: 'error.badRequest.body' },
  /** A value a route's schema refused and the route did not answer itself (a bare `.parse`). */
  INVALID_INPUT: { status: 400, title: 'error.invalidInput.title', body: 'error.invalidInput.body' },
  /** A control character in a field, refused at the edge (plugins/input.ts); details.field names it. */
  CONTROL_CHARACTER: { status: 400, title: 'error.controlCharacter.title', body: 'error.controlCharacter.body' },
  /** Private key material in a field that takes no keys, refused at the edge and not kept. */
  PRIVATE_KEY: { status: 400, title: 'error.privateKey.title', body: 'error.privateKey.body' },
  UNAVAILABLE: { status: 503, title: 'error.unavailable.title', body: 'error.unavailable.body' },
  INTERNAL: { status: 500, title: 'error.server.title', body: 'error.server.body' },
} as const satisfies Record<string, { status: number; title: MessageKey; body: MessageKey }>;

export type ErrorCode = keyof typeof errorRegistry;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    public readonly code: ErrorCode,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.statusCode = errorRegistry[code].status;
  }
}

/** Maps anything thrown in a request to a registered code. */
export function classify(error: unknown): ErrorCode {
  if (error instanceof AppError) return error.code;
  if (error instanceof ZodError) return 'INVALID_INPUT';
  if (isDatabaseUnavailable(error)) return 'UNAVAILABLE';
  const e = error as { code?: string; statusCode?: number };
  if (typeof e.code === 'string' && e.code.startsWith('FST_CSRF')) return 'CSRF_TOKEN';
  const status = e.statusCode ?? 500;
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'TOO_MANY_REQUESTS';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}
