// The steps of the application form, in order: what the applicant fills in, what
// staff may ask to have changed (an information request names steps), and the check.
export const applicationSteps = ['applicant', 'eligibility', 'affiliation', 'account', 'responsible', 'check'] as const;
export type ApplicationStep = (typeof applicationSteps)[number];

/** The steps with questions; the check page opens when all of them are done. */
export const questionSteps = applicationSteps.filter((s) => s !== 'check');

export const allQuestionsDone = (stepsDone: readonly string[]): boolean =>
  questionSteps.every((s) => stepsDone.includes(s));

/**
 * Where "Save and continue" leads: the next step not done yet after `current` (then any
 * earlier one left), or the check page once every step is done. One page after another,
 * as the steps are numbered; the task list is for coming back.
 */
export function stepAfter(current: string, stepsDone: readonly string[]): ApplicationStep {
  const at = questionSteps.indexOf(current as (typeof questionSteps)[number]);
  const ordered = [...questionSteps.slice(at + 1), ...questionSteps.slice(0, Math.max(at, 0))];
  return ordered.find((s) => !stepsDone.includes(s)) ?? 'check';
}
