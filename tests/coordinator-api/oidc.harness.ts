import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A person the test provider knows: the login typed on its development form, and the claims it vouches for. */
export interface ProviderAccount {
  readonly email: string;
  readonly email_verified: boolean;
  readonly name: string;
}

export interface TestProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

/** How long the provider process may take to print its issuer. */
const PROVIDER_START_TIMEOUT_MS = 15_000;

/** Starts tests/coordinator-api/oidc-provider.mjs with one client and these accounts. */
export async function startTestProvider(client: { client_id: string; client_secret: string; redirect_uris: string[] }, accounts: Record<string, ProviderAccount>): Promise<TestProvider> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs')], {
    env: { ...process.env, OIDC_TEST_CLIENT: JSON.stringify(client), OIDC_TEST_ACCOUNTS: JSON.stringify(accounts) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${stderr}`)), PROVIDER_START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A loopback port free right now, for a coordinator whose redirect URL must be registered before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A browser reduced to what single sign-on needs: cookies kept per origin (paths ignored,
 * which only sends more than a browser would), redirects followed one at a time so the test
 * can stop at, and tamper with, the one it wants.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = [...(this.jar.get(origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers: Record<string, string> = {};
    if (cookies !== '') headers.cookie = cookies;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}) });
    const jar = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    this.jar.set(origin, jar);
    return response;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(origin)?.get(name);
  }

  /**
   * From the coordinator's start route to the issuer's redirect back, signing in on the
   * provider's development forms as `login`. Answers the callback URL the issuer sent the
   * browser to (not yet followed). `cancel`: press the login page's "[ Cancel ]" instead, as a
   * person who changed their mind.
   */
  async throughIssuer(startUrl: string, login: string, callbackPrefix: string, options: { cancel?: boolean } = {}): Promise<string> {
    let url = startUrl;
    for (let step = 0; step < 20; step++) {
      if (url.startsWith(callbackPrefix)) return url;
      const response = await this.request(url);
      if (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location')!, url).href;
        continue;
      }
      const html = await response.text();
      if (response.status !== 200) throw new Error(`${url}: ${response.status} ${html.slice(0, 300)}`);
      const cancel = options.cancel ? /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(html)?.[1] : undefined;
      url = cancel ? new URL(cancel.replace(/&amp;/g, '&'), url).href : await this.submitForm(url, html, login);
    }
    throw new Error('the issuer never redirected back');
  }

  /** Posts the provider's login or consent form; answers where it redirects. */
  private async submitForm(pageUrl: string, html: string, login: string): Promise<string> {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 300)}`);
    const form: Record<string, string> = {};
    for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) form[match[1]!] = match[2]!;
    if (/name="login"/.test(html)) Object.assign(form, { login, password: 'any password: the development form takes any' });
    const response = await this.request(new URL(action.replace(/&amp;/g, '&'), pageUrl).href, { method: 'POST', form });
    const location = response.headers.get('location');
    if (!location) throw new Error(`posting ${action}: ${response.status} ${await response.text()}`);
    return new URL(location, pageUrl).href;
  }
}
