// Tables of usage plans, quotas and prices (migration 0028).
import type { ColumnType, Generated } from 'kysely';
import type { StorageKind } from '../domain/billing.js';
import type { Division } from '../domain/provisioning.js';
import type { PlanContent, PlanState, QuotaScope } from '../domain/usage-plan.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint columns come back as strings from pg: read them with Number(). */
type BigYen = ColumnType<string | number | null, number | null | undefined, number | null>;

export interface PlanTables {
  price_table: {
    fiscal_year: number;
    ga_free_tenths: number;
    created_at: Timestamp;
  };
  price_revision: {
    id: Generated<number>;
    fiscal_year: number;
    starts_on: string;
    ga_per_block: number;
    pg_per_block: number;
    archive_per_block: number;
    tax_percent: number;
    created_by: string;
    created_at: Timestamp;
  };
  service_catalogue: {
    code: string;
    name_ja: string;
    name_en: string;
    unit_ja: string;
    unit_en: string;
    active: ColumnType<boolean, boolean | undefined, boolean>;
    created_at: Timestamp;
  };
  service_price: {
    revision_id: number;
    code: string;
    yen_per_year: number;
  };
  usage_plan: {
    id: Generated<number>;
    division: Division;
    group_name: string;
    large_scale: ColumnType<boolean, boolean | undefined, boolean>;
    alert_yen: BigYen;
    created_at: Timestamp;
  };
  usage_plan_delegate: {
    plan_id: number;
    account_id: number;
    added_by: string;
    added_at: Timestamp;
  };
  usage_plan_version: {
    id: Generated<number>;
    plan_id: number;
    number: number;
    fiscal_year: number;
    state: PlanState;
    content: ColumnType<PlanContent, string, string>;
    filed_by: string;
    filed_at: Timestamp;
    decided_at: MaybeTime;
    decided_by: string | null;
    staff_message: string | null;
    row_version: ColumnType<number, number | undefined, number>;
  };
  usage_plan_event: {
    id: Generated<number>;
    version_id: number;
    from_state: PlanState | null;
    to_state: PlanState;
    actor: string;
    note: string | null;
    at: Timestamp;
  };
  storage_quota: {
    id: Generated<number>;
    plan_id: number;
    version_id: number | null;
    scope: QuotaScope;
    subject: string;
    kind: StorageKind;
    tenths: number;
    starts_on: string;
    ends_on: string | null;
    created_at: Timestamp;
  };
  service_booking: {
    id: Generated<number>;
    plan_id: number;
    version_id: number;
    code: string;
    quantity: number;
    starts_on: string;
    ends_on: string;
  };
  billing_bundle: {
    id: Generated<number>;
    secondary_group: string;
    created_by: string;
    created_at: Timestamp;
  };
  billing_bundle_member: {
    bundle_id: number;
    group_name: string;
  };
  applied_quota: {
    scope: QuotaScope;
    subject: string;
    kind: StorageKind;
    group_name: string;
    /** bigint: a string from pg. */
    bytes: ColumnType<string | number, number, number>;
    via: string;
    set_at: Timestamp;
  };
}
