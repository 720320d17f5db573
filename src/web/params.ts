// Path parameters the routes share.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../services/errors.js';
import { rowId } from '../services/schemas.js';

/** The route's `:id` (or another parameter) as a row id; anything else is the 404 page. */
export function idParam(request: FastifyRequest, name = 'id'): number {
  const id = rowId.safeParse((request.params as Record<string, unknown>)[name]);
  if (!id.success) throw new AppError('NOT_FOUND');
  return id.data;
}
