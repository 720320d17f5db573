// Tokens of the REST API (/api/v1): a staff member makes them for themselves, an
// administrator also for a named service account (the centre's monitoring, its
// allocation scripts). A token carries scopes from the staff permission table, lives
// at most a year, is shown once and kept only as its SHA-256 (domain/tokens.ts), and is
// accepted only in the Authorization header. Pure: no I/O.
import { can, type StaffAction, type StaffRole, staffPermissions } from './staff.js';
import { newToken } from './tokens.js';

export const apiScopes = Object.keys(staffPermissions) as StaffAction[];
export const isApiScope = (v: unknown): v is StaffAction => apiScopes.includes(v as StaffAction);

/** A token lives at most this many days. */
export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_DEFAULT_DAYS = 90;

/** What a token looks like: a fixed prefix (so secret scanners and logs can tell it) and 192 random bits. */
export const API_TOKEN_PREFIX = 'sca_';
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${newToken()}`;
export const looksLikeApiToken = (v: string): boolean => /^sca_[A-Za-z0-9_-]{32}$/.test(v);

/** Who a token acts for: a staff member (bounded by their role) or a service account (scopes as given). */
export type ApiTokenOwner = { kind: 'staff'; staffId: number; role: StaffRole } | { kind: 'service'; name: string };

/** A service account's name: lower-case words with dashes, like a host or a unit name. */
export const isServiceAccountName = (v: string): boolean => /^[a-z][a-z0-9-]{1,39}$/.test(v);

/**
 * The scopes a token may have: a staff member's only those their role allows, now and
 * at each use (a role lowered later narrows their tokens at once).
 */
export function allowedScopes(owner: ApiTokenOwner, scopes: readonly StaffAction[]): StaffAction[] {
  return owner.kind === 'service' ? [...scopes] : scopes.filter((s) => can(owner.role, s));
}

export type ApiTokenProblem = 'NO_SCOPES' | 'SCOPE_NOT_ALLOWED' | 'LIFETIME' | 'NAME' | 'SERVICE_NAME';

/** Checks a new token's request; undefined when it may be made. */
export function checkNewApiToken(input: {
  owner: ApiTokenOwner;
  name: string;
  scopes: readonly StaffAction[];
  days: number;
}): ApiTokenProblem | undefined {
  if (input.name.length < 1 || input.name.length > 100) return 'NAME';
  if (input.owner.kind === 'service' && !isServiceAccountName(input.owner.name)) return 'SERVICE_NAME';
  if (input.scopes.length === 0) return 'NO_SCOPES';
  if (allowedScopes(input.owner, input.scopes).length !== input.scopes.length) return 'SCOPE_NOT_ALLOWED';
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > API_TOKEN_MAX_DAYS) return 'LIFETIME';
  return undefined;
}
