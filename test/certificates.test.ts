// Registration certificates over HTTP (PGlite and PostgreSQL): ready once the
// accounts are provisioned; one application's PDF or a print batch of every one not
// yet printed, the text readable with pdftotext; "mark posted" records who and when,
// erases the initial password, moves the application to `issued` and mails the
// applicant; downloads are audited and only for those who may provision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mailsTo } from './helpers/apply.js';
import { databaseKinds } from './helpers/databases.js';
import { readPdf, squash } from './helpers/pdf.js';
import { approve, drainJobs, pledgeSigned, submitApplication, useReviewApp } from './helpers/review.js';

for (const kind of databaseKinds) {
  describe(`registration certificates [${kind}]`, () => {
    const suite = useReviewApp(kind);
    const db = () => suite.app.server.database.db;
    const provisioned = async () => {
      const { app, reviewer, approver } = suite;
      const a = await submitApplication(app);
      await pledgeSigned(app, reviewer, a);
      assert.equal((await approve(approver, a)).status, 303);
      await drainJobs(app);
      const sealed = await db()
        .selectFrom('registration_certificate')
        .innerJoin('account', 'account.id', 'registration_certificate.account_id')
        .select('sealed_password')
        .where('account.application_id', '=', a.id)
        .executeTakeFirstOrThrow();
      return { ...a, password: app.server.app.deps.passwords.open(sealed.sealed_password as Uint8Array) };
    };

    it('prints one certificate and batches of the rest, marks them posted, and erases the password', async () => {
      const { app, reviewer, approver } = suite;
      const first = await provisioned();
      const second = await provisioned();
      const list = await approver.get('/staff/certificates');
      assert.equal(list.status, 200);
      for (const a of [first, second]) assert.ok(list.html.includes(a.reference), a.reference);
      assert.match(list.html, /Print every certificate not yet printed \(2\) as one PDF/);

      const one = await approver.download(`/staff/applications/${first.id}/certificate.pdf`);
      assert.equal(one.status, 200);
      assert.equal(one.type, 'application/pdf');
      const text = squash((await readPdf(one.body)).pages.join('\n'));
      for (const part of [
        first.accountName,
        first.password,
        'National Institute of Genetics',
        '411-8540',
        first.reference,
      ]) {
        assert.ok(text.includes(squash(part)), `the certificate shows ${part}`);
      }

      // A batch: every certificate not yet printed, one page each, in one PDF.
      const batch = await approver.submit(list.html, '/staff/certificates/batches', {});
      assert.equal(batch.status, 303);
      assert.match(batch.location ?? '', /^\/staff\/certificates\/batches\/\d+\.pdf$/);
      const printed = await approver.download(batch.location ?? '');
      const { pages } = await readPdf(printed.body);
      assert.equal(pages.length, 2);
      assert.ok(squash(pages.join('')).includes(second.password));
      // Nothing new to print: back to the list.
      const again = await approver.submit(list.html, '/staff/certificates/batches', {});
      assert.equal(again.location, '/staff/certificates');

      const mailsBefore = (await mailsTo(app, first.email)).length;
      const posted = await approver.submit(list.html, `/staff/applications/${first.id}/certificate/posted`, {});
      assert.equal(posted.status, 303);
      const row = await db()
        .selectFrom('application')
        .select('state')
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.state, 'issued');
      const certificate = await db()
        .selectFrom('registration_certificate')
        .innerJoin('account', 'account.id', 'registration_certificate.account_id')
        .select(['sealed_password', 'posted_at', 'posted_by'])
        .where('account.application_id', '=', first.id)
        .executeTakeFirstOrThrow();
      assert.equal(certificate.sealed_password, null, 'the initial password is erased');
      assert.ok(certificate.posted_at && certificate.posted_by);
      const mail = (await mailsTo(app, first.email, mailsBefore + 1)).find((m) =>
        m.subject?.includes('certificate has been posted'),
      );
      assert.ok(mail, 'the applicant is told');
      assert.match(mail.text ?? '', new RegExp(first.accountName));
      assert.equal((await approver.download(`/staff/applications/${first.id}/certificate.pdf`)).status, 404);
      // Posting twice changes nothing.
      assert.equal(
        (await approver.submit(list.html, `/staff/applications/${first.id}/certificate/posted`, {})).status,
        303,
      );
      assert.ok(!(await approver.get('/staff/certificates')).html.includes(first.reference));

      const audit = await db()
        .selectFrom('audit_log')
        .select(['action', 'subject'])
        .where('action', 'like', 'certificate.%')
        .execute();
      assert.deepEqual(
        audit.map((r) => r.action),
        ['certificate.downloaded', 'certificate.batch.created', 'certificate.batch.downloaded', 'certificate.posted'],
      );
      // Reviewers do not see initial passwords.
      assert.equal((await reviewer.get('/staff/certificates')).status, 403);
      assert.equal((await reviewer.download(`/staff/applications/${second.id}/certificate.pdf`)).status, 403);
    });
  });
}
