// Whether an error means "the database cannot be reached right now" (a restart, a
// failover, a connection dropped by the server or the network), as opposed to a
// mistake in a statement. Such errors are answered with "service unavailable" and a
// Retry-After, and background work tries again later; the process carries on.

/** SQLSTATEs of a server that is going away, starting, refusing connections, or cannot write for now. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast or immediate shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '53100', // disk_full: nothing can be written until space is made
  '25006', // read_only_sql_transaction: a standby, or a primary being switched over
]);

/** System errors of a connection that could not be made or was cut. */
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What `pg` and its pool say when a connection is lost or cannot be had. */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, syscall, message } = e as { code?: unknown; syscall?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return true;
      if (NETWORK_ERRORS.has(code)) return true;
      // A Unix socket whose server is not there (yet).
      if (code === 'ENOENT' && syscall === 'connect') return true;
    }
    if (typeof message === 'string' && DRIVER_MESSAGES.some((m) => message.startsWith(m))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
