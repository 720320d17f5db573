// pino with redaction: cookies, authorization headers, passwords, tokens and secrets
// are replaced before a line is written, at any of the first levels of nesting.
import pino, { type Logger, type LoggerOptions } from 'pino';

const sensitiveKeys = [
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
];

const prefixes = ['', '*.', '*.*.', '*.*.*.'];

export const redactPaths = [
  ...prefixes.flatMap((p) => sensitiveKeys.map((k) => (/^[A-Za-z_]\w*$/.test(k) ? `${p}${k}` : `${p}["${k}"]`))),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

/** Query parameters whose values never reach a log line. */
const secretParam = /token|code|key|secret|password|session/i;

/** A request URL for the log: path kept, secret-looking query values replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of [...params.keys()]) if (secretParam.test(name)) params.set(name, '[Redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[Redacted]' },
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
