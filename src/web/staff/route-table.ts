// Every route of the staff console and who may use it, in one table. The staff
// plugin refuses to start with a /staff route that is not listed here, and the
// authorization test walks this table for every kind of visitor.
import type { StaffAction } from '../../domain/staff.js';

/** `public`: anyone (sign-in, enrolment); `signed-in`: any staff member; else the action's least role. */
export type StaffAccess = 'public' | 'signed-in' | StaffAction;

export const staffRouteTable = {
  'GET /staff': 'public',
  'POST /staff': 'public',
  'GET /staff/verify': 'public',
  'POST /staff/verify': 'public',
  'GET /staff/enrol': 'public',
  'POST /staff/enrol': 'public',
  'GET /staff/enrol/qr.svg': 'public',
  'POST /staff/logout': 'signed-in',
  'GET /staff/applications': 'applications.read',
  'GET /staff/applications.csv': 'applications.read',
  'GET /staff/applications/:id': 'applications.read',
  'GET /staff/applications/:id/pledges/:pledge': 'applications.read',
  'POST /staff/applications/:id/comment': 'applications.comment',
  'POST /staff/applications/:id/assign': 'applications.assign',
  'POST /staff/applications/:id/decision': 'applications.decide',
  'POST /staff/applications/:id/pledge': 'pledge.send',
  'POST /staff/applications/:id/screening': 'screening.decide',
  'POST /staff/applications/:id/request-information': 'applications.requestInformation',
  'POST /staff/applications/:id/provision/retry': 'accounts.provision',
  'GET /staff/applications/:id/certificate.pdf': 'accounts.provision',
  'POST /staff/applications/:id/certificate/posted': 'accounts.provision',
  'GET /staff/requests': 'applications.read',
  'GET /staff/requests/:id': 'applications.read',
  'POST /staff/requests/:id/request-information': 'applications.requestInformation',
  'POST /staff/requests/:id/pledge': 'pledge.send',
  'POST /staff/requests/:id/decision': 'applications.decide',
  'GET /staff/certificates': 'accounts.provision',
  'POST /staff/certificates/batches': 'accounts.provision',
  'GET /staff/certificates/batches/:batch': 'accounts.provision',
  'GET /staff/renewal': 'applications.read',
  'POST /staff/renewal/calendar': 'settings.manage',
  'POST /staff/renewal/reminders': 'renewal.manage',
  'GET /staff/renewal/achievements.csv': 'applications.read',
  'GET /staff/renewal/achievements.bib': 'applications.read',
  'GET /staff/renewal/deletions.csv': 'renewal.manage',
  'GET /staff/settings': 'settings.manage',
  'POST /staff/settings/closures': 'settings.manage',
  'POST /staff/settings/closures/:id/remove': 'settings.manage',
  'POST /staff/settings/services/:service': 'settings.manage',
  'POST /staff/settings/lists/:list': 'settings.manage',
  'GET /staff/settings/texts': 'settings.manage',
  'POST /staff/settings/texts/pledge/:kind': 'settings.manage',
  'POST /staff/settings/texts/terms/:kind': 'settings.manage',
  'GET /staff/settings/mail': 'settings.manage',
  'POST /staff/settings/mail/periods': 'settings.manage',
  'POST /staff/settings/mail/signature': 'settings.manage',
  'GET /staff/people': 'staff.manage',
  'POST /staff/people': 'staff.manage',
  'POST /staff/people/:id': 'staff.manage',
  'GET /staff/audit': 'audit.read',
  'GET /staff/audit.csv': 'audit.read',
} as const satisfies Record<string, StaffAccess>;

export type StaffRouteKey = keyof typeof staffRouteTable;
