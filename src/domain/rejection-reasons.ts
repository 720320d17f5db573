// The usual reasons for not approving an application, in both languages, for the
// approver to choose from (they may add their own words). Mails quote both texts.
export const rejectionReasons = {
  criteria: {
    ja: '申請者がアカウント発行基準を満たしていません。',
    en: 'The applicant does not meet the issuance criteria.',
  },
  purpose: {
    ja: '利用目的がスーパーコンピュータの利用対象に当たりません。',
    en: 'The purpose of use is not one the supercomputer is for.',
  },
  responsible: {
    ja: '責任者が要件（国内に居住する大学・公的研究機関の教員等）を満たしていません。',
    en: 'The responsible person does not qualify (a faculty member of a university or public research institute resident in Japan).',
  },
  duplicate: {
    ja: '申請者はすでにアカウントを持っています。',
    en: 'The applicant already has an account.',
  },
  screening: {
    ja: '外為法に基づく審査の結果、承認できません。',
    en: 'The export-control screening did not clear the application.',
  },
} as const;
export type RejectionReason = keyof typeof rejectionReasons;

export const isRejectionReason = (v: unknown): v is RejectionReason =>
  typeof v === 'string' && Object.hasOwn(rejectionReasons, v);

/** The reason as stored and mailed: the chosen text in both languages, then the approver's own words. */
export function rejectionText(template: RejectionReason | undefined, written: string): string {
  const chosen = template ? `${rejectionReasons[template].ja}\n${rejectionReasons[template].en}` : '';
  return [chosen, written.trim()].filter(Boolean).join('\n\n');
}
