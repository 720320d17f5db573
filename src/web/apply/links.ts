// The centre's pages the application links to. For now every link goes to the
// centre's registration page (the page this project started from); when the terms
// of use and issuance criteria get pages (or become configurable), change them here.
export const centrePages = {
  termsOfUse: 'https://sc.ddbj.nig.ac.jp/application/registration',
  issuanceCriteria: 'https://sc.ddbj.nig.ac.jp/application/registration',
} as const;
