import { join } from 'node:path';
import { createFileMailer } from './file-mailer.js';
import type { Mailer } from './mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

export function createMailer(options: { smtpUrl?: string | undefined; dataDir: string }): Mailer {
  return options.smtpUrl ? createSmtpMailer(options.smtpUrl) : createFileMailer(join(options.dataDir, 'mail'));
}
