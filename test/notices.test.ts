// Closures and suspended services: the queries and seed on both databases, the start
// page at /apply in both languages, and the `sc-account notices` commands.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.js';
import {
  activeNoticesAt,
  addClosure,
  getServiceAcceptance,
  listClosures,
  listServiceAcceptance,
  removeClosure,
  setServiceAcceptance,
} from '../src/db/notices.js';
import { formatCentreTime } from '../src/domain/notices.js';
import { catalogues } from '../src/i18n/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { forEachDatabase } from './helpers/databases.js';

const tokyo = (s: string) => new Date(`${s}+09:00`);
const announcement = 'https://sc.ddbj.nig.ac.jp/en/blog/2022-05-13-suspension-of-applications';
const minutes = (n: number) => n * 60_000;

forEachDatabase('notices queries', (database) => {
  it('seeds PG and GA large-scale storage as suspended since 2022-05-13 (Tokyo), the rest accepting', async () => {
    const rows = await listServiceAcceptance(database().db);
    assert.deepEqual(
      rows.map((r) => [r.service, r.accepting]),
      [
        ['ga_account', true],
        ['ga_large_storage', false],
        ['pg', false],
        ['workshop', true],
      ],
    );
    for (const r of rows.filter((x) => !x.accepting)) {
      assert.equal(r.since?.toISOString(), '2022-05-12T15:00:00.000Z');
      assert.equal(r.announcementUrl, announcement);
      assert.ok(r.noticeJa?.includes('受付を停止'), r.noticeJa ?? '');
      assert.match(r.noticeEn ?? '', /suspended/);
    }
    const pg = await getServiceAcceptance(database().db, 'pg');
    assert.match(pg.noticeJa ?? '', /個人ゲノム解析区画/);
  });

  it('adds, lists and removes closure windows; in force from start (inclusive) to end (exclusive)', async () => {
    const db = database().db;
    const c = await addClosure(db, {
      startsAt: tokyo('2026-12-27T17:00:00'),
      endsAt: tokyo('2027-01-09T12:00:00'),
      reasonJa: '年末年始休業',
      reasonEn: 'Year-end holidays',
    });
    try {
      assert.equal(c.loginsAllowed, true);
      assert.equal(c.startsAt.toISOString(), '2026-12-27T08:00:00.000Z');
      assert.deepEqual(
        (await listClosures(db)).map((x) => x.id),
        [c.id],
      );
      assert.deepEqual(await listClosures(db, tokyo('2027-01-09T12:00:00')), []);

      const at = async (s: string) => (await activeNoticesAt(db, tokyo(s))).closure?.id;
      assert.equal(await at('2026-12-27T16:59:00'), undefined);
      assert.equal(await at('2026-12-27T17:00:00'), c.id);
      assert.equal(await at('2027-01-09T11:59:00'), c.id);
      assert.equal(await at('2027-01-09T12:00:00'), undefined);

      const during = await activeNoticesAt(db, tokyo('2027-01-01T00:00:00'));
      assert.equal(during.applicationsOpen, false);
      assert.deepEqual(
        during.suspended.map((s) => s.service),
        ['ga_large_storage', 'pg'],
      );
    } finally {
      assert.equal(await removeClosure(db, c.id), true);
    }
    assert.equal(await removeClosure(db, c.id), false);
    assert.deepEqual(await listClosures(db), []);
  });

  it('refuses a closure that ends before it starts, and a suspension without a notice', async () => {
    const db = database().db;
    await assert.rejects(
      addClosure(db, {
        startsAt: tokyo('2027-01-09T12:00'),
        endsAt: tokyo('2027-01-09T12:00'),
        reasonJa: 'x',
        reasonEn: 'x',
      }),
    );
    await assert.rejects(
      db
        .updateTable('service_acceptance')
        .set({ accepting: false, notice_ja: null })
        .where('service', '=', 'workshop')
        .execute(),
    );
  });

  it('suspends and resumes a service', async () => {
    const db = database().db;
    const since = new Date('2026-04-01T00:00:00Z');
    const s = await setServiceAcceptance(db, 'workshop', {
      accepting: false,
      since,
      noticeJa: '講習会の申請は停止中です。',
      noticeEn: 'Workshop applications are suspended.',
      announcementUrl: 'https://example.org/news',
    });
    assert.equal(s.accepting, false);
    assert.equal(s.since?.getTime(), since.getTime());
    assert.deepEqual(
      (await activeNoticesAt(db, new Date())).suspended.map((x) => x.service),
      ['ga_large_storage', 'pg', 'workshop'],
    );
    const resumed = await setServiceAcceptance(db, 'workshop', { accepting: true, since });
    assert.deepEqual(
      { accepting: resumed.accepting, notice: resumed.noticeEn, url: resumed.announcementUrl },
      { accepting: true, notice: null, url: null },
    );
    assert.equal((await activeNoticesAt(db, new Date())).applicationsOpen, true);
  });
});

describe('start page /apply', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());
  const get = async (path: string) => {
    const res = await fetch(app.url + path);
    return { status: res.status, html: await res.text() };
  };

  for (const lang of ['ja', 'en'] as const) {
    it(`explains who can apply, what to prepare and what happens next (${lang})`, async () => {
      const m = catalogues[lang];
      const { status, html } = await get(`/apply?lang=${lang}`);
      assert.equal(status, 200);
      assert.match(html, new RegExp(`<html lang="${lang}"`));
      assert.ok(html.includes(`<h1 class="heading-xl">${m['applyStart.title']}</h1>`));
      for (const key of [
        'applyStart.who.heading',
        'applyStart.prepare.heading',
        'applyStart.time.heading',
        'applyStart.next.heading',
        'applyStart.terms.heading',
      ] as const) {
        assert.ok(html.includes(m[key]), key);
      }
      assert.match(html, /<pre class="code-block"><code>ssh-keygen -t ed25519<\/code><\/pre>/);
      assert.ok(
        html.includes('href="/apply/terms/terms_of_use"') && html.includes('href="/apply/terms/issuance_criteria"'),
      );
      // One Start button, to the e-mail step.
      assert.equal(html.match(/class="button button--start"/g)?.length, 1);
      assert.match(html, /<a href="\/apply\/email"[^>]*>\s*<span>[^<]+<\/span>/);
      assert.ok(html.includes(m['applyStart.start']));
      // The seeded PG (and GA large-scale) suspension, with its announcement.
      assert.ok(html.includes(m['notice.suspended.heading']));
      assert.ok(html.includes(m['notice.service.pg']));
      assert.ok(
        html.includes(
          lang === 'ja'
            ? '個人ゲノム解析区画の新規利用申請の受付を停止'
            : 'personal genome analysis division are suspended',
        ),
      );
      assert.ok(html.includes(`href="${announcement}"`));
      assert.ok(!html.includes(m['notice.closure.drafts']), 'no closure is in force');
    });
  }

  it('replaces the Start button by the closure notice, with its end in Japan time, while a closure is in force', async () => {
    const db = app.server.database.db;
    const now = Date.now();
    const closure = await addClosure(db, {
      startsAt: new Date(now - minutes(5)),
      endsAt: new Date(now + minutes(60)),
      reasonJa: '年末年始休業 <script>alert(1)</script>',
      reasonEn: 'Year-end holidays <script>alert(1)</script>',
      loginsAllowed: false,
    });
    try {
      for (const lang of ['ja', 'en'] as const) {
        const m = catalogues[lang];
        const { html } = await get(`/apply?lang=${lang}`);
        const end = formatCentreTime(closure.endsAt, lang);
        assert.ok(html.includes(m['notice.closure.heading'].replace('{end}', end)), `${lang}: closure heading`);
        assert.ok(html.includes(m['notice.closure.cannotStart'].replace('{end}', end)), `${lang}: warning`);
        assert.ok(html.includes(m['notice.closure.loginsBlocked']));
        assert.ok(html.includes('&lt;script>alert(1)&lt;/script>'), 'the reason is escaped');
        assert.ok(!html.includes('<script>alert(1)'));
        assert.ok(!html.includes('href="/apply/email"'), `${lang}: no Start button during a closure`);
        // The suspension notices are still there.
        assert.ok(html.includes(`href="${announcement}"`));
      }
    } finally {
      await removeClosure(db, closure.id);
    }
    assert.ok((await get('/apply')).html.includes('href="/apply/email"'), 'the Start button is back');
  });

  it('a closure that has not started yet, or has ended, leaves the Start button', async () => {
    const db = app.server.database.db;
    const now = Date.now();
    const future = await addClosure(db, {
      startsAt: new Date(now + minutes(10)),
      endsAt: new Date(now + minutes(60)),
      reasonJa: '保守',
      reasonEn: 'Maintenance',
    });
    const past = await addClosure(db, {
      startsAt: new Date(now - minutes(60)),
      endsAt: new Date(now - minutes(1)),
      reasonJa: '保守',
      reasonEn: 'Maintenance',
    });
    try {
      const { html } = await get('/apply?lang=en');
      assert.ok(html.includes('href="/apply/email"'));
      assert.ok(!html.includes('Maintenance'));
    } finally {
      await removeClosure(db, future.id);
      await removeClosure(db, past.id);
    }
  });

  it('without GA account acceptance there is no Start button either', async () => {
    const db = app.server.database.db;
    await setServiceAcceptance(db, 'ga_account', {
      accepting: false,
      since: new Date(),
      noticeJa: '新規アカウントの受付を一時停止しています。',
      noticeEn: 'New accounts are paused.',
    });
    try {
      const { html } = await get('/apply?lang=en');
      assert.ok(html.includes(catalogues.en['notice.gaClosed.cannotStart']));
      assert.ok(html.includes('New accounts are paused.'));
      assert.ok(!html.includes('href="/apply/email"'));
    } finally {
      await setServiceAcceptance(db, 'ga_account', { accepting: true, since: new Date() });
    }
  });
});

describe('sc-account notices', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sc-notices-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const cli = (args: string[]) => runCli(['notices', ...args], { DATA_DIR: dataDir });

  it('lists the seeded suspensions', async () => {
    const r = await cli(['list']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Closures \(Asia\/Tokyo[^)]*\):\n {2}none\n/);
    assert.match(r.stdout, /pg +SUSPENDED since 2022-05-13 00:00\n/);
    assert.match(r.stdout, /ga_account +accepting\n/);
    assert.ok(r.stdout.includes(announcement));
  });

  it('adds a closure in Tokyo time, lists it and removes it', async () => {
    const add = await cli([
      'close',
      '--from',
      '2026-12-27 17:00',
      '--until',
      '2027-01-09 12:00',
      '--reason-ja',
      '年末年始休業',
      '--reason-en',
      'Year-end holidays',
      '--logins-blocked',
    ]);
    assert.equal(add.code, 0, add.stderr);
    const id = add.stdout.match(
      /Added closure #(\d+): 2026-12-27 17:00 – 2027-01-09 12:00 \(Asia\/Tokyo\), logins blocked/,
    )?.[1];
    assert.ok(id, add.stdout);
    const list = await cli(['list', '--all']);
    assert.ok(list.stdout.includes(`#${id}  2026-12-27 17:00 – 2027-01-09 12:00`), list.stdout);
    assert.ok(list.stdout.includes('ja: 年末年始休業'));
    const removed = await cli(['remove-closure', id]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, `Removed closure #${id}.\n`);
    const again = await cli(['remove-closure', id]);
    assert.equal(again.code, 64);
    assert.match(again.stderr, new RegExp(`there is no closure #${id}`));
  });

  it('suspends and resumes a service', async () => {
    const s = await cli([
      'suspend',
      'workshop',
      '--notice-ja',
      '講習会の申請は停止中です。',
      '--notice-en',
      'Workshop applications are suspended.',
      '--url',
      'https://example.org/news',
    ]);
    assert.equal(s.code, 0, s.stderr);
    assert.match((await cli(['list'])).stdout, /workshop +SUSPENDED since .*\n.*ja: 講習会の申請は停止中です。/);
    const r = await cli(['resume', 'workshop']);
    assert.equal(r.code, 0, r.stderr);
    assert.match((await cli(['list'])).stdout, /workshop +accepting since /);
  });

  it('audits every change made on the command line, as the console does', async () => {
    const handle = await openDatabase({ dataDir, databaseUrl: undefined });
    try {
      const rows = await handle.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'subject'])
        .where('action', 'like', 'settings.%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.actor, r.action, String(r.subject).split(':')[0]]),
        [
          ['cli', 'settings.closure.added', 'closure'],
          ['cli', 'settings.closure.removed', 'closure'],
          ['cli', 'settings.service.suspended', 'service'],
          ['cli', 'settings.service.resumed', 'service'],
        ],
      );
    } finally {
      await handle.close();
    }
  });

  it('refuses bad input with a clear usage error and exit status 64', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['close', '--from', '2026-02-30 17:00', '--until', '2027-01-09 12:00', '--reason-ja', 'x', '--reason-en', 'x'],
        /--from "2026-02-30 17:00" is not a time like "2026-12-27 17:00" \(Asia\/Tokyo\)/,
      ],
      [
        ['close', '--from', '2027-01-09 12:00', '--until', '2026-12-27 17:00', '--reason-ja', 'x', '--reason-en', 'x'],
        /--until must be later than --from/,
      ],
      [
        ['close', '--from', '2026-12-27 17:00', '--until', '2027-01-09 12:00', '--reason-en', 'x'],
        /--reason-ja is required/,
      ],
      [
        ['suspend', 'hpc', '--notice-ja', 'x', '--notice-en', 'x'],
        /unknown service "hpc"; one of: ga_account, ga_large_storage, pg, workshop/,
      ],
      [
        ['suspend', 'pg', '--notice-ja', 'x', '--notice-en', 'x', '--url', 'javascript:alert(1)'],
        /--url must be an http\(s\) address/,
      ],
      [
        ['suspend', 'pg', '--notice-ja', 'x', '--notice-en', 'x', '--colour', 'red'],
        /^sc-account: unknown option --colour\nusage: sc-account notices suspend SERVICE/,
      ],
      [['resume'], /usage: sc-account notices resume SERVICE/],
      [['remove-closure', 'abc'], /usage: sc-account notices remove-closure ID/],
      [['frobnicate'], /usage: sc-account notices list\|close/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });
});
