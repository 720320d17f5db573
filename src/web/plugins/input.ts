// Every input is looked at once here, at the edge, before any route reads it: the form or
// JSON body, the query string and the path parameters. Two things are never let through:
// - control characters (NUL and the other C0 and C1 controls, lone surrogates): no field
//   takes them, and PostgreSQL cannot store a NUL. Answered with a 400 page naming the
//   field; a form whose route says it checks its own fields (`fieldsChecked`, the
//   application's steps) answers them at the field itself, and only a NUL is refused here.
// - private key material (src/domain/private-key.ts), recognised by its bytes. In a field
//   made for keys or signatures the value is emptied and the field listed in
//   `request.privateKeyFields`, so that the route answers with its own field message; in any
//   other field the request is refused with a 400 page. Either way the key is not stored,
//   shown again or logged.
// The fields' own rules (src/domain/text.ts and the routes' schemas) come after.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { containsPrivateKey } from '../../domain/private-key.js';
import { AppError } from '../../services/errors.js';

/** Form fields that take SSH public keys or signatures. */
const keyFields = new Set(['sshKey', 'publicKey', 'signature']);

declare module 'fastify' {
  interface FastifyRequest {
    /** Key and signature fields whose private key material the edge removed (see plugins/input.ts). */
    privateKeyFields: ReadonlySet<string>;
  }
}

/**
 * Characters no field takes: C0 controls but tab, line feed and carriage return; DEL; C1;
 * lone surrogates. (The fields' own rules, src/domain/text.ts, refuse more, per field.)
 */
const controlCharacter =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const hasControlCharacter = (value: string): boolean => controlCharacter.test(value);

/** A field's name as the refusal page may show it. */
const shownName = (name: string) => (hasControlCharacter(name) ? '?' : name.slice(0, 60));

/** Calls `visit` with each string in a parsed body or query (objects and arrays, nested). */
function eachString(value: unknown, name: string, visit: (name: string, value: string) => string | undefined): unknown {
  if (typeof value === 'string') return visit(name, value) ?? value;
  if (Array.isArray(value)) return value.map((item) => eachString(item, name, visit));
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (hasControlCharacter(key)) throw new AppError('CONTROL_CHARACTER', { field: '?' });
      object[key] = eachString(object[key], key, visit);
    }
  }
  return value;
}

export default fp(
  async (app: FastifyInstance) => {
    // set for every request by the hook below (a shared Set here would be shared by all requests)
    app.decorateRequest('privateKeyFields', null as unknown as ReadonlySet<string>);
    app.addHook('preValidation', async (request: FastifyRequest) => {
      const removed = new Set<string>();
      const ownChecks = request.routeOptions.config?.fieldsChecked === true;
      const check = (where: 'body' | 'query' | 'params') => (name: string, value: string) => {
        const refused = where === 'body' && ownChecks ? value.includes('\u0000') : hasControlCharacter(value);
        if (refused) throw new AppError('CONTROL_CHARACTER', { field: shownName(name) });
        if (where === 'body' && value.length >= 40 && containsPrivateKey(value)) {
          if (!keyFields.has(name)) throw new AppError('PRIVATE_KEY');
          removed.add(name);
          return '';
        }
        return undefined;
      };
      eachString(request.params, '', check('params'));
      eachString(request.query, '', check('query'));
      if (typeof request.body === 'string') {
        if (hasControlCharacter(request.body)) throw new AppError('CONTROL_CHARACTER', { field: '?' });
        if (containsPrivateKey(request.body)) throw new AppError('PRIVATE_KEY');
      } else {
        request.body = eachString(request.body, '', check('body'));
      }
      request.privateKeyFields = removed;
    });
  },
  { name: 'input', dependencies: ['errors'] },
);
