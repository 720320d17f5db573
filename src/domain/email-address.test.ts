import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkEmail,
  defaultFreeMailDomains,
  type EmailCheck,
  findFreeMailDomain,
  mailboxKey,
  normaliseEmail,
} from './email-address.js';

const freeMailDomains = defaultFreeMailDomains;
const check = (raw: string | null | undefined): EmailCheck => checkEmail(raw, { freeMailDomains });

describe('normaliseEmail', () => {
  it('trims, lower-cases the domain only, and turns full-width input into what it looks like', () => {
    assert.equal(normaliseEmail('  Taro.Yamada@Example.AC.JP \n'), 'Taro.Yamada@example.ac.jp');
    assert.equal(normaliseEmail('ｔａｒｏ＠ｅｘａｍｐｌｅ．ａｃ．ｊｐ'), 'taro@example.ac.jp');
  });

  it('writes an internationalised domain in its ASCII (xn--) form', () => {
    assert.equal(normaliseEmail('taro@東大.JP'), 'taro@xn--pss754a.jp');
  });

  it('compares addresses case-insensitively through mailboxKey', () => {
    assert.equal(mailboxKey(' Taro@Example.ac.jp'), mailboxKey('taro@EXAMPLE.AC.JP'));
  });
});

describe('checkEmail', () => {
  it('accepts an institutional address and returns it normalised', () => {
    assert.deepEqual(check(' Taro.Yamada@NIG.ac.jp '), { ok: true, address: 'Taro.Yamada@nig.ac.jp' });
    assert.deepEqual(check('t+apply@sub.dept.example.ac.jp'), { ok: true, address: 't+apply@sub.dept.example.ac.jp' });
    assert.deepEqual(check('taro@東大.jp'), { ok: true, address: 'taro@xn--pss754a.jp' });
  });

  it('answers REQUIRED when nothing is typed', () => {
    for (const raw of ['', '   ', '\u3000', undefined, null])
      assert.deepEqual(check(raw), { ok: false, code: 'REQUIRED' });
  });

  it('answers INVALID for anything but one plain address', () => {
    const invalid = [
      'taro',
      'taro@',
      '@example.ac.jp',
      'taro@example',
      'taro@@example.ac.jp',
      'taro@localhost',
      'taro@[192.0.2.1]',
      'taro..yamada@example.ac.jp',
      '"taro yamada"@example.ac.jp',
      'Taro Yamada <taro@example.ac.jp>',
      'taro@example.ac.jp, hanako@example.ac.jp',
      'taro@example.ac.jp\nBcc: everyone@example.com',
      'taro@exa mple.ac.jp',
      'taro@example.ac.jp.',
      `${'t'.repeat(65)}@example.ac.jp`,
      `taro@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.jp`,
      `taro@${'a'.repeat(64)}.ac.jp`,
    ];
    for (const raw of invalid) assert.deepEqual(check(raw), { ok: false, code: 'INVALID' }, raw);
    assert.equal(check(`${'t'.repeat(64)}@example.ac.jp`).ok, true);
    assert.equal(check(`taro@${'a'.repeat(63)}.ac.jp`).ok, true);
  });

  it('answers FREE_MAIL for a free mail domain or any of its subdomains, with the address', () => {
    assert.deepEqual(check('Taro@GMail.com'), {
      ok: false,
      code: 'FREE_MAIL',
      address: 'Taro@gmail.com',
      domain: 'gmail.com',
    });
    const result = check('taro@mail.yahoo.co.jp');
    assert.ok(!result.ok && result.code === 'FREE_MAIL');
    assert.equal(result.domain, 'yahoo.co.jp');
    for (const raw of ['a@outlook.com', 'a@hotmail.co.jp', 'a@icloud.com', 'a@i.softbank.jp', 'a@docomo.ne.jp']) {
      assert.equal(check(raw).ok, false, raw);
    }
  });

  it('matches whole domain labels only', () => {
    for (const raw of ['taro@notgmail.com', 'taro@gmail.com.example.ac.jp', 'taro@myqq.com', 'taro@u-tokyo.ac.jp']) {
      assert.equal(check(raw).ok, true, raw);
    }
  });

  it('takes the free mail list as data, forgiving how an entry is written', () => {
    assert.equal(checkEmail('a@gmail.com', { freeMailDomains: [] }).ok, true);
    assert.equal(findFreeMailDomain('lab.example.org', [' @Example.ORG ']), 'example.org');
    assert.equal(findFreeMailDomain('lab.example.org', ['.example.org']), 'example.org');
    assert.equal(findFreeMailDomain('example.org', ['', '@']), undefined);
    assert.equal(findFreeMailDomain('xn--pss754a.jp', ['東大.jp']), 'xn--pss754a.jp');
  });

  it('seeds the list with the common free mail services of the issue, each written plainly', () => {
    for (const domain of ['gmail.com', 'yahoo.co.jp', 'outlook.com', 'hotmail.com', 'icloud.com']) {
      assert.ok(freeMailDomains.includes(domain), domain);
    }
    assert.equal(new Set(freeMailDomains).size, freeMailDomains.length, 'no duplicates');
    for (const domain of freeMailDomains) assert.match(domain, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it('accepts every ordinary institutional address and refuses it at every free subdomain (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    const local = fc.stringMatching(/^[a-zA-Z0-9_+-]{1,20}(\.[a-zA-Z0-9_+-]{1,10})?$/);
    fc.assert(
      fc.property(
        local,
        fc.array(label, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('ac.jp', 'go.jp', 'edu', 'org'),
        (l, labels, tld) => {
          const domain = [...labels, tld].join('.');
          fc.pre(findFreeMailDomain(domain, freeMailDomains) === undefined);
          assert.deepEqual(check(`${l}@${domain.toUpperCase()}`), { ok: true, address: `${l}@${domain}` });
        },
      ),
    );
    fc.assert(
      fc.property(local, fc.array(label, { maxLength: 2 }), fc.constantFrom(...freeMailDomains), (l, labels, free) => {
        const result = check(`${l}@${[...labels, free].join('.')}`);
        assert.ok(!result.ok && result.code === 'FREE_MAIL');
        assert.equal(result.domain, free);
      }),
    );
  });

  it('never throws and answers one of its codes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const result = check(raw);
        assert.ok(result.ok || ['REQUIRED', 'INVALID', 'FREE_MAIL'].includes(result.code));
      }),
    );
  });
});
