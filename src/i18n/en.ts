// English messages. Keys are shared with ja.ts; TypeScript and a test keep them equal.
// `{name}` marks a value filled in by `t()`. Larger features keep their messages in
// files of their own (apply-email.en.ts …), spread in here.
import { applyCheckEn } from './apply-check.en.js';
import { applyEmailEn } from './apply-email.en.js';
import { applyStartEn } from './apply-start.en.js';
import { applyStepsEn } from './apply-steps.en.js';
import { continuationEn } from './continuation.en.js';
import { groupsEn } from './groups.en.js';
import { groupsStaffEn } from './groups-staff.en.js';
import { renewalEn } from './renewal.en.js';
import { requestsEn } from './requests.en.js';
import { settingsEn } from './settings.en.js';
import { staffEn } from './staff.en.js';
import { usagePlansEn } from './usage-plans.en.js';
import { userEn } from './user.en.js';

export const en = {
  ...applyEmailEn,
  ...applyCheckEn,
  ...applyStepsEn,
  ...applyStartEn,
  ...staffEn,
  ...userEn,
  ...requestsEn,
  ...renewalEn,
  ...continuationEn,
  ...settingsEn,
  ...usagePlansEn,
  ...groupsEn,
  ...groupsStaffEn,
  'service.name': 'Supercomputer Account Service',
  'service.centre': 'Genomics supercomputer centre',
  'layout.skip': 'Skip to main content',
  'layout.switchLanguage': '日本語',
  'layout.switchLanguageLabel': 'この画面を日本語で表示する',
  'layout.footer': 'Account applications and account management for the supercomputer.',
  'layout.nav': 'Main',

  'form.errorPrefix': 'Error:',

  'home.title': 'Use the supercomputer',
  'home.lead1': 'Researchers apply here for an account on the genomics supercomputer.',
  'home.lead2': 'Staff review each application; the account registration certificate is posted to your institution.',
  'home.lead3':
    'Account holders log in to keep their details, SSH keys and password up to date and to renew every fiscal year.',
  'home.apply': 'Apply for an account',
  'home.login': 'Log in',

  'error.notFound.title': 'Page not found',
  'error.notFound.body':
    'If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.',
  'error.forbidden.title': 'You cannot do this',
  'error.forbidden.body': 'You do not have permission to see this page or to do this.',
  'error.csrf.title': 'Your form could not be sent',
  'error.csrf.body':
    'The form was not accepted because it was open for too long, was sent from another site, or your browser blocked a cookie. Nothing was saved or changed.',
  'error.csrf.next': 'Go back, reload the page and send the form again.',
  'error.tooMany.title': 'Too many requests',
  'error.tooMany.body': 'There have been too many requests from your network. Wait a minute and try again.',
  'api.reference.title': 'API reference',
  'api.reference.auth':
    'Send an API token in the Authorization header of every call (Authorization: Bearer sca_…). Staff make tokens on the console’s API tokens page; administrators also for service accounts. A token is shown once, lives at most a year and has scopes: each operation names the scope it needs.',
  'api.reference.base': 'Base address:',
  'api.reference.document': 'OpenAPI 3.1 document (version {version})',
  'api.reference.scope': 'Scope:',
  'api.reference.parameters': 'Parameters',
  'api.reference.responses': 'Answers',
  'api.reference.problems': 'Problem codes',
  'error.unauthorized.title': 'A valid API token is needed',
  'error.unauthorized.body':
    'Send an API token that is neither expired nor revoked in the Authorization header: Authorization: Bearer sca_…. Tokens are made on the staff console’s API tokens page or with sc-account tokens create.',
  'error.staffOnly.title': 'Only a staff member may do this',
  'error.staffOnly.body':
    'This is recorded under a staff member’s name. Use a token a staff member made for themselves, or the staff console.',
  'error.scope.title': 'The API token does not allow this',
  'error.scope.body': 'This needs the scope “{scope}”, which the token does not have. Make a token with that scope.',
  'error.conflict.title': 'This could not be done now',
  'error.conflict.body':
    'What you acted on has changed or is in a state that does not allow this. Look at it again and try again.',
  'error.badRequest.title': 'The request could not be understood',
  'error.badRequest.body': 'Go back and try again. If it happens again, contact the centre.',
  'error.invalidInput.title': 'Some of what was sent is not valid',
  'error.invalidInput.body':
    'A value in the form was not one of the choices or not in the expected form. Nothing was changed. Go back, reload the page and try again.',
  'error.controlCharacter.title': 'An answer contains a character that cannot be used',
  'error.controlCharacter.body':
    'The field “{field}” contains a control character (such as NUL or a backspace), which no field accepts. Nothing was saved from this form. Go back, remove the character (retyping the answer is the surest way) and send the form again.',
  'error.privateKey.title': 'A private key was sent, and it was not kept',
  'error.privateKey.body':
    'The form contained private key material (a key that must never leave your computer). Nothing from this form was saved or recorded. Treat that key as leaked: delete the key pair and make a new one with ssh-keygen -t ed25519. Then go back and send the form without it.',
  'error.server.title': 'Sorry, there is a problem with the service',
  'error.server.body': 'Nothing you entered has been lost by this error. Try again later.',
  'error.server.reference': 'If you contact the centre about this, quote this reference: {reference}',
  'error.unavailable.title': 'Sorry, the service is unavailable',
  'error.unavailable.body':
    'The service is starting again and should be back in a few minutes. Nothing you entered before this page has been lost. Try again in a minute.',
  'error.home': 'Go to the home page',

  'mail.test.subject': 'Test message from the supercomputer account service',
  'mail.test.body': 'This message confirms that the account service can send mail. No action is needed.',
  'mail.footer': 'This mail was sent by the supercomputer account service. Do not reply to it.',
} as const;

export type MessageKey = keyof typeof en;
