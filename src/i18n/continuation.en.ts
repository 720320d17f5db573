// Messages of the holder's Continuation (/account/renewal): where the account stands,
// the pages of the renewal, the achievements and their "Get" buttons.
export const continuationEn = {
  'user.nav.renewal': 'Renewal',
  'user.renewal.title': 'Renewal',
  'user.renewal.titleFor': 'Renew your account for fiscal year {year}',
  'user.renewal.valid': 'Your account is renewed through fiscal year {year} (until 31 March {end}).',
  'user.renewal.nextOpens': 'Renewal for fiscal year {year} opens on {date}. We will e-mail you then.',
  'user.renewal.unlocking':
    'Your account is renewed. It is unlocked within a minute: you can then log in to the supercomputer again.',
  'user.renewal.review':
    'Your renewal for fiscal year {year} was received. It is complete once your new responsible person has signed the pledge and staff have approved the change.',
  'user.renewal.due':
    'Renew your account for fiscal year {year} before {date}. An account not renewed is locked from that day.',
  'user.renewal.deletion':
    'Home directories of accounts not renewed are listed for deletion. Renew now: what has not been deleted yet is kept.',
  'user.renewal.youNeed': 'You will be asked to:',
  'user.renewal.need.details': 'confirm or update your affiliation and purpose of use',
  'user.renewal.need.responsible': 'confirm your responsible person, or name a new one',
  'user.renewal.need.achievements':
    'report your achievements in fiscal year {year} (papers, presentations …), or that there were none',
  'user.renewal.start': 'Start now',
  'user.renewal.continue': 'Continue your renewal',
  'user.renewal.sent.renewed': 'Thank you: your account is renewed for fiscal year {year}.',
  'user.renewal.sent.review': 'Your renewal was sent. We have e-mailed you what happens next.',

  'user.renewal.details.title': 'Your affiliation and purpose of use',
  'user.renewal.details.intro':
    'Check the details the centre has for you. Change what is no longer right; a change is recorded when you send the renewal.',
  'user.renewal.details.open':
    'Your request to change your details is open, so they cannot be changed here until staff have decided it:',
  'user.renewal.details.purposeHint': 'What you use the supercomputer for this coming year (at least 150 characters).',

  'user.renewal.responsible.title': 'Responsible person',
  'user.renewal.responsible.current': 'Your responsible person',
  'user.renewal.responsible.name': 'Name',
  'user.renewal.responsible.question': 'Is {name} still your responsible person?',
  'user.renewal.responsible.hint':
    'A new responsible person signs the pledge, and staff approve the change before your renewal is complete.',
  'user.renewal.responsible.same': 'Yes',
  'user.renewal.responsible.new': 'No, I have a new responsible person',
  'user.renewal.responsible.error': 'Select whether your responsible person stays the same',
  'user.renewal.responsible.newIntro':
    'Tell us about your new responsible person. The renewal is sent with a request to change the responsible person.',
  'user.renewal.responsible.open':
    'Your request for a new responsible person is open. Your renewal will be complete when it is approved:',

  'user.renewal.achievements.title': 'Achievements in fiscal year {year}',
  'user.renewal.achievements.intro':
    'Report what came of your use of the supercomputer from April {year} to March {end}: papers, conference presentations, posters, books and others. The centre reports them to its funders.',
  'user.renewal.achievements.question': 'Do you have achievements to report for fiscal year {year}?',
  'user.renewal.achievements.yes': 'Yes',
  'user.renewal.achievements.no': 'No achievements this year',
  'user.renewal.achievements.another': 'Do you need to add another achievement?',
  'user.renewal.achievements.yesAnother': 'Yes, add another',
  'user.renewal.achievements.noMore': 'No',
  'user.renewal.achievements.error': 'Select whether you have achievements to report',
  'user.renewal.achievements.errorAnother': 'Select whether you need to add another achievement',
  'user.renewal.achievements.errorMany': 'A renewal takes at most {max} achievements',
  'user.renewal.achievements.remove': 'Remove',
  'user.renewal.achievements.none': 'No achievements this year',

  'user.renewal.entry.title': 'Achievement',
  'user.renewal.entry.n': 'achievement {n}',
  'user.renewal.entry.type': 'Type',
  'user.renewal.type.paper': 'Paper',
  'user.renewal.type.conference': 'Conference presentation',
  'user.renewal.type.poster': 'Poster',
  'user.renewal.type.book': 'Book',
  'user.renewal.type.other': 'Other',
  'user.renewal.entry.pmid': 'PubMed ID (optional)',
  'user.renewal.entry.pmidHint': 'For example, 31452104',
  'user.renewal.entry.doiHint': 'Optional. For example, 10.1093/nar/gkz1035',
  'user.renewal.entry.titleField': 'Title',
  'user.renewal.entry.authors': 'Authors',
  'user.renewal.entry.authorsHint': 'As printed, for example: Tanaka H, Smith J',
  'user.renewal.entry.authorsJa': 'Authors in Japanese (optional)',
  'user.renewal.entry.authorsJaHint': 'For example: 田中 花子、鈴木 一郎',
  'user.renewal.entry.journal': 'Journal, conference or publisher (optional)',
  'user.renewal.entry.journalHint': 'For example, Nucleic Acids Research',
  'user.renewal.entry.scope': 'Journal or meeting',
  'user.renewal.entry.scopeHint': 'Needed for a paper.',
  'user.renewal.scope.domestic': 'Domestic',
  'user.renewal.scope.international': 'International',
  'user.renewal.entry.publishedOn': 'Date (optional)',
  'user.renewal.entry.publishedOnHint': 'Year, year and month, or the day: 2026, 2026-11 or 2026-11-30',
  'user.renewal.entry.volume': 'Volume (optional)',
  'user.renewal.entry.number': 'Number (optional)',
  'user.renewal.entry.pages': 'Pages (optional)',
  'user.renewal.entry.save': 'Save achievement',

  'user.renewal.lookup.legend': 'Fill in from PubMed or Crossref',
  'user.renewal.lookup.hint':
    'Enter a PubMed ID or a DOI and select "Get" to fill in the details below. You can change them, or type them yourself.',
  'user.renewal.lookup.get.pmid': 'Get from PubMed',
  'user.renewal.lookup.get.doi': 'Get from Crossref',
  'user.renewal.lookup.filled': 'Filled in from {service}. Check the details, then save.',
  'user.renewal.lookup.pmid.invalid': 'Enter a PubMed ID in digits, like 31452104',
  'user.renewal.lookup.pmid.notFound': 'PubMed has no article with this ID: check it, or type the details yourself',
  'user.renewal.lookup.pmid.unavailable':
    'PubMed cannot be reached just now. Type the details yourself, or try "Get" again later.',
  'user.renewal.lookup.doi.invalid': 'Enter a DOI like 10.1093/nar/gkz1035',
  'user.renewal.lookup.doi.notFound': 'Crossref has no work with this DOI: check it, or type the details yourself',
  'user.renewal.lookup.doi.unavailable':
    'Crossref cannot be reached just now. Type the details yourself, or try "Get" again later.',

  'user.renewal.error.type': 'Select the type of achievement',
  'user.renewal.error.pmid': 'Enter a PubMed ID in digits, like 31452104',
  'user.renewal.error.doi': 'Enter a DOI like 10.1093/nar/gkz1035',
  'user.renewal.error.titleRequired': 'Enter the title',
  'user.renewal.error.tooLong': 'Enter at most {max} characters',
  'user.renewal.error.journalScope': 'Select whether the journal is domestic or international',
  'user.renewal.error.publishedOn': 'Enter the date as 2026, 2026-11 or 2026-11-30',

  'user.renewal.publication.title': 'Publication of results',
  'user.renewal.publication.question': 'May the centre publish the results of your use?',
  'user.renewal.publication.hint':
    'The centre publishes titles and authors of results in its annual report. You may postpone it, for example before a patent application.',
  'user.renewal.publication.publish': 'Yes, they may be published',
  'user.renewal.publication.postpone': 'Postpone publication',
  'user.renewal.publication.reason': 'Reason for postponing',
  'user.renewal.publication.reasonHint': 'Only if you postpone publication.',
  'user.renewal.publication.error': 'Select whether the results may be published',
  'user.renewal.publication.errorReason': 'Enter why publication is postponed',

  'user.renewal.check.title': 'Check your renewal before sending it',
  'user.renewal.check.changes': 'Details that change',
  'user.renewal.check.noChanges': 'No changes',
  'user.renewal.check.sameResponsible': '{name} (no change)',
  'user.renewal.check.openManager': 'As in your open request for a new responsible person',
  'user.renewal.check.renewsNow': 'When you send it, your account is renewed at once.',
  'user.renewal.check.waits':
    'When you send it, your renewal waits for your new responsible person to sign the pledge and for staff to approve the change.',
  'user.renewal.check.submit': 'Send renewal',
  'user.renewal.check.errorDetails': 'Your details need changing: select Change next to them',
  'user.renewal.check.errorResponsible': 'The new responsible person’s details need changing',
  'user.renewal.check.errorAchievement': 'Achievement {n} needs changing',
  'user.renewal.check.errorPublication': 'Select whether the results may be published',
  'user.renewal.check.errorDecided':
    'Your request for a new responsible person has been decided: confirm your responsible person again',
  'user.renewal.check.errorOpen':
    'A request of yours for a new responsible person was opened meanwhile: go back to the responsible person',
} as const;
