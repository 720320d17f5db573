// How far a syncrepl consumer is behind its provider, from the contextCSN of the
// suffix entry (one CSN per provider server id; syncprov keeps the provider's, the
// consumer records what it has received). Behind, the lag is the age of the oldest
// change it lacks: the provider's oldest entryCSN newer than the consumer's, so a
// change made a moment ago is a moment of lag, and a stuck consumer's lag grows.
import { type Client, escapeFilter } from 'ldapts';
import { connectLdap, type LdapDirectoryOptions } from './ldap-directory.js';

export type LdapEndpoint = Pick<LdapDirectoryOptions, 'url' | 'startTls' | 'ca' | 'bindDn' | 'bindPassword' | 'baseDn'>;

export interface ReplicaLag {
  /** The consumer's URL. */
  replica: string;
  /** Whether the consumer lacks a change the provider has. */
  behind: boolean;
  /** Seconds the oldest change the consumer lacks has waited (0 when it lacks none). */
  lagSeconds: number;
  providerCsn: string[];
  replicaCsn: string[];
}

/** A division's replica as reconcile checks it: where, how much lag is fine, and the measure. */
export interface ReplicaCheck {
  url: string;
  thresholdSeconds: number;
  measure(): Promise<ReplicaLag>;
}

/** 20261205102448.670581Z#000000#000#000000: time, count, server id, modifier. */
const csnPattern = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{6})Z#[0-9a-f]{6}#([0-9a-f]{3})#[0-9a-f]{6}$/i;

function parseCsn(csn: string): { ms: number; sid: string } {
  const m = csnPattern.exec(csn);
  if (!m) throw new Error(`not a CSN: ${csn}`);
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, us = 0] = m.slice(1, 8).map(Number);
  return { ms: Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(us / 1000)), sid: (m[8] ?? '').toLowerCase() };
}

const values = (v: unknown): string[] =>
  [v ?? []].flat().map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));

async function contextCsn(client: Client, baseDn: string): Promise<string[]> {
  const r = await client.search(baseDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['contextCSN'] });
  return values(r.searchEntries[0]?.contextCSN).sort();
}

/** Compares the suffix entry's contextCSN of the two servers; throws when either cannot be read. */
export async function measureReplicaLag(
  provider: LdapEndpoint,
  replica: LdapEndpoint,
  now = new Date(),
): Promise<ReplicaLag> {
  const read = async <T>(server: LdapEndpoint, fn: (client: Client) => Promise<T>): Promise<T> => {
    const client = await connectLdap(server, server.bindDn, server.bindPassword);
    try {
      return await fn(client);
    } finally {
      await client.unbind().catch(() => {});
    }
  };
  const providerCsn = await read(provider, (c) => contextCsn(c, provider.baseDn));
  if (!providerCsn.length)
    throw new Error(`${provider.url} has no contextCSN on ${provider.baseDn}: is syncprov loaded?`);
  const replicaCsn = await read(replica, (c) => contextCsn(c, replica.baseDn));
  const has = new Map(replicaCsn.map((c) => [parseCsn(c).sid, c]));
  // Per server id, the newest change the consumer has ('' for none: every change is missing).
  const missing = new Map(
    providerCsn
      .filter((c) => c > (has.get(parseCsn(c).sid) ?? ''))
      .map((c) => [parseCsn(c).sid, has.get(parseCsn(c).sid) ?? '']),
  );
  const result = { replica: replica.url, providerCsn, replicaCsn };
  if (!missing.size) return { ...result, behind: false, lagSeconds: 0 };

  const since = [...missing.values()].sort()[0] ?? '';
  const changed = await read(provider, (c) =>
    c.search(provider.baseDn, {
      scope: 'sub',
      filter: since ? escapeFilter`(&(entryCSN>=${since})(!(entryCSN=${since})))` : '(entryCSN=*)',
      attributes: ['entryCSN'],
      paged: { pageSize: 500 },
    }),
  );
  const lacking = changed.searchEntries
    .flatMap((e) => values(e.entryCSN))
    .filter((c) => {
      const had = missing.get(parseCsn(c).sid);
      return had !== undefined && c > had;
    })
    .sort();
  // None found: only deletions are missing (their entries are gone); the newest change's time is all there is.
  const first = lacking[0] ?? providerCsn.filter((c) => missing.has(parseCsn(c).sid))[0] ?? '';
  return { ...result, behind: true, lagSeconds: Math.max(0, (now.getTime() - parseCsn(first).ms) / 1000) };
}
