// Every command `sc-account --help` lists answers --help with its usage and does
// nothing else; a usage mistake is one line naming it, the usage, and exit 64, never
// a stack trace.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commands } from '../src/cli/index.js';
import { runCli, spawnCli } from './helpers/cli.js';

/** The commands as the help lists them: `  staff create --email ADDRESS …` → 'staff create'. */
function listedCommands(help: string): string[] {
  return help
    .split('\n')
    .filter((line) => /^ {2}[a-z]/.test(line) && !line.startsWith('  help'))
    .map((line) => {
      const words: string[] = [];
      for (const w of line.trim().split(' ')) {
        if (!/^[a-z][a-z-]*$/.test(w) || w === 'free-mail') break;
        words.push(w);
      }
      return words.join(' ');
    });
}

describe('sc-account usage', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let listed: string[];
  before(async () => {
    // A folder that must stay absent: --help and a usage mistake touch nothing.
    dataDir = join(mkdtempSync(join(tmpdir(), 'sc-usage-')), 'data');
    env = { DATA_DIR: dataDir };
    const help = await runCli(['--help'], env);
    assert.equal(help.code, 0);
    listed = listedCommands(help.stdout);
  });
  after(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('the help lists every command there is', () => {
    assert.deepEqual(
      listed,
      commands.map((c) => c.words.join(' ')),
    );
    assert.ok(listed.length >= 20, `${listed.length} commands`);
  });

  it('every command and every group answers --help (and -h) with its usage, exit 0, nothing else done', async () => {
    const groups = [...new Set(listed.map((c) => c.split(' ')[0] as string))];
    for (const name of [...listed, ...groups]) {
      for (const flag of ['--help', '-h']) {
        const r = await runCli([...name.split(' '), flag], env);
        assert.equal(r.code, 0, `${name} ${flag}: ${r.stderr}`);
        assert.equal(r.stderr, '', `${name} ${flag}`);
        assert.ok(r.stdout.startsWith(`usage: sc-account ${name}`), `${name} ${flag}:\n${r.stdout}`);
      }
    }
    // --help wins wherever it stands, even after options that would start work.
    const migrate = await runCli(['migrate', '--help'], env);
    assert.match(migrate.stdout, /^usage: sc-account migrate\n/);
    const create = await runCli(['staff', 'create', '--email', 'a@b.example', '--role', 'admin', '--help'], env);
    assert.match(create.stdout, /^usage: sc-account staff create --email ADDRESS/);
    assert.ok(!existsSync(dataDir), 'no command made DATA_DIR');
  });

  it('an unknown option: one line naming it, the usage, exit 64 (every command)', async () => {
    for (const name of listed) {
      const r = await runCli([...name.split(' '), '--emial', 'x'], env);
      assert.equal(r.code, 64, name);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines[0], 'sc-account: unknown option --emial', name);
      assert.equal(lines[1]?.startsWith(`usage: sc-account ${name}`), true, `${name}: ${r.stderr}`);
      assert.equal(lines.length, 2, `${name}: ${r.stderr}`);
    }
    assert.ok(!existsSync(dataDir));
  });

  it('an option without its value: named, with the usage, exit 64 (every option that takes one)', async () => {
    for (const c of commands) {
      for (const [option, spec] of Object.entries(c.options)) {
        if (spec.type !== 'string') continue;
        const r = await runCli([...c.words, `--${option}`], env);
        assert.equal(r.code, 64, `${c.words.join(' ')} --${option}`);
        assert.equal(r.stderr.split('\n')[0], `sc-account: option --${option} needs a value`);
        assert.match(r.stderr, /\nusage: sc-account /);
      }
      for (const [option, spec] of Object.entries(c.options)) {
        if (spec.type !== 'boolean') continue;
        const r = await runCli([...c.words, `--${option}=yes`], env);
        assert.equal(r.code, 64);
        assert.equal(r.stderr.split('\n')[0], `sc-account: option --${option} takes no value`);
      }
    }
    assert.ok(!existsSync(dataDir));
  });

  it('too many or too few arguments, an unknown command or subcommand: exit 64 with the usage', async () => {
    const cases: [string[], RegExp][] = [
      [['staff', 'list', 'extra'], /^sc-account: unexpected argument "extra"\nusage: sc-account staff list\n$/],
      [['notices', 'resume'], /^sc-account: an argument is missing\nusage: sc-account notices resume SERVICE\n$/],
      [['lists', 'add', 'free-mail'], /^sc-account: an argument is missing\nusage: sc-account lists add /],
      [['frobnicate'], /^sc-account: unknown command "frobnicate"\n/],
      [
        ['staff'],
        /^sc-account: staff needs a subcommand\nusage: sc-account staff create\|reset\|disable\|enable\|list/,
      ],
      [['staff', 'fire'], /^sc-account: unknown command "staff fire"\nusage: sc-account staff /],
      [['renewal', 'status', '--year', '27'], /^sc-account: --year: a fiscal year like 2027\nusage: /],
      [['reconcile', '--division', 'xx'], /^sc-account: --division must be ga or pg, not "xx"\nusage: /],
    ];
    for (const [args, expected] of cases) {
      const r = await runCli(args, env);
      assert.equal(r.code, 64, args.join(' '));
      assert.match(r.stderr, expected, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.ok(!existsSync(dataDir));
  });

  it('the installed command: the same answers and exit statuses from a real process', async () => {
    const help = await spawnCli(['staff', 'create', '--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: sc-account staff create --email ADDRESS/);
    const typo = await spawnCli(['staff', 'create', '--emial', 'a@b.example'], env);
    assert.equal(typo.code, 64);
    assert.match(typo.stderr, /^sc-account: unknown option --emial\nusage: sc-account staff create /);
    assert.ok(!existsSync(dataDir));
  });
});
