// Tables of the embedded directory (migration 0013).
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DirectoryTables {
  directory_user: {
    directory: string;
    uid: string;
    uid_number: number;
    gid_number: number;
    given_name: string;
    sn: string;
    cn: string;
    mail: string;
    home_directory: string;
    login_shell: string;
    ssh_public_keys: ColumnType<string[], string[] | undefined, string[]>;
    password_hash: string | null;
    locked: ColumnType<boolean, boolean | undefined, boolean>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  directory_group: {
    directory: string;
    cn: string;
    gid_number: number;
    member_uid: ColumnType<string[], string[] | undefined, string[]>;
    created_at: Timestamp;
  };
}
