// Private keys of every type and form a person might paste, for the tests that make sure
// none is ever kept, shown or logged: PEM (PKCS#1, PKCS#8, encrypted PKCS#8, SEC1), OpenSSH
// (plain and encrypted), PuTTY; each also as its body without armour lines.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';

export interface PrivateKeyForm {
  /** e.g. "RSA PKCS#1 PEM". */
  what: string;
  /** The whole text as a tool writes it. */
  text: string;
  /** The base64 lines without armour or headers: what a careless copy takes. */
  body: string;
  /** Lines of at least 16 characters that identify the key (to look for in stores and logs). */
  secretLines: string[];
  /** PuTTY's private lines are SSH wire-format fields: found only on their own lines. */
  needsOwnLines: boolean;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----') && !line.includes(':'));

function wire(...fields: Buffer[]): Buffer {
  return Buffer.concat(
    fields.flatMap((field) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(field.length);
      return [length, field];
    }),
  );
}

function mpint(base64url: string): Buffer {
  const bytes = Buffer.from(base64url, 'base64url');
  return (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** A PuTTY v3 file (unencrypted) for a key Node can export as JWK. */
function putty(key: KeyObject, publicLine: string): string {
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
  const blob =
    jwk.kty === 'RSA'
      ? wire(mpint(jwk.d ?? ''), mpint(jwk.p ?? ''), mpint(jwk.q ?? ''), mpint(jwk.qi ?? ''))
      : jwk.kty === 'OKP'
        ? wire(Buffer.from(jwk.d ?? '', 'base64url'))
        : wire(mpint(jwk.d ?? ''));
  const [type = '', publicBlob = ''] = publicLine.split(' ');
  const wrap = (base64: string) => base64.match(/.{1,64}/g) ?? [];
  const publicLines = wrap(publicBlob);
  const privateLines = wrap(blob.toString('base64'));
  return [
    `PuTTY-User-Key-File-3: ${type}`,
    'Encryption: none',
    'Comment: taro@example.ac.jp',
    `Public-Lines: ${publicLines.length}`,
    ...publicLines,
    `Private-Lines: ${privateLines.length}`,
    ...privateLines,
    'Private-MAC: 0f5c9e2f6d8b3a1e4c7d9f0a2b4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  ].join('\n');
}

/** Every form of a fresh key pair of each type (generated once per call; RSA takes ~0.1 s). */
export function privateKeyForms(): PrivateKeyForm[] {
  const pairs = {
    Ed25519: generateKeyPairSync('ed25519'),
    'ECDSA P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    'ECDSA P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    'ECDSA P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }),
    'RSA 3072': generateKeyPairSync('rsa', { modulusLength: 3072 }),
    DSA: generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }),
  };
  const forms: PrivateKeyForm[] = [];
  const add = (what: string, text: string, needsOwnLines = false) => {
    const body = lines(text).join('\n');
    forms.push({ what, text, body, secretLines: lines(text), needsOwnLines });
  };
  for (const [name, { privateKey, publicKey }] of Object.entries(pairs)) {
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    add(`${name} PKCS#8 PEM`, pkcs8);
    add(
      `${name} encrypted PKCS#8 PEM`,
      privateKey
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
        .toString(),
    );
    if (name.startsWith('RSA'))
      add(`${name} PKCS#1 PEM`, privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    if (name.startsWith('ECDSA'))
      add(`${name} SEC1 PEM`, privateKey.export({ type: 'sec1', format: 'pem' }).toString());
    const key = sshpk.parsePrivateKey(pkcs8, 'pem');
    add(`${name} OpenSSH`, key.toString('ssh-private'));
    add(`${name} encrypted OpenSSH`, key.toString('ssh-private', { passphrase: 'correct horse' }));
    if (name !== 'DSA') {
      const line = sshpk.parseKey(publicKey.export({ type: 'spki', format: 'pem' }), 'pem').toString('ssh');
      add(`${name} PuTTY`, putty(privateKey, line));
      const file = forms[forms.length - 1] as PrivateKeyForm;
      // The private lines alone (the public lines are no secret)
      const privatePart = file.text.split('Private-Lines:')[1]?.split('\n').slice(1, -1).join('\n') ?? '';
      file.body = privatePart;
      file.secretLines = lines(privatePart);
      file.needsOwnLines = true;
    }
  }
  return forms;
}
