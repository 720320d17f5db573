// The steps of the application form, in order: what the applicant fills in, what
// staff may ask to have changed (an information request names steps), and the check.
export const applicationSteps = ['applicant', 'eligibility', 'affiliation', 'account', 'responsible', 'check'] as const;
export type ApplicationStep = (typeof applicationSteps)[number];

/** The steps with questions; the check page opens when all of them are done. */
export const questionSteps = applicationSteps.filter((s) => s !== 'check');

export const allQuestionsDone = (stepsDone: readonly string[]): boolean =>
  questionSteps.every((s) => stepsDone.includes(s));
