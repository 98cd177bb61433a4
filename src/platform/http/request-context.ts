import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import "./decorations.ts";
import type { Locale } from "../config.ts";
import { isLocale, type Translate, translator } from "../i18n/index.ts";
import { type Actor, ANONYMOUS } from "../policy.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor;
    locale: Locale;
    t: Translate;
    /** Elderly-friendly mode: larger text, higher contrast, simpler layout. */
    elder: boolean;
    sessionToken: string | undefined;
  }
}

/** Paths that never need a session: no database round trip for them. */
const SESSIONLESS = /^\/(assets|healthz|readyz|metrics|favicon|robots)/;

/** Finds the actor behind a session token; undefined for an unknown or expired one. */
export type ActorResolver = (token: string) => Promise<Actor | undefined>;

/** Finds the API client behind a bearer token; throws a 401 saying what is wrong with the token. */
export type BearerResolver = (token: string) => Promise<Actor>;

/**
 * The token of an `Authorization: Bearer …` header ("" when the header names the scheme alone), or
 * undefined for no header or another scheme: a proxy's Basic credentials are none of ours.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^bearer(?:[ \t]+(.*))?$/i.exec(header.trim());
  return match ? (match[1] ?? "").trim() : undefined;
}

/** Resolves who is asking and in which language and mode, once per request. */
export function registerRequestContext(
  app: FastifyInstance,
  defaultLocale: Locale,
  resolveActor: ActorResolver,
  resolveBearer: BearerResolver,
): void {
  const translators = { "zh-CN": translator("zh-CN"), en: translator("en") };
  // Fastify wants reference-typed decorations to start empty; the hook fills them for every request.
  app.decorateRequest("actor", null as never);
  app.decorateRequest("locale", defaultLocale);
  app.decorateRequest("t", null as never);
  app.decorateRequest("elder", false);
  app.decorateRequest("sessionToken", undefined);

  const jar = app.cookieJar;
  app.addHook("onRequest", (request: FastifyRequest, reply, done) => {
    const lang = jar.read(request, "lang");
    request.locale = isLocale(lang) ? lang : (negotiate(request.headers["accept-language"]) ?? defaultLocale);
    request.t = translators[request.locale];
    request.actor = ANONYMOUS;
    request.elder = jar.read(request, "mode") === "elder";
    if (SESSIONLESS.test(request.url)) return done();
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) {
      // A system's token stands alone: a session cookie beside it is never looked at, and a token that
      // does not hold is answered (401), never taken for no token at all.
      resolveBearer(bearer).then(
        (actor) => {
          request.actor = actor;
          done();
        },
        (error: Error) => {
          reply.header("www-authenticate", 'Bearer error="invalid_token"');
          done(error);
        },
      );
      return;
    }
    const token = jar.read(request, "session");
    if (!token) return done();
    resolveActor(token).then((actor) => {
      if (actor) {
        request.actor = actor;
        request.sessionToken = token;
      }
      done();
    }, done);
  });
}

/**
 * A request Fastify refuses before routing (an address that does not decode) has run none of the hooks
 * above: it is answered as an anonymous caller's, in the language its Accept-Language asks for.
 */
export function describeUnroutedRequest(request: FastifyRequest, defaultLocale: Locale): void {
  request.locale = negotiate(request.headers["accept-language"]) ?? defaultLocale;
  request.t = translator(request.locale);
  request.actor = ANONYMOUS;
  request.elder = false;
}

/** The first language of Accept-Language that we speak: a chosen language (cookie) wins over it. */
export function negotiate(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return undefined;
}

export function setSessionCookie(reply: FastifyReply, token: string, expires: Date): void {
  reply.server.cookieJar.set(reply, "session", token, { httpOnly: true, expires });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.server.cookieJar.clear(reply, "session", { httpOnly: true });
}

/**
 * A redirect target from user input: only a path on this site, never another origin, never a control
 * character (a line break would split the Location header: wapiti's CRLF probe). Other characters a
 * header cannot carry as they are — spaces, Chinese — are percent-encoded.
 */
export function localPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\"))
    return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  return raw.replace(/[^\u0021-\u007e]+/g, (run) => encodeURIComponent(run));
}
