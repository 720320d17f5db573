// Settings of the fiscal-year renewal: the default day renewal opens (administrators
// move single years in the console), the command run for each home directory listed
// for deletion, and the publication lookups of the Continuation form.
import { z } from 'zod';
import { parseCommand } from './commands/run-command.js';
import { DEFAULT_RENEWAL_OPENS, isMonthDay } from './domain/fiscal-calendar.js';
import { CROSSREF_URL, PUBMED_URL } from './publications/lookup.js';

const monthDay = z.string().refine(isMonthDay, { message: 'must be a day every year has, as MM-DD' });

const deletionCommand = z.string().transform((v, ctx): string[] => {
  const parsed = parseCommand(v, ['{user}', '{home}']);
  if (parsed) return parsed;
  ctx.addIssue({
    code: 'custom',
    message: 'must be a JSON array of the command and its arguments, with {user} or {home}',
  });
  return z.NEVER;
});

const httpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//.test(v), { message: 'must be an http:// or https:// URL' });

export const renewalVariables = {
  RENEWAL_OPENS_ON: {
    schema: monthDay.default(DEFAULT_RENEWAL_OPENS),
    description:
      'Day (MM-DD) renewal for the next fiscal year opens, unless an administrator moves it for one year in Settings.',
    example: '01-04',
  },
  HOME_DELETION_COMMAND: {
    schema: deletionCommand.optional(),
    description:
      'Command run for each home directory listed for deletion on July 1 (accounts still not renewed), as a JSON array run without a shell; {user}, {group}, {division} and {home} are replaced by checked values. Unset: the list is only recorded, for operators to act on.',
    example: '["/usr/local/sbin/archive-home","{division}","{home}"]',
  },
  PUBMED_URL: {
    schema: httpUrl.default(PUBMED_URL),
    description: 'Base URL of NCBI E-utilities, for the "Get" button of a PubMed ID.',
    example: PUBMED_URL,
  },
  CROSSREF_URL: {
    schema: httpUrl.default(CROSSREF_URL),
    description: 'Base URL of the Crossref REST API, for the "Get" button of a DOI.',
    example: CROSSREF_URL,
  },
  LOOKUP_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100).max(60_000).default(5000),
    description: 'How long a publication lookup waits for PubMed or Crossref before the form says it is unavailable.',
    example: '5000',
  },
} as const;

export interface RenewalConfig {
  opensOn: string;
  homeDeletionCommand: string[] | undefined;
  pubmedUrl: string;
  crossrefUrl: string;
  lookupTimeoutMs: number;
}

export const renewalConfig = (values: Record<string, unknown>): RenewalConfig => ({
  opensOn: values.RENEWAL_OPENS_ON as string,
  homeDeletionCommand: values.HOME_DELETION_COMMAND as string[] | undefined,
  pubmedUrl: values.PUBMED_URL as string,
  crossrefUrl: values.CROSSREF_URL as string,
  lookupTimeoutMs: values.LOOKUP_TIMEOUT_MS as number,
});

export const describeRenewal = (c: RenewalConfig): Record<string, string> => ({
  RENEWAL_OPENS_ON: c.opensOn,
  HOME_DELETION_COMMAND: c.homeDeletionCommand ? JSON.stringify(c.homeDeletionCommand) : '(list recorded only)',
  PUBMED_URL: c.pubmedUrl,
  CROSSREF_URL: c.crossrefUrl,
  LOOKUP_TIMEOUT_MS: String(c.lookupTimeoutMs),
});
