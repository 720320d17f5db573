// English messages of the application start page and of the notices (closures and
// suspended services) that the start page and every application step show.
export const applyStartEn = {
  'applyStart.title': 'Apply for a supercomputer account',
  'applyStart.lead':
    'Use this service to apply for a new account on the genomics supercomputer. Each account is for one person and for the purpose of use you apply for.',

  'applyStart.who.heading': 'Who can apply',
  'applyStart.who.intro':
    'Accounts are issued under Japan’s Foreign Exchange and Foreign Trade Act (FEFTA). You can apply if you are:',
  'applyStart.who.faculty':
    'a faculty member of a university or public research institute who is a resident of Japan under FEFTA',
  'applyStart.who.guided':
    'a collaborator of such a faculty member, or a researcher, student or contractor working under their guidance – international students and researchers overseas included',
  'applyStart.who.responsible':
    'Every application names a responsible person, who must be a faculty member as in the first point. If you are one, you can be your own responsible person.',
  'applyStart.who.screening':
    'If you are not a resident of Japan under FEFTA (for example, you arrived in Japan less than six months ago, or you live or work abroad), we will ask you some extra questions. Checking them can take longer.',
  'applyStart.who.sharing':
    'Sharing an account with other people, or using it for anything other than the purpose you applied for, is not allowed.',

  'applyStart.prepare.heading': 'Before you start',
  'applyStart.prepare.intro': 'You will need:',
  'applyStart.prepare.email':
    'an e-mail address at your university or institute – addresses at free mail services are accepted only in special cases',
  'applyStart.prepare.affiliation':
    'your institution’s postal address and telephone number – the account registration certificate is posted there',
  'applyStart.prepare.purpose': 'a description of your purpose of use, at least 150 characters long',
  'applyStart.prepare.sshKey': 'an SSH key pair (ED25519 recommended) – you can also add the public key later',
  'applyStart.prepare.responsible':
    'your responsible person’s name, job title, institution, e-mail address, postal address and telephone number, and their account name if they have one',
  'applyStart.ssh.heading': 'How to make an SSH key pair',
  'applyStart.ssh.run': 'On macOS, Linux or Windows (in PowerShell), run this command and set a passphrase when asked:',
  'applyStart.ssh.files':
    'It makes two files in the .ssh folder of your home folder: id_ed25519, your private key, and id_ed25519.pub, your public key. In the form you paste only the public key, the one line that starts with ssh-ed25519.',
  'applyStart.ssh.private': 'Never send your private key to anyone, including the centre.',

  'applyStart.time.heading': 'How long it takes',
  'applyStart.time.form':
    'The form takes about 20 minutes when you have the details at hand; writing the purpose of use and making an SSH key (if you have none) take most of it. Your answers are saved at every step, so you can stop and come back to them within 30 days.',
  'applyStart.time.issue':
    'Staff normally contact you within one week of your application. The certificate is usually posted about a week after the signed pledge is returned. Extra screening under FEFTA can take longer.',

  'applyStart.next.heading': 'What happens next',
  'applyStart.next.verify': 'We send a link to your e-mail address. The link opens the application form.',
  'applyStart.next.review': 'After you submit, staff normally e-mail you and your responsible person within one week.',
  'applyStart.next.pledge':
    'Your responsible person signs a written pledge online. If you are not a resident of Japan under FEFTA, you also sign one.',
  'applyStart.next.screening':
    'If extra screening under FEFTA is needed, staff ask you for more information about your career, employment and period of use.',
  'applyStart.next.certificate':
    'About a week after the pledge is returned, the account registration certificate with your account name and initial password is posted to your institution.',
  'applyStart.next.login': 'You log in to a gateway with SSH and change the initial password.',

  'applyStart.terms.heading': 'Terms of use',
  'applyStart.terms.intro': 'Read these before you apply. You will be asked to accept them when you submit.',
  'applyStart.terms.termsOfUse': 'Terms of use',
  'applyStart.terms.criteria': 'Issuance criteria for accounts',

  'applyStart.start': 'Start now',

  'notice.banner.title': 'Important',
  'notice.warning': 'Warning',
  'notice.closure.heading': 'Applications are closed until {end} (Japan time)',
  'notice.closure.reason': 'Reason: {reason}',
  'notice.closure.drafts': 'Applications you have started are kept and can be submitted after that time.',
  'notice.closure.loginsBlocked': 'Logging in to the account page is also not possible during this time.',
  'notice.closure.cannotStart': 'You cannot start an application until {end} (Japan time).',
  'notice.suspended.heading': 'Some applications are suspended',
  'notice.suspended.announcement': 'Read the announcement about this',
  'notice.gaClosed.cannotStart': 'New account applications are suspended at the moment.',
  'notice.service.ga_account': 'General analysis division accounts',
  'notice.service.ga_large_storage': 'Large-scale storage in the general analysis division',
  'notice.service.pg': 'Personal genome analysis division',
  'notice.service.workshop': 'Workshop accounts',
} as const;
