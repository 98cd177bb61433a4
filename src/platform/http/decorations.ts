import type { ActorCache } from "../auth/actor-cache.ts";
import type { Platform } from "../platform.ts";
import type { CookieJar } from "./cookies.ts";

declare module "fastify" {
  interface FastifyInstance {
    platform: Platform;
    /** Who is behind a session token; routes that end a session forget it here. */
    sessions: ActorCache;
    /** The names and attributes of every cookie (`__Host-` over https): cookies.ts. */
    cookieJar: CookieJar;
  }
}
