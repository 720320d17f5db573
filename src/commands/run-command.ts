// The safe way sc-account runs an operator's command (a quota, a home directory's
// deletion): the command is a JSON array from the configuration, run with execFile
// and never through a shell; each `{name}` placeholder is replaced, as a whole
// argument or inside one, by a value checked against its pattern first. Without a
// command, nothing runs and the caller only records what it would have done.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class CommandError extends Error {
  readonly code = 'COMMAND_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface CommandRunner<K extends string> {
  readonly kind: 'command' | 'record';
  /** Runs the command with these values; resolves to what it printed. */
  run(values: Record<K, string>): Promise<string>;
}

/** The command's arguments with the placeholders replaced; refuses values their pattern does not match. */
export function commandArguments<K extends string>(
  template: readonly string[],
  values: Record<K, string>,
  patterns: Record<K, RegExp>,
): string[] {
  for (const [name, pattern] of Object.entries(patterns) as [K, RegExp][]) {
    if (!pattern.test(values[name])) throw new CommandError(`not a valid ${name}: ${JSON.stringify(values[name])}`);
  }
  const names = Object.keys(patterns).join('|');
  return template.map((arg) => arg.replace(new RegExp(`\\{(${names})\\}`, 'g'), (p, name: K) => values[name] ?? p));
}

export function createCommandRunner<K extends string>(
  command: readonly string[] | undefined,
  patterns: Record<K, RegExp>,
  options: { timeoutMs?: number } = {},
): CommandRunner<K> {
  if (!command?.length) return { kind: 'record', run: async () => '' };
  const [file, ...template] = command as [string, ...string[]];
  return {
    kind: 'command',
    async run(values) {
      const args = commandArguments(template, values, patterns);
      try {
        const { stdout } = await run(file, args, { timeout: options.timeoutMs ?? 60_000, shell: false });
        return String(stdout).slice(0, 2000);
      } catch (error) {
        const e = error as { stderr?: string; message?: string; code?: unknown };
        throw new CommandError(`${file} failed: ${(e.stderr || e.message || String(e.code)).slice(0, 500)}`);
      }
    },
  };
}

/** A JSON array of the command and its arguments (a setting), with at least one of `required`. */
export function parseCommand(text: string, required: readonly string[]): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 40) return undefined;
    if (!parsed.every((a) => typeof a === 'string' && a.length >= 1 && a.length <= 500)) return undefined;
    if (!parsed.some((a: string) => required.some((r) => a.includes(r)))) return undefined;
    return parsed as string[];
  } catch {
    return undefined;
  }
}
