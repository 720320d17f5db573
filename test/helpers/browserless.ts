// A small HTTP client that behaves like a browser without JavaScript: it keeps
// cookies, follows nothing by itself, and submits forms with their CSRF token and
// an Origin header, so HTTP tests can walk through the pages as a person would.
// With a `localAddress` (any of 127.0.0.0/8) it connects from that address, as one
// of many people behind a proxy would (node:http, which can bind it; fetch cannot).
import { request as httpRequest } from 'node:http';

export interface PageResponse {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

export class Browserless {
  private cookies = new Map<string, string>();
  private extra: Record<string, string> = {};

  constructor(
    private readonly base: string,
    private readonly lang: 'ja' | 'en' = 'ja',
    private readonly options: { localAddress?: string } = {},
  ) {}

  /** fetch without following redirects, from `localAddress` when one is set. */
  private send(url: URL, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<Response> {
    const localAddress = this.options.localAddress;
    if (!localAddress) return fetch(url, { ...init, redirect: 'manual' });
    return new Promise((resolve, reject) => {
      // A connection per request: the address is this client's alone, and a connection the
      // server closes while idle is never reused (a browser would send the request again).
      const options = { method: init.method ?? 'GET', headers: init.headers, localAddress, agent: false };
      const req = httpRequest(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
          }
          const status = res.statusCode ?? 0;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
        });
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { 'accept-language': this.lang, ...this.extra, ...(cookie ? { cookie } : {}), ...extra };
  }

  /** Sends this header with every request from now on (e.g. X-Forwarded-For behind a trusted proxy). */
  setHeader(name: string, value: string): this {
    this.extra[name] = value;
    return this;
  }

  /** The cookies held now, name → value (to hand a session to a real browser). */
  cookieList(): [string, string][] {
    return [...this.cookies];
  }

  /** Another browser holding the same cookies now (a copied session cookie). */
  clone(): Browserless {
    const copy = new Browserless(this.base, this.lang, this.options);
    copy.cookies = new Map(this.cookies);
    copy.extra = { ...this.extra };
    return copy;
  }

  async get(path: string): Promise<PageResponse> {
    const res = await this.send(new URL(path, this.base), { headers: this.headers() });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  }

  /** A GET whose answer is a file: its status, type and bytes. */
  async download(path: string): Promise<{ status: number; type: string | null; body: Buffer }> {
    const res = await this.send(new URL(path, this.base), { headers: this.headers() });
    this.remember(res);
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  }

  /**
   * Posts `fields` to `action` with the CSRF token found in `formHtml` and, as a
   * browser would, what the form there that posts to `action` already holds: its
   * hidden fields, the text fields and text areas filled in in advance, and the
   * options selected.
   */
  async submit(formHtml: string, action: string, fields: Record<string, string>): Promise<PageResponse> {
    const token = formHtml.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error('no CSRF token in the form');
    const res = await this.send(new URL(action, this.base), {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', origin: new URL(this.base).origin }),
      body: new URLSearchParams({ ...formFields(formHtml, action), _csrf: token, ...fields }).toString(),
    });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  }

  /** Posts a multipart form (a file upload) to `action` with the CSRF token found in `formHtml`. */
  async upload(
    formHtml: string,
    action: string,
    file: { field: string; filename: string; type: string; bytes: Uint8Array },
    fields: Record<string, string> = {},
  ): Promise<PageResponse> {
    const token = formHtml.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error('no CSRF token in the form');
    const body = new FormData();
    body.set('_csrf', token);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    body.set(file.field, new Blob([file.bytes], { type: file.type }), file.filename);
    const res = await fetch(new URL(action, this.base), {
      method: 'POST',
      redirect: 'manual',
      headers: this.headers({ origin: new URL(this.base).origin }),
      body,
    });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  }
}

const entities: Record<string, string> = { amp: '&', quot: '"', '#34': '"', '#39': "'", lt: '<', gt: '>' };

/** The hidden inputs and the filled-in text inputs (name → value) of the form in `html` whose action is `action`. */
export function formFields(html: string, action: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (form[1]?.match(/action="([^"]*)"/)?.[1] !== action) continue;
    for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/g)) {
      const type = input[0].match(/type="([^"]*)"/)?.[1] ?? 'text';
      const name = input[0].match(/name="([^"]*)"/)?.[1];
      const value = (input[0].match(/value="([^"]*)"/)?.[1] ?? '').replace(
        /&(amp|quot|#34|#39|lt|gt);/g,
        (_, e: string) => entities[e] ?? '',
      );
      if (name && (type === 'hidden' || (['text', 'email', 'tel'].includes(type) && value !== '')))
        fields[name] = value;
    }
    const decode = (v: string) => v.replace(/&(amp|quot|#34|#39|lt|gt);/g, (_, e: string) => entities[e] ?? '');
    for (const area of (form[2] ?? '').matchAll(/<textarea\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
      if (area[1] && area[2]) fields[area[1]] = decode(area[2]);
    }
    for (const select of (form[2] ?? '').matchAll(/<select\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const chosen = select[2]?.match(/<option\b[^>]*value="([^"]*)"[^>]*\bselected\b/)?.[1];
      if (select[1] && chosen) fields[select[1]] = decode(chosen);
    }
  }
  return fields;
}

export const h1Text = (html: string) => html.match(/<h1[^>]*>(?:<label[^>]*>)?([^<]*)/)?.[1];
