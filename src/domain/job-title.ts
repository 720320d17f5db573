// Job titles offered on the form. Only faculty of a university or a public research
// institute may be a responsible person (domain.md, FEFTA kind (1)), so each title
// says whether it can be its own responsible person.
export const jobTitles = [
  'professor',
  'associate_professor',
  'lecturer',
  'assistant_professor',
  'researcher',
  'postdoc',
  'doctoral_student',
  'masters_student',
  'undergraduate',
  'technical_staff',
  'other',
] as const;

export type JobTitle = (typeof jobTitles)[number];

const faculty: ReadonlySet<JobTitle> = new Set([
  'professor',
  'associate_professor',
  'lecturer',
  'assistant_professor',
  'researcher',
]);

export const isJobTitle = (value: unknown): value is JobTitle => jobTitles.includes(value as JobTitle);

/** Whether a person with this title may be their own responsible person. */
export const canBeResponsiblePerson = (title: JobTitle): boolean => faculty.has(title);
