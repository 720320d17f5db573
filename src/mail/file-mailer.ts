// The default mailer without SMTP_URL: each message becomes one .eml file under
// DATA_DIR/mail, built by nodemailer (real MIME) and written atomically. The file
// name comes from the queue time and the Message-ID, both fixed when the message was
// queued, so sending the same message twice writes one file.
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { type Mailer, type MailMessage, toNodemailer } from './mailer.js';

export function createFileMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'file',
    async send(message: MailMessage) {
      await mkdir(dir, { recursive: true });
      const info = await transport.sendMail(toNodemailer(message));
      const id = createHash('sha256').update(message.messageId).digest('hex').slice(0, 16);
      const stamp = message.date.replace(/[:.]/g, '-');
      const file = join(dir, `${stamp}-${id}.eml`);
      const tmp = join(dir, `.${id}.tmp`);
      await writeFile(tmp, info.message as Buffer, { mode: 0o600 });
      await rename(tmp, file);
    },
    async verify() {
      try {
        await mkdir(dir, { recursive: true });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      transport.close();
    },
  };
}
