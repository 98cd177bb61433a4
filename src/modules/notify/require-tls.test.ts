import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../../test/app.ts";
import { selfSignedCertificate } from "../../../test/tls.ts";
import { startMailSink } from "./testing.ts";
import { createTransports, type OutgoingMessage, smtpTransport } from "./transports.ts";

const log = memoryLogger([]);
const message = (to: string): OutgoingMessage => ({
  notificationId: "n-tls",
  channel: "email",
  to,
  subject: "通办 TLS",
  text: "正文",
  template: "account.verify_email",
  locale: "zh-CN",
  params: {},
  redacted: { subject: "通办 TLS", text: "正文" },
});

/** An SMTP server that offers STARTTLS with a self-signed certificate, and tells whether each message came over it. */
async function startTlsSink() {
  const certificate = selfSignedCertificate(["127.0.0.1"]);
  const secured: boolean[] = [];
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    key: readFileSync(certificate.keyFile),
    cert: certificate.cert,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        secured.push(session.secure);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, secured, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** This machine's address on a network (not loopback), where there is one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === "IPv4" && !a.internal)?.address;

let plain: Awaited<ReturnType<typeof startMailSink>>;
let tls: Awaited<ReturnType<typeof startTlsSink>>;
beforeAll(async () => {
  plain = await startMailSink();
  tls = await startTlsSink();
});
afterAll(async () => {
  await plain?.stop();
  await tls?.stop();
});

describe("SMTP while REQUIRE_TLS is on", () => {
  it("refuses to send to a server that offers no STARTTLS, which takes the same message when not required", async () => {
    const required = smtpTransport(plain.url, "noreply@tongban.example", { requireTls: true });
    await expect(required.send(message("a@example.cn"), { log })).rejects.toThrow(/STARTTLS/i);
    expect(plain.received).toHaveLength(0);
    const opportunistic = smtpTransport(plain.url, "noreply@tongban.example");
    await opportunistic.send(message("b@example.cn"), { log });
    expect(plain.received.map((m) => m.envelopeTo)).toEqual([["b@example.cn"]]);
  });

  it("sends over STARTTLS, even when the URL asks to ignore it", async () => {
    // The test's certificate is its own authority: trusted through the URL's tls options.
    const url = `smtp://127.0.0.1:${tls.port}?ignoreTLS=true&tls.rejectUnauthorized=false`;
    await smtpTransport(url, "noreply@tongban.example", { requireTls: true }).send(message("c@example.cn"), {
      log,
    });
    await smtpTransport(url, "noreply@tongban.example").send(message("d@example.cn"), { log });
    expect(tls.secured).toEqual([true, false]);
  });

  it("spares a mail relay on this machine, as REQUIRE_TLS does every peer there", async () => {
    const config = testConfig({ REQUIRE_TLS: "true", SMTP_URL: plain.url });
    await createTransports(config, log).email.send(message("e@example.cn"), { log });
    expect(plain.received.at(-1)?.envelopeTo).toEqual(["e@example.cn"]);
  });

  it.skipIf(external === undefined)(
    "requires STARTTLS of a server across the network, from REQUIRE_TLS alone",
    async () => {
      const url = `smtp://${external}:${tls.port}?tls.rejectUnauthorized=false&ignoreTLS=true`;
      const before = tls.secured.length;
      await createTransports(testConfig({ REQUIRE_TLS: "true", SMTP_URL: url }), log).email.send(
        message("f@example.cn"),
        { log },
      );
      await createTransports(testConfig({ SMTP_URL: url }), log).email.send(message("g@example.cn"), { log });
      expect(tls.secured.slice(before)).toEqual([true, false]);
    },
  );
});
