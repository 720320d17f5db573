// The centre's pages the application links to. For now every link goes to the
// centre's registration page (the page this project started from); when the terms
// of use and issuance criteria get pages (or become configurable), change them here.
export const centrePages = {
  termsOfUse: 'https://sc.ddbj.nig.ac.jp/application/registration',
  issuanceCriteria: 'https://sc.ddbj.nig.ac.jp/application/registration',
} as const;

/**
 * The versions of the terms of use and the issuance criteria that the check page
 * asks the applicant to accept; each submitted application stores the versions it
 * accepted. Change them here when the centre revises the texts.
 */
export const termsVersions = {
  termsOfUse: '2024-04-01',
  issuanceCriteria: '2024-04-01',
} as const;
