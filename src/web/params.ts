// Path parameters the routes share.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../services/errors.js';

/** A row id as the database keeps them (1 … 2³¹−1). */
export const rowId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** The route's `:id` (or another parameter) as a row id; anything else is the 404 page. */
export function idParam(request: FastifyRequest, name = 'id'): number {
  const id = rowId.safeParse((request.params as Record<string, unknown>)[name]);
  if (!id.success) throw new AppError('NOT_FOUND');
  return id.data;
}
