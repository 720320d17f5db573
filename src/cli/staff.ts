import { verifyAudit } from '../db/audit.js';
import type { DatabaseHandle } from '../db/database.js';
import { findStaffByEmail, listStaff } from '../db/staff.js';
import { checkEmail } from '../domain/email-address.js';
import { isStaffRole, staffRoles } from '../domain/staff.js';
import { normaliseText } from '../domain/text.js';
import { createStaffMember, resetStaffMember, setStaffMemberDisabled } from '../services/staff.js';
import { type Command, type Context, command, UsageError, usageLine } from './command.js';

const emailOption = { email: { type: 'string' } } as const;

/** The staff account named by --email, or a usage error. */
async function namedStaff(d: DatabaseHandle, email: string | undefined, c: Command) {
  const address = email?.trim() ?? '';
  if (!address) throw new UsageError(`${c.words.join(' ')} needs --email`, usageLine(c));
  const staff = await findStaffByEmail(d.db, address);
  if (!staff) throw new UsageError(`no staff account for ${address}`);
  return staff;
}

const create = command({
  words: ['staff', 'create'],
  synopsis: `--email ADDRESS --role ${staffRoles.join('|')} [--name NAME]`,
  description: 'Make a staff account; prints its one-time enrolment link (72 h).',
  options: { ...emailOption, role: { type: 'string' }, name: { type: 'string' } },
  async run({ values, context }) {
    const checked = checkEmail(values.email?.trim() ?? '', { freeMailDomains: [] });
    if (!checked.ok || !('address' in checked)) {
      throw new UsageError('staff create needs --email with an e-mail address', usageLine(create));
    }
    if (!isStaffRole(values.role))
      throw new UsageError(`staff create needs --role ${staffRoles.join('|')}`, usageLine(create));
    const role = values.role;
    const name = normaliseText(values.name ?? checked.address.split('@')[0] ?? '').slice(0, 200);
    const config = context.config();
    return context.withDatabase(async (d) => {
      if (await findStaffByEmail(d.db, checked.address)) {
        throw new UsageError(`${checked.address} already has a staff account`);
      }
      const { staff, enrolmentUrl: link } = await createStaffMember(
        d.db,
        'cli',
        { email: checked.address, name, role },
        config.baseUrl,
      );
      context.io.out(
        `Created staff account ${staff.id} (${role}). Send this one-time link to the person; it is valid for 72 hours:\n${link}\n`,
      );
      return 0;
    });
  },
});

const reset = command({
  words: ['staff', 'reset'],
  synopsis: '--email ADDRESS',
  description:
    'New enrolment link: password, authenticator and recovery codes are set again; the old ones stop working.',
  options: emailOption,
  async run({ values, context }) {
    const config = context.config();
    return context.withDatabase(async (d) => {
      const staff = await namedStaff(d, values.email, reset);
      const link = await resetStaffMember(d.db, 'cli', staff.id, config.baseUrl);
      context.io.out(`Reset. New one-time enrolment link (72 hours):\n${link}\n`);
      return 0;
    });
  },
});

const enableOrDisable = (action: 'enable' | 'disable') => {
  const c: Command<typeof emailOption> = command({
    words: ['staff', action],
    synopsis: '--email ADDRESS',
    description:
      action === 'disable'
        ? 'Stop a staff account from signing in; its sessions end at once.'
        : 'Let a disabled staff account sign in again.',
    options: emailOption,
    async run({ values, context }: { values: { email?: string | undefined }; context: Context }) {
      return context.withDatabase(async (d) => {
        const staff = await namedStaff(d, values.email, c);
        await setStaffMemberDisabled(d.db, 'cli', staff.id, action === 'disable');
        context.io.out(`Staff account ${staff.id} ${action}d.\n`);
        return 0;
      });
    },
  });
  return c;
};

const list = command({
  words: ['staff', 'list'],
  synopsis: '',
  description: 'Staff accounts with role and state.',
  options: {},
  async run({ context }) {
    return context.withDatabase(async (d) => {
      const all = await listStaff(d.db);
      context.io.out(`${all.length} staff accounts:\n`);
      for (const s of all) {
        const state = s.disabled_at ? 'disabled' : s.enrolled_at ? 'active' : 'enrolment pending';
        context.io.out(
          `  ${String(s.id).padStart(4)}  ${s.role.padEnd(8)}  ${state.padEnd(17)}  ${s.email}  ${s.name}\n`,
        );
      }
      return 0;
    });
  },
});

export const staffCommands = [create, reset, enableOrDisable('disable'), enableOrDisable('enable'), list];

export const auditCommands = [
  command({
    words: ['audit', 'verify'],
    synopsis: '',
    description: "Check the audit log's hash chain; names the first broken entry (exit 1).",
    options: {},
    async run({ context }) {
      return context.withDatabase(async (d) => {
        const result = await verifyAudit(d.db);
        if (result.brokenAt !== undefined) {
          context.io.out(
            `The audit log is broken at entry ${result.brokenAt}: its hash does not follow from the ${result.entries} entries before it.\n`,
          );
          return 1;
        }
        context.io.out(`The audit log is whole: ${result.entries} entries, every hash follows from the one before.\n`);
        return 0;
      });
    },
  }),
];
