// How a person is named in mails and pages written in both languages: given name,
// then family name, as the application has them (the romanised names).
export const personName = (p: { given_name: string | null; family_name: string | null }) =>
  [p.given_name, p.family_name].filter(Boolean).join(' ');
