// Messages of the account holder's pages: log in, account information, SSH keys,
// password, password recovery with an SSH key, and the mails about these changes.
export const userEn = {
  'user.service': 'Your account',
  'user.login.title': 'Log in to your account',
  'user.login.intro': 'Use the account name and password of your supercomputer account.',
  'user.login.accountName': 'Account name',
  'user.login.password': 'Password',
  'user.login.submit': 'Log in',
  'user.login.failed':
    'The account name or the password is not right. Check them and try again. After many failed attempts, logging in from this network is paused for 15 minutes.',
  'user.login.forgot': 'Forgotten your password?',
  'user.login.noAccount': 'No account yet? Apply for an account',
  'user.logout': 'Log out',
  'user.loggedOut.title': 'You have logged out',
  'user.loggedOut.body': 'Close the browser window if others use this computer.',
  'user.loggedOut.again': 'Log in again',
  'user.signedInAs': 'Logged in as {account}',

  'user.locked.title': 'Your account is locked',
  'user.locked.not_renewed':
    'Your account {account} was locked because it was not renewed for this fiscal year. Renew your account to restore access; until then you cannot log in to the supercomputer.',
  'user.locked.suspended':
    'Your account {account} has ended: the centre approved the end of its use. To use the supercomputer again, apply for a new account.',
  'user.locked.staff':
    'The centre has locked your account {account}. Contact the centre, quoting your account name, to find out why and what to do.',
  'user.locked.group_ended':
    'Your account {account} was locked because the group or workshop it was made for has ended. To use the supercomputer again, apply for an account of your own.',
  'user.locked.ended': 'Your account {account} has ended. To use the supercomputer again, apply for a new account.',
  'user.locked.contact': 'Questions: write to the centre at {email}, quoting your account name.',

  'user.nav.info': 'Account information',
  'user.nav.sshKeys': 'SSH keys',
  'user.nav.password': 'Password',

  'user.info.title': 'Account information',
  'user.info.accounts': 'Accounts',
  'user.info.accountName': 'Account name',
  'user.info.division': 'Division',
  'user.info.group': 'UNIX group',
  'user.info.quota': 'Storage quota',
  'user.info.state': 'Status',
  'user.info.validThrough': 'Renewed through',
  'user.info.registered': 'Registered',
  'user.info.fiscalYear': 'Fiscal year {year} (April {year} to March {next})',
  'user.info.applicant': 'Your details',
  'user.info.affiliation': 'Affiliation',
  'user.info.responsible': 'Responsible person',
  'user.info.loggedInWith':
    'You are logged in with {account}. Log in with another account name to manage its SSH keys and password.',
  'user.division.ga': 'General analysis division',
  'user.division.pg': 'Personal genome analysis division',
  'user.state.provisioning': 'Being set up',
  'user.state.active': 'Active',
  'user.state.locked': 'Locked',
  'user.state.ended': 'Ended',

  'user.keys.title': 'SSH keys',
  'user.keys.intro':
    'You log in to the supercomputer with one of these keys. Keep the private key on your own computer; only the public key is registered here.',
  'user.keys.none': 'No SSH key is registered for this account.',
  'user.keys.caption': 'SSH keys of {account}',
  'user.keys.type': 'Type',
  'user.keys.fingerprint': 'Fingerprint',
  'user.keys.comment': 'Comment',
  'user.keys.added': 'Added',
  'user.keys.status': 'Status',
  'user.keys.status.active': 'In use',
  'user.keys.status.adding': 'Pending: being added',
  'user.keys.status.removing': 'Pending: being removed',
  'user.keys.pending':
    'Changes are applied to the supercomputer within a minute. Reload this page to see when they are done.',
  'user.keys.remove': 'Remove',
  'user.keys.removeHidden': 'key {fingerprint}',
  'user.keys.add.title': 'Add a key',
  'user.keys.add.label': 'Public key',
  'user.keys.add.hint':
    'Paste the contents of your public key file, for example ~/.ssh/id_ed25519.pub. It starts with ssh-ed25519, ecdsa-sha2- or ssh-rsa. Never paste a private key.',
  'user.keys.add.submit': 'Add key',
  'user.keys.addedBanner': 'The key {fingerprint} was added. It works once the change is applied, within a minute.',
  'user.keys.removedBanner': 'The key {fingerprint} is being removed.',
  'user.keys.error.required': 'Enter your SSH public key',
  'user.keys.error.duplicate': 'This key is already registered for your account',
  'user.keys.error.last':
    'Add another key before you remove this one: without a key you cannot log in to the supercomputer',
  'user.keys.error.gone': 'This key is not registered for your account (it may have been removed already)',
  'user.keys.confirm.title': 'Remove this SSH key?',
  'user.keys.confirm.body':
    'You will no longer be able to log in to the supercomputer with the private key that belongs to {fingerprint}.',
  'user.keys.confirm.submit': 'Remove key',
  'user.keys.confirm.cancel': 'Keep the key',

  'user.password.title': 'Change your password',
  'user.password.current': 'Current password',
  'user.password.new': 'New password',
  'user.password.hint':
    'At least 12 characters. Any characters can be used, spaces too; a few unrelated words make a long password easy to remember. Do not use a password you use elsewhere.',
  'user.password.new2': 'New password again',
  'user.password.submit': 'Change password',
  'user.password.strength.0': 'Strength: very weak',
  'user.password.strength.1': 'Strength: weak',
  'user.password.strength.2': 'Strength: fair',
  'user.password.strength.3': 'Strength: strong',
  'user.password.strength.4': 'Strength: very strong',
  'user.password.error.current': 'The current password is not right',
  'user.password.error.required': 'Enter a new password',
  'user.password.error.too_short': 'The new password must be at least 12 characters long',
  'user.password.error.too_long': 'The new password must be 256 characters or fewer',
  'user.password.error.common':
    'This password is too common or has appeared in a data breach. Choose another new password',
  'user.password.error.contains_account_name': 'The new password must not contain your account name',
  'user.password.error.mismatch': 'The two new passwords are not the same',
  'user.password.done.title': 'Your password has been changed',
  'user.password.done.body':
    'Use the new password from now on, on the supercomputer too. You were logged out of this page everywhere else.',
  'user.password.pending.title': 'Your new password is being applied',
  'user.password.pending.body':
    'It works within a minute, on the supercomputer too. You were logged out of this page everywhere else.',

  'user.recover.title': 'Reset your password with your SSH key',
  'user.recover.intro':
    'If you have forgotten your password, you can choose a new one by proving that you hold the private key of an SSH key registered for your account. No mail is sent.',
  'user.recover.accountName': 'Account name',
  'user.recover.continue': 'Continue',
  'user.recover.sign.title': 'Sign this text with your SSH key',
  'user.recover.sign.intro':
    'On the computer where your private key is, run this command (use your own key file instead of ~/.ssh/id_ed25519 if it is another). It signs the text below; nothing is sent anywhere.',
  'user.recover.sign.expires': 'This text works once, for 10 minutes.',
  'user.recover.signature': 'Signature',
  'user.recover.signatureHint':
    'Paste everything the command printed, from -----BEGIN SSH SIGNATURE----- to -----END SSH SIGNATURE-----.',
  'user.recover.verify': 'Check the signature',
  'user.recover.error.required': 'Paste the signature the command printed',
  'user.recover.error.malformed':
    'This is not an SSH signature. Paste everything the command printed, with the BEGIN and END lines',
  'user.recover.error.namespace': 'The signature was made for another purpose. Run the command with -n sc-account',
  'user.recover.error.bad':
    'The signature does not match this text and an SSH key registered for this account. Run the command again and paste all of its output',
  'user.recover.error.privateKey':
    'This is a private key, not a signature. It was not kept. Treat it as leaked: delete that key pair and make a new one. Paste only what the command printed, from -----BEGIN SSH SIGNATURE----- to its END line',
  'user.recover.error.accountName': 'Enter your account name',
  'user.recover.expired': 'This password reset has expired or has been used. Start again.',
  'user.recover.new.title': 'Choose a new password',
  'user.recover.new.submit': 'Set the new password',
  'user.recover.done.title': 'Your password has been reset',
  'user.recover.done.body': 'Log in with your new password. It works on the supercomputer within a minute.',
  'user.recover.noKey': 'No SSH key registered, or no access to it?',
  'user.recover.noKeyLink': 'Ask for a new registration certificate by post',
  'user.reissue.title': 'Ask for a new registration certificate by post',
  'user.reissue.intro':
    'If you have forgotten your password and cannot use an SSH key registered for your account, staff can post you a new registration certificate with a new initial password. It goes only to the postal address the centre holds for you. When staff approve the request, your current password stops working.',
  'user.reissue.accountName': 'Account name',
  'user.reissue.message': 'Message to staff (optional)',
  'user.reissue.messageHint': 'For example, if your postal address has changed, or why you cannot use your SSH key.',
  'user.reissue.submit': 'Send request',
  'user.reissue.error.accountName': 'Enter your account name',
  'user.reissue.error.message': 'Enter a message of 2,000 characters or fewer',
  'user.reissue.done.title': 'Request received',
  'user.reissue.done.body':
    'If {account} is an account of the centre, staff will check the request and post a new registration certificate to the address the centre holds. The e-mail address of the account is told about the request. Questions: {email}.',

  'mail.accountChanged.subject.sshKeyAdded': 'An SSH key was added to your account {account}',
  'mail.accountChanged.subject.sshKeyRemoved': 'An SSH key was removed from your account {account}',
  'mail.accountChanged.subject.passwordChanged': 'The password of your account {account} was changed',
  'mail.accountChanged.subject.passwordReset': 'The password of your account {account} was reset with an SSH key',
  'mail.accountChanged.body.sshKeyAdded': 'The SSH key {detail} was added to your account {account} on {at}.',
  'mail.accountChanged.body.sshKeyRemoved': 'The SSH key {detail} was removed from your account {account} on {at}.',
  'mail.accountChanged.body.passwordChanged': 'The password of your account {account} was changed on {at}.',
  'mail.accountChanged.body.passwordReset':
    'The password of your account {account} was reset on {at}, with the SSH key {detail}.',
  'mail.accountChanged.subject.sshKeyRevoked': 'The centre removed an SSH key from your account {account}',
  'mail.accountChanged.body.sshKeyRevoked':
    'The centre removed the SSH key {detail} from your account {account} on {at}, because it may no longer be safe. Make a new key pair and add its public key on your account page (log in with your password).',
  'mail.accountChanged.subject.lockedByStaff': 'Your account {account} was locked by the centre',
  'mail.accountChanged.subject.unlockedByStaff': 'Your account {account} was unlocked',
  'mail.accountChanged.body.lockedByStaff':
    'The centre locked your account {account} on {at}. You cannot log in to the supercomputer or to your account page until it is unlocked. The reason: {detail}',
  'mail.accountChanged.body.unlockedByStaff':
    'The centre unlocked your account {account} on {at}. You can log in again.',
  'mail.accountChanged.contact': 'If you have questions, write to the centre, quoting your account name.',
  'mail.accountChanged.notYou':
    'If you did not do this, contact the centre at once: someone else may be using your account.',
} as const;
