// Tables of what administrators change in the console (migration 0012): versioned
// texts of the terms of use and issuance criteria, and single settings by key.
import type { ColumnType, Generated } from 'kysely';
import type { TermsKind } from '../domain/settings.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SettingTables {
  terms_text: {
    id: Generated<number>;
    kind: TermsKind;
    version: string;
    title_ja: string;
    title_en: string;
    body_ja: string;
    body_en: string;
    created_at: Timestamp;
  };
  setting: {
    key: string;
    value: ColumnType<unknown, string, string>;
    updated_at: Timestamp;
  };
}
