// A group account sent to staff, for tests of the console, the API and the command
// line: a responsible person's group (seedPlanGroup), a workshop applied for by its
// responsible person, participants invited and (some) confirmed through their
// one-time links, the group sent and, unless asked otherwise, its pledge signed.
// Everything goes through the services, as the holder's and participants' pages do.
import assert from 'node:assert/strict';
import { currentTerms } from '../../src/db/settings.js';
import { addDays, centreDayOf } from '../../src/domain/fiscal-calendar.js';
import {
  addParticipants,
  answerInvitation,
  createGroup,
  type GroupDeps,
  groupPledgeDeclarations,
  signGroupPledge,
  submitGroup,
} from '../../src/services/group-accounts.js';
import { useCaseDeps } from '../../src/web/use-case-deps.js';
import type { TestApp } from './app.js';
import { seedPlanGroup } from './plan-group.js';

/** A valid ed25519 public key of its own for each n. */
export function ed25519(n: number): string {
  const blob = Buffer.concat([
    Buffer.from([0, 0, 0, 11]),
    Buffer.from('ssh-ed25519'),
    Buffer.from([0, 0, 0, 32]),
    Buffer.alloc(32, (n % 250) + 1),
  ]);
  return `ssh-ed25519 ${blob.toString('base64')} p${n}@laptop`;
}

export function groupDeps(app: TestApp): GroupDeps {
  return { ...useCaseDeps(app.server.app), freeMailDomains: async () => ['gmail.com'] };
}

export interface SeededGroup {
  id: number;
  /** The responsible person's account (in charge of the group). */
  responsible: { id: number; uid: string };
  /** Participant ids in the order invited; the first `confirmed` of them answered their link. */
  participants: number[];
  /** The account names the confirmed participants chose. */
  names: string[];
}

let serial = 0;

/** A workshop of `invited` participants, `confirmed` of them confirmed, sent to staff. */
export async function seedGroup(
  app: TestApp,
  options: { invited?: number; confirmed?: number; sign?: boolean; needsScreening?: boolean; title?: string } = {},
): Promise<SeededGroup> {
  const invited = options.invited ?? 3;
  const confirmed = options.confirmed ?? 2;
  const n = ++serial;
  const deps = groupDeps(app);
  const db = app.server.database.db;
  const lab = `grp${n}-lab`;
  const [responsible] = await seedPlanGroup(app.server.database, lab, 1, '2026-04-01');
  assert.ok(responsible);
  const today = centreDayOf(new Date());
  const made = await createGroup(
    deps,
    responsible.id,
    {
      title: options.title ?? `Variant calling workshop ${n}`,
      kind: 'workshop',
      purpose: 'Hands-on training in variant calling for graduate students.',
      startsOn: today,
      endsOn: addDays(today, 30),
      responsibleGroup: lab,
      needsScreening: options.needsScreening ?? false,
    },
    'en',
  );
  assert.ok(made.ok, JSON.stringify(made));
  const groupId = made.group.id;
  const rows = Array.from({ length: invited }, (_, i) => [
    `Family${n}x${i}`,
    `Given${n}x${i}`,
    `g${n}p${i}@univ.example.ac.jp`,
    'Example University',
  ]);
  const added = await addParticipants(deps, responsible.id, groupId, { rows }, 'en');
  assert.ok(added.ok && added.added === invited, JSON.stringify(added));
  const terms = await currentTerms(db, 'terms_of_use');
  const names: string[] = [];
  for (let i = 0; i < confirmed; i++) {
    const to = `g${n}p${i}@univ.example.ac.jp`;
    const jobs = await db.selectFrom('job').select('payload').where('kind', '=', 'mail.send').orderBy('id').execute();
    const text = jobs
      .map((j) => j.payload as { template: string; message: { to: string; text: string } })
      .filter((p) => p.template === 'groupInvitation' && p.message.to === to)
      .at(-1)?.message.text;
    const token = text && /\/group-invitation\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    assert.ok(token, `an invitation to ${to}`);
    const name = `g${n}u${i}`;
    const answered = await answerInvitation(deps, token, {
      accountName: name,
      sshKey: ed25519(n * 10 + i),
      terms: true,
      termsVersion: terms.version,
    });
    assert.deepEqual(answered, { ok: true });
    names.push(name);
  }
  const sent = await submitGroup(deps, responsible.id, groupId);
  assert.ok(sent.ok, JSON.stringify(sent));
  if (options.sign !== false) {
    const signed = await signGroupPledge(deps, responsible.id, groupId, groupPledgeDeclarations, 'the pledge');
    assert.deepEqual(signed, { ok: true });
  }
  const participants = await db
    .selectFrom('group_participant')
    .select('id')
    .where('group_id', '=', groupId)
    .orderBy('id')
    .execute();
  return { id: groupId, responsible, participants: participants.map((p) => p.id), names };
}
