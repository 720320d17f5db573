// `sc-account staff …` and `sc-account audit …`: staff accounts (created with a
// one-time enrolment link; staff are not directory users) and the audit log's check.
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { appendAudit, verifyAudit } from '../db/audit.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createStaff, findStaffByEmail, insertEnrolment, listStaff } from '../db/staff.js';
import { checkEmail } from '../domain/email-address.js';
import { isStaffRole, STAFF_ENROLMENT_LIFETIME_MS, staffRoles } from '../domain/staff.js';
import { normaliseText } from '../domain/text.js';
import { hashToken, newToken } from '../web/sessions.js';

export const staffHelp = `  staff create --email ADDRESS --role reviewer|approver|admin [--name NAME]
                          Make a staff account; prints its one-time enrolment link (72 h).
  staff reset --email ADDRESS
                          New enrolment link: password, authenticator and recovery codes
                          are set again; the old ones stop working.
  staff disable --email ADDRESS | staff enable --email ADDRESS
  staff list              Staff accounts with role and state.
  audit verify            Check the audit log's hash chain; names the first broken entry.
`;

async function withDb<T>(config: Config, fn: (d: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function enrolmentLink(d: DatabaseHandle, config: Config, staffId: number): Promise<string> {
  const token = newToken();
  await d.db.transaction().execute(async (trx) => {
    await insertEnrolment(trx, {
      staffId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + STAFF_ENROLMENT_LIFETIME_MS),
    });
    await appendAudit(trx, { actor: 'cli', action: 'staff.enrolment_link', subject: `staff:${staffId}` });
  });
  return new URL(`/staff/enrol?token=${encodeURIComponent(token)}`, config.baseUrl).toString();
}

export async function staffCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: new (message: string) => Error,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
  });
  const [action] = positionals;
  const email = values.email?.trim() ?? '';
  switch (action) {
    case 'create': {
      const checked = checkEmail(email, { freeMailDomains: [] });
      if (!checked.ok || !('address' in checked)) throw new Usage('staff create needs --email with an e-mail address');
      if (!isStaffRole(values.role)) throw new Usage(`staff create needs --role ${staffRoles.join('|')}`);
      const role = values.role;
      const name = normaliseText(values.name ?? checked.address.split('@')[0] ?? '').slice(0, 200);
      return withDb(config, async (d) => {
        if (await findStaffByEmail(d.db, checked.address))
          throw new Usage(`${checked.address} already has a staff account`);
        const staff = await d.db.transaction().execute(async (trx) => {
          const s = await createStaff(trx, { email: checked.address, name, role });
          await appendAudit(trx, {
            actor: 'cli',
            action: 'staff.created',
            subject: `staff:${s.id}`,
            details: { role },
          });
          return s;
        });
        const link = await enrolmentLink(d, config, staff.id);
        out(
          `Created staff account ${staff.id} (${role}). Send this one-time link to the person; it is valid for 72 hours:\n${link}\n`,
        );
        return 0;
      });
    }
    case 'reset':
    case 'disable':
    case 'enable': {
      if (!email) throw new Usage(`staff ${action} needs --email`);
      return withDb(config, async (d) => {
        const staff = await findStaffByEmail(d.db, email);
        if (!staff) throw new Usage(`no staff account for ${email}`);
        if (action === 'reset') {
          await d.db.transaction().execute(async (trx) => {
            await trx
              .updateTable('staff')
              .set({ password_hash: null, totp_secret: null, totp_last_step: null, enrolled_at: null })
              .where('id', '=', staff.id)
              .execute();
            await trx.deleteFrom('staff_recovery_code').where('staff_id', '=', staff.id).execute();
            await trx
              .deleteFrom('session')
              .where('audience', 'in', ['staff', 'staff-mfa'])
              .where('subject', '=', String(staff.id))
              .execute();
            await appendAudit(trx, { actor: 'cli', action: 'staff.reset', subject: `staff:${staff.id}` });
          });
          out(`Reset. New one-time enrolment link (72 hours):\n${await enrolmentLink(d, config, staff.id)}\n`);
          return 0;
        }
        await d.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('staff')
            .set({ disabled_at: action === 'disable' ? new Date() : null })
            .where('id', '=', staff.id)
            .execute();
          if (action === 'disable') {
            await trx
              .deleteFrom('session')
              .where('audience', 'in', ['staff', 'staff-mfa'])
              .where('subject', '=', String(staff.id))
              .execute();
          }
          await appendAudit(trx, { actor: 'cli', action: `staff.${action}d`, subject: `staff:${staff.id}` });
        });
        out(`Staff account ${staff.id} ${action}d.\n`);
        return 0;
      });
    }
    case 'list':
      return withDb(config, async (d) => {
        const all = await listStaff(d.db);
        out(`${all.length} staff accounts:\n`);
        for (const s of all) {
          const state = s.disabled_at ? 'disabled' : s.enrolled_at ? 'active' : 'enrolment pending';
          out(`  ${String(s.id).padStart(4)}  ${s.role.padEnd(8)}  ${state.padEnd(17)}  ${s.email}  ${s.name}\n`);
        }
        return 0;
      });
    default:
      throw new Usage(
        'usage: sc-account staff create|reset|disable|enable|list [--email ADDRESS] [--role ROLE] [--name NAME]',
      );
  }
}

export async function auditCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: new (message: string) => Error,
): Promise<number> {
  if (argv[0] !== 'verify') throw new Usage('usage: sc-account audit verify');
  return withDb(config, async (d) => {
    const result = await verifyAudit(d.db);
    if (result.brokenAt !== undefined) {
      out(
        `The audit log is broken at entry ${result.brokenAt}: its hash does not follow from the ${result.entries} entries before it.\n`,
      );
      return 1;
    }
    out(`The audit log is whole: ${result.entries} entries, every hash follows from the one before.\n`);
    return 0;
  });
}
