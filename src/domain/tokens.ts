// The random tokens of links and sessions (e-mail verification, pledge and enrolment
// links, sessions): 192 bits from the CSPRNG, given out once, kept only as SHA-256.

import { createHash, randomBytes } from 'node:crypto';

/** What the database keeps of a token: its SHA-256, hex. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** 24 random bytes from the CSPRNG, base64url: 192 bits. */
export const newToken = (): string => randomBytes(24).toString('base64url');
