import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../../test/tls.ts";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "tongban-config-"));
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env });

function failure(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

const OIDC = { OIDC_CLIENT_ID: "tongban", OIDC_CLIENT_SECRET: "client-secret" };
const REAL = { BASE_URL: "https://zwfw.example.gov.cn" };

describe("REQUIRE_TLS", () => {
  it("is on for an installation at its https address, off for the demo and plain http", () => {
    expect(load(REAL).requireTls).toBe(true);
    expect(load({ ...REAL, DEMO: "true" }).requireTls).toBe(false);
    expect(load({}).requireTls).toBe(false);
    expect(load({ REQUIRE_TLS: "true" }).requireTls).toBe(true);
    expect(load({ ...REAL, REQUIRE_TLS: "false" }).requireTls).toBe(false);
  });

  it.each<Record<string, string>>([
    { DATABASE_URL: "postgres://tongban:pw@db.example.gov.cn/tongban?sslmode=verify-full" },
    { DATABASE_URL: "postgres://tongban:pw@db.example.gov.cn/tongban?sslmode=require" },
    { DATABASE_URL: "postgresql://tongban@db.example.gov.cn/tongban?sslmode=verify-ca&sslrootcert=/ca.pem" },
    { DATABASE_URL: "postgres://tongban:pw@127.0.0.1:5432/tongban" },
    { DATABASE_URL: "postgres://tongban:pw@localhost/tongban" },
    { DATABASE_URL: "postgres://tongban:pw@[::1]:5432/tongban" },
    { DATABASE_URL: "postgres://tongban@%2Fvar%2Frun%2Fpostgresql/tongban" },
    { DATABASE_URL: "postgres:///tongban?host=/var/run/postgresql" },
    { DATABASE_URL: "postgres:///tongban" },
    { MQTT_URL: "mqtts://broker.example.gov.cn:8883" },
    { MQTT_URL: "wss://broker.example.gov.cn/mqtt" },
    { MQTT_URL: "mqtt://127.0.0.1:1883" },
    { MQTT_URL: "ws://localhost:8080/mqtt" },
    // STARTTLS is then required of the server when sending (notify/require-tls.test.ts).
    { SMTP_URL: "smtp://mail.example.gov.cn:587" },
    { ...OIDC, OIDC_ISSUER: "https://id.example.gov.cn" },
    { ...OIDC, OIDC_ISSUER: "http://127.0.0.1:9000" },
    { AUDIT_ANCHOR_URL: "https://anchor.example.gov.cn/heads" },
    { AUDIT_ANCHOR_URL: "http://127.0.0.1:8125/heads" },
    // clamd has no TLS: a socket, or a daemon on this machine.
    { CLAMD_URL: "unix:///run/clamav/clamd.ctl" },
    { CLAMD_URL: "tcp://127.0.0.1:3310" },
    { CLAMD_URL: "tcp://localhost" },
  ])("accepts %o", (env) => {
    expect(load({ ...env, REQUIRE_TLS: "true" }).requireTls).toBe(true);
    // The same settings pass without it too: REQUIRE_TLS only takes away.
    expect(load(env).requireTls).toBe(false);
  });

  it.each([
    [
      { DATABASE_URL: "postgres://tongban:s3cret@db.example.gov.cn:5432/tongban" },
      /^DATABASE_URL must ask for TLS while REQUIRE_TLS is on: add \?sslmode=verify-full \(or require\) for db\.example\.gov\.cn:5432, or set REQUIRE_TLS=false to accept plain text$/,
    ],
    [
      { DATABASE_URL: "postgres://tongban:s3cret@db.example.gov.cn/tongban?sslmode=prefer" },
      /^DATABASE_URL must ask for TLS .* for db\.example\.gov\.cn instead of sslmode=prefer,/,
    ],
    [
      { DATABASE_URL: "postgres://tongban:s3cret@10.0.0.5/tongban?sslmode=disable" },
      /instead of sslmode=disable/,
    ],
    [
      { DATABASE_URL: "postgres://tongban:s3cret@localhost/tongban?host=db.example.gov.cn" },
      /^DATABASE_URL must ask for TLS/,
    ],
    [
      { MQTT_URL: "mqtt://devices:s3cret@broker.example.gov.cn:1883" },
      /^MQTT_URL must start with mqtts:\/\/ or wss:\/\/ while REQUIRE_TLS is on \(got mqtt:\/\/broker\.example\.gov\.cn:1883…\), or set REQUIRE_TLS=false/,
    ],
    [{ MQTT_URL: "ws://broker.example.gov.cn/mqtt" }, /^MQTT_URL must start with mqtts:\/\/ or wss:\/\//],
    [
      { AUDIT_ANCHOR_URL: "http://anchor.example.gov.cn/heads?token=s3cret" },
      /^AUDIT_ANCHOR_URL must start with https:\/\/ while REQUIRE_TLS is on \(got http:\/\/anchor\.example\.gov\.cn…\), or set REQUIRE_TLS=false/,
    ],
    [
      { ...OIDC, OIDC_ISSUER: "http://id.zwww.example", OIDC_ALLOW_HTTP: "true" },
      /^OIDC_ALLOW_HTTP=true contradicts REQUIRE_TLS, which is on: use an https:\/\/ OIDC_ISSUER \(got http:\/\/id\.zwww\.example…\)/,
    ],
    [
      { CLAMD_URL: "tcp://clamav.internal:3310" },
      /^CLAMD_URL must be a unix socket or a clamd on this machine while REQUIRE_TLS is on: clamd has no TLS, so tcp:\/\/clamav\.internal:3310 would carry every upload in clear\..*or set REQUIRE_TLS=false/,
    ],
  ])("refuses %o while on, naming the variable and never its password", (env, message) => {
    const text = failure({ ...env, REQUIRE_TLS: "true" });
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
    expect(text).not.toContain("s3cret");
  });

  it("refuses a plain-text database at an https address without being asked, and a bad value", () => {
    expect(failure({ ...REAL, DATABASE_URL: "postgres://t@db.example.gov.cn/t" })).toMatch(
      /^DATABASE_URL must ask for TLS while REQUIRE_TLS is on/,
    );
    expect(failure({ REQUIRE_TLS: "maybe" })).toBe('REQUIRE_TLS must be true or false (got "maybe")');
  });
});

describe("TLS_CERT_FILE and TLS_KEY_FILE", () => {
  it("give the listener its certificate and key", () => {
    const made = selfSignedCertificate();
    const { listenerTls } = load({ TLS_CERT_FILE: made.certFile, TLS_KEY_FILE: made.keyFile });
    expect(listenerTls?.cert.toString()).toBe(made.cert);
    expect(listenerTls?.key.toString()).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(load({}).listenerTls).toBeUndefined();
  });

  it.each([
    [
      () => ({ TLS_CERT_FILE: selfSignedCertificate().certFile }),
      /^TLS_KEY_FILE is not set: TLS_CERT_FILE and TLS_KEY_FILE go together/,
    ],
    [
      () => ({ TLS_KEY_FILE: selfSignedCertificate().keyFile }),
      /^TLS_CERT_FILE is not set: TLS_CERT_FILE and TLS_KEY_FILE go together/,
    ],
    [
      () => ({ TLS_CERT_FILE: "/nonexistent/cert.pem", TLS_KEY_FILE: selfSignedCertificate().keyFile }),
      /^TLS_CERT_FILE names "\/nonexistent\/cert\.pem", which cannot be read \(ENOENT\)/,
    ],
    [
      () => ({ TLS_CERT_FILE: selfSignedCertificate().certFile, TLS_KEY_FILE: "/nonexistent/key.pem" }),
      /^TLS_KEY_FILE names "\/nonexistent\/key\.pem", which cannot be read \(ENOENT\)/,
    ],
    [
      // The key of another certificate: every handshake would fail, so the start does.
      () => ({
        TLS_CERT_FILE: selfSignedCertificate().certFile,
        TLS_KEY_FILE: selfSignedCertificate().keyFile,
      }),
      /^TLS_CERT_FILE and TLS_KEY_FILE must be a PEM certificate and its own private key \(".*cert\.pem", ".*key\.pem": .*\)$/,
    ],
    [
      () => {
        const notPem = join(mkdtempSync(join(tmpdir(), "tongban-tls-")), "cert.pem");
        writeFileSync(notPem, "not a certificate");
        return { TLS_CERT_FILE: notPem, TLS_KEY_FILE: selfSignedCertificate().keyFile };
      },
      /^TLS_CERT_FILE and TLS_KEY_FILE must be a PEM certificate and its own private key/,
    ],
  ])(
    "refuse %#: one without the other, a file that cannot be read, a pair that does not match",
    (env, message) => {
      const text = failure(env());
      expect(text).toMatch(message);
      expect(text).not.toContain("\n");
    },
  );
});
