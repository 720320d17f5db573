// Pledges over HTTP, on PGlite and on PostgreSQL: a non-resident applicant signs a
// pledge of their own besides the responsible person (the application waits for
// both), and each signed pledge gets a PDF copy that is kept, mailed to the signer
// and downloadable by staff — once, however often its job runs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { advanceApplication } from '../src/db/applications.js';
import { enqueueJob } from '../src/db/jobs.js';
import { PLEDGE_DOCUMENT_JOB } from '../src/jobs/handlers/pledge-document.js';
import type { TestApp } from './helpers/app.js';
import { mailsTo } from './helpers/apply.js';
import { Browserless } from './helpers/browserless.js';
import { databaseKinds } from './helpers/databases.js';
import { readPdf, squash } from './helpers/pdf.js';
import { sendPledges, signPledge, submitApplication, useReviewApp } from './helpers/review.js';

const nonResident = {
  eligibility: {
    resident: 'no',
    reason: 'living_abroad',
    specific: 'no',
    career: 'PhD in bioinformatics, postdoc in Heidelberg',
    employment: 'Full-time',
    period: 'Until March 2028',
  },
};

for (const kind of databaseKinds) {
  describe(`pledges and their signed copies [${kind}]`, () => {
    const suite = useReviewApp(kind);
    let app: TestApp;
    let reviewer: Browserless;
    before(() => {
      ({ app, reviewer } = suite);
    });
    const db = () => app.server.database.db;
    const stateOf = async (id: number) =>
      (await db().selectFrom('application').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;

    it('a non-resident applicant signs a pledge of their own; the application waits for both', async () => {
      const a = await submitApplication(app, nonResident);
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /besides the responsible person, they sign a pledge of their own/);
      const links = await sendPledges(app, reviewer, a);
      assert.equal(links.length, 2, 'one link to the responsible person, one to the applicant');
      const toApplicant = (await mailsTo(app, a.email)).find((m) => m.text?.includes('/pledge?token='));
      assert.match(toApplicant?.text ?? '', /As you are not a resident of Japan/);
      assert.match(toApplicant?.text ?? '', /外為法上の非居住者/);
      const applicantLink = links.find((l) => toApplicant?.text?.includes(l)) ?? '';
      const responsibleLink = links.find((l) => l !== applicantLink) ?? '';

      // The applicant's page shows the non-resident text.
      const applicantPage = await new Browserless(app.url, 'en').get(applicantLink);
      assert.match(applicantPage.html, /Pledge \(an applicant who is not a resident under FEFTA\)/);

      assert.equal((await signPledge(app, responsibleLink)).status, 200);
      assert.equal(await stateOf(a.id), 'pledge_sent', 'still waiting for the applicant');
      // Sending again now reaches only the one still unsigned.
      const again = await sendPledges(app, reviewer, a);
      assert.equal(again.length, 1);
      assert.equal((await signPledge(app, applicantLink, 'Anna Schmidt')).status, 410, 'the first link was replaced');
      assert.equal((await signPledge(app, again[0] ?? '', 'Anna Schmidt')).status, 200);
      assert.equal(await stateOf(a.id), 'screening', 'both signed: on to the screening');
      const pledges = await db()
        .selectFrom('pledge')
        .select(['kind', 'signer_name'])
        .where('application_id', '=', a.id)
        .orderBy('kind')
        .execute();
      assert.deepEqual(pledges, [
        { kind: 'applicant', signer_name: 'Anna Schmidt' },
        { kind: 'vouch', signer_name: 'Ichiro SUZUKI' },
      ]);
      const history = await db()
        .selectFrom('application_event')
        .select(['to_state', 'actor'])
        .where('application_id', '=', a.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.slice(-2).map((h) => `${h.to_state} by ${h.actor}`),
        ['pledge_signed by applicant', 'screening by system'],
      );
    });

    it('two signers at once: the application moves on exactly once', async () => {
      const a = await submitApplication(app, nonResident);
      const links = await sendPledges(app, reviewer, a);
      const answers = await Promise.all(links.map((link) => signPledge(app, link)));
      assert.deepEqual(
        answers.map((r) => r.status),
        [200, 200],
      );
      assert.equal(await stateOf(a.id), 'screening');
      const moves = await db()
        .selectFrom('application_event')
        .select('to_state')
        .where('application_id', '=', a.id)
        .where('to_state', '=', 'pledge_signed')
        .execute();
      assert.equal(moves.length, 1);
    });

    it('keeps a PDF copy of the signed pledge, mails it to the signer once, and lets staff download it', async () => {
      const a = await submitApplication(app);
      const [link] = await sendPledges(app, reviewer, a);
      const before = (await mailsTo(app, 'suzuki@nig.example.ac.jp', 0)).length;
      assert.equal((await signPledge(app, link ?? '', '鈴木 一郎', 'ja')).status, 200);
      const mails = (await mailsTo(app, 'suzuki@nig.example.ac.jp', before + 1)).slice(before);
      const confirmation = mails.find((m) => m.subject?.includes('誓約書に署名されました'));
      assert.ok(confirmation, 'the signer is mailed a confirmation');
      const attachment = confirmation.attachments.find((f) => f.contentType === 'application/pdf');
      assert.ok(attachment, 'with the PDF copy');
      assert.equal(attachment.filename, `pledge-${a.reference}-vouch.pdf`);

      const pledge = await db()
        .selectFrom('pledge')
        .selectAll()
        .where('application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      const { pages } = await readPdf(attachment.content);
      const text = squash(pages.join('\n'));
      for (const part of [a.reference, '鈴木一郎', 'Taro YAMADA', 'review_', pledge.text_sha256 ?? '', '2024-04-01']) {
        assert.ok(text.includes(squash(part)), `the copy shows ${part}`);
      }

      const kept = await db()
        .selectFrom('pledge_document')
        .selectAll()
        .where('pledge_id', '=', pledge.id)
        .executeTakeFirstOrThrow();
      assert.equal(kept.sha256, createHash('sha256').update(attachment.content).digest('hex'));

      // The job again (a retry after a crash, say): still one copy and one mail.
      await enqueueJob(db(), { kind: PLEDGE_DOCUMENT_JOB, payload: { pledgeId: pledge.id, lang: 'ja' } });
      const after = await mailsTo(app, 'suzuki@nig.example.ac.jp', 0);
      assert.equal(
        after.filter((m) => m.subject?.includes('誓約書に署名されました') && m.subject.includes(a.reference)).length,
        1,
      );
      const copies = await db()
        .selectFrom('pledge_document')
        .select('pledge_id')
        .where('pledge_id', '=', pledge.id)
        .execute();
      assert.equal(copies.length, 1);

      // Staff see the version signed and download the same bytes.
      const page = await reviewer.get(`/staff/applications/${a.id}`);
      assert.match(page.html, /text 2024-04-01/);
      const href = `/staff/applications/${a.id}/pledges/${pledge.id}.pdf`;
      assert.ok(page.html.includes(`href="${href}"`));
      const file = await reviewer.download(href);
      assert.equal(file.status, 200);
      assert.equal(file.type, 'application/pdf');
      assert.ok(file.body.equals(Buffer.from(attachment.content)));
      // Only under its own application, and only as a .pdf.
      const other = await submitApplication(app);
      assert.equal((await reviewer.get(`/staff/applications/${other.id}/pledges/${pledge.id}.pdf`)).status, 404);
      assert.equal((await reviewer.get(`/staff/applications/${a.id}/pledges/${pledge.id}`)).status, 404);
    });

    it('signs nothing once the application was withdrawn meanwhile, and records only a text in force since sending', async () => {
      const a = await submitApplication(app);
      const [link = ''] = await sendPledges(app, reviewer, a);
      const signer = new Browserless(app.url, 'en');
      const opened = await signer.get(link);
      await db()
        .transaction()
        .execute((trx) => advanceApplication(trx, a.id, 'withdrawn', 'applicant', null));
      const fields: Record<string, string> = { token: link.split('token=')[1] ?? '', name: 'Ichiro SUZUKI' };
      for (let i = 0; i < 10; i++) fields[`d${i}`] = 'yes';
      assert.equal((await signer.submit(opened.html, '/pledge', fields)).status, 410);
      const row = await db()
        .selectFrom('pledge')
        .select('signed_at')
        .where('application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.signed_at, null);

      // A text replaced before the link was sent cannot be chosen by editing the form.
      const old = await db()
        .selectFrom('pledge_text')
        .select('id')
        .where('kind', '=', 'vouch')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('pledge_text')
        .values({
          kind: 'vouch',
          version: 'later',
          title_ja: '誓約書（改）',
          title_en: 'Pledge (revised)',
          declarations: JSON.stringify([{ ja: '守ります。', en: 'I will comply.' }]),
        })
        .execute();
      const b = await submitApplication(app);
      const [next = ''] = await sendPledges(app, reviewer, b);
      const other = new Browserless(app.url, 'en');
      const page = await other.get(next);
      const forged = page.html.replace(/name="text" value="\d+"/, `name="text" value="${old.id}"`);
      const res = await other.submit(forged, '/pledge', {
        ...fields,
        token: next.split('token=')[1] ?? '',
      });
      assert.equal(res.status, 200);
      const signed = await db()
        .selectFrom('pledge')
        .innerJoin('pledge_text', 'pledge_text.id', 'pledge.text_id')
        .select('pledge_text.version')
        .where('pledge.application_id', '=', b.id)
        .executeTakeFirstOrThrow();
      assert.equal(signed.version, 'later');
    });
  });
}
