import type { FastifyReply, FastifyRequest } from "fastify";

/** Every cookie Tongban sets, by purpose: the one place that names them. */
const NAMES = {
  session: "tb_session",
  csrf: "tb_csrf",
  /** The state, nonce and PKCE verifier of a sign-in through the province's identity platform. */
  oidc: "tb_oidc",
  lang: "tb_lang",
  mode: "tb_mode",
} as const;

export type CookieKind = keyof typeof NAMES;

export interface CookieSettings {
  httpOnly?: boolean;
  expires?: Date;
  maxAge?: number;
  /** Over plain http only: a `__Host-` cookie is always the whole site's (see below). */
  path?: string;
}

export interface CookieJar {
  /** True when BASE_URL is https: names carry `__Host-` and every cookie is Secure. */
  readonly secure: boolean;
  name(kind: CookieKind): string;
  read(request: FastifyRequest, kind: CookieKind): string | undefined;
  set(reply: FastifyReply, kind: CookieKind, value: string, settings?: CookieSettings): void;
  clear(reply: FastifyReply, kind: CookieKind, settings?: CookieSettings): void;
  /** What the CSRF plugin needs to set its own cookie the same way. */
  options(settings?: CookieSettings): CookieOptions;
}

export interface CookieOptions {
  path: string;
  sameSite: "lax";
  secure: boolean;
  httpOnly?: boolean;
  expires?: Date;
  maxAge?: number;
}

/**
 * The cookies of an installation at `baseUrl`. Over https every name carries the `__Host-` prefix
 * (ASVS 3.3.1, 3.3.3): a browser then takes the cookie only when it is Secure, for path `/` and with no
 * Domain, so neither a sibling subdomain nor a plain-http answer on the way can plant or overwrite one
 * (a planted session or CSRF cookie). A cookie without the prefix is not read at all over https — that
 * is the point. Over plain http (the demo on a laptop, tests) the browser would refuse a Secure cookie,
 * so the names and attributes stay as they were.
 *
 * The price of the prefix: the sign-in state of the identity platform, kept for its callback path alone
 * over http, goes with every request to the site for its ten minutes over https.
 */
export function cookieJar(baseUrl: string): CookieJar {
  const secure = baseUrl.startsWith("https:");
  const name = (kind: CookieKind) => (secure ? `__Host-${NAMES[kind]}` : NAMES[kind]);
  const options = (settings: CookieSettings = {}): CookieOptions => ({
    sameSite: "lax",
    secure,
    ...(settings.httpOnly ? { httpOnly: true } : {}),
    ...(settings.expires ? { expires: settings.expires } : {}),
    ...(settings.maxAge !== undefined ? { maxAge: settings.maxAge } : {}),
    path: secure ? "/" : (settings.path ?? "/"),
  });
  return {
    secure,
    name,
    options,
    read: (request, kind) => request.cookies[name(kind)],
    set: (reply, kind, value, settings) => {
      reply.setCookie(name(kind), value, options(settings));
    },
    clear: (reply, kind, settings) => {
      reply.clearCookie(name(kind), options(settings));
    },
  };
}
