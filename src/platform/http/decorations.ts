import type { Platform } from "../platform.ts";

declare module "fastify" {
  interface FastifyInstance {
    platform: Platform;
  }
}
