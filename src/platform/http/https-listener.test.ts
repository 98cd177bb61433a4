import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { selfSignedCertificate, type TestCertificate } from "../../../test/tls.ts";

let t: TestApp;
let certificate: TestCertificate;
let port: number;

beforeAll(async () => {
  certificate = selfSignedCertificate(["127.0.0.1"]);
  t = await createTestApp({
    env: { TLS_CERT_FILE: certificate.certFile, TLS_KEY_FILE: certificate.keyFile },
  });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t?.close());

function get(client: typeof http | typeof https, options: https.RequestOptions) {
  return new Promise<{ status: number; body: string; protocol: string | null; peer: string }>(
    (resolve, reject) => {
      const request = client.get({ host: "127.0.0.1", port, path: "/healthz", ...options }, (response) => {
        const socket = response.socket as TLSSocket;
        const protocol = typeof socket.getProtocol === "function" ? socket.getProtocol() : null;
        const peer =
          typeof socket.getPeerCertificate === "function" ? socket.getPeerCertificate().subject.CN : "";
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body, protocol, peer: String(peer) }),
        );
      });
      request.on("error", reject);
      request.setTimeout(5000, () => request.destroy(new Error("timed out")));
    },
  );
}

describe("HTTPS on Tongban's own listener (TLS_CERT_FILE, TLS_KEY_FILE)", () => {
  it("answers over TLS 1.2 or later with the configured certificate", async () => {
    const answer = await get(https, { ca: certificate.cert, agent: false });
    expect(answer.status).toBe(200);
    expect(answer.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(answer.peer).toBe("tongban-test");
    // Pages too, through the whole application.
    const page = await get(https, { ca: certificate.cert, agent: false, path: "/signin" });
    expect(page.status).toBe(200);
    expect(page.body).toContain("<form");
  });

  it("is refused by a client that does not trust the certificate: it really is TLS with that key", async () => {
    await expect(get(https, { agent: false })).rejects.toThrow(/self-signed certificate/);
  });

  it("does not answer plain HTTP", async () => {
    await expect(get(http, { agent: false })).rejects.toThrow();
  });
});
