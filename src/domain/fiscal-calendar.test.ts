// The fiscal year and the renewal calendar: boundaries to the minute in Asia/Tokyo,
// leap years, days moved by administrators, and properties over any instant; the
// same answers whatever the server's own time zone is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  type CalendarLookup,
  calendarProblems,
  centreDayOf,
  centreDayStart,
  fiscalYearOf,
  isCalendarDay,
  isMonthDay,
  lockAt,
  lockedThrough,
  renewalCalendar,
  renewalEvents,
  renewalOpensAt,
  renewalStatus,
  validThroughAtRegistration,
} from './fiscal-calendar.js';

// The server runs in UTC; nothing here may depend on it.
process.env.TZ = 'UTC';

const tokyo = (text: string) => new Date(`${text}+09:00`);
const defaults: CalendarLookup = (fy) => renewalCalendar(fy);
const instants = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true });

describe('fiscal year of an instant (Asia/Tokyo)', () => {
  test('April 1 00:00 in Tokyo starts the year; the minute before belongs to the previous one', () => {
    // 2027-04-01 00:00 JST is 2027-03-31 15:00 UTC.
    assert.equal(fiscalYearOf(new Date('2027-03-31T14:59:59.999Z')), 2026);
    assert.equal(fiscalYearOf(new Date('2027-03-31T15:00:00Z')), 2027);
    assert.equal(fiscalYearOf(tokyo('2027-03-31T23:59')), 2026);
    assert.equal(fiscalYearOf(tokyo('2027-04-01T00:00')), 2027);
  });
  test('January to March belong to the year that began the April before', () => {
    assert.equal(fiscalYearOf(tokyo('2027-01-04T00:00')), 2026);
    assert.equal(fiscalYearOf(new Date('2026-11-25T12:00:00Z')), 2026);
    assert.equal(fiscalYearOf(tokyo('2028-02-29T23:59')), 2027);
  });
  test('the same for any instant as a Tokyo wall clock says', () => {
    fc.assert(
      fc.property(instants, (d) => {
        const wall = new Date(d.getTime() + 9 * 3600_000); // Japan: UTC+9, no DST
        const expected = wall.getUTCMonth() >= 3 ? wall.getUTCFullYear() : wall.getUTCFullYear() - 1;
        assert.equal(fiscalYearOf(d), expected);
      }),
    );
  });
  test('the server time zone changes nothing', () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ['America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = zone;
        assert.equal(fiscalYearOf(tokyo('2027-04-01T00:00')), 2027, zone);
        assert.equal(fiscalYearOf(tokyo('2027-03-31T23:59')), 2026, zone);
        assert.equal(centreDayStart('2027-01-04').toISOString(), '2027-01-03T15:00:00.000Z', zone);
        assert.equal(centreDayOf(tokyo('2027-01-04T00:00')), '2027-01-04', zone);
        assert.equal(centreDayOf(tokyo('2027-01-03T23:59')), '2027-01-03', zone);
      }
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe('days', () => {
  test('leap years: February 29 exists in 2028 and 2000, not in 2027 or 2100', () => {
    assert.ok(isCalendarDay('2028-02-29'));
    assert.ok(isCalendarDay('2000-02-29'));
    assert.ok(!isCalendarDay('2027-02-29'));
    assert.ok(!isCalendarDay('2100-02-29'));
    assert.ok(!isCalendarDay('2027-13-01'));
    assert.ok(!isCalendarDay('2027-4-1'));
    assert.ok(isMonthDay('01-04'));
    assert.ok(!isMonthDay('02-29'), 'a default must exist every year');
    assert.equal(addDays('2028-03-01', -1), '2028-02-29');
    assert.equal(addDays('2027-03-01', -1), '2027-02-28');
    assert.equal(addDays('2028-04-01', -30), '2028-03-02');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  });
  test('a day and its start agree for any instant', () => {
    fc.assert(
      fc.property(instants, (d) => {
        const day = centreDayOf(d);
        const start = centreDayStart(day);
        assert.ok(start <= d && d.getTime() < start.getTime() + 86_400_000);
        assert.equal(addDays(addDays(day, 45), -45), day);
      }),
    );
  });
});

describe('renewal calendar', () => {
  test('defaults: opens January 4, locks April 1, deletion list July 1 (00:00 Tokyo)', () => {
    const c = renewalCalendar(2027);
    assert.deepEqual(c, { fiscalYear: 2027, opensOn: '2027-01-04', lockOn: '2027-04-01', deletionOn: '2027-07-01' });
    assert.equal(renewalOpensAt(c).toISOString(), '2027-01-03T15:00:00.000Z');
    assert.equal(lockAt(c).toISOString(), '2027-03-31T15:00:00.000Z');
    assert.deepEqual(calendarProblems(c), {});
    assert.equal(renewalCalendar(2027, {}, '01-05').opensOn, '2027-01-05', 'the default day is configurable');
  });

  test('the cycle: opening mail, reminders 30 and 7 days before the lock (09:00), lock, deletion list', () => {
    const events = renewalEvents(renewalCalendar(2028)).map((e) => [e.kind, e.at.toISOString()]);
    assert.deepEqual(events, [
      ['opened', '2028-01-04T00:00:00.000Z'],
      // 2028 is a leap year: 30 days before April 1 is March 2 either way, 7 days is March 25.
      ['reminder30', '2028-03-02T00:00:00.000Z'],
      ['reminder7', '2028-03-25T00:00:00.000Z'],
      ['lock', '2028-03-31T15:00:00.000Z'],
      ['deletions', '2028-06-30T15:00:00.000Z'],
    ]);
  });

  test('a day moved by an administrator; a reminder that would come before the opening is left out', () => {
    const moved = renewalCalendar(2027, { opensOn: '2027-02-28', lockOn: '2027-03-30' });
    assert.deepEqual(calendarProblems(moved), {});
    assert.deepEqual(
      renewalEvents(moved).map((e) => e.kind),
      ['opened', 'reminder7', 'lock', 'deletions'],
    );
  });

  test('problems, field by field', () => {
    const c = (o: Parameters<typeof renewalCalendar>[1]) => calendarProblems(renewalCalendar(2027, o));
    assert.deepEqual(c({ opensOn: '2027-02-30' }), { opensOn: 'not_a_day' });
    assert.deepEqual(c({ opensOn: '2026-11-30' }), { opensOn: 'opens_range' });
    assert.deepEqual(c({ opensOn: '2026-12-01' }), {});
    assert.deepEqual(c({ opensOn: '2027-03-02' }), { opensOn: 'opens_range' });
    assert.deepEqual(c({ opensOn: '2027-03-01', lockOn: '2027-03-30' }), { opensOn: 'opens_too_close' });
    assert.deepEqual(c({ opensOn: '2027-03-01', lockOn: '2027-03-31' }), {}, '30 days');
    assert.deepEqual(c({ lockOn: '2027-03-14' }), { lockOn: 'lock_range' });
    assert.deepEqual(c({ lockOn: '2027-05-01' }), { lockOn: 'lock_range' });
    assert.deepEqual(c({ deletionOn: '2027-05-31' }), { deletionOn: 'deletion_range' });
    assert.deepEqual(c({ deletionOn: '2027-10-01' }), { deletionOn: 'deletion_range' });
    assert.deepEqual(c({ lockOn: 'soon' }), { lockOn: 'not_a_day' });
    assert.deepEqual(c({ opensOn: '2028-02-29' }), { opensOn: 'opens_range' }, 'a real day, in the wrong year');
    assert.deepEqual(calendarProblems(renewalCalendar(2028, { opensOn: '2028-02-29' })), {});
  });

  test('any valid calendar: events in order, the lock at the start of its day, nothing before the opening but it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2001, max: 2098 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 46 }),
        fc.integer({ min: 0, max: 121 }),
        (fy, o, l, d) => {
          const c = renewalCalendar(fy, {
            opensOn: addDays(`${fy - 1}-12-01`, o),
            lockOn: addDays(`${fy}-03-15`, l),
            deletionOn: addDays(`${fy}-06-01`, d),
          });
          if (Object.keys(calendarProblems(c)).length) return;
          const events = renewalEvents(c);
          for (let i = 1; i < events.length; i++) assert.ok((events[i - 1]?.at ?? 0) < (events[i]?.at ?? 0));
          assert.equal(centreDayOf(lockAt(c)), c.lockOn);
          assert.equal(lockAt(c).getTime() % 86_400_000, 15 * 3_600_000, '00:00 Tokyo is 15:00 UTC');
          for (const e of events) assert.ok(e.at >= renewalOpensAt(c), e.kind);
        },
      ),
    );
  });
});

describe('an account through the years', () => {
  test('registered before January 4: valid through that year; after: through the next one too', () => {
    assert.equal(validThroughAtRegistration(tokyo('2026-06-15T10:00'), defaults), 2026);
    assert.equal(validThroughAtRegistration(tokyo('2027-01-03T23:59'), defaults), 2026);
    assert.equal(validThroughAtRegistration(tokyo('2027-01-04T00:00'), defaults), 2027);
    assert.equal(validThroughAtRegistration(tokyo('2027-03-31T23:59'), defaults), 2027);
    assert.equal(validThroughAtRegistration(tokyo('2027-04-01T00:00'), defaults), 2027);
  });

  test('to the minute: due from January 4, locked from April 1, listed for deletion from July 1', () => {
    const at = (t: string) => renewalStatus(2026, tokyo(t), defaults);
    assert.deepEqual(at('2027-01-03T23:59'), { status: 'valid' });
    assert.deepEqual(at('2027-01-04T00:00'), { status: 'due', renewFor: 2027, lockAt: tokyo('2027-04-01T00:00') });
    assert.equal(at('2027-03-31T23:59').status, 'due');
    assert.deepEqual(at('2027-04-01T00:00'), { status: 'locked', renewFor: 2027, lockAt: tokyo('2027-04-01T00:00') });
    assert.equal(at('2027-06-30T23:59').status, 'locked');
    assert.equal(at('2027-07-01T00:00').status, 'deletion');
    // Still not renewed when the next window opens: renewing is then for the next year.
    assert.deepEqual(at('2028-01-04T00:00'), {
      status: 'deletion',
      renewFor: 2028,
      lockAt: tokyo('2027-04-01T00:00'),
    });
    assert.deepEqual(renewalStatus(2027, tokyo('2027-04-01T00:00'), defaults), { status: 'valid' });
  });

  test('a lock an administrator moved to April 5: April 1 to 4 are still due', () => {
    const moved: CalendarLookup = (fy) => renewalCalendar(fy, fy === 2027 ? { lockOn: '2027-04-05' } : {});
    assert.equal(lockedThrough(tokyo('2027-04-04T23:59'), moved), 2026);
    assert.equal(renewalStatus(2026, tokyo('2027-04-04T23:59'), moved).status, 'due');
    assert.equal(renewalStatus(2026, tokyo('2027-04-05T00:00'), moved).status, 'locked');
    // Registered on April 2 with the window still open: through 2027.
    assert.equal(validThroughAtRegistration(tokyo('2027-04-02T12:00'), moved), 2027);
  });

  test('for any instant: an account just registered is valid; renewing for what is asked makes it valid', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: -3, max: 2 }), (at, offset) => {
        const registered = validThroughAtRegistration(at, defaults);
        assert.deepEqual(renewalStatus(registered, at, defaults), { status: 'valid' });
        const validThrough = fiscalYearOf(at) + offset;
        const status = renewalStatus(validThrough, at, defaults);
        if (status.status === 'valid') return;
        assert.ok(status.renewFor > validThrough);
        assert.deepEqual(renewalStatus(status.renewFor, at, defaults), { status: 'valid' });
        // Locked exactly when the lock of the first year missed has passed.
        assert.equal(status.status !== 'due', at >= lockAt(defaults(validThrough + 1)));
      }),
    );
  });
});
