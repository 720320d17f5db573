// Group and workshop accounts over HTTP, without JavaScript: the person in charge
// applies (errors by field in Japanese, what was typed kept), uploads participants as
// CSV (Shift_JIS, a BOM, a bad row given back to fix and send again, formula-looking
// cells, 10,000 rows, a file that is not text), signs the pledge (each missing statement
// named), sends the group; a participant answers their link (errors, then done, then
// the link is used up); after staff approve, the sheet of initial passwords shows each
// once. Another holder cannot reach the group.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, centreDayOf } from '../src/domain/fiscal-calendar.js';
import { approveParticipants, decideGroup } from '../src/services/group-accounts.js';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { ed25519 } from './helpers/group.js';
import { drainJobs } from './helpers/review.js';

const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();
const sjis = (text: string) => {
  // The few Japanese characters these tests use, in Shift_JIS (what Excel in Japan saves).
  const table: Record<string, number[]> = { 鈴: [0x97, 0xe9], 木: [0x96, 0xd8], 一: [0x88, 0xea], 郎: [0x98, 0x59] };
  const bytes: number[] = [];
  for (const ch of text) bytes.push(...(table[ch] ?? [ch.charCodeAt(0)]));
  return Uint8Array.from(bytes);
};

describe('group account pages', () => {
  let app: TestApp;
  let person: TestAccount;
  let other: TestAccount;
  let groupPath = '';
  before(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_MAIL_PER_10_MINUTES: '1000' } });
    [person] = (await provisionedAccounts(app, 1)) as [TestAccount];
    [other] = (await provisionedAccounts(app, 1)) as [TestAccount];
    await app.server.database.db
      .updateTable('responsible_person')
      .set({ same_as_applicant: true })
      .where('application_id', 'in', [person.applicationId, other.applicationId])
      .execute();
  });
  after(() => app.close());
  const db = () => app.server.database.db;
  const deps = () => ({
    db: db(),
    outbox: app.server.app.deps.outbox,
    baseUrl: app.server.app.deps.config.baseUrl,
    pokeJobs: () => app.server.worker.poke(),
    freeMailDomains: async () => ['gmail.com'],
  });

  it('applies in Japanese: each problem at its field, what was typed kept; then the group’s page', async () => {
    const browser = await logIn(app, person, 'ja');
    const list = await browser.get('/account/groups');
    assert.equal(list.status, 200);
    assert.match(list.html, /グループアカウントを申請する/);
    const form = await browser.get('/account/groups/new');
    assert.equal(form.status, 200);
    const end = addDays(centreDayOf(new Date()), 30);
    const [y, m, d] = end.split('-');
    const bad = await browser.submit(form.html, '/account/groups/new', {
      title: '',
      purpose: '変異解析の実習',
      endsOn_year: '2020',
      endsOn_month: '2',
      endsOn_day: '30',
    });
    assert.equal(bad.status, 400);
    assert.equal(fieldError(bad.html, 'title'), '講習会・授業・コンソーシアムの名称を入力してください');
    assert.equal(fieldError(bad.html, 'kind'), 'グループの種類を選んでください');
    assert.equal(fieldError(bad.html, 'endsOn_year'), '終了日には実在する日付を入力してください');
    assert.match(bad.html, />変異解析の実習<\/textarea>/);
    const made = await browser.submit(form.html, '/account/groups/new', {
      title: 'NGS解析講習会2026',
      kind: 'workshop',
      purpose: '変異解析の実習',
      endsOn_year: y as string,
      endsOn_month: String(Number(m)),
      endsOn_day: String(Number(d)),
      needsScreening: 'no',
    });
    assert.equal(made.status, 303, made.html.slice(0, 400));
    groupPath = (made.location ?? '').replace(/\?.*/, '');
    assert.match(groupPath, /^\/account\/groups\/\d+$/);
    const page = await browser.get(made.location ?? '');
    assert.equal(page.status, 200);
    assert.match(page.html, /グループを保存しました/);
    assert.match(page.html, /次に、参加者をCSVまたは1人ずつ追加してください/);
    // Changing it: a problem the form finds (the kind) and one the service finds (the name) are named together.
    const edit = await browser.get(`${groupPath}/edit`);
    const changed = await browser.submit(edit.html, `${groupPath}/edit`, { kind: 'party', title: '' });
    assert.equal(changed.status, 400);
    assert.equal(fieldError(changed.html, 'kind'), 'グループの種類を選んでください');
    assert.equal(fieldError(changed.html, 'title'), '講習会・授業・コンソーシアムの名称を入力してください');
    // Another holder does not reach it.
    const stranger = await logIn(app, other, 'en');
    assert.equal((await stranger.get(groupPath)).status, 404);
    assert.equal((await stranger.get('/account/groups/abc')).status, 404);
  });

  it('participants from CSV: Shift_JIS and a BOM read, each bad row named and given back, 10,000 rows and non-text refused', async () => {
    const browser = await logIn(app, person, 'ja');
    const page = await browser.get(groupPath);
    const action = `${groupPath}/participants/upload`;
    const upload = (bytes: Uint8Array, filename = 'participants.csv') =>
      browser.upload(page.html, action, { field: 'csvFile', filename, type: 'text/csv', bytes });
    const first = await upload(
      sjis(
        'family,given,e-mail,institution\r\n鈴木,一郎,ichiro@univ.example.ac.jp,Univ\r\n=cmd,x,bad@univ.example.ac.jp,\r\nTanaka,Jiro,jiro@gmail.com,\r\n',
      ),
    );
    assert.equal(first.status, 400);
    assert.match(first.html, /1人に招待を送りました。修正が必要な行は2行です/);
    assert.match(first.html, /姓が表計算の数式のように始まっています/);
    assert.match(first.html, /フリーメールのアドレスには、5列目に理由が必要です/);
    // The failed rows come back in the text box, to fix and send.
    assert.match(first.html, /=cmd,x,bad@univ\.example\.ac\.jp,/);
    const fixed = await browser.submit(first.html, `${groupPath}/participants/text`, {
      csvText: 'Cmd,X,bad@univ.example.ac.jp,\nTanaka,Jiro,jiro@gmail.com,,学生でメールは大学から発行されていない',
    });
    assert.equal(fixed.status, 200);
    assert.match(fixed.html, /2人に招待を送りました。修正が必要な行は0行です/);
    const bom = await upload(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('佐藤,花子,hanako@univ.example.ac.jp,\n')]),
    );
    assert.equal(bom.status, 200);
    assert.match(bom.html, /佐藤 花子/);
    const many = Array.from({ length: 10_000 }, (_, i) => `A,B,p${i}@univ.example.ac.jp`).join('\n');
    const tooMany = await upload(Buffer.from(many));
    assert.equal(tooMany.status, 400);
    assert.equal(
      fieldError(tooMany.html, 'csvFile'),
      '1つのグループの参加者は1,000人までです。一覧を分けるか、行を減らしてください。',
    );
    const binary = await upload(Uint8Array.from([0xff, 0xfe, 0x00, 0xd8, 0xff, 0x81]), 'x.xlsx');
    assert.equal(binary.status, 400);
    assert.match(binary.html, /UTF-8（またはShift_JIS）のCSVとして保存し/);
    const none = await browser.upload(page.html, action, {
      field: 'csvFile',
      filename: '',
      type: 'application/octet-stream',
      bytes: new Uint8Array(),
    });
    assert.equal(none.status, 400);
    const rows = await db().selectFrom('group_participant').select('email').orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => r.email),
      ['ichiro@univ.example.ac.jp', 'bad@univ.example.ac.jp', 'jiro@gmail.com', 'hanako@univ.example.ac.jp'],
    );
  });

  it('a participant answers their link: errors in their language, then done, then the link no longer works', async () => {
    const [mail] = await mailsTo(app, 'ichiro@univ.example.ac.jp');
    const link = /https?:\/\/[^\s]+\/group-invitation\?token=[A-Za-z0-9_-]+/.exec(String(mail?.text))?.[0];
    assert.ok(link, 'the invitation mail has the link');
    const path = new URL(link).pathname + new URL(link).search;
    const participant = new Browserless(app.url, 'ja');
    const page = await participant.get(path);
    assert.equal(page.status, 200);
    assert.match(page.html, /ichiro@univ\.example\.ac\.jp/);
    const bad = await participant.submit(page.html, '/group-invitation', { accountName: '1abc', sshKey: '' });
    assert.equal(bad.status, 400);
    assert.equal(fieldError(bad.html, 'sshKey'), 'SSH公開鍵を貼り付けてください。ログインに使います');
    assert.equal(fieldError(bad.html, 'terms'), '利用規約に同意する場合はチェックを入れてください');
    assert.ok(fieldError(bad.html, 'accountName'));
    assert.match(bad.html, /value="1abc"/);
    const done = await participant.submit(bad.html, '/group-invitation', {
      accountName: 'suzuki26',
      sshKey: ed25519(1),
      terms: 'yes',
    });
    assert.equal(done.status, 200, done.html.slice(0, 300));
    assert.match(done.html, /送信しました/);
    assert.equal((await participant.get(path)).status, 410);
  });

  it('the pledge names each statement not ticked; signed, the group is sent', async () => {
    const browser = await logIn(app, person, 'ja');
    const page = await browser.get(groupPath);
    const unticked = await browser.submit(page.html, `${groupPath}/pledge`, { pledge_supervise: 'yes' });
    assert.equal(unticked.status, 400);
    assert.match(unticked.html, /「利用規約に従った利用」の項目にチェックを入れてください/);
    assert.match(unticked.html, /「参加者の発行条件」の項目にチェックを入れてください/);
    const signed = await browser.submit(page.html, `${groupPath}/pledge`, {
      pledge_supervise: 'yes',
      pledge_terms: 'yes',
      pledge_eligibility: 'yes',
      pledge_end: 'yes',
    });
    assert.equal(signed.status, 303);
    const after = await browser.get(signed.location ?? '');
    assert.match(after.html, /誓約に署名しました/);
    const sent = await browser.submit(after.html, `${groupPath}/submit`, {});
    assert.equal(sent.status, 303);
    assert.match((await browser.get(sent.location ?? '')).html, /グループを審査に送信しました/);
  });

  it('approved with the hand-out by sheet: the person in charge prints each initial password once', async () => {
    const id = Number(groupPath.split('/').at(-1));
    const group = await db().selectFrom('group_account').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const decided = await decideGroup(deps(), 'staff:1', id, {
      version: group.version,
      decision: 'approved',
      unixGroup: 'ws-ngs-http',
      handout: 'sheet',
    });
    assert.ok(decided.ok);
    assert.deepEqual(await approveParticipants(deps(), 'staff:1', id, 'confirmed'), {
      ok: true,
      approved: 1,
      skipped: [],
    });
    await drainJobs(app);
    const browser = await logIn(app, person, 'en');
    const page = await browser.get(groupPath);
    assert.match(page.html, /Account ready/);
    const sheet = await browser.submit(page.html, `${groupPath}/sheet`, {});
    assert.equal(sheet.status, 200);
    assert.equal(sheet.headers.get('cache-control'), 'no-store');
    assert.match(sheet.html, /suzuki26/);
    const password = /<td class="code">([A-Za-z0-9]{16})<\/td>/.exec(sheet.html)?.[1];
    assert.ok(password, 'the password is on the sheet');
    const again = await browser.submit(page.html, `${groupPath}/sheet`, {});
    assert.match(again.html, /No initial passwords are waiting/);
    assert.doesNotMatch(again.html, new RegExp(password));
  });
});
