// Messages of group and workshop accounts: the person in charge's pages, the
// participant's invitation page, the staff console's group pages, and their mails.
export const groupsEn = {
  'mail.groupInvitation.subject': 'Your account for {title}: confirm your details',
  'mail.groupInvitation.reminder': 'Reminder: your account for {title}',
  'mail.groupInvitation.body':
    'You are invited to get an account on the supercomputer for {title}. The account ends on {endsOn}.',
  'mail.groupInvitation.link':
    'Open the link below to confirm your address, choose your account name, give your SSH public key and accept the terms of use. It works once and for {days} days.',
  'mail.groupInvitation.ignore':
    'If you do not know why you were sent this, ignore it: nothing is done without your answer.',
  'mail.groupPledge.subject': 'A group account waits for your pledge',
  'mail.groupPledge.body':
    'The group account "{title}" was applied for in your group {group}. As its responsible person, please read and sign its pledge on your account page.',
  'mail.groupDecided.subject.approved': 'The group account "{title}" is approved',
  'mail.groupDecided.subject.information_requested': 'The centre asks about the group account "{title}"',
  'mail.groupDecided.subject.rejected': 'The group account "{title}" was not approved',
  'mail.groupDecided.body.approved':
    'The centre approved the group account "{title}". Participants who confirmed their details are approved by staff and get their accounts; you can follow them on the group page.',
  'mail.groupDecided.body.information_requested':
    'The centre needs more information about the group account "{title}". Change what is asked and send the group again from its page.',
  'mail.groupDecided.body.rejected': 'The centre did not approve the group account "{title}". The reason:',
  'mail.groupEnding.subject': '{title} ends in {days} days',
  'mail.groupEnding.participant':
    'Your account {account} for {title} ends on {endsOn}: it will be locked after that day. Copy what you need from your home directory before then.',
  'mail.groupEnding.inCharge':
    'The accounts of {title} end on {endsOn}. If they are needed longer, you can ask once for an extension on the group page.',
  'mail.groupEnded.subject': '{title} has ended',
  'mail.groupEnded.participant':
    'Your account {account} for {title} has ended and is locked. Its home directory will be deleted with the year’s deletion list.',
  'mail.groupEnded.inCharge':
    'The accounts of {title} have ended and are locked. Their home directories will be deleted with the year’s deletion list.',
  'mail.groupExtension.subject.approved': 'The extension of {title} is approved',
  'mail.groupExtension.subject.refused': 'The extension of {title} was not approved',
  'mail.groupExtension.body.approved': 'The accounts of {title} now end on {endsOn}.',
  'mail.groupExtension.body.refused': 'The accounts of {title} still end on {endsOn}.',
};
