// `sc-account tokens …`: API tokens on the command line, through the same services
// as the console's API tokens page (actor `cli`).
import { findStaffByEmail } from '../db/staff.js';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, apiScopes, isApiScope } from '../domain/api-tokens.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/api-tokens.js';
import { rowId } from '../services/schemas.js';
import { command, UsageError, usageLine } from './command.js';

const create = command({
  words: ['tokens', 'create'],
  synopsis: `--name TEXT (--email STAFF | --service NAME) --scope SCOPE[,SCOPE…] [--days 1-${API_TOKEN_MAX_DAYS}]`,
  description: `Make an API token for a staff member (scopes their role allows) or a service account; prints it once. Scopes: ${apiScopes.join(', ')}.`,
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    service: { type: 'string' },
    scope: { type: 'string', multiple: true },
    days: { type: 'string' },
  },
  async run({ values, context }) {
    if (!values.name?.trim()) throw new UsageError('tokens create needs --name', usageLine(create));
    if (Boolean(values.email) === Boolean(values.service))
      throw new UsageError('tokens create needs one of --email or --service', usageLine(create));
    const scopes = (values.scope ?? [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = scopes.filter((s) => !isApiScope(s));
    if (scopes.length === 0 || unknown.length)
      throw new UsageError(
        unknown.length ? `unknown scope: ${unknown.join(', ')}` : 'tokens create needs --scope',
        usageLine(create),
      );
    const days = values.days === undefined ? API_TOKEN_DEFAULT_DAYS : Number(values.days);
    return context.withDatabase(async (d) => {
      let owner: { staffId: number } | { service: string };
      if (values.email) {
        const staff = await findStaffByEmail(d.db, values.email.trim());
        if (!staff) throw new UsageError(`no staff account for ${values.email}`);
        owner = { staffId: staff.id };
      } else owner = { service: values.service?.trim() ?? '' };
      const made = await createApiToken(d.db, 'cli', {
        owner,
        name: values.name?.trim() ?? '',
        scopes: scopes as never,
        days,
      });
      if (!made.ok) {
        const why = {
          NAME: 'the name must be 1 to 100 characters',
          NO_SCOPES: 'give at least one scope',
          SCOPE_NOT_ALLOWED: "a scope is beyond what the staff member's role allows",
          LIFETIME: `--days must be 1 to ${API_TOKEN_MAX_DAYS}`,
          SERVICE_NAME: 'the service name must be lower-case letters, digits and dashes (2 to 40)',
          NO_SUCH_STAFF: 'that staff account is disabled',
        }[made.problem];
        throw new UsageError(`token not made: ${why}`, usageLine(create));
      }
      context.io.out(
        `Made token ${made.row.id} (${made.row.scopes.join(', ')}), valid until ${made.row.expires_at.toISOString()}. It is shown only now:\n${made.token}\n`,
      );
      return 0;
    });
  },
});

const list = command({
  words: ['tokens', 'list'],
  synopsis: '[--email STAFF]',
  description: 'API tokens (a staff member’s, or all) with owner, scopes, expiry, last use and state.',
  options: { email: { type: 'string' } },
  async run({ values, context }) {
    return context.withDatabase(async (d) => {
      let staffId: number | undefined;
      if (values.email) {
        const staff = await findStaffByEmail(d.db, values.email.trim());
        if (!staff) throw new UsageError(`no staff account for ${values.email}`);
        staffId = staff.id;
      }
      const tokens = await listApiTokens(d.db, staffId);
      const now = new Date();
      context.io.out(`${tokens.length} tokens:\n`);
      for (const k of tokens) {
        const state = k.revoked_at ? 'revoked' : k.expires_at <= now ? 'expired' : 'active';
        const owner = k.service_account ? `service:${k.service_account}` : (k.staff_email ?? '');
        context.io.out(
          `  ${String(k.id).padStart(4)}  ${state.padEnd(7)}  ${owner}  "${k.name}"  ${k.scopes.join(',')}  expires ${k.expires_at.toISOString()}  last used ${k.last_used_at?.toISOString() ?? 'never'}\n`,
        );
      }
      return 0;
    });
  },
});

const revoke = command({
  words: ['tokens', 'revoke'],
  synopsis: 'ID',
  description: 'Revoke an API token: it is refused from its next call on.',
  options: {},
  args: [1, 1],
  async run({ args, context }) {
    const id = rowId.safeParse(args[0]).data;
    if (id === undefined) throw new UsageError(`not a token id: ${args[0]}`, usageLine(revoke));
    return context.withDatabase(async (d) => {
      if (!(await revokeApiToken(d.db, 'cli', id))) {
        context.io.err(`No active token ${id}.\n`);
        return 1;
      }
      context.io.out(`Token ${id} revoked.\n`);
      return 0;
    });
  },
});

export const tokenCommands = [create, list, revoke];
