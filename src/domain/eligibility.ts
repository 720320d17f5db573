// FEFTA eligibility answers (domain.md, "Who may have an account" and flow step 3):
// a non-resident or a person in METI's specific categories is screened by staff
// with extra information.
export const nonResidentReasons = ['less_than_six_months', 'living_abroad', 'employed_abroad'] as const;
export type NonResidentReason = (typeof nonResidentReasons)[number];

export const isNonResidentReason = (v: unknown): v is NonResidentReason =>
  nonResidentReasons.includes(v as NonResidentReason);

/** Whether the answers require staff screening (and the extra (a)–(c) answers). */
export function needsScreening(answers: { resident: boolean | null; specificCategory: boolean | null }): boolean {
  return answers.resident === false || answers.specificCategory === true;
}
