// A small HTTP client that behaves like a browser without JavaScript: it keeps
// cookies, follows nothing by itself, and submits forms with their CSRF token and
// an Origin header, so HTTP tests can walk through the pages as a person would.
export interface PageResponse {
  status: number;
  location: string | null;
  html: string;
}

export class Browserless {
  private cookies = new Map<string, string>();

  constructor(
    private readonly base: string,
    private readonly lang: 'ja' | 'en' = 'ja',
  ) {}

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
    return { 'accept-language': this.lang, ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string): Promise<PageResponse> {
    const res = await fetch(new URL(path, this.base), { headers: this.headers(), redirect: 'manual' });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }

  /** Posts `fields` to `action` with the CSRF token found in `formHtml`. */
  async submit(formHtml: string, action: string, fields: Record<string, string>): Promise<PageResponse> {
    const token = formHtml.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error('no CSRF token in the form');
    const res = await fetch(new URL(action, this.base), {
      method: 'POST',
      redirect: 'manual',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', origin: new URL(this.base).origin }),
      body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }
}

export const h1Text = (html: string) => html.match(/<h1[^>]*>(?:<label[^>]*>)?([^<]*)/)?.[1];
