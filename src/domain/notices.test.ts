import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

// The server runs in UTC; the centre's times are Asia/Tokyo. Set before any Date is made.
process.env.TZ = 'UTC';

const {
  activeNotices,
  closureInForce,
  formatCentreInput,
  formatCentreTime,
  isInForce,
  parseCentreInput,
  suspendedServices,
} = await import('./notices.js');
type ClosureWindow = import('./notices.js').ClosureWindow;
type ServiceAcceptance = import('./notices.js').ServiceAcceptance;

const tokyo = (s: string) => new Date(`${s}+09:00`);

const yearEnd: ClosureWindow = {
  id: 1,
  startsAt: tokyo('2026-12-27T17:00:00'),
  endsAt: tokyo('2027-01-09T12:00:00'),
  reasonJa: '年末年始休業',
  reasonEn: 'Year-end holidays',
  loginsAllowed: true,
};

const acceptance = (service: ServiceAcceptance['service'], accepting: boolean): ServiceAcceptance => ({
  service,
  accepting,
  noticeJa: accepting ? null : '停止中',
  noticeEn: accepting ? null : 'Suspended',
  announcementUrl: null,
  since: null,
});

describe('closure windows', () => {
  it('start inclusive, to the minute (server in UTC)', () => {
    assert.equal(new Date().getTimezoneOffset(), 0, 'the test runs in UTC');
    assert.equal(isInForce(yearEnd, tokyo('2026-12-27T16:59:00')), false);
    assert.equal(isInForce(yearEnd, tokyo('2026-12-27T16:59:59.999')), false);
    assert.equal(isInForce(yearEnd, tokyo('2026-12-27T17:00:00')), true);
    // The same instant written in UTC: 17:00 in Tokyo is 08:00 UTC.
    assert.equal(isInForce(yearEnd, new Date('2026-12-27T08:00:00Z')), true);
    assert.equal(isInForce(yearEnd, new Date('2026-12-27T07:59:00Z')), false);
  });

  it('end exclusive, to the minute', () => {
    assert.equal(isInForce(yearEnd, tokyo('2027-01-09T11:59:00')), true);
    assert.equal(isInForce(yearEnd, tokyo('2027-01-09T11:59:59.999')), true);
    assert.equal(isInForce(yearEnd, tokyo('2027-01-09T12:00:00')), false);
    assert.equal(isInForce(yearEnd, new Date('2027-01-09T03:00:00Z')), false);
  });

  it('across the UTC date line: Tokyo midnight is the previous day in UTC', () => {
    const newYearsDay = { ...yearEnd, startsAt: tokyo('2027-01-01T00:00:00'), endsAt: tokyo('2027-01-02T00:00:00') };
    assert.equal(isInForce(newYearsDay, new Date('2026-12-31T15:00:00Z')), true);
    assert.equal(isInForce(newYearsDay, new Date('2026-12-31T14:59:00Z')), false);
  });

  it('of overlapping windows, the one ending last is in force', () => {
    const maintenance = {
      ...yearEnd,
      id: 2,
      startsAt: tokyo('2027-01-05T09:00:00'),
      endsAt: tokyo('2027-01-20T18:00'),
    };
    assert.equal(closureInForce([yearEnd, maintenance], tokyo('2027-01-06T10:00:00'))?.id, 2);
    assert.equal(closureInForce([maintenance, yearEnd], tokyo('2027-01-01T10:00:00'))?.id, 1);
    assert.equal(closureInForce([maintenance, yearEnd], tokyo('2027-01-20T18:00:00')), undefined);
  });
});

describe('active notices', () => {
  const rows = [
    acceptance('workshop', true),
    acceptance('pg', false),
    acceptance('ga_account', true),
    acceptance('ga_large_storage', false),
  ];

  it('lists suspended services in a fixed order', () => {
    assert.deepEqual(
      suspendedServices(rows).map((r) => r.service),
      ['ga_large_storage', 'pg'],
    );
  });

  it('applications are open unless a closure is in force or GA accounts are suspended', () => {
    assert.equal(activeNotices([yearEnd], rows, tokyo('2026-12-27T16:59:00')).applicationsOpen, true);
    const closed = activeNotices([yearEnd], rows, tokyo('2026-12-27T17:00:00'));
    assert.equal(closed.applicationsOpen, false);
    assert.equal(closed.closure?.id, 1);
    const noGa = rows.map((r) => (r.service === 'ga_account' ? acceptance('ga_account', false) : r));
    assert.equal(activeNotices([], noGa, tokyo('2026-12-01T00:00:00')).applicationsOpen, false);
  });
});

describe('Asia/Tokyo times', () => {
  it('formats in Japanese and English with Intl', () => {
    assert.equal(formatCentreTime(yearEnd.endsAt, 'ja'), '2027年1月9日(土) 12:00');
    assert.equal(formatCentreTime(yearEnd.endsAt, 'en'), 'Sat, 9 January 2027 at 12:00');
    assert.equal(formatCentreInput(yearEnd.startsAt), '2026-12-27 17:00');
  });

  it('reads operator input as Tokyo local time', () => {
    assert.equal(parseCentreInput('2026-12-27 17:00')?.toISOString(), '2026-12-27T08:00:00.000Z');
    assert.equal(parseCentreInput('2027-01-01T00:00')?.toISOString(), '2026-12-31T15:00:00.000Z');
    assert.equal(parseCentreInput(' 2027-01-09 12:00 ')?.toISOString(), '2027-01-09T03:00:00.000Z');
  });

  it('refuses times that do not exist or are not in the expected form', () => {
    for (const bad of [
      '2026-02-30 10:00',
      '2026-13-01 10:00',
      '2026-12-27 24:00',
      '2026-12-27 17:60',
      '2026-12-27',
      '27/12/2026 17:00',
      '2026-12-27 17:00+09:00',
      '',
    ]) {
      assert.equal(parseCentreInput(bad), undefined, bad);
    }
  });

  it('does not depend on the server time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      assert.notEqual(new Date('2026-12-27T08:00:00Z').getTimezoneOffset(), 0);
      assert.equal(parseCentreInput('2026-12-27 17:00')?.toISOString(), '2026-12-27T08:00:00.000Z');
      assert.equal(formatCentreInput(new Date('2026-12-27T08:00:00Z')), '2026-12-27 17:00');
    } finally {
      process.env.TZ = saved;
    }
  });
});
