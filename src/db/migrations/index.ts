// Every migration, in order. Listed here (not read from a folder) so that the
// same list serves the TypeScript sources and the compiled build.
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-notices.js';
import * as m0003 from './0003-applications.js';
import * as m0004 from './0004-submission.js';
import * as m0005 from './0005-staff.js';
import * as m0006 from './0006-review.js';
import * as m0007 from './0007-queue.js';
import * as m0008 from './0008-pledge.js';
import * as m0009 from './0009-screening.js';
import * as m0010 from './0010-withdraw.js';
import * as m0011 from './0011-information-request.js';
import * as m0012 from './0012-texts-and-settings.js';
import * as m0013 from './0013-directory.js';
import * as m0014 from './0014-provisioning.js';
import * as m0015 from './0015-account-page.js';
import * as m0016 from './0016-account-requests.js';
import * as m0017 from './0017-reissue.js';
import * as m0018 from './0018-renewal.js';
import * as m0019 from './0019-renewal-draft.js';
import * as m0020 from './0020-reserved-names.js';
import * as m0021 from './0021-readiness.js';
import * as m0022 from './0022-rate-limits.js';
import * as m0023 from './0023-sign-in-slots.js';
import * as m0024 from './0024-staff-failures.js';
import * as m0025 from './0025-account-events.js';
import * as m0026 from './0026-api-tokens.js';
import * as m0027 from './0027-webhooks.js';
import * as m0028 from './0028-usage-plans.js';
import * as m0029 from './0029-applied-quotas.js';
import * as m0030 from './0030-group-accounts.js';
import * as m0031 from './0031-pg-path.js';
import * as m0032 from './0032-instances.js';
import * as m0033 from './0033-password-changed.js';
import * as m0034 from './0034-group-event-change.js';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-notices': m0002,
  '0003-applications': m0003,
  '0004-submission': m0004,
  '0005-staff': m0005,
  '0006-review': m0006,
  '0007-queue': m0007,
  '0008-pledge': m0008,
  '0009-screening': m0009,
  '0010-withdraw': m0010,
  '0011-information-request': m0011,
  '0012-texts-and-settings': m0012,
  '0013-directory': m0013,
  '0014-provisioning': m0014,
  '0015-account-page': m0015,
  '0016-account-requests': m0016,
  '0017-reissue': m0017,
  '0018-renewal': m0018,
  '0019-renewal-draft': m0019,
  '0020-reserved-names': m0020,
  '0021-readiness': m0021,
  '0022-rate-limits': m0022,
  '0023-sign-in-slots': m0023,
  '0024-staff-failures': m0024,
  '0025-account-events': m0025,
  '0026-api-tokens': m0026,
  '0027-webhooks': m0027,
  '0028-usage-plans': m0028,
  '0029-applied-quotas': m0029,
  '0030-group-accounts': m0030,
  '0031-pg-path': m0031,
  '0032-instances': m0032,
  '0033-password-changed': m0033,
  '0034-group-event-change': m0034,
};
