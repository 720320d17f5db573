// What every `sc-account` command is made of: its words, a usage line, what it does,
// its options (node:util parseArgs, strict) and how many arguments it takes. The
// runner answers `--help` from this alone, before any configuration is read or any
// database opened, and turns every usage mistake (unknown option, missing value,
// wrong arguments) into one line naming it, the usage, and exit 64.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/** Where a command reads and writes: the process's streams and environment, or a test's. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface Context {
  io: Io;
  /** The configuration from io.env (ConfigError when it is not valid). */
  config(): Config;
  /**
   * The database, migrated: PostgreSQL with DATABASE_URL; else the embedded one,
   * through the running server's local socket when the server holds DATA_DIR.
   */
  withDatabase<T>(fn: (database: DatabaseHandle) => Promise<T>): Promise<T>;
}

export interface Command<O extends Options = Options> {
  /** The words after `sc-account`, e.g. ['staff', 'create']. */
  words: string[];
  /** The rest of the usage line after the words, e.g. '--email ADDRESS [--name NAME]'. */
  synopsis: string;
  /** What it does, in a sentence or two (wrapped by the help). */
  description: string;
  options: O;
  /** How many arguments (not options) it takes: [least, most]. */
  args?: [number, number];
  run(input: { values: Parsed<O>['values']; args: string[]; context: Context }): Promise<number>;
}

/** Keeps the option types of one command (for its run's `values`). */
export const command = <const O extends Options>(c: Command<O>): Command<O> => c;

/** A mistake in how the command was called: exit 64 with the usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const usageLine = (c: Command): string =>
  `usage: sc-account ${c.words.join(' ')}${c.synopsis ? ` ${c.synopsis}` : ''}`;

/** Text wrapped to `width` columns with every line after `indent`. */
function wrap(text: string, indent: number, width = 80): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${' '.repeat(indent)}${l}`).join('\n');
}

/** One entry of a listing: the usage, then what it does, indented. */
export const listing = (c: Command): string =>
  `  ${usageLine(c).slice('usage: sc-account '.length)}\n${wrap(c.description, 4)}\n`;

/** The help of one command (`sc-account staff create --help`). */
export const commandHelp = (c: Command): string =>
  `${usageLine(c)}\n\n${wrap(c.description, 2)}\n\nConfiguration comes from environment variables; see docs/configuration.md.\n`;

/** Parses argv for the command, or throws the UsageError that says what is wrong. */
export function parseFor<O extends Options>(
  c: Command<O>,
  argv: string[],
): { values: Parsed<O>['values']; args: string[] } {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options: c.options, allowPositionals: true, strict: true }) as Parsed<O>;
  } catch (err) {
    throw new UsageError(describeParseError(err), usageLine(c as unknown as Command));
  }
  const [least, most] = c.args ?? [0, 0];
  const args = parsed.positionals;
  if (args.length > most) {
    throw new UsageError(`unexpected argument "${args[most]}"`, usageLine(c as unknown as Command));
  }
  if (args.length < least) throw new UsageError('an argument is missing', usageLine(c as unknown as Command));
  return { values: parsed.values, args };
}

/** parseArgs' messages, short and in one line: "unknown option --emial". */
function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const option = e.message?.match(/'(-[^ ']+)/)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (e.message?.includes('does not take an argument')) return `option ${option} takes no value`;
      return `option ${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return e.message ?? 'unexpected argument';
    default:
      return e.message ?? String(err);
  }
}
