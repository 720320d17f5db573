// Messages of the fiscal-year renewal (Continuation): the holder's pages, the staff
// console's and the mails.
export const renewalEn = {
  'mail.renewal.subject.opened': 'Renew your supercomputer account for fiscal year {fiscalYear}',
  'mail.renewal.body.opened':
    'Renewal of your account ({accounts}) for fiscal year {fiscalYear} is open. Log in to your account page, confirm your details and report your achievements. An account not renewed is locked from {dateEn}.',
  'mail.renewal.subject.reminder30': 'Reminder: renew your account by {dateEn} (30 days left)',
  'mail.renewal.body.reminder30':
    'Your account ({accounts}) is not yet renewed for fiscal year {fiscalYear}. It is locked from {dateEn} unless you renew it on your account page.',
  'mail.renewal.subject.reminder7': 'Reminder: renew your account by {dateEn} (7 days left)',
  'mail.renewal.body.reminder7':
    'Your account ({accounts}) is not yet renewed for fiscal year {fiscalYear}. It is locked from {dateEn}: renew it on your account page now.',
  'mail.renewal.subject.locked': 'Your account is locked: renew it to restore access',
  'mail.renewal.body.locked':
    'Your account ({accounts}) was not renewed for fiscal year {fiscalYear} and is locked from today. Log in to your account page and renew it to restore access. Home directories of accounts still not renewed after June 30 are deleted.',
  'mail.renewal.subject.renewed': 'Your account is renewed for fiscal year {fiscalYear}',
  'mail.renewal.body.renewed': 'Thank you: your account ({accounts}) is renewed for fiscal year {fiscalYear}.',
  'mail.renewal.subject.review': 'Your renewal for fiscal year {fiscalYear} was received',
  'mail.renewal.body.review':
    'Your renewal of the account ({accounts}) for fiscal year {fiscalYear} was received. It is complete once your new responsible person has signed the pledge and staff have approved the change.',
  'mail.renewal.subject.unlocked': 'Your account is renewed and unlocked',
  'mail.renewal.body.unlocked':
    'Your account ({accounts}) is renewed for fiscal year {fiscalYear} and can be used again.',

  'user.locked.renew': 'Renew your account',
  'user.locked.renewHint': 'Renewing restores access within a minute.',
} as const;
