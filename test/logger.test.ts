import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type pino from 'pino';
import { createLogger, redact, redactUrl } from '../src/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (l: string) => lines.push(JSON.parse(l)) } as pino.DestinationStream);
  return { logger, lines };
}

describe('log redaction', () => {
  it('censors sensitive keys at any depth of plain objects, whatever their case', () => {
    const { logger, lines } = capture();
    const body = Object.assign(Object.create(null), {
      name: 'taro',
      Password: 'pw-1',
      nested: { deeper: { token: 't-2' } },
    });
    logger
      .child({ reqId: 'r1' })
      .info({ body, list: [{ secret: 's-3' }], headers: { cookie: 'c-4', Authorization: 'a-5' } }, 'x');
    const text = JSON.stringify(lines);
    for (const secret of ['pw-1', 't-2', 's-3', 'c-4', 'a-5']) assert.ok(!text.includes(secret), secret);
    assert.deepEqual(lines[0]?.body, {
      name: 'taro',
      Password: '[Redacted]',
      nested: { deeper: { token: '[Redacted]' } },
    });
    assert.equal(lines[0]?.reqId, 'r1');
  });

  it('censors parsed form bodies, whose prototype is a bare null-prototype object', () => {
    // What fast-querystring builds: an object whose prototype is Object.create(null).
    const form: Record<string, string> = Object.create(Object.create(null));
    form.password = 'pw-6';
    assert.deepEqual(redact({ form }), { form: { password: '[Redacted]' } });
  });

  it('leaves the caller’s objects unchanged and errors to the error serializer', () => {
    const input = { password: 'keep-me' };
    const err = new Error('boom');
    const out = redact({ input, err }) as { input: unknown; err: unknown };
    assert.equal(input.password, 'keep-me');
    assert.deepEqual(out.input, { password: '[Redacted]' });
    assert.equal(out.err, err);
  });

  it('censors secret-looking query parameters in URLs', () => {
    assert.equal(redactUrl('/verify?token=abc&lang=en'), '/verify?token=%5BRedacted%5D&lang=en');
    assert.equal(redactUrl('/plain'), '/plain');
  });
});
