// `sc-account renewal …`: the fiscal-year renewal for operators. `status` prints the
// calendar of a fiscal year and how many holders stand where; `deletions` prints the
// home directories listed for deletion (or CSV with --csv) for scripts that act on them.
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { homeDeletions, renewalOverview } from '../db/renewal.js';
import { calendarLookup } from '../db/settings.js';
import { deletionAt, lockAt, lockedThrough, renewalOpensAt } from '../domain/fiscal-calendar.js';
import { formatCentreInput } from '../domain/notices.js';
import { homeDirectory } from '../domain/provisioning.js';
import { renewalStandings } from '../domain/renewal.js';
import { neutraliseCell } from '../domain/spreadsheet-cell.js';

export const renewalHelp = `  renewal status [--year FY]
                          The renewal calendar of a fiscal year (default: the one
                          renewing now) and how many holders renewed, are due, wait
                          for staff, are locked or listed for deletion.
  renewal deletions [--year FY] [--csv]
                          The home directories listed for deletion on July 1, with
                          their state (listed, done, failed, cancelled).
`;

const usage = 'usage: sc-account renewal status|deletions [--year FY] [--csv]';

export async function renewalCommand(
  argv: string[],
  config: Config,
  out: (s: string) => void,
  Usage: new (message: string) => Error,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    options: { year: { type: 'string' }, csv: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const action = positionals[0];
  if ((action !== 'status' && action !== 'deletions') || positionals.length > 1) throw new Usage(usage);
  if (values.year !== undefined && !/^20\d\d$/.test(values.year)) throw new Usage('--year: a fiscal year like 2027');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const db = database.db;
    await migrateToLatest(db);
    const calendar = await calendarLookup(db, config.renewal.opensOn);
    const now = new Date();
    const through = lockedThrough(now, calendar);
    const year = values.year
      ? Number(values.year)
      : now >= renewalOpensAt(calendar(through + 1))
        ? through + 1
        : through;
    if (action === 'status') {
      const c = calendar(year);
      out(`Fiscal year ${year} (times in Asia/Tokyo)\n`);
      out(`  renewal opens      ${formatCentreInput(renewalOpensAt(c))}\n`);
      out(`  lock               ${formatCentreInput(lockAt(c))}\n`);
      out(`  deletion list      ${formatCentreInput(deletionAt(c))}\n`);
      const rows = await renewalOverview(db, year);
      out(`Holders: ${rows.length}\n`);
      for (const s of renewalStandings) out(`  ${s.padEnd(18)} ${rows.filter((r) => r.standing === s).length}\n`);
      return 0;
    }
    const rows = await homeDeletions(db, year);
    if (values.csv) {
      out(
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
    out(`${rows.length} home directories listed for deletion in fiscal year ${year}:\n`);
    for (const r of rows) out(`  ${r.division} ${homeDirectory(r.uid).padEnd(24)} ${r.state}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
