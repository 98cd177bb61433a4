import type { Config } from "../config.ts";

/**
 * TRUST_PROXY as Fastify takes it: a hop count becomes "trust the first `hops` addresses back from the
 * connection" (what proxy-addr does with a number, which Fastify's types do not admit).
 */
export function fastifyTrustProxy(
  setting: Config["trustProxy"],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== "number") return setting;
  return (_address, hop) => hop < setting;
}
