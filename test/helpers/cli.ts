// The `sc-account` command in a test. runCli drives its `run` in this process (the same
// parsing, configuration, database and exit status as the installed command, without
// a process start per call); spawnCli starts the installed command's bundle, for
// the few tests about the process itself. Both see only the environment given (plus
// PATH and HOME: minimalEnv, which other spawned processes of the tests get too).
import { spawn } from 'node:child_process';
import { run } from '../../src/cli/index.js';
import { bundled, minimalEnv } from './bundle.js';
import { projectRoot } from './root.js';

const root = projectRoot;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    env: { ...minimalEnv(), ...env },
    cwd: root,
  });
  return { code, stdout, stderr };
}

export function spawnCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundled('cli'), ...args], {
      cwd: root,
      env: { ...minimalEnv(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
