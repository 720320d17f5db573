// What every API route file shares: the problem answers a route documents beside its
// own, and who a call acts as in the services.
import type { FastifyRequest } from 'fastify';
import { errorRegistry } from '../../services/errors.js';
import { problem } from './problems.js';

/** The problem answers a route may give besides its own: documented with each route. */
export const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((status) => [
      status,
      {
        description: Object.values(errorRegistry)
          .filter((e) => e.status === status)
          .map((e) => e.title)
          .join(', '),
        content: { 'application/problem+json': { schema: problem } },
      },
    ]),
  );

/** Who an API call acts as in the services: its token (`token:<id>`). */
export const actorOf = (request: FastifyRequest) => request.apiCaller?.actor ?? 'api';
