// Staff of the centre: their roles, what each role may do (one table, enforced on
// the server for every staff route and action), and the rules of their sign-in.
// Pure: no I/O.

export const staffRoles = ['reviewer', 'approver', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const isStaffRole = (v: unknown): v is StaffRole => staffRoles.includes(v as StaffRole);

/**
 * Every staff action and the least role that may take it. Roles are ordered:
 * an approver may do what a reviewer may, an admin what an approver may.
 */
export const staffPermissions = {
  'applications.read': 'reviewer',
  'applications.comment': 'reviewer',
  'applications.assign': 'reviewer',
  'applications.requestInformation': 'reviewer',
  'pledge.send': 'reviewer',
  'screening.decide': 'reviewer',
  'applications.decide': 'approver',
  'accounts.provision': 'approver',
  /** Lock an account at once (a compromised key, a breach of the terms) and unlock it again. */
  'accounts.lock': 'approver',
  /** Reminders sent again, the deletion list. */
  'renewal.manage': 'approver',
  /** Usage plans, quotas and the charges of each responsible person. */
  'plans.read': 'reviewer',
  /** Approve a usage plan, ask for changes or refuse it; mark a group as a large-scale user. */
  'plans.decide': 'approver',
  /** Group and workshop accounts: the queue, a group with its participants and history. */
  'groups.read': 'reviewer',
  /** Decide a group, approve or refuse its participants, decide an extension of its end date. */
  'groups.decide': 'approver',
  /** The price table, the catalogue of paid services and the bundles of groups. */
  'billing.manage': 'admin',
  'settings.manage': 'admin',
  'staff.manage': 'admin',
  'audit.read': 'admin',
} as const satisfies Record<string, StaffRole>;
export type StaffAction = keyof typeof staffPermissions;

export function can(role: StaffRole, action: StaffAction): boolean {
  return staffRoles.indexOf(role) >= staffRoles.indexOf(staffPermissions[action]);
}

/** A staff session ends after this long without a request. */
export const STAFF_IDLE_MS = 30 * 60_000;

/** Between the password and the second factor, at most this long. */
export const STAFF_MFA_WINDOW_MS = 5 * 60_000;

/** Enrolment links are valid this long, once. */
export const STAFF_ENROLMENT_LIFETIME_MS = 72 * 3600_000;

/** Passwords of staff: at least this long (NIST SP 800-63B: length, no composition rules). */
export const STAFF_PASSWORD_MIN = 12;
export const STAFF_PASSWORD_MAX = 256;

export const RECOVERY_CODE_COUNT = 10;
