// Messages of the check-your-answers and submitted pages, and of the mails sent on submission.
export const applyCheckEn = {
  'check.title': 'Check your answers before sending your application',
  'check.change': 'Change',
  'check.email': 'E-mail address',
  'check.none': 'Not given',
  'check.sshKey': 'SSH public key',
  'check.sshKeyNone': 'None: you can add a key after the account is issued',
  'check.pg': 'Personal genome division',
  'check.pgYes': 'Yes: you also get the account {name}',
  'check.pgNo': 'No',
  'check.responsibleSelf': 'I am my own responsible person',
  'check.responsibleName': 'Name',
  'check.notKnown': 'Not known',
  'check.screening':
    'Because of your eligibility answers, staff will also screen your application. This can take longer.',
  'check.send.heading': 'Now send your application',
  'check.send.body':
    'By sending this application you confirm that the details you give are correct to the best of your knowledge. Staff will mail your responsible person a pledge to sign online.',
  'check.termsOfUse': 'Terms of use (version {version})',
  'check.criteria': 'Issuance criteria (version {version})',
  'check.terms': 'I have read and accept the terms of use and the issuance criteria',
  'check.honeypot': 'Leave this field empty',
  'check.robot.checking': 'Checking that a person is sending this form…',
  'check.robot.done': 'Check complete.',
  'check.submit': 'Accept and send',
  'check.closed':
    'Applications cannot be sent at the moment. Your answers are kept: come back and send them when applications open again.',
  'check.error.terms': 'Tick to confirm that you accept the terms of use and the issuance criteria',
  'check.error.robot': 'We could not confirm that a person sent the form. Select “Accept and send” again',
  'check.error.nameTaken':
    'The account name {name} has just been taken by another application. Change it and send your application again',
  'check.error.nameInvalid': 'The account name {name} can no longer be used. Change it and send your application again',
  'check.error.closed': 'Applications cannot be sent at the moment. Your answers are kept',
  'submitted.title': 'Application sent',
  'submitted.reference': 'Your reference',
  'submitted.mailApplicant': 'We have sent a confirmation to {email}.',
  'submitted.mailResponsible': 'We have also told your responsible person, {name}, at {email}.',
  'submitted.next.heading': 'What happens next',
  'submitted.next.review':
    'Staff check your application, normally within one week, and mail your responsible person a pledge to sign online.',
  'submitted.next.screening':
    'Because of your eligibility answers, staff also screen the application under export control. This can take longer.',
  'submitted.next.certificate':
    'When it is approved, the account registration certificate with your account name and initial password is posted to your institution.',
  'submitted.next.quote': 'Quote your reference if you contact the centre.',
  'account.available': 'This account name is available',
  'account.checking': 'Checking…',
  'mail.applySubmitted.withdraw': 'If you no longer want the account, you can withdraw the application here: {url}',
  'withdraw.title': 'Withdraw your application',
  'withdraw.body':
    'Do you want to withdraw application {reference}? Staff stop reviewing it, and your responsible person is told. This cannot be undone; you can apply again later.',
  'withdraw.submit': 'Withdraw the application',
  'withdraw.done.title': 'Application withdrawn',
  'withdraw.done.body': 'Application {reference} has been withdrawn. We have mailed you and your responsible person.',
  'withdraw.gone.title': 'This application cannot be withdrawn',
  'withdraw.gone.body': 'The link is not valid, or the application has already been decided or withdrawn.',
  'mail.withdrawn.subject': 'Application {reference} withdrawn',
  'mail.withdrawn.body':
    'Application {reference} for a supercomputer account was withdrawn by the applicant. Staff have stopped reviewing it.',
  'mail.summary.reference': 'Reference',
  'mail.summary.applicant': 'Applicant',
  'mail.summary.email': 'E-mail address',
  'mail.summary.institution': 'Institution',
  'mail.summary.accountName': 'Account name',
  'mail.summary.pg': 'Personal genome division',
  'mail.summary.responsible': 'Responsible person',
  'mail.summary.submitted': 'Sent',
  'mail.summary.yes': 'Yes',
  'mail.summary.no': 'No',
  'mail.applySubmitted.subject': 'Application received: {reference}',
  'mail.applySubmitted.body': 'We have received your application for an account on the genomics supercomputer.',
  'mail.applySubmitted.self':
    'You are your own responsible person: staff will mail you a pledge to sign online, normally within one week.',
  'mail.applySubmitted.next':
    'Staff will mail your responsible person a pledge to sign online, normally within one week. Quote the reference if you contact the centre.',
  'mail.applyResponsible.subject': 'You have been named as responsible person: {reference}',
  'mail.applyResponsible.body':
    '{name} ({email}) has applied for an account on the genomics supercomputer and named you as their responsible person.',
  'mail.applyResponsible.next':
    'Staff will mail you a pledge to sign online, normally within one week. If you did not agree to be this person’s responsible person, tell the centre and quote the reference.',
} as const;
