import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultFreeMailDomains } from './email-address.js';
import {
  decodeCsv,
  groupMachine,
  MAX_PARTICIPANTS,
  participantMachine,
  type RowResult,
  readParticipants,
} from './group-account.js';

const options = { freeMailDomains: defaultFreeMailDomains };
const failures = (rows: RowResult[]) =>
  rows.flatMap((r) => (r.ok ? [] : [[r.line, r.field, r.problem] as [number, string, string]]));

describe('group accounts: states', () => {
  it('a group goes from draft to approved and ends; refused, withdrawn and ended are final', () => {
    assert.ok(groupMachine.can('draft', 'submitted'));
    assert.ok(groupMachine.can('information_requested', 'submitted'));
    assert.ok(groupMachine.can('approved', 'ended'));
    assert.ok(!groupMachine.can('approved', 'draft'));
    assert.deepEqual(groupMachine.terminal().sort(), ['ended', 'rejected', 'withdrawn']);
  });

  it('a participant is invited, confirms, is approved and provisioned; removal before provisioning only', () => {
    assert.ok(participantMachine.can('invited', 'confirmed'));
    assert.ok(participantMachine.can('approved', 'provisioned'));
    assert.ok(participantMachine.can('confirmed', 'removed'));
    assert.ok(!participantMachine.can('provisioned', 'removed'));
    assert.ok(!participantMachine.can('invited', 'approved'), 'nobody is approved before confirming');
  });
});

describe('group accounts: the participants’ list', () => {
  it('reads a list of 40 with 5 bad rows: each bad row names its field and reason, the others are kept', () => {
    const good = Array.from({ length: 35 }, (_, i) => `Sato,Hanako${i},hanako${i}@u-tokyo.ac.jp,University of Tokyo`);
    const bad = [
      'Suzuki,Ichiro,not-an-address,Kyoto University',
      'Tanaka,,tanaka@kyoto-u.ac.jp,',
      'Ito,Ken,ken.ito@gmail.com,',
      'Kato,Yui,hanako3@U-TOKYO.AC.JP,',
      '=HYPERLINK("http://evil"),Jun,jun@nig.ac.jp,',
    ];
    const text = ['family name,given name,e-mail,institution', ...good.slice(0, 10), ...bad, ...good.slice(10)].join(
      '\n',
    );
    const read = readParticipants(text, options);
    assert.ok(read.ok);
    assert.equal(read.rows.length, 40);
    assert.equal(read.rows.filter((r) => r.ok).length, 35);
    assert.deepEqual(failures(read.rows), [
      [11, 'email', 'not_an_address'],
      [12, 'givenName', 'required'],
      [13, 'email', 'free_mail'],
      [14, 'email', 'duplicate'],
      [15, 'familyName', 'formula'],
    ]);
    // A free-mail address with its reason is taken; one already in the group is said to be.
    const fixed = readParticipants(
      'Ito,Ken,ken.ito@gmail.com,,Freelance bioinformatician: no institutional address\nSato,Hanako0,hanako0@u-tokyo.ac.jp',
      { ...options, existing: new Set(['hanako0@u-tokyo.ac.jp']) },
    );
    assert.ok(fixed.ok);
    assert.ok(fixed.rows[0]?.ok && fixed.rows[0].participant.freeMailReason.startsWith('Freelance'));
    assert.deepEqual(failures(fixed.rows), [[2, 'email', 'already_invited']]);
  });

  it('reads UTF-8 with a BOM and Shift_JIS as spreadsheets in Japan save them; anything else is refused', () => {
    const japanese = '鈴木,一郎,ichiro@nig.ac.jp,国立遺伝学研究所\n';
    const bom = decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(japanese, 'utf8')]));
    assert.equal(bom, japanese);
    // 鈴木,一郎,… in Shift_JIS.
    const sjis = Buffer.concat([
      Buffer.from([0x97, 0xe9, 0x96, 0xd8]),
      Buffer.from(','),
      Buffer.from([0x88, 0xea, 0x98, 0x59]),
      Buffer.from(',ichiro@nig.ac.jp\n'),
    ]);
    const decoded = decodeCsv(sjis);
    assert.equal(decoded, '鈴木,一郎,ichiro@nig.ac.jp\n');
    const read = readParticipants(decoded ?? '', options);
    assert.ok(read.ok && read.rows[0]?.ok && read.rows[0].participant.familyName === '鈴木');
    assert.equal(decodeCsv(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0xff])), undefined);
  });

  it('refuses a list too long, empty, or not CSV at all, saying which', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `A,B,p${i}@nig.ac.jp`).join('\n');
    assert.deepEqual(readParticipants(many, options), { ok: false, problem: 'too_many' });
    assert.equal(MAX_PARTICIPANTS, 1000);
    assert.deepEqual(readParticipants('family name,given name,e-mail\n', options), { ok: false, problem: 'empty' });
    assert.deepEqual(readParticipants('A,"B,c@nig.ac.jp', options), { ok: false, problem: 'unreadable' });
    assert.deepEqual(readParticipants('x'.repeat(1_000_001), options), { ok: false, problem: 'too_large' });
  });

  it('never throws, and every row is either a participant or names a field and a reason', () => {
    const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('a@nig.ac.jp', '=1+1', 'x@gmail.com', ''));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 30 }), (grid) => {
        const text = grid.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n');
        const read = readParticipants(text, options);
        if (!read.ok) return;
        const keys = new Set<string>();
        for (const row of read.rows) {
          if (!row.ok) continue;
          assert.ok(row.participant.familyName && row.participant.givenName && row.participant.email.includes('@'));
          assert.ok(!keys.has(row.participant.email.toLowerCase()), 'no address twice');
          keys.add(row.participant.email.toLowerCase());
        }
      }),
    );
  });
});
