// Tables of fiscal-year renewal (migration 0018).
import type { ColumnType, Generated } from 'kysely';
import type { AchievementType, JournalScope } from '../domain/achievement.js';
import type { PublicationChoice, RenewalData, RenewalState } from '../domain/renewal.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type HomeDeletionState = 'listed' | 'done' | 'failed' | 'cancelled';

export interface RenewalTables {
  renewal: {
    id: Generated<number>;
    application_id: number;
    account_id: number;
    fiscal_year: number;
    state: RenewalState;
    data: ColumnType<RenewalData, string, string>;
    publication: PublicationChoice;
    postpone_reason: string | null;
    no_achievements: ColumnType<boolean, boolean | undefined, boolean>;
    version: ColumnType<number, number | undefined, number>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  renewal_event: {
    id: Generated<number>;
    renewal_id: number;
    from_state: RenewalState | null;
    to_state: RenewalState;
    at: Timestamp;
    actor: string;
    note: string | null;
  };
  achievement: {
    id: Generated<number>;
    renewal_id: number;
    position: number;
    type: AchievementType;
    pmid: string | null;
    doi: string | null;
    title: string;
    authors: string | null;
    authors_ja: string | null;
    journal: string | null;
    journal_scope: JournalScope | null;
    published_on: string | null;
    volume: string | null;
    number: string | null;
    pages: string | null;
  };
  home_deletion: {
    account_id: number;
    fiscal_year: number;
    listed_at: Timestamp;
    state: ColumnType<HomeDeletionState, HomeDeletionState | undefined, HomeDeletionState>;
    via: string | null;
    output: string | null;
    done_at: MaybeTime;
  };
  renewal_draft: {
    application_id: number;
    fiscal_year: number;
    data: ColumnType<unknown, string, string>;
    updated_at: Timestamp;
  };
  publication_cache: {
    source: string;
    id: string;
    data: ColumnType<unknown, string | null, string | null>;
    fetched_at: Timestamp;
  };
}
