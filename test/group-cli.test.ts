// `sc-account groups …` against a running server: the queue (by state), one group as
// JSON, and the bulk approval of confirmed participants (named by id, or all), with
// usage mistakes, groups not yet approved, ids that are no confirmed participants and
// names taken since answered with their exit statuses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decideGroup } from '../src/services/group-accounts.js';
import { groupList, groupRecord } from '../src/services/group-records.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { groupDeps, seedGroup } from './helpers/group.js';

describe('sc-account groups', () => {
  let app: TestApp;
  let env: Record<string, string>;
  before(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'warn' } });
    env = { DATA_DIR: app.dataDir };
  });
  after(() => app.close());

  it('lists and shows groups; approves confirmed participants by id or all, naming what was not approved', async () => {
    const group = await seedGroup(app, { invited: 4, confirmed: 3, title: 'Metagenomics course' });
    const id = String(group.id);

    const listed = await runCli(['groups', 'list'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(
      listed.stdout,
      new RegExp(
        `^ +${id} +submitted +workshop +\\S+ to \\S+ +\\S+ +3/4 confirmed +Metagenomics course\\n1 group\\.\\n$`,
      ),
    );
    assert.equal(
      (await runCli(['groups', 'list', '--state', 'approved'], env)).stdout,
      '0 groups in state approved.\n',
    );
    const json = groupList.parse(JSON.parse((await runCli(['groups', 'list', '--json'], env)).stdout));
    assert.deepEqual(
      json.items.map((g) => g.id),
      [group.id],
    );
    for (const state of ['nonsense', 'draft']) {
      const bad = await runCli(['groups', 'list', '--state', state], env);
      assert.equal(bad.code, 64, state);
      assert.match(bad.stderr, /^sc-account: --state must be one of submitted, /);
    }

    const shown = groupRecord.parse(JSON.parse((await runCli(['groups', 'show', id], env)).stdout));
    assert.deepEqual(
      shown.participants.map((p) => p.accountName),
      [...group.names, null],
    );
    const missing = await runCli(['groups', 'show', '999999'], env);
    assert.deepEqual(
      [missing.code, missing.stderr],
      [1, 'No group 999999 (or it is a draft not sent to the centre).\n'],
    );
    assert.equal((await runCli(['groups', 'show', 'abc'], env)).code, 64);

    // Usage: one of --all and --participant, ids that are ids.
    for (const args of [[id], [id, '--all', '--participant', '1'], [id, '--participant', 'first'], ['abc', '--all']]) {
      const r = await runCli(['groups', 'approve-participants', ...args], env);
      assert.equal(r.code, 64, args.join(' '));
      assert.match(r.stderr, /\nusage: sc-account groups approve-participants ID /);
    }

    // Not approved yet: nothing happens.
    const early = await runCli(['groups', 'approve-participants', id, '--all'], env);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /^Nothing approved: group \d+ is submitted; /);

    const approved = await decideGroup(groupDeps(app), 'staff:1', group.id, {
      version: shown.version,
      decision: 'approved',
      unixGroup: 'meta-course',
    });
    assert.ok(approved.ok);
    const [first, second, third, fourth] = group.participants as [number, number, number, number];
    // The third's name was taken since (an account found in the directory).
    await app.server.database.db
      .insertInto('posix_id')
      .values({ division: 'ga', kind: 'uid', number: 61_234, name: group.names[2] as string, source: 'found' })
      .execute();
    const some = await runCli(
      ['groups', 'approve-participants', id, '--participant', String(first), '--participant', String(fourth)],
      env,
    );
    assert.equal(some.code, 1);
    assert.match(some.stdout, /^Approved 1 participant of group \d+ \(“Metagenomics course”\); .* in meta-course\.\n$/);
    assert.equal(some.stderr, `Not confirmed participants of the group: ${fourth}.\n`);
    const rest = await runCli(['groups', 'approve-participants', id, '--all'], env);
    assert.equal(rest.code, 1);
    assert.match(rest.stdout, /^Approved 1 participant of group /);
    assert.equal(rest.stderr, `Skipped participant ${third}: the account name ${group.names[2]} is taken.\n`);
    const states = groupRecord
      .parse(JSON.parse((await runCli(['groups', 'show', id], env)).stdout))
      .participants.map((p) => [p.id, p.state === 'provisioned' ? 'approved' : p.state]);
    assert.deepEqual(states, [
      [first, 'approved'],
      [second, 'approved'],
      [third, 'confirmed'],
      [fourth, 'invited'],
    ]);
    const none = await runCli(['groups', 'approve-participants', id, '--participant', String(second)], env);
    assert.equal(none.code, 1, 'already approved: no longer a confirmed participant');
    const audit = await app.server.database.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'group.participants.approved')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.actor),
      ['cli', 'cli'],
    );
  });
});
