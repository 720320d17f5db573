// What the use cases (src/services) need from the running app, in one object that
// fits each service's deps: the database, the outbox, the addresses mails link to,
// the settings they read, the worker's wake-up for the jobs they queue, the quota
// setter (how much is in use), the clock and the free-mail domains.
import type { FastifyInstance } from 'fastify';
import { freeMailDomains } from '../db/applications.js';

export function useCaseDeps(app: FastifyInstance) {
  const { database, outbox, config, pokeJobs, quota, now } = app.deps;
  return {
    db: database.db,
    outbox,
    baseUrl: config.baseUrl,
    contactEmail: config.contactEmail,
    renewalOpensOn: config.renewal.opensOn,
    reviewResponseDays: config.reviewResponseDays,
    pokeJobs,
    quota,
    now,
    /** The free-mail domains an address needs a reason for (the list staff keep). */
    freeMailDomains: () => freeMailDomains(database.db),
  };
}
