// English messages of the e-mail step of the account application.
export const applyEmailEn = {
  'applyEmail.title': 'What is your e-mail address?',
  'applyEmail.hint':
    'Use the address at your university or institute. We send a link to it; the link opens your application form.',
  'applyEmail.label': 'E-mail address',
  'applyEmail.special': 'My institution gives me no e-mail address of its own (special case)',
  'applyEmail.specialReason': 'Why can you not use an address at your institution?',
  'applyEmail.specialReasonHint': 'Staff read this when they review your application.',
  'applyEmail.continue': 'Continue',
  'applyEmail.back': 'Back',
  'applyEmail.error.summary': 'There is a problem',
  'applyEmail.error.required': 'Enter your e-mail address',
  'applyEmail.error.invalid': 'Enter an e-mail address in the correct format, like name@example.ac.jp',
  'applyEmail.error.freeMail':
    'Addresses at free mail services ({domain}) are not accepted, because the address also shows which institution you belong to. Enter the address at your institution, or tick the special case and say why.',
  'applyEmail.error.reasonRequired': 'Enter why you cannot use an address at your institution',
  'applyEmail.error.reasonTooLong': 'The reason must be 500 characters or fewer',
  'applyEmail.sent.title': 'Check your e-mail',
  'applyEmail.sent.body':
    'If the address can be used for an application, we have sent a link to it. The link is valid for 24 hours and can be used once.',
  'applyEmail.sent.resume':
    'If you have already started an application with this address, the link takes you back to it.',
  'applyEmail.sent.none': 'No mail? Check your spam folder, or enter your address again.',
  'applyEmail.verify.title': 'Continue your application',
  'applyEmail.verify.body': 'Select the button to open your application form in this browser.',
  'applyEmail.verify.button': 'Open my application',
  'applyEmail.verify.expired.title': 'This link has expired or has been used',
  'applyEmail.verify.expired.body':
    'A link from our mail is valid for 24 hours and works once. Enter your e-mail address again to get a new link; nothing you entered before is lost.',
  'applyEmail.verify.expired.again': 'Get a new link',
  'applyEmail.inReview.title': 'Your application is being reviewed',
  'applyEmail.inReview.body':
    'Application {reference} from this address has been submitted. Staff normally contact you and your responsible person within one week.',
  'applyTask.title': 'Your account application',
  'applyTask.email': 'Verified e-mail address: {email}',
  'applyTask.expires': 'Your answers are kept until {date}. Each change keeps them for 30 more days.',
  'applyTask.steps': 'Steps',
  'applyTask.step.applicant': 'About you',
  'applyTask.step.eligibility': 'Eligibility (export control)',
  'applyTask.step.affiliation': 'Your institution',
  'applyTask.step.account': 'Account name and SSH key',
  'applyTask.step.responsible': 'Responsible person',
  'applyTask.step.check': 'Check your answers and submit',
  'applyTask.status.notStarted': 'Not started',
  'applyTask.status.done': 'Completed',
  'applyTask.status.ready': 'Ready to check',
  'applyTask.status.cannotStart': 'Cannot start yet',
  'applyTask.noSession': 'Open the link in the mail we sent you to continue your application.',
  'mail.applyLink.subject': 'Your link to the supercomputer account application',
  'mail.applyLink.body':
    'Open this link to continue your application for a supercomputer account. It is valid for 24 hours and works once:',
  'mail.applyLink.ignore': 'If you did not ask for this, ignore this mail; nothing happens.',
  'mail.applyInReview.subject': 'Your supercomputer account application {reference}',
  'mail.applyInReview.body':
    'Someone asked to start an application with this address. Your application {reference} is already being reviewed, so no second application can be started. Staff will contact you.',
} as const;
