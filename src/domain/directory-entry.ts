// A user and a UNIX group as the centre's directory holds them (inetOrgPerson,
// posixAccount, shadowAccount, ldapPublicKey; posixGroup with memberUid), whichever
// implementation keeps them (src/directory) and wherever they are stored.

export interface DirectoryUser {
  /** The account name (uid). */
  uid: string;
  uidNumber: number;
  gidNumber: number;
  givenName: string;
  /** Family name. */
  sn: string;
  /** Full name as shown. */
  cn: string;
  mail: string;
  homeDirectory: string;
  loginShell: string;
  sshPublicKeys: string[];
  /** Locked: shadowExpire in the past (and, with ppolicy, pwdAccountLockedTime). */
  locked: boolean;
}

export type NewDirectoryUser = Omit<DirectoryUser, 'locked' | 'sshPublicKeys'> & { sshPublicKeys?: string[] };

export interface DirectoryGroup {
  cn: string;
  gidNumber: number;
  memberUid: string[];
}
