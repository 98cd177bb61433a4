import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "tongban-config-"));

function failure(env: Record<string, string>): string {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

const OIDC = {
  OIDC_ISSUER: "https://id.example.gov.cn",
  OIDC_CLIENT_ID: "tongban",
  OIDC_CLIENT_SECRET: "client-secret",
};

describe("configuration", () => {
  it("keeps the demo, and its relaxed sign-in, away from an installation on https unless asked for", () => {
    const real = loadConfig({ DATA_DIR: dataDir(), BASE_URL: "https://zwfw.example.gov.cn" });
    expect(real).toMatchObject({ demo: false, requireStaffMfa: true });
    const local = loadConfig({ DATA_DIR: dataDir() });
    expect(local).toMatchObject({ demo: true, requireStaffMfa: false });
    expect(loadConfig({ DATA_DIR: dataDir(), BASE_URL: "https://x.example", DEMO: "true" }).demo).toBe(true);
  });

  it("has working defaults", () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 3000,
      baseUrl: "http://localhost:3000",
      databaseUrl: undefined,
      logLevel: "info",
      defaultLocale: "zh-CN",
      demo: true,
      cryptoSuite: "international",
    });
    expect(loadConfig({ DATA_DIR: dataDir(), CRYPTO_SUITE: "national" }).cryptoSuite).toBe("national");
  });

  it.each([
    [{ PORT: "eighty" }, /^PORT must be a whole number from 1 to 65535 \(got "eighty"\)$/],
    [{ PORT: "70000" }, /^PORT must be a whole number/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ DEFAULT_LOCALE: "fr" }, /^DEFAULT_LOCALE must be one of zh-CN, en \(got "fr"\)$/],
    [{ CRYPTO_SUITE: "sm" }, /^CRYPTO_SUITE must be one of international, national \(got "sm"\)$/],
    [{ DATABASE_URL: "mysql://x@y/z" }, /^DATABASE_URL must start with postgres: or postgresql:/],
    [{ DATABASE_URL: "not a url" }, /^DATABASE_URL is not a valid URL/],
    [{ BASE_URL: "ftp://example.org" }, /^BASE_URL must start with http: or https:/],
    [{ SESSION_SECRET: "short" }, /^SESSION_SECRET must be at least 32 characters long$/],
    [{ DEMO: "perhaps" }, /^DEMO must be true or false \(got "perhaps"\)$/],
    [{ OIDC_ISSUER: "https://id.example.gov.cn" }, /^OIDC_CLIENT_ID is not set: OIDC_ISSUER, OIDC_CLIENT_ID/],
    [{ ...OIDC, OIDC_ISSUER: "http://id.example.gov.cn" }, /^OIDC_ISSUER must start with https:\/\//],
    [{ ...OIDC, OIDC_ISSUER: "ldap://id.example.gov.cn" }, /^OIDC_ISSUER must start with https: or http:/],
    [{ ...OIDC, OIDC_SCOPES: "profile email" }, /^OIDC_SCOPES must include openid/],
    [
      { ...OIDC, OIDC_CLIENT_AUTH: "none" },
      /^OIDC_CLIENT_AUTH must be one of client_secret_basic, client_secret_post/,
    ],
    [{ ...OIDC, OIDC_ID_NUMBER_CLAIM: "id number" }, /^OIDC_ID_NUMBER_CLAIM must be a claim name/],
    [{ MQTT_URL: "http://127.0.0.1:1883" }, /^MQTT_URL must start with mqtt: or mqtts: or ws: or wss:/],
    [{ MQTT_URL: "mqtt://127.0.0.1", MQTT_TOPIC_ROOT: "a/#" }, /^MQTT_TOPIC_ROOT must be 1 to 40 letters/],
  ])("refuses %o with one line naming the variable", (env, message) => {
    const text = failure(env);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("turns OpenID Connect sign-in on only with issuer, client id and secret; http only on loopback or when allowed", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).oidc).toBeUndefined();
    expect(loadConfig({ DATA_DIR: dataDir(), ...OIDC }).oidc).toEqual({
      issuer: "https://id.example.gov.cn",
      clientId: "tongban",
      clientSecret: "client-secret",
      clientAuth: "client_secret_basic",
      scopes: "openid profile email phone",
      idNumberClaim: "id_number",
      allowHttp: false,
    });
    const local = { ...OIDC, OIDC_ISSUER: "http://127.0.0.1:9000", OIDC_SCOPES: " openid  idcard " };
    expect(loadConfig({ DATA_DIR: dataDir(), ...local }).oidc).toMatchObject({
      allowHttp: true,
      scopes: "openid idcard",
    });
    const closed = { ...OIDC, OIDC_ISSUER: "http://id.zwww.example", OIDC_ALLOW_HTTP: "true" };
    expect(loadConfig({ DATA_DIR: dataDir(), ...closed }).oidc?.allowHttp).toBe(true);
  });

  it("connects the hall devices only with MQTT_URL, under the topic root given or tongban", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).mqtt).toBeUndefined();
    expect(loadConfig({ DATA_DIR: dataDir(), MQTT_URL: "mqtt://127.0.0.1:1883" }).mqtt).toEqual({
      url: "mqtt://127.0.0.1:1883",
      topicRoot: "tongban",
    });
    expect(
      loadConfig({ DATA_DIR: dataDir(), MQTT_URL: "mqtts://broker.example.gov.cn", MQTT_TOPIC_ROOT: "anji" })
        .mqtt,
    ).toEqual({ url: "mqtts://broker.example.gov.cn", topicRoot: "anji" });
  });

  it("generates the session secret once and keeps it in DATA_DIR", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, "session-secret"), "utf8").trim()).toBe(first);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first);
  });

  it("refuses a DATA_DIR it cannot write, naming it", () => {
    const file = join(dataDir(), "a-file");
    writeFileSync(file, "not a directory");
    expect(failure({ DATA_DIR: join(file, "data") })).toMatch(
      /^DATA_DIR ".*a-file\/data" is not writable \(ENOTDIR\)/,
    );
    if (process.getuid?.() !== 0) {
      // Root writes anywhere, so a read-only directory only proves something for other users.
      const readOnly = dataDir();
      chmodSync(readOnly, 0o500);
      expect(failure({ DATA_DIR: readOnly })).toMatch(/is not writable \(EACCES\)/);
    }
  });
});
