// `sc-account renewal …`: the fiscal-year renewal for operators. `status` prints the
// calendar of a fiscal year and how many holders stand where; `deletions` prints the
// home directories listed for deletion (or CSV with --csv) for scripts that act on them.
import { stringify } from 'csv-stringify/sync';
import type { DatabaseHandle } from '../db/database.js';
import { homeDeletions, renewalOverview } from '../db/renewal.js';
import { calendarLookup } from '../db/settings.js';
import { deletionAt, lockAt, lockedThrough, renewalOpensAt } from '../domain/fiscal-calendar.js';
import { formatCentreInput } from '../domain/notices.js';
import { homeDirectory } from '../domain/provisioning.js';
import { renewalStandings } from '../domain/renewal.js';
import { neutraliseCell } from '../domain/spreadsheet-cell.js';
import { type Command, type Context, command, UsageError, usageLine } from './command.js';

const yearOption = { year: { type: 'string' } } as const;

function checkYear(year: string | undefined, c: Command): void {
  if (year !== undefined && !/^20\d\d$/.test(year))
    throw new UsageError('--year: a fiscal year like 2027', usageLine(c));
}

/** The fiscal year asked for, or the one renewing now (from January 4 the next one). */
async function chosenYear(db: DatabaseHandle['db'], context: Context, year: string | undefined) {
  const calendar = await calendarLookup(db, context.config().renewal.opensOn);
  const now = new Date();
  const through = lockedThrough(now, calendar);
  const fy = year ? Number(year) : now >= renewalOpensAt(calendar(through + 1)) ? through + 1 : through;
  return { fy, calendar };
}

const status = command({
  words: ['renewal', 'status'],
  synopsis: '[--year FY]',
  description:
    'The renewal calendar of a fiscal year (default: the one renewing now) and how many holders renewed, are due, wait for staff, are locked or listed for deletion.',
  options: yearOption,
  async run({ values, context }) {
    checkYear(values.year, status);
    return context.withDatabase(async ({ db }) => {
      const { fy, calendar } = await chosenYear(db, context, values.year);
      const out = context.io.out;
      const c = calendar(fy);
      out(`Fiscal year ${fy} (times in Asia/Tokyo)\n`);
      out(`  renewal opens      ${formatCentreInput(renewalOpensAt(c))}\n`);
      out(`  lock               ${formatCentreInput(lockAt(c))}\n`);
      out(`  deletion list      ${formatCentreInput(deletionAt(c))}\n`);
      const rows = await renewalOverview(db, fy);
      out(`Holders: ${rows.length}\n`);
      for (const s of renewalStandings) out(`  ${s.padEnd(18)} ${rows.filter((r) => r.standing === s).length}\n`);
      return 0;
    });
  },
});

const deletions = command({
  words: ['renewal', 'deletions'],
  synopsis: '[--year FY] [--csv]',
  description:
    'The home directories listed for deletion on July 1, with their state (listed, done, failed, cancelled); --csv for scripts.',
  options: { ...yearOption, csv: { type: 'boolean', default: false } },
  async run({ values, context }) {
    checkYear(values.year, deletions);
    return context.withDatabase(async ({ db }) => {
      const { fy } = await chosenYear(db, context, values.year);
      const rows = await homeDeletions(db, fy);
      if (values.csv) {
        context.io.out(
          stringify(
            rows.map((r) => ({
              account: r.uid,
              division: r.division,
              group: r.group_name,
              home: homeDirectory(r.uid),
              state: r.state,
              listed_at: r.listed_at.toISOString(),
              done_at: r.done_at?.toISOString() ?? '',
            })),
            { header: true, cast: { string: neutraliseCell } },
          ),
        );
        return 0;
      }
      context.io.out(`${rows.length} home directories listed for deletion in fiscal year ${fy}:\n`);
      for (const r of rows) context.io.out(`  ${r.division} ${homeDirectory(r.uid).padEnd(24)} ${r.state}\n`);
      return 0;
    });
  },
});

export const renewalCommands = [status, deletions];
