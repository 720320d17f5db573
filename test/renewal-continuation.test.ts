// The holder's Continuation over HTTP, on PGlite and PostgreSQL, with the calendar's
// clock moved and PubMed and Crossref played by a local server: the pages in order
// with their errors (what was typed kept), "Get" by PubMed ID and DOI (filled,
// unknown, unreachable), the check page, renewing at once with the details changed
// by an applied Modification, a new responsible person making it wait for staff, a
// holder locked for not renewing who reaches only these pages and is unlocked by
// renewing, and the script's JSON lookup.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { logIn, provisionedAccounts, type TestAccount } from './helpers/account.js';
import { mailsTo } from './helpers/apply.js';
import { Browserless, formFields } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { esummaryEntry, FakeServices, PMID } from './helpers/publication-services.js';
import { drainJobs, useReviewApp } from './helpers/review.js';

const h1 = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`id="${field}-error" class="error-message">([^<]*)<`))?.[1]?.trim();
const inputValue = (html: string, name: string) =>
  html.match(new RegExp(`name="${name}" type="text" value="([^"]*)"`))?.[1];
const textareaValue = (html: string, name: string) =>
  html.match(new RegExp(`name="${name}"[^>]*>([^<]*)</textarea>`))?.[1];
const summaryLinks = (html: string) =>
  [...(html.match(/class="error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? '').matchAll(/href="#([^"]+)"/g)].map(
    (m) => m[1],
  );

/** Tokyo wall-clock time → instant. */
const tokyo = (s: string) => new Date(`${s}+09:00`);

for (const kind of databaseKinds) {
  describe(`the holder's Continuation (${kind})`, () => {
    const services = new FakeServices();
    const env: Record<string, string> = { LOOKUP_TIMEOUT_MS: '1000' };
    let now = tokyo('2027-02-01T10:00:00');
    before(async () => {
      await services.start();
      env.PUBMED_URL = `${services.base}/entrez/eutils`;
      env.CROSSREF_URL = `${services.base}/crossref`;
    });
    after(() => services.stop());
    const suite = useReviewApp(kind, { env, clock: () => now });
    let accounts: TestAccount[] = [];
    const db = () => suite.app.server.database.db;
    const ready = async () => {
      if (accounts.length === 0) {
        accounts = await provisionedAccounts(suite.app, 4);
        // Registered in fiscal year 2026: renewal for 2027 opens on 4 January 2027.
        await db()
          .updateTable('account')
          .set({ valid_through: 2026 })
          .where(
            'id',
            'in',
            accounts.map((a) => a.id),
          )
          .execute();
      }
      return accounts;
    };

    it('is nothing to do while the account is valid and the window is not open', async () => {
      const [a] = (await ready()) as [TestAccount];
      now = tokyo('2026-12-20T10:00:00');
      const person = await logIn(suite.app, a);
      const start = await person.get('/account/renewal');
      assert.equal(start.status, 200);
      assert.equal(h1(start.html), 'Renewal');
      assert.match(start.html, /renewed through fiscal year 2026/);
      assert.match(start.html, /Renewal for fiscal year 2027 opens on 4 January 2027/);
      const details = await person.get('/account/renewal/details');
      assert.equal(details.status, 303);
      assert.equal(details.location, '/account/renewal');
    });

    it('renews at once: details changed, achievements got from PubMed and typed by hand, publication postponed', async () => {
      const [a] = (await ready()) as [TestAccount];
      now = tokyo('2027-02-01T10:00:00');
      const person = await logIn(suite.app, a);
      // The account page leads to it while it is open and not done.
      const info = await person.get('/account');
      assert.match(info.html, /id="renewal-banner-title"[^>]*>Renew your account for fiscal year 2027/);
      assert.match(info.html, /Renewed through<\/dt><dd[^>]*>Fiscal year 2026/);
      const start = await person.get('/account/renewal');
      assert.equal(h1(start.html), 'Renew your account for fiscal year 2027');
      assert.match(start.html, /before 1 April 2027/);
      assert.match(start.html, /href="\/account\/renewal\/details"[^>]*>Start now/);

      // Details: prefilled; an error keeps what was typed.
      const details = await person.get('/account/renewal/details');
      assert.match(details.html, /name="institution" type="text" value="[^"]+"/);
      const bad = await person.submit(details.html, '/account/renewal/details', {
        institution: 'Kyoto Genome Institute',
        purpose: 'too short',
      });
      assert.equal(bad.status, 400);
      assert.match(fieldError(bad.html, 'purpose') ?? '', /150/);
      assert.equal(inputValue(bad.html, 'institution'), 'Kyoto Genome Institute');
      // A field over the form's cap: before, the stored details replaced everything typed
      // and the page moved on as if nothing had been changed.
      const overlong = await person.submit(details.html, '/account/renewal/details', {
        institution: 'Kyoto Genome Institute',
        purpose: 'x'.repeat(20_001),
      });
      assert.equal(overlong.status, 400);
      assert.ok(fieldError(overlong.html, 'purpose'));
      assert.equal(inputValue(overlong.html, 'institution'), 'Kyoto Genome Institute');
      const saved = await person.submit(bad.html, '/account/renewal/details', {
        institution: 'Kyoto Genome Institute',
        purpose: 'Assembly and annotation of plant genomes from long reads. '.repeat(4),
      });
      assert.equal(saved.status, 303);
      assert.equal(saved.location, '/account/renewal/responsible');

      // The responsible person: an answer is needed.
      const responsible = await person.get('/account/renewal/responsible');
      assert.match(h1(responsible.html) ?? '', /Responsible person/);
      const none = await person.submit(responsible.html, '/account/renewal/responsible', {});
      assert.equal(none.status, 400);
      assert.deepEqual(summaryLinks(none.html), ['answer']);
      const same = await person.submit(responsible.html, '/account/renewal/responsible', { answer: 'same' });
      assert.equal(same.location, '/account/renewal/achievements');

      // Achievements: yes → an entry; "Get" from PubMed fills it, keeping what was typed.
      const list = await person.get('/account/renewal/achievements');
      assert.match(list.html, /Do you have achievements to report for fiscal year 2026\?/);
      const yes = await person.submit(list.html, '/account/renewal/achievements', { answer: 'yes' });
      assert.equal(yes.location, '/account/renewal/achievements/new');
      services.pubmed.set(PMID, esummaryEntry());
      const entry = await person.get('/account/renewal/achievements/new');
      const got = await person.submit(entry.html, '/account/renewal/achievements/new', {
        action: 'pmid',
        type: 'paper',
        pmid: `PMID: ${PMID}`,
        authorsJa: '田中 花子',
      });
      assert.equal(got.status, 200);
      assert.match(got.html, /Filled in from PubMed/);
      assert.equal(textareaValue(got.html, 'title'), 'Haplotype-resolved assembly of forty rice genomes.');
      assert.equal(inputValue(got.html, 'journal'), 'Nucleic acids research');
      assert.equal(inputValue(got.html, 'doi'), '10.5555/sc-account.pubmed.1');
      assert.equal(inputValue(got.html, 'pages'), '1650-1662');
      assert.equal(textareaValue(got.html, 'authorsJa'), '田中 花子');
      assert.match(got.html, /value="paper" checked/);
      // A paper needs domestic or international.
      const noScope = await person.submit(got.html, '/account/renewal/achievements/new', { type: 'paper' });
      assert.equal(noScope.status, 400);
      assert.deepEqual(summaryLinks(noScope.html), ['journalScope']);
      const first = await person.submit(noScope.html, '/account/renewal/achievements/new', {
        type: 'paper',
        journalScope: 'international',
      });
      assert.equal(first.location, '/account/renewal/achievements');

      // Another: an unknown PubMed ID is the field's error; Crossref down is said, and typing works.
      const list2 = await person.get('/account/renewal/achievements');
      assert.match(list2.html, /1\. Haplotype-resolved assembly/);
      assert.match(list2.html, /Do you need to add another achievement\?/);
      await person.submit(list2.html, '/account/renewal/achievements', { answer: 'yes' });
      const entry2 = await person.get('/account/renewal/achievements/new');
      const unknown = await person.submit(entry2.html, '/account/renewal/achievements/new', {
        action: 'pmid',
        pmid: '99999999',
        title: 'Kept while looking up',
      });
      assert.equal(unknown.status, 400);
      assert.match(fieldError(unknown.html, 'pmid') ?? '', /PubMed has no article with this ID/);
      assert.equal(textareaValue(unknown.html, 'title'), 'Kept while looking up');
      services.override = (seen) => (seen.service === 'crossref' ? { status: 503, text: 'down' } : undefined);
      const down = await person.submit(unknown.html, '/account/renewal/achievements/new', {
        action: 'doi',
        pmid: '',
        doi: 'https://doi.org/10.5555/poster.7',
      });
      services.override = undefined;
      assert.equal(down.status, 200);
      assert.match(down.html, /Crossref cannot be reached just now/);
      assert.equal(textareaValue(down.html, 'title'), 'Kept while looking up');
      const badDate = await person.submit(down.html, '/account/renewal/achievements/new', {
        type: 'poster',
        title: 'Pan-genome graphs of rice',
        publishedOn: '2026-02-30',
      });
      assert.equal(badDate.status, 400);
      assert.deepEqual(summaryLinks(badDate.html), ['publishedOn']);
      const second = await person.submit(badDate.html, '/account/renewal/achievements/new', {
        type: 'poster',
        // A title pasted across two lines is one line.
        title: 'Pan-genome graphs\r\nof rice',
        publishedOn: '2026-09',
      });
      assert.equal(second.location, '/account/renewal/achievements');
      const list3 = await person.get('/account/renewal/achievements');
      const done = await person.submit(list3.html, '/account/renewal/achievements', { answer: 'no' });
      assert.equal(done.location, '/account/renewal/publication');

      // Publication: postponing needs a reason.
      const publication = await person.get('/account/renewal/publication');
      const noReason = await person.submit(publication.html, '/account/renewal/publication', {
        publication: 'postpone',
      });
      assert.equal(noReason.status, 400);
      assert.deepEqual(summaryLinks(noReason.html), ['postponeReason']);
      const postponed = await person.submit(noReason.html, '/account/renewal/publication', {
        publication: 'postpone',
        postponeReason: 'Patent application in preparation',
      });
      assert.equal(postponed.location, '/account/renewal/check');

      // Check, then send.
      const check = await person.get('/account/renewal/check');
      assert.equal(check.status, 200);
      assert.equal(h1(check.html), 'Check your renewal before sending it');
      assert.match(check.html, /Kyoto Genome Institute/);
      assert.match(check.html, /\(no change\)/);
      assert.match(check.html, /Pan-genome graphs of rice/);
      assert.match(check.html, /Patent application in preparation/);
      assert.match(check.html, /your account is renewed at once/);
      const sent = await person.submit(check.html, '/account/renewal/send', {});
      assert.equal(sent.status, 303);
      assert.equal(sent.location, '/account/renewal?sent=1');
      const after = await person.get('/account/renewal?sent=1');
      assert.match(after.html, /your account is renewed for fiscal year 2027/);
      // Sent twice (a second tab): nothing more.
      const again = await person.submit(check.html, '/account/renewal/send', {});
      assert.equal(again.location, '/account/renewal');

      await drainJobs(suite.app);
      const renewal = await db()
        .selectFrom('renewal')
        .selectAll()
        .where('application_id', '=', a.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(renewal.state, 'renewed');
      assert.equal(renewal.fiscal_year, 2027);
      assert.equal(renewal.publication, 'postpone');
      assert.equal(renewal.postpone_reason, 'Patent application in preparation');
      assert.deepEqual(
        renewal.data.changes.map((c) => c.field),
        ['institution', 'purpose'],
      );
      const achievements = await db()
        .selectFrom('achievement')
        .selectAll()
        .where('renewal_id', '=', renewal.id)
        .orderBy('position')
        .execute();
      assert.deepEqual(
        achievements.map((x) => [x.type, x.pmid, x.doi, x.journal_scope, x.authors_ja, x.published_on]),
        [
          ['paper', PMID, '10.5555/sc-account.pubmed.1', 'international', '田中 花子', '2024-03-05'],
          ['poster', null, '10.5555/poster.7', null, null, '2026-09'],
        ],
      );
      assert.equal(achievements[1]?.title, 'Pan-genome graphs of rice');
      assert.deepEqual(
        achievements.map((x) => x.position),
        [1, 2],
      );
      const account = await db().selectFrom('account').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(account.valid_through, 2027);
      assert.doesNotMatch((await person.get('/account')).html, /renewal-banner-title/);
      // The details changed through a Modification approved by the renewal and applied.
      const modification = await db()
        .selectFrom('account_request')
        .selectAll()
        .where('application_id', '=', a.applicationId)
        .where('kind', '=', 'modification')
        .executeTakeFirstOrThrow();
      assert.equal(modification.state, 'applied');
      const applicant = await db()
        .selectFrom('applicant')
        .select(['institution'])
        .where('application_id', '=', a.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(applicant.institution, 'Kyoto Genome Institute');
      assert.equal(
        await db()
          .selectFrom('renewal_draft')
          .select('fiscal_year')
          .where('application_id', '=', a.applicationId)
          .executeTakeFirst(),
        undefined,
        'the draft is gone',
      );
      const mails = await mailsTo(suite.app, a.email);
      assert.ok(
        mails.some((m) => /renewed for fiscal year 2027/.test(m.subject ?? '')),
        mails.map((m) => m.subject).join(' | '),
      );
      const audit = await db()
        .selectFrom('audit_log')
        .select(['action'])
        .where('action', '=', 'renewal.submitted')
        .where('actor', '=', `account:${a.id}`)
        .execute();
      assert.equal(audit.length, 1);
    });

    it('a new responsible person: the renewal waits for the Manager Modification; answers are kept between visits', async () => {
      const [, b] = (await ready()) as [TestAccount, TestAccount];
      now = tokyo('2027-03-20T10:00:00');
      const person = await logIn(suite.app, b);
      const details = await person.get('/account/renewal/details');
      await person.submit(details.html, '/account/renewal/details', {});
      const responsible = await person.get('/account/renewal/responsible');
      const fresh = await person.submit(responsible.html, '/account/renewal/responsible', { answer: 'new' });
      assert.equal(fresh.location, '/account/renewal/responsible/new');
      const form = await person.get('/account/renewal/responsible/new');
      const missing = await person.submit(form.html, '/account/renewal/responsible/new', {});
      assert.equal(missing.status, 400);
      const named = await person.submit(form.html, '/account/renewal/responsible/new', {
        familyName: 'Yamada',
        givenName: 'Taro',
        jobTitle: 'professor',
        institution: 'Osaka Bioscience University',
        email: 'yamada@osaka-bio.ac.jp',
        address: '1-1 Yamadaoka, Suita, Osaka',
        phone: '06-6877-5111',
        unknown: 'yes',
      });
      assert.equal(
        named.status,
        303,
        fieldError(named.html, 'jobTitle') ?? named.html.match(/error-message">[^<]*/g)?.join(),
      );
      assert.equal(named.location, '/account/renewal/achievements');
      // Logged out and back: the renewal continues where it was.
      const again = await logIn(suite.app, b);
      const start = await again.get('/account/renewal');
      assert.match(start.html, /href="\/account\/renewal\/achievements"[^>]*>Continue your renewal/);
      const list = await again.get('/account/renewal/achievements');
      const no = await again.submit(list.html, '/account/renewal/achievements', { answer: 'no' });
      assert.equal(no.location, '/account/renewal/publication');
      const publication = await again.get('/account/renewal/publication');
      await again.submit(publication.html, '/account/renewal/publication', { publication: 'publish' });
      const check = await again.get('/account/renewal/check');
      assert.match(check.html, /Yamada/);
      assert.match(check.html, /No achievements this year/);
      assert.match(check.html, /waits for your new responsible person/);
      const sent = await again.submit(check.html, '/account/renewal/send', {});
      assert.equal(sent.location, '/account/renewal?sent=1');
      const waiting = await again.get('/account/renewal?sent=1');
      assert.match(waiting.html, /It is complete once your new responsible person has signed the pledge/);

      const renewal = await db()
        .selectFrom('renewal')
        .selectAll()
        .where('application_id', '=', b.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(renewal.state, 'review');
      assert.equal(renewal.no_achievements, true);
      const request = await db()
        .selectFrom('account_request')
        .selectAll()
        .where('id', '=', renewal.data.managerRequestId as number)
        .executeTakeFirstOrThrow();
      assert.equal(request.kind, 'manager');
      assert.equal(request.state, 'submitted');
      assert.match(waiting.html, new RegExp(`/account/requests/${request.id}`));
      // Staff see on the request that a renewal waits for it.
      const staffPage = await suite.approver.get(`/staff/requests/${request.id}`);
      assert.match(
        staffPage.html,
        /id="waiting-continuation"[\s\S]*?renewal for fiscal year 2027 waits for this request/,
      );
      const account = await db().selectFrom('account').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
      assert.equal(account.valid_through, 2026, 'not renewed until staff approve');
      const mails = await mailsTo(suite.app, b.email, 2);
      assert.ok(mails.some((m) => /renewal for fiscal year 2027 was received/.test(m.subject ?? '')));
    });

    it('a holder locked for not renewing reaches only the renewal pages, and renewing unlocks the account', async () => {
      const [, , c] = (await ready()) as [TestAccount, TestAccount, TestAccount];
      now = tokyo('2027-04-10T10:00:00');
      await db()
        .updateTable('account')
        .set({ state: 'locked', locked_reason: 'not_renewed', locked_at: tokyo('2027-04-01T00:00:00') })
        .where('id', '=', c.id)
        .execute();
      await suite.app.server.directories.ga.lock(c.uid);
      const wrong = new Browserless(suite.app.url, 'en');
      const form = await wrong.get('/login');
      const refused = await wrong.submit(form.html, '/login', { accountName: c.uid, password: 'not the password' });
      assert.equal(refused.status, 401, 'a wrong password gets nothing');

      const person = new Browserless(suite.app.url, 'en');
      const login = await person.get('/login');
      const res = await person.submit(login.html, '/login', { accountName: c.uid, password: c.password });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/account/renewal');
      const start = await person.get('/account/renewal');
      assert.match(start.html, /was locked because it was not renewed/);
      assert.match(start.html, /Renewing restores access within a minute/);
      // Only the renewal link in the navigation; other pages lead back here or are refused.
      assert.doesNotMatch(start.html, /href="\/account\/ssh-keys"/);
      const info = await person.get('/account');
      assert.equal(info.location, '/account/renewal');
      const keys = await person.get('/account/ssh-keys');
      assert.equal(keys.location, '/account/renewal');
      const post = await person.submit(start.html, '/account/password', { password: 'x' });
      assert.equal(post.status, 403);

      const details = await person.get('/account/renewal/details');
      await person.submit(details.html, '/account/renewal/details', {});
      const responsible = await person.get('/account/renewal/responsible');
      await person.submit(responsible.html, '/account/renewal/responsible', { answer: 'same' });
      const list = await person.get('/account/renewal/achievements');
      await person.submit(list.html, '/account/renewal/achievements', { answer: 'no' });
      const publication = await person.get('/account/renewal/publication');
      await person.submit(publication.html, '/account/renewal/publication', { publication: 'publish' });
      const check = await person.get('/account/renewal/check');
      const sent = await person.submit(check.html, '/account/renewal/send', {});
      assert.equal(sent.location, '/account/renewal?sent=1');
      const renewed = await person.get('/account/renewal?sent=1');
      // Unlocked within a minute by a job (the page says so while it has not run yet).
      assert.match(renewed.html, /your account is renewed for fiscal year 2027/);
      await drainJobs(suite.app);
      const account = await db().selectFrom('account').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(account.state, 'active');
      assert.equal(account.valid_through, 2027);
      assert.equal(await suite.app.server.directories.ga.checkPassword(c.uid, c.password), 'ok');
      const full = await logIn(suite.app, c);
      assert.equal((await full.get('/account')).status, 200);
    });

    it("answers the script's lookup as JSON, in the holder's language, and only with the form's token", async () => {
      const [, , , d] = (await ready()) as [TestAccount, TestAccount, TestAccount, TestAccount];
      now = tokyo('2027-02-01T10:00:00');
      const person = await logIn(suite.app, d, 'ja');
      const entry = await person.get('/account/renewal/achievements/new');
      services.pubmed.set(PMID, esummaryEntry());
      const ask = (body: Record<string, string>, form = entry.html) =>
        person.submit(form, '/account/renewal/lookup', body);
      const found = await ask({ source: 'pmid', id: PMID });
      assert.equal(found.status, 200);
      const answer = JSON.parse(found.html) as { ok: boolean; details: Record<string, string>; message: string };
      assert.equal(answer.ok, true);
      assert.equal(answer.details.title, 'Haplotype-resolved assembly of forty rice genomes.');
      assert.match(answer.message, /PubMed から入力しました/);
      const invalid = await ask({ source: 'doi', id: 'not a doi' });
      assert.deepEqual(JSON.parse(invalid.html), {
        ok: false,
        problem: 'invalid',
        message: 'DOI を入力してください（例：10.1093/nar/gkz1035）',
      });
      const noToken = await ask({ source: 'pmid', id: PMID }, '<input name="_csrf" value="forged">');
      assert.equal(noToken.status, 403);
      // The entry page's form still holds what a browser without the script would send.
      assert.ok('_csrf' in formFields(entry.html, '/account/renewal/achievements/new'));
    });
    it('waits for a Manager Modification already open, and asks again once it is decided', async () => {
      const [, , , d] = (await ready()) as [TestAccount, TestAccount, TestAccount, TestAccount];
      now = tokyo('2027-02-01T10:00:00');
      const person = await logIn(suite.app, d);
      const form = await person.get('/account/requests/manager');
      const check = await person.submit(form.html, '/account/requests/manager', {
        familyName: 'Kato',
        givenName: 'Emi',
        jobTitle: 'professor',
        institution: 'Tohoku Genome University',
        email: 'kato@tohoku-genome.ac.jp',
        address: '2-1 Seiryo, Sendai',
        phone: '022-717-8000',
        unknown: 'yes',
      });
      const sent = await person.submit(check.html, '/account/requests/manager/send', {});
      const requestId = Number(sent.location?.match(/\/account\/requests\/(\d+)/)?.[1]);
      assert.ok(requestId > 0, sent.location ?? '');

      const details = await person.get('/account/renewal/details');
      await person.submit(details.html, '/account/renewal/details', {});
      const responsible = await person.get('/account/renewal/responsible');
      assert.match(responsible.html, /Your request for a new responsible person is open/);
      assert.match(responsible.html, new RegExp(`href="/account/requests/${requestId}"`));
      const next = await person.submit(responsible.html, '/account/renewal/responsible', {});
      assert.equal(next.location, '/account/renewal/achievements');
      const list = await person.get('/account/renewal/achievements');
      await person.submit(list.html, '/account/renewal/achievements', { answer: 'no' });
      const publication = await person.get('/account/renewal/publication');
      await person.submit(publication.html, '/account/renewal/publication', { publication: 'publish' });
      const ready1 = await person.get('/account/renewal/check');
      assert.match(ready1.html, /As in your open request for a new responsible person/);

      // Withdrawn before the renewal is sent: the check page asks again and sends nothing.
      const requestPage = await person.get(`/account/requests/${requestId}`);
      await person.submit(requestPage.html, `/account/requests/${requestId}/withdraw`, {});
      const refused = await person.submit(ready1.html, '/account/renewal/send', {});
      assert.equal(refused.status, 400);
      assert.deepEqual(summaryLinks(refused.html), ['responsible']);
      assert.equal(
        await db().selectFrom('renewal').select('id').where('application_id', '=', d.applicationId).executeTakeFirst(),
        undefined,
      );
      const again = await person.get('/account/renewal/responsible');
      await person.submit(again.html, '/account/renewal/responsible', { answer: 'same' });
      const ready2 = await person.get('/account/renewal/check');
      const done = await person.submit(ready2.html, '/account/renewal/send', {});
      assert.equal(done.location, '/account/renewal?sent=1');
      const renewal = await db()
        .selectFrom('renewal')
        .selectAll()
        .where('application_id', '=', d.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(renewal.state, 'renewed');
    });
  });
}
