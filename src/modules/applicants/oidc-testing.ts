/**
 * For tests of sign-in through an identity platform: a real OpenID Connect provider (oidc-provider) on
 * 127.0.0.1, and a browser's walk through it with plain HTTP and a cookie jar.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { formSession, postForm } from "./testing.ts";

export const CLIENT_ID = "tongban";
export const CLIENT_SECRET = "a-client-secret-for-tests-0123456789";
/** Where the test app (BASE_URL http://localhost:3000) asks the provider to send browsers back. */
export const CALLBACK_URL = "http://localhost:3000/account/signin/oidc/callback";

export type AccountClaims = Record<string, unknown>;

export interface TestProvider {
  issuer: string;
  /** The accounts the provider knows, by subject: tests add and change them. */
  accounts: Map<string, AccountClaims>;
  /** Rewrites the ID token of the next token responses; undefined leaves them as the provider made them. */
  tamper: ((idToken: string) => string) | undefined;
  /** The provider's own signing key, to re-sign a token with altered claims. */
  signingKey: KeyObject;
  /** The environment that points Tongban at this provider. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts a provider with one client (Tongban) whose claims come from `accounts`. */
export async function startTestProvider(): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, AccountClaims>();
  const ttl = { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, IdToken: 600 };
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [CALLBACK_URL] }],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    ttl: Object.fromEntries(Object.entries(ttl).map(([name, seconds]) => [name, () => seconds])),
    claims: {
      openid: ["sub"],
      profile: ["name", "family_name", "given_name", "id_number"],
      email: ["email", "email_verified"],
      phone: ["phone_number", "phone_number_verified"],
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const claims = accounts.get(sub);
      return claims ? { accountId: sub, claims: async () => ({ ...claims, sub }) } : undefined;
    },
  });
  const handle: TestProvider = {
    issuer,
    accounts,
    tamper: undefined,
    signingKey: privateKey,
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  // Between the provider and the network, as a compromised proxy or a forger would sit: it changes the
  // token response after the provider made it.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (handle.tamper && ctx.path === "/token" && body?.id_token) {
      ctx.body = { ...body, id_token: handle.tamper(body.id_token) };
    }
  });
  server.on("request", provider.callback());
  return handle;
}

/** A JWT with some claims changed (or removed, as undefined), signed RS256 with `key`. */
export function resign(token: string, changes: AccountClaims, key: KeyObject): string {
  const [header = "", payload = ""] = token.split(".");
  const claims = { ...JSON.parse(Buffer.from(payload, "base64url").toString()), ...changes };
  const signed = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  const signature = createSign("RSA-SHA256").update(signed).sign(key).toString("base64url");
  return `${signed}.${signature}`;
}

export const foreignKey = (): KeyObject => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

/** A browser at the provider: it keeps the provider's cookies and never follows redirects by itself. */
class Browser {
  private readonly jar = new Map<string, string>();

  async go(url: URL, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      redirect: "manual",
      method: form ? "POST" : "GET",
      headers: {
        cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      this.jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  }
}

/**
 * Walks the provider's sign-in as a person would: the login form (as `subject`), then the consent
 * form, until the provider sends the browser back to Tongban. `cancel` presses "cancel" at the login.
 * Returns the path and query of that return, ready for the test app.
 */
export async function authorizeAt(
  authorizationUrl: string,
  subject: string,
  options: { cancel?: boolean } = {},
): Promise<string> {
  const browser = new Browser();
  let url = new URL(authorizationUrl);
  let response = await browser.go(url);
  for (let step = 0; step < 12; step++) {
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url);
      if (url.href.startsWith(CALLBACK_URL)) return `${url.pathname}${url.search}`;
      response = await browser.go(url);
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`The provider answered ${response.status}: ${page}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`No sign-in form at ${url.href}: ${page.slice(0, 300)}`);
    if (options.cancel) {
      response = await browser.go(new URL(`${url.pathname}/abort`, url));
      continue;
    }
    response = await browser.go(new URL(action, url), { prompt, login: subject, password: "any" });
  }
  throw new Error("The provider never sent the browser back");
}

/**
 * The start of a sign-in at Tongban, as the person's click on the platform button makes it (a POST with
 * the page's CSRF token): where it sends the browser, and the pending-login cookie.
 */
export async function startAt(t: TestApp, options: { next?: string; cookie?: string } = {}) {
  const url = `/account/signin/oidc${options.next ? `?next=${encodeURIComponent(options.next)}` : ""}`;
  const form = await formSession(t, url, options.cookie);
  const next = /name="next" value="([^"]*)"/.exec(form.page.body)?.[1] ?? "";
  const response = await postForm(t, "/account/signin/oidc", { next: decodeEntities(next) }, form);
  if (response.statusCode !== 303) {
    throw new Error(`Starting the sign-in answered ${response.statusCode}: ${response.body}`);
  }
  const pending = cookiesOf(response).tb_oidc;
  if (!pending) throw new Error("No pending-login cookie");
  return { authorizationUrl: String(response.headers.location), cookie: `tb_oidc=${pending}` };
}

/** A value as an HTML attribute holds it. */
function decodeEntities(value: string): string {
  return value
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The browser's return to Tongban's callback with the given cookies. */
export function returnTo(t: TestApp, callbackPath: string, cookie?: string) {
  return t.app.inject({
    url: callbackPath,
    headers: { accept: "text/html", ...(cookie ? { cookie } : {}) },
  });
}
