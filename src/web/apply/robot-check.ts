// The anti-robot check of the application's last step: a self-hosted proof of work
// (ALTCHA, made and verified with altcha-lib; no third-party service). The check
// page carries a signed challenge bound to the application; the browser's script
// (public/js/altcha.js, bundled from src/web/client/altcha.ts) solves it and puts
// the solution in a hidden field. Without JavaScript the field stays empty and the
// verified e-mail address, the honeypot field and the rate limits stand in.
import { createHmac } from 'node:crypto';
import { type Challenge, createChallenge, randomInt, type Solution, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { z } from 'zod';

/**
 * PBKDF2-SHA-256 at 100 iterations per try, and the answer somewhere in the first
 * 2,000–5,000 counters: about half a second in a browser, and nothing for the
 * server, which knows the answer's signature (altcha-lib's deterministic mode).
 */
const COST = 100;
const COUNTER_MIN = 2_000;
const COUNTER_MAX = 5_000;
const LIFETIME_MS = 2 * 3600 * 1000;

const payloadSchema = z.object({
  challenge: z.object({
    parameters: z.object({
      algorithm: z.string().max(32),
      nonce: z.string().max(256),
      salt: z.string().max(256),
      cost: z.number().int().positive().max(1_000_000),
      keyLength: z.number().int().positive().max(64),
      keyPrefix: z.string().max(128),
      keySignature: z.string().max(256).optional(),
      expiresAt: z.number().optional(),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    }),
    signature: z.string().max(256).optional(),
  }),
  solution: z.object({
    counter: z.number().int().nonnegative(),
    derivedKey: z.string().max(256),
    time: z.number().optional(),
  }),
});

export interface RobotCheck {
  /** A challenge for this application, to put in the page. */
  challenge(applicationId: number): Promise<Challenge>;
  /**
   * `absent` when the form came without a solution (JavaScript off), `passed` or
   * `failed` otherwise.
   */
  verify(field: string, applicationId: number): Promise<'absent' | 'passed' | 'failed'>;
}

export function robotCheck(sessionSecret: string): RobotCheck {
  // Keys of their own, derived from the instance's secret: no extra setting to manage.
  const key = (label: string) => createHmac('sha256', sessionSecret).update(`altcha:${label}`).digest('base64url');
  const hmacSignatureSecret = key('challenge');
  const hmacKeySignatureSecret = key('derived-key');
  return {
    challenge: (applicationId) =>
      createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: COST,
        counter: randomInt(COUNTER_MAX, COUNTER_MIN),
        deriveKey,
        data: { application: applicationId },
        expiresAt: new Date(Date.now() + LIFETIME_MS),
        hmacSignatureSecret,
        hmacKeySignatureSecret,
      }),
    async verify(field, applicationId) {
      if (field.trim() === '') return 'absent';
      if (field.length > 4096) return 'failed';
      let payload: z.infer<typeof payloadSchema>;
      try {
        payload = payloadSchema.parse(JSON.parse(Buffer.from(field, 'base64').toString('utf8')));
      } catch {
        return 'failed';
      }
      // A solution made for another application (or a forged one) does not count.
      if (payload.challenge.parameters.data?.application !== applicationId) return 'failed';
      try {
        const result = await verifySolution({
          challenge: payload.challenge as Challenge,
          solution: payload.solution as Solution,
          deriveKey,
          hmacSignatureSecret,
          hmacKeySignatureSecret,
        });
        return result.verified ? 'passed' : 'failed';
      } catch {
        return 'failed';
      }
    },
  };
}
