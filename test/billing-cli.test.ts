// `sc-account plans …` and `sc-account billing …` against a running server: prices set
// from a JSON file (refused fields named), the queue, a plan shown, decisions read
// with the version's rowVersion (an approval below what is in use held until
// --confirm-lower), and statements as text, JSON and CSV for accounting.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { centreDayOf, fiscalYearDays, fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import {
  groupStatementRecord,
  planRecord,
  type StatementListRecord,
  statementListCsv,
} from '../src/services/billing-records.js';
import { fileUsagePlan } from '../src/services/usage-plans.js';
import { useCaseDeps } from '../src/web/use-case-deps.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { givePgAccount, seedPlanGroup } from './helpers/plan-group.js';

const TB = 10 ** 12;

describe('sc-account plans and billing', () => {
  let app: TestApp;
  let dir: string;
  let env: Record<string, string>;
  const fy = fiscalYearOf(new Date());
  const today = centreDayOf(new Date());
  const { last } = fiscalYearDays(fy);

  before(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'warn' } });
    dir = mkdtempSync(join(tmpdir(), 'sc-billing-cli-'));
    // The command's own configuration: every user and group has 5 TB in use.
    env = {
      DATA_DIR: app.dataDir,
      QUOTA_USAGE_COMMAND: JSON.stringify(['/bin/echo', String(5 * TB), '{target}']),
    };
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it('sets and prints prices, naming each refused field', async () => {
    const prices = {
      fiscalYear: fy,
      startsOn: `${fy}-04-01`,
      gaFreeTenths: 300,
      storage: { ga: 40_000, pg: 60_000, archive: 10_000 },
      taxPercent: 10,
    };
    const missing = await runCli(['billing', 'prices', String(fy)], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, new RegExp(`Fiscal year ${fy} has no prices`));
    const notApril = await runCli(
      ['billing', 'prices', 'set', '--file', file('may.json', { ...prices, startsOn: `${fy}-05-01` })],
      env,
    );
    assert.equal(notApril.code, 1);
    assert.equal(
      notApril.stderr,
      'Prices not set:\n  startsOn: the first prices of a fiscal year start on its April 1\n',
    );
    const wrong = await runCli(
      ['billing', 'prices', 'set', '--file', file('wrong.json', { ...prices, taxPercent: -1, storage: {} })],
      env,
    );
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^Prices not set:\n {2}storage\.ga: .+\n[\s\S]*\n {2}taxPercent: /);
    const notJson = await runCli(['billing', 'prices', 'set', '--file', join(dir, 'none.json')], env);
    assert.equal(notJson.code, 64);
    const set = await runCli(['billing', 'prices', 'set', '--file', file('prices.json', prices)], env);
    assert.equal(set.code, 0, set.stderr);
    const shown = await runCli(['billing', 'prices', String(fy)], env);
    assert.match(
      shown.stdout,
      /from \d{4}-04-01: GA 40,000 yen, PG 60,000 yen, archive 10,000 yen per 10 TB a year; tax 10 %/,
    );
    assert.match(shown.stdout, /free GA storage 30 TB per responsible person/);
  });

  it('lists, shows and decides plans; prints statements as text, JSON and CSV', async () => {
    const [person, user] = await seedPlanGroup(app.server.database, 'cli-lab', 2, `${fy}-04-01`);
    assert.ok(person && user);
    // A group already using PG may ask for PG storage while new PG use is closed.
    await givePgAccount(app.server.database, 'cli-lab', user);
    const deps = useCaseDeps(app.server.app);
    const storage = (gaTenths: number) => [
      { scope: 'user' as const, subject: user.uid, kind: 'ga' as const, tenths: gaTenths },
      { scope: 'user' as const, subject: user.uid, kind: 'pg' as const, tenths: 150 },
    ];
    assert.equal((await runCli(['plans', 'large-scale', 'cli-lab', 'maybe'], env)).code, 64);
    assert.equal((await runCli(['plans', 'large-scale', 'no-such-lab', 'on'], env)).code, 1);
    const marked = await runCli(['plans', 'large-scale', 'cli-lab', 'on'], env);
    assert.equal(marked.code, 0, marked.stderr);
    const filed = await fileUsagePlan(deps, person.id, 'cli-lab', {
      purpose: 'Variant calling',
      from: today,
      to: last,
      storage: storage(200),
    });
    assert.ok(filed.ok, JSON.stringify(filed));
    const id = String(filed.version.id);

    const listed = await runCli(['plans', 'list'], env);
    assert.match(
      listed.stdout,
      new RegExp(`^ +${id} +cli-lab +version 1 +submitted +FY${fy} .*large-scale\\n1 in state submitted\\.\\n$`),
    );
    assert.equal((await runCli(['plans', 'list', '--state', 'nonsense'], env)).code, 64);
    const plan = planRecord.parse(JSON.parse((await runCli(['plans', 'show', 'cli-lab'], env)).stdout));
    assert.deepEqual([plan.largeScale, plan.versions[0]?.state], [true, 'submitted']);
    assert.equal((await runCli(['plans', 'show', 'no-such-lab'], env)).code, 1);

    assert.equal((await runCli(['plans', 'decide', id, '--approve', '--reject', 'no'], env)).code, 64);
    const noMessage = await runCli(['plans', 'decide', id, '--changes', ''], env);
    assert.equal(noMessage.code, 1);
    assert.match(noMessage.stderr, /^Not decided: asking for changes or refusing needs a message/);
    const approved = await runCli(['plans', 'decide', id, '--approve'], env);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, new RegExp(`^Version 1 of cli-lab’s plan \\(id ${id}\\) is approved\\.\n$`));
    const again = await runCli(['plans', 'decide', id, '--reject', 'Too much'], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is approved, not waiting for staff/);

    const lower = await fileUsagePlan(deps, person.id, 'cli-lab', {
      purpose: 'Variant calling',
      from: today,
      to: last,
      storage: storage(20),
    });
    assert.ok(lower.ok);
    const held = await runCli(['plans', 'decide', String(lower.version.id), '--approve'], env);
    assert.equal(held.code, 1);
    assert.match(held.stderr, new RegExp(`\\n {2}user ${user.uid} ga: 20 TB → 2 TB, 5 TB in use\\n`));
    assert.match(held.stderr, /--confirm-lower/);
    const confirmed = await runCli(['plans', 'decide', String(lower.version.id), '--approve', '--confirm-lower'], env);
    assert.equal(confirmed.code, 0, confirmed.stderr);
    const audit = await app.server.database.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'usage_plan.approved')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.actor),
      ['cli', 'cli'],
    );

    // The statement: 15 TB of PG is two blocks from today; GA stays within the free 30 TB.
    const json = await runCli(['billing', 'statement', String(fy), 'cli-lab', '--json'], env);
    const statement = groupStatementRecord.parse(JSON.parse(json.stdout));
    const pg = statement.statement.lines.find((l) => l.item.type === 'storage' && l.item.kind === 'pg');
    assert.ok(pg && pg.amount > 0);
    const text = await runCli(['billing', 'statement', String(fy), 'cli-lab'], env);
    assert.match(text.stdout, new RegExp(`^cli-lab, fiscal year ${fy}:\\n`));
    assert.match(
      text.stdout,
      new RegExp(
        `storage pg +${today} to ${last} +15 TB  2 × 60,000 yen × ${pg.days}/${pg.daysInYear} = ${pg.exact} → ${pg.amount.toLocaleString('en-US')} yen`,
      ),
    );
    assert.match(text.stdout, /\(free allowance\)/);
    const lines = (await runCli(['billing', 'statement', String(fy), 'cli-lab', '--csv'], env)).stdout
      .trim()
      .split('\n');
    assert.equal(
      lines[0],
      'fiscal_year,group,item,from,to,days,days_in_year,quantity,unit,free_tb,charged_units,rate_yen,tax_percent,exact_yen,amount_yen,rounded_up,zero_reason,share_quantity,share_of,bundle_amount_yen',
    );
    assert.ok(
      lines.includes(
        `${fy},cli-lab,storage:pg,${today},${last},${pg.days},${pg.daysInYear},15,TB,0,2,60000,10,${pg.exact},${pg.amount},${pg.roundedUp ? 1 : 0},,,,`,
      ),
    );
    const list = (await runCli(['billing', 'statement', String(fy), '--csv'], env)).stdout.trim().split('\n');
    assert.equal(
      list[0],
      'fiscal_year,group,bundle,subtotal_yen,tax_yen,total_yen,ga_yen,pg_yen,archive_yen,services_yen',
    );
    const { subtotal, tax, total } = statement.statement;
    assert.ok(list.includes(`${fy},cli-lab,,${subtotal},${tax},${total},0,${pg.amount},0,0`), list.join('\n'));

    const none = await runCli(['billing', 'statement', String(fy + 5)], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /the fiscal year has no prices/);
    assert.equal((await runCli(['billing', 'statement', String(fy), 'no-such-lab'], env)).code, 1);
    assert.equal((await runCli(['billing', 'statement', 'soon'], env)).code, 64);
  });

  it('keeps a cell that starts like a formula as text in the accounting CSV', () => {
    const statement = { fiscalYear: fy, lines: [], taxes: [], subtotal: 0, tax: 0, total: 0 };
    const list: StatementListRecord = {
      fiscalYear: fy,
      items: [
        {
          group: '=HYPERLINK("https://evil.example")',
          statement,
          bundle: { secondaryGroup: '@SUM(A1)', members: [], statement },
        },
      ],
    };
    const row = statementListCsv(list).trim().split('\n')[1];
    assert.equal(row, `${fy},"'=HYPERLINK(""https://evil.example"")",'@SUM(A1),0,0,0,0,0,0,0`);
  });
});
