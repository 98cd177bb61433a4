import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.ts";
import { fastifyTrustProxy } from "./trust-proxy.ts";

/** The client address a server with this TRUST_PROXY takes from a request through proxies. */
async function clientAddress(trustProxy: string | undefined, via: string, forwardedFor: string) {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-proxy-")),
    ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }),
  });
  // The setting as buildApp hands it to Fastify, which reads X-Forwarded-For by it.
  const app = Fastify({ trustProxy: fastifyTrustProxy(config.trustProxy) });
  app.get("/ip", async (request) => ({ ip: request.ip }));
  const response = await app.inject({
    url: "/ip",
    remoteAddress: via,
    headers: { "x-forwarded-for": forwardedFor },
  });
  await app.close();
  return response.json().ip as string;
}

// The client wrote "6.6.6.6" itself; the proxy at 10.0.0.2 appended the address it saw, 203.0.113.9.
const FORGED = "6.6.6.6, 203.0.113.9";

describe("TRUST_PROXY", () => {
  it("believes no forwarded address by default", async () => {
    expect(await clientAddress(undefined, "10.0.0.2", FORGED)).toBe("10.0.0.2");
    expect(await clientAddress("false", "10.0.0.2", FORGED)).toBe("10.0.0.2");
  });

  it("takes the address the one proxy saw, never the one the client wrote, when true", async () => {
    expect(await clientAddress("true", "10.0.0.2", FORGED)).toBe("203.0.113.9");
  });

  it("counts hops, or believes only the proxies named", async () => {
    expect(await clientAddress("2", "10.0.0.2", "203.0.113.9, 10.0.0.7")).toBe("203.0.113.9");
    expect(await clientAddress("10.0.0.2", "10.0.0.2", FORGED)).toBe("203.0.113.9");
    expect(await clientAddress("10.0.0.0/24, ::1", "10.0.0.2", FORGED)).toBe("203.0.113.9");
    // A request that did not come through a named proxy is taken as from where it came.
    expect(await clientAddress("10.0.0.5", "10.0.0.2", FORGED)).toBe("10.0.0.2");
  });

  it("refuses a value that is none of these, naming it", () => {
    for (const bad of ["maybe", "11", "10.0.0.300", "10.0.0.0/33", "proxy.example.cn"]) {
      expect(() =>
        loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-proxy-")), TRUST_PROXY: bad }),
      ).toThrow(ConfigError);
    }
    expect(() =>
      loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-proxy-")), TRUST_PROXY: "maybe" }),
    ).toThrow(
      /TRUST_PROXY must be false, true \(one proxy\), a number of proxies from 1 to 10, or the proxies' addresses/,
    );
  });
});
