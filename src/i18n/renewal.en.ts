// Messages of the fiscal-year renewal (Continuation): the holder's pages, the staff
// console's and the mails.
export const renewalEn = {
  'mail.renewal.subject.opened': 'Renew your supercomputer account for fiscal year {fiscalYear}',
  'mail.renewal.body.opened':
    'Renewal of your account ({accounts}) for fiscal year {fiscalYear} is open. Log in to your account page, confirm your details and report your achievements. An account not renewed is locked from {date}.',
  'mail.renewal.subject.reminder30': 'Reminder: renew your account by {date} (30 days left)',
  'mail.renewal.body.reminder30':
    'Your account ({accounts}) is not yet renewed for fiscal year {fiscalYear}. It is locked from {date} unless you renew it on your account page.',
  'mail.renewal.subject.reminder7': 'Reminder: renew your account by {date} (7 days left)',
  'mail.renewal.body.reminder7':
    'Your account ({accounts}) is not yet renewed for fiscal year {fiscalYear}. It is locked from {date}: renew it on your account page now.',
  'mail.renewal.subject.locked': 'Your account is locked: renew it to restore access',
  'mail.renewal.body.locked':
    'Your account ({accounts}) was not renewed for fiscal year {fiscalYear} and is locked from today. Log in to your account page and renew it to restore access. Home directories of accounts still not renewed after June 30 are deleted.',
  'mail.renewal.subject.renewed': 'Your account is renewed for fiscal year {fiscalYear}',
  'mail.renewal.body.renewed': 'Thank you: your account ({accounts}) is renewed for fiscal year {fiscalYear}.',
  'mail.renewal.subject.review': 'Your renewal for fiscal year {fiscalYear} was received',
  'mail.renewal.body.review':
    'Your renewal of the account ({accounts}) for fiscal year {fiscalYear} was received. It is complete once your new responsible person has signed the pledge and staff have approved the change.',
  'mail.renewal.subject.rejected': 'Your renewal for fiscal year {fiscalYear} is not complete',
  'mail.renewal.body.rejected':
    'The change of responsible person your renewal of the account ({accounts}) waited for was not approved or was withdrawn, so the account is not renewed for fiscal year {fiscalYear}. Send the renewal again from your account page; an account not renewed is locked from {date}.',
  'mail.renewal.subject.unlocked': 'Your account is renewed and unlocked',
  'mail.renewal.body.unlocked':
    'Your account ({accounts}) is renewed for fiscal year {fiscalYear} and can be used again.',

  'mail.renewal.subject.reminder': 'Reminder: renew your account by {date}',
  'mail.renewal.body.reminder':
    'Your account ({accounts}) is not yet renewed for fiscal year {fiscalYear}. It is locked from {date} unless you renew it on your account page.',

  'staff.nav.renewal': 'Renewal',
  'staff.renewal.title': 'Renewal for fiscal year {year}',
  'staff.renewal.years': 'Fiscal years',
  'staff.renewal.year': 'FY {year}',
  'staff.renewal.calendar': 'Calendar',
  'staff.renewal.calendarHint':
    'Move a day of this fiscal year only (for example for a holiday); the other years keep the defaults.',
  'staff.renewal.opensOn': 'Renewal opens',
  'staff.renewal.lockOn': 'Accounts not renewed are locked from',
  'staff.renewal.deletionOn': 'Home directories of accounts still not renewed are listed for deletion on',
  'staff.renewal.dayHint': 'A day as YYYY-MM-DD, for example 2027-01-04. It starts at 00:00 Japan time.',
  'staff.renewal.calendarSave': 'Save the calendar',
  'staff.renewal.error.not_a_day': 'Enter a real day as YYYY-MM-DD',
  'staff.renewal.error.opens_range': 'Renewal must open between 1 December {previous} and 1 March {year}',
  'staff.renewal.error.lock_range': 'The lock must fall between 15 March and 30 April {year}',
  'staff.renewal.error.deletion_range': 'The deletion list must fall between 1 June and 30 September {year}',
  'staff.renewal.error.opens_too_close': 'Renewal must open at least 30 days before the lock',
  'staff.renewal.error.deletion_before_lock': 'The deletion list must come after the lock',
  'staff.renewal.counts': 'Holders: {count}',
  'staff.renewal.standing': 'Standing',
  'staff.renewal.allStandings': 'All',
  'staff.renewal.standing.renewed': 'Renewed',
  'staff.renewal.standing.due': 'Not yet renewed',
  'staff.renewal.standing.review': 'Waiting for staff',
  'staff.renewal.standing.locked': 'Locked',
  'staff.renewal.standing.deletion': 'Listed for deletion',
  'staff.renewal.remind': 'Send a reminder again to the {count} holders who have not renewed',
  'staff.renewal.achievementsCsv': 'Achievements for the annual report (CSV)',
  'staff.renewal.achievementsBib': 'Achievements for the annual report (BibTeX)',
  'staff.renewal.deletionsCsv': 'Home directories listed for deletion (CSV)',
  'staff.renewal.byInstitution': 'Institution',
  'staff.renewal.byResponsible': 'Responsible person',
  'staff.renewal.holders': 'Holders',
  'staff.renewal.listed': 'Holders ({shown} of {count} shown)',
  'staff.renewal.validThrough': 'Renewed through FY',

  'staff.request.continuation':
    'The holder’s renewal for fiscal year {year} waits for this request: applying it renews the account; rejecting it leaves the account not renewed, and the holder is asked to send the renewal again.',
  'user.locked.renew': 'Renew your account',
  'user.locked.renewHint': 'Renewing restores access within a minute.',
} as const;
