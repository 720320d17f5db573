// What every change an account holder makes needs besides itself: the security
// mail to the holder and the audit entry, in the transaction of the change.

import type { Transaction } from 'kysely';
import { applicationContact } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import type { Account } from '../db/user-accounts.js';
import { formatCentreTime } from '../domain/notices.js';
import { isLang } from '../i18n/index.js';
import type { Outbox } from '../mail/outbox.js';
import type { AccountChange } from '../mail/templates/account.js';

export async function recordHolderChange(
  trx: Transaction<Database>,
  outbox: Outbox,
  account: Account,
  change: { mail: AccountChange; action: string; detail?: string; actor?: string },
): Promise<void> {
  const holder = await applicationContact(trx, account.application_id);
  const lang = isLang(holder.lang) ? holder.lang : 'ja';
  await outbox.enqueue(trx, {
    to: holder.email,
    lang,
    template: 'accountChanged',
    params: {
      account: account.uid,
      change: change.mail,
      ...(change.detail ? { detail: change.detail } : {}),
      at: formatCentreTime(new Date(), lang),
    },
  });
  await appendAudit(trx, {
    actor: change.actor ?? `account:${account.id}`,
    action: change.action,
    subject: `account:${account.id}`,
    details: change.detail ? { detail: change.detail } : {},
  });
}
