// Errors of the API as RFC 9457 problem details, from the one registry
// (services/errors.ts): the same code, status and message as the pages give.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { loweredQuotaRecord } from '../../services/billing-records.js';
import { AppError, type ErrorCode, errorRegistry } from '../../services/errors.js';

export const problem = z
  .object({
    type: z.string().describe('where the code is explained'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(errorRegistry) as [ErrorCode, ...ErrorCode[]]),
    instance: z.string().describe('the request id, to quote to the centre'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('for INVALID_INPUT: each value that was refused'),
    lowered: z
      .array(loweredQuotaRecord)
      .optional()
      .describe('for BELOW_USAGE: each quota the approval would set below what is in use'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problem>;

/** The problem for an error already classified. */
export function problemOf(request: FastifyRequest, code: ErrorCode, error: unknown, baseUrl: URL): Problem {
  const entry = errorRegistry[code];
  const details = error instanceof AppError ? error.details : {};
  const params = Object.fromEntries(
    Object.entries(details)
      .filter(([, v]) => typeof v !== 'object')
      .map(([k, v]) => [k, String(v)]),
  );
  // A schema's refusal (`validation`), or a service's (`details.errors`).
  const issues =
    (error as { validation?: { instancePath?: string; message?: string }[] }).validation ??
    (details.errors as { instancePath?: string; message?: string }[] | undefined);
  return {
    type: new URL(`/api/reference#problem-${code}`, baseUrl).toString(),
    title: request.t(entry.title),
    status: entry.status,
    detail: request.t(entry.body, params),
    code,
    instance: `urn:request:${request.id}`,
    ...(code === 'INVALID_INPUT' && Array.isArray(issues)
      ? {
          errors: issues.slice(0, 20).map((i) => ({
            path: String(i.instancePath ?? ''),
            message: String(i.message ?? ''),
          })),
        }
      : {}),
    ...(code === 'BELOW_USAGE' && Array.isArray(details.lowered)
      ? { lowered: details.lowered as Problem['lowered'] }
      : {}),
  };
}
