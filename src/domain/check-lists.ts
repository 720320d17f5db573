// What may go into the staff-editable lists the application form checks against:
// free mail domains (refused as applicants' addresses) and reserved account names
// (a trailing * reserves a prefix).
const domain = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const name = /^[a-z_][a-z0-9_-]{0,31}\*?$/;

export const checkListNames = ['free-mail', 'reserved-names'] as const;
export type CheckListName = (typeof checkListNames)[number];

/** Lower-cased and trimmed, as the lists keep their entries. */
export const normaliseListEntry = (v: string): string => v.trim().toLowerCase();

export function isListEntry(list: CheckListName, value: string): boolean {
  return (list === 'free-mail' ? domain : name).test(value);
}
