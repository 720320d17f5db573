// `sc-account plans …` and `sc-account billing …`: the staff queue of usage plan
// versions, a group's plan, staff decisions and the large-scale mark; the price table
// of a fiscal year and its revisions; the statements (text, JSON or CSV for
// accounting). The same use cases and records as the console and the API (actor
// `cli`); the quota jobs and mails a decision queues are run by the server's worker.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatabaseHandle } from '../db/database.js';
import { planStates } from '../domain/usage-plan.js';
import { createOutbox } from '../mail/outbox.js';
import { createQuotaSetter } from '../quota/quota-setter.js';
import {
  decisionMessageProblem,
  fiscalYearParam,
  type GroupStatementRecord,
  groupKnown,
  groupName,
  type PriceTableRecord,
  priceProblemText,
  readAllStatements,
  readGroupStatement,
  readPlan,
  readPlanQueue,
  readPlanVersion,
  readPriceTable,
  type StatementRecord,
  statementLinesCsv,
  statementListCsv,
} from '../services/billing-records.js';
import { priceRevisionInput, setPriceRevision } from '../services/prices.js';
import { rowId } from '../services/schemas.js';
import { decideUsagePlan, type LoweredQuota, setLargeScale } from '../services/usage-plans.js';
import { type Command, type Context, command, UsageError, usageLine } from './command.js';

const yen = (n: number) => `${n.toLocaleString('en-US')} yen`;
const tb = (bytes: number) => `${Number((bytes / 1e12).toFixed(3))} TB`;
const tenthsTb = (tenths: number) => `${tenths / 10} TB`;

function yearArg(value: string | undefined, c: Command): number {
  const year = fiscalYearParam.safeParse(value);
  if (!year.success) throw new UsageError(`not a fiscal year: ${value} (like 2026)`, usageLine(c));
  return year.data;
}

function groupArg(value: string | undefined, c: Command): string {
  const group = groupName.safeParse(value);
  if (!group.success) throw new UsageError(`not a UNIX group name: ${value}`, usageLine(c));
  return group.data;
}

/** What the usage plan use cases need on the command line: mails and quota jobs are queued for the server. */
function planDeps(context: Context, db: DatabaseHandle['db']) {
  const config = context.config();
  return {
    db,
    outbox: createOutbox({ from: config.mailFrom, baseUrl: config.baseUrl }),
    baseUrl: config.baseUrl,
    pokeJobs: () => {},
    quota: createQuotaSetter(config.provisioning.quotaCommand, config.provisioning.quotaUsageCommand),
  };
}

const noGroup = (context: Context, group: string) => {
  context.io.err(`No group ${group}: it has no GA accounts and no usage plan.\n`);
  return 1;
};

const list = command({
  words: ['plans', 'list'],
  synopsis: `[--state ${planStates.join('|')}] [--json]`,
  description: 'Usage plan versions in a state (by default those waiting for staff), oldest first.',
  options: { state: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, context }) {
    const state = values.state ?? 'submitted';
    if (!(planStates as readonly string[]).includes(state))
      throw new UsageError(`--state must be one of ${planStates.join(', ')}`, usageLine(list));
    return context.withDatabase(async (d) => {
      const queue = await readPlanQueue(d.db, state as (typeof planStates)[number]);
      if (values.json) {
        context.io.out(`${JSON.stringify(queue, null, 2)}\n`);
        return 0;
      }
      for (const v of queue.items)
        context.io.out(
          `  ${String(v.id).padStart(6)}  ${v.group.padEnd(20)}  version ${String(v.number).padEnd(3)}  ${v.state.padEnd(17)}  FY${v.fiscalYear}  sent ${v.filedAt.slice(0, 10)}${v.largeScale ? '  large-scale' : ''}\n`,
        );
      context.io.out(`${queue.items.length} in state ${state}.\n`);
      return 0;
    });
  },
});

const show = command({
  words: ['plans', 'show'],
  synopsis: 'GROUP',
  description:
    'A group’s usage plan with every version (newest first), its content and history, as JSON (the API’s UsagePlan).',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const group = groupArg(args[0], show);
    return context.withDatabase(async (d) => {
      const plan = await readPlan(d.db, group);
      if (!plan) return noGroup(context, group);
      context.io.out(`${JSON.stringify(plan, null, 2)}\n`);
      return 0;
    });
  },
});

const describeLowered = (l: LoweredQuota) =>
  `  ${l.scope} ${l.subject} ${l.kind}: ${tb(l.fromBytes)} → ${tb(l.toBytes)}, ${tb(l.usedBytes)} in use\n`;

const decide = command({
  words: ['plans', 'decide'],
  synopsis: 'VERSION_ID (--approve [--confirm-lower] | --changes MESSAGE | --reject MESSAGE)',
  description:
    'Approve a waiting usage plan version (its quotas are set by the server’s worker), ask the filer for changes, or refuse it; the filer is mailed. An approval that would set a quota below what is in use is held and lists them; --confirm-lower approves anyway.',
  options: {
    approve: { type: 'boolean' },
    changes: { type: 'string' },
    reject: { type: 'string' },
    'confirm-lower': { type: 'boolean' },
  },
  args: [1, 1],
  async run({ args, values, context }) {
    const id = rowId.safeParse(args[0]).data;
    if (id === undefined) throw new UsageError(`not a version id: ${args[0]}`, usageLine(decide));
    const chosen = [values.approve, values.changes !== undefined, values.reject !== undefined].filter(Boolean);
    if (chosen.length !== 1)
      throw new UsageError('plans decide needs one of --approve, --changes or --reject', usageLine(decide));
    const decision = values.approve ? 'approved' : values.changes !== undefined ? 'changes_requested' : 'rejected';
    return context.withDatabase(async (d) => {
      const version = await readPlanVersion(d.db, id);
      if (!version) {
        context.io.err(`No usage plan version ${id}.\n`);
        return 1;
      }
      const outcome = await decideUsagePlan(planDeps(context, d.db), 'cli', id, {
        rowVersion: version.rowVersion,
        decision,
        message: values.changes ?? values.reject ?? '',
        confirmLower: Boolean(values['confirm-lower']),
      });
      const name = `version ${version.number} of ${version.group}’s plan (id ${id})`;
      if (outcome.ok) {
        context.io.out(`V${name.slice(1)} is ${outcome.version.state}.\n`);
        return 0;
      }
      if (outcome.problem === 'BELOW_USAGE') {
        context.io.err(`Not approved: ${name} would set quotas below what is in use:\n`);
        for (const l of outcome.lowered) context.io.err(describeLowered(l));
        context.io.err('Approve again with --confirm-lower once the group knows.\n');
      } else if (outcome.problem === 'INVALID') context.io.err(`Not decided: ${decisionMessageProblem}.\n`);
      else if (outcome.problem === 'CONFLICT')
        context.io.err(`Not decided: ${name} is ${version.state}, not waiting for staff (or changed just now).\n`);
      else context.io.err(`No usage plan version ${id}.\n`);
      return 1;
    });
  },
});

const largeScale = command({
  words: ['plans', 'large-scale'],
  synopsis: 'GROUP on|off',
  description:
    'Mark a group as a large-scale GA user from before sc-account (it may then ask for more than 1 TB a user while new large-scale use is closed), or remove the mark.',
  options: {},
  args: [2, 2],
  async run({ args, context }) {
    const group = groupArg(args[0], largeScale);
    if (args[1] !== 'on' && args[1] !== 'off')
      throw new UsageError(`say on or off, not "${args[1]}"`, usageLine(largeScale));
    return context.withDatabase(async (d) => {
      if (!(await groupKnown(d.db, group))) return noGroup(context, group);
      await setLargeScale(planDeps(context, d.db), 'cli', group, args[1] === 'on');
      context.io.out(`${group} is ${args[1] === 'on' ? 'now' : 'no longer'} marked as a large-scale user.\n`);
      return 0;
    });
  },
});

function printPrices(context: Context, table: PriceTableRecord) {
  context.io.out(
    `Prices of fiscal year ${table.fiscalYear} (tax excluded; free GA storage ${tenthsTb(table.gaFreeTenths)} per responsible person):\n`,
  );
  for (const r of table.revisions) {
    const services = Object.entries(r.services).map(([code, price]) => `; ${code} ${yen(price)} a unit`);
    context.io.out(
      `  from ${r.startsOn}: GA ${yen(r.storage.ga)}, PG ${yen(r.storage.pg)}, archive ${yen(r.storage.archive)} per 10 TB a year${services.join('')}; tax ${r.taxPercent} %\n`,
    );
  }
}

const prices = command({
  words: ['billing', 'prices'],
  synopsis: 'FISCAL_YEAR [--json]',
  description: 'The price table of a fiscal year with its dated revisions.',
  options: { json: { type: 'boolean' } },
  args: [1, 1],
  async run({ args, values, context }) {
    const year = yearArg(args[0], prices);
    return context.withDatabase(async (d) => {
      const table = await readPriceTable(d.db, year);
      if (!table) {
        context.io.err(`Fiscal year ${year} has no prices (sc-account billing prices set).\n`);
        return 1;
      }
      if (values.json) context.io.out(`${JSON.stringify(table, null, 2)}\n`);
      else printPrices(context, table);
      return 0;
    });
  },
});

const setPrices = command({
  words: ['billing', 'prices', 'set'],
  synopsis: '--file JSON',
  description:
    'Set the prices of a fiscal year from a day on, from a JSON file like the API’s PriceRevision: {"fiscalYear", "startsOn", "gaFreeTenths", "storage": {"ga", "pg", "archive"}, "services": {code: yen}, "taxPercent"}. The first prices of a year start on its April 1; later revisions start today or later.',
  options: { file: { type: 'string' } },
  async run({ values, context }) {
    if (!values.file) throw new UsageError('billing prices set needs --file JSON', usageLine(setPrices));
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(resolve(context.io.cwd, values.file), 'utf8'));
    } catch (error) {
      throw new UsageError(`--file: ${(error as Error).message}`, usageLine(setPrices));
    }
    const refused = (problems: string[]) => {
      context.io.err(`Prices not set:\n${problems.map((p) => `  ${p}\n`).join('')}`);
      return 1;
    };
    const input = priceRevisionInput.safeParse(raw);
    if (!input.success)
      return refused(input.error.issues.map((i) => `${i.path.join('.') || '(the file)'}: ${i.message}`));
    return context.withDatabase(async (d) => {
      const outcome = await setPriceRevision({ db: d.db }, 'cli', input.data);
      if (!outcome.ok)
        return refused(Object.entries(outcome.fields).map(([f, why]) => `${f}: ${priceProblemText[why]}`));
      context.io.out(`Prices of fiscal year ${input.data.fiscalYear} set from ${input.data.startsOn}.\n`);
      printPrices(context, (await readPriceTable(d.db, input.data.fiscalYear)) as PriceTableRecord);
      return 0;
    });
  },
});

const billingProblem = {
  NOT_FOUND: 'no GA accounts and no usage plan',
  NO_PRICES: 'the fiscal year has no prices (sc-account billing prices set)',
  NO_SERVICE_PRICE: 'a service booked in the fiscal year has no price in it (sc-account billing prices set)',
};

function printStatement(context: Context, s: StatementRecord) {
  for (const l of s.lines) {
    const item = l.item.type === 'storage' ? `storage ${l.item.kind}` : `service ${l.item.code}`;
    const quantity = l.item.type === 'storage' ? tenthsTb(l.quantity) : `${l.quantity} units`;
    const how = l.zero
      ? `(${l.zero.replaceAll('_', ' ')})`
      : `${l.units} × ${yen(l.rate)} × ${l.days}/${l.daysInYear} = ${l.exact}`;
    context.io.out(`  ${item.padEnd(20)} ${l.from} to ${l.to}  ${quantity.padStart(10)}  ${how} → ${yen(l.amount)}\n`);
  }
  const taxes = s.taxes.map((t) => `${t.taxPercent} %`).join(', ');
  context.io.out(
    `  Subtotal ${yen(s.subtotal)}, tax ${yen(s.tax)}${taxes ? ` (${taxes})` : ''}, total ${yen(s.total)}\n`,
  );
}

function printGroupStatement(context: Context, g: GroupStatementRecord) {
  const bundle = g.bundle ? `, charged with ${g.bundle.members.join(', ')} (${g.bundle.secondaryGroup})` : '';
  context.io.out(`${g.group}, fiscal year ${g.statement.fiscalYear}${bundle}:\n`);
  printStatement(context, g.statement);
}

const statement = command({
  words: ['billing', 'statement'],
  synopsis: 'FISCAL_YEAR [GROUP] [--csv | --json]',
  description:
    'The statement of one group for a fiscal year (its lines; with --csv one row a line), or without GROUP every group’s (with --csv the list for accounting: one row a group with its bundle, subtotal, tax, total and the amounts by GA, PG, archive and services).',
  options: { csv: { type: 'boolean' }, json: { type: 'boolean' } },
  args: [1, 2],
  async run({ args, values, context }) {
    const year = yearArg(args[0], statement);
    const group = args[1] === undefined ? undefined : groupArg(args[1], statement);
    if (values.csv && values.json) throw new UsageError('choose --csv or --json', usageLine(statement));
    return context.withDatabase(async (d) => {
      const outcome = group ? await readGroupStatement(d.db, group, year) : await readAllStatements(d.db, year);
      if (!outcome.ok) {
        context.io.err(`No statement${group ? ` of ${group}` : ''} for ${year}: ${billingProblem[outcome.problem]}.\n`);
        return 1;
      }
      const value = outcome.value;
      if (values.json) context.io.out(`${JSON.stringify(value, null, 2)}\n`);
      else if ('items' in value) {
        if (values.csv) context.io.out(statementListCsv(value));
        else {
          for (const g of value.items) printGroupStatement(context, g);
          const total = value.items.reduce((a, g) => a + g.statement.total, 0);
          const n = value.items.length;
          context.io.out(`${n} group${n === 1 ? '' : 's'}, ${yen(total)} in all (tax included).\n`);
        }
      } else if (values.csv) context.io.out(statementLinesCsv(value));
      else printGroupStatement(context, value);
      return 0;
    });
  },
});

export const planCommands = [list, show, decide, largeScale];
export const billingCommands = [prices, setPrices, statement];
