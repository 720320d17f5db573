// pino with redaction: values under keys such as password, token, secret, cookie or
// authorization are replaced, at any depth of plain objects, before a line is
// written. Done in the log formatter rather than with pino's `redact` paths: wildcard
// paths are applied to every child logger's bindings, and Fastify makes a child
// logger per request, which cost a tenth of the home page's throughput.
import pino, { type Logger, type LoggerOptions } from 'pino';

const sensitiveKeys = new Set(
  [
    'password',
    'newPassword',
    'currentPassword',
    'password_confirm',
    'passwordConfirm',
    'token',
    'secret',
    'sessionSecret',
    'authorization',
    'cookie',
    'set-cookie',
    '_csrf',
    'totp',
    'otp',
    'recoveryCode',
    'recoveryCodes',
    'privateKey',
    'databaseUrl',
    'smtpUrl',
  ].map((k) => k.toLowerCase()),
);

const CENSOR = '[Redacted]';

/** A record of data: made by `{}`, Object.create(null), or a null-prototype constructor (parsed form bodies). */
const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * A copy of `value` with sensitive keys censored, through plain objects and arrays.
 * Other objects (errors, requests) are left to pino's serializers.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = sensitiveKeys.has(key.toLowerCase()) ? CENSOR : redact(v, depth + 1);
  }
  return out;
}

/** Query parameters whose values never reach a log line. */
const secretParam = /token|code|key|secret|password|session/i;

/** A request URL for the log: path kept, secret-looking query values replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of [...params.keys()]) if (secretParam.test(name)) params.set(name, CENSOR);
  return `${url.slice(0, q)}?${params.toString()}`;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    formatters: { log: (object) => redact(object) as Record<string, unknown> },
    serializers: {
      req(req: { method: string; url: string; id?: string; ip?: string }) {
        return { method: req.method, url: redactUrl(req.url), id: req.id, ip: req.ip };
      },
    },
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
export type { Logger };
