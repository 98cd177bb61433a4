import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "tongban-config-"));
const KEY = Buffer.alloc(32, 7).toString("base64");

/** A file holding `content`, as a secrets manager would write it. */
function secretFile(content: string, name = "secret"): string {
  const file = join(mkdtempSync(join(tmpdir(), "tongban-secret-")), name);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

function failure(env: Record<string, string>): string {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("secrets from files", () => {
  it("reads every secret setting from <NAME>_FILE, without the final newline", () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      SESSION_SECRET_FILE: secretFile(`${"s".repeat(40)}\n`),
      PERSONAL_DATA_KEY_FILE: secretFile(`${KEY}\r\n`),
      DATABASE_URL_FILE: secretFile("postgres://tongban:pa55@127.0.0.1:5432/tongban\n"),
      SMTP_URL_FILE: secretFile("smtp://mail:pa55@127.0.0.1:2525\n"),
      MQTT_URL_FILE: secretFile("mqtt://devices:pa55@127.0.0.1:1883\n"),
      OIDC_ISSUER: "https://id.example.gov.cn",
      OIDC_CLIENT_ID: "tongban",
      OIDC_CLIENT_SECRET_FILE: secretFile("client-secret-from-vault\n"),
      METRICS_TOKEN_FILE: secretFile("m".repeat(32)),
      AUDIT_ANCHOR_URL: "https://anchor.example.gov.cn/heads",
      AUDIT_ANCHOR_TOKEN_FILE: secretFile(`${"a".repeat(40)}\n`),
    });
    expect(config.sessionSecret).toBe("s".repeat(40));
    expect(config.personalDataKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.databaseUrl).toBe("postgres://tongban:pa55@127.0.0.1:5432/tongban");
    expect(config.mail.smtpUrl).toBe("smtp://mail:pa55@127.0.0.1:2525");
    expect(config.mqtt?.url).toBe("mqtt://devices:pa55@127.0.0.1:1883");
    expect(config.oidc?.clientSecret).toBe("client-secret-from-vault");
    expect(config.metricsToken).toBe("m".repeat(32));
    expect(config.auditAnchor.token).toBe("a".repeat(40));
  });

  it("checks a value read from a file like one from the environment", () => {
    expect(failure({ SESSION_SECRET_FILE: secretFile("short\n") })).toBe(
      "SESSION_SECRET must be at least 32 characters long",
    );
    expect(failure({ DATABASE_URL_FILE: secretFile("mysql://x@y/z\n") })).toMatch(
      /^DATABASE_URL must start with postgres: or postgresql:/,
    );
  });

  it("reads systemd's credentials from $CREDENTIALS_DIRECTORY, named in lower case with hyphens", () => {
    const credentials = mkdtempSync(join(tmpdir(), "tongban-credentials-"));
    writeFileSync(join(credentials, "session-secret"), `${"c".repeat(48)}\n`);
    writeFileSync(join(credentials, "personal-data-key"), `${KEY}\n`);
    // A credential of the unit that is not one of Tongban's settings is none of its business.
    writeFileSync(join(credentials, "tls-key"), "unrelated");
    const config = loadConfig({ DATA_DIR: dataDir(), CREDENTIALS_DIRECTORY: credentials });
    expect(config.sessionSecret).toBe("c".repeat(48));
    expect(config.personalDataKey.equals(Buffer.alloc(32, 7))).toBe(true);
    // Settings without a credential keep their other source: here the generated metrics token is none.
    expect(config.metricsToken).toBeUndefined();
  });

  it.each([
    [
      () => ({ SESSION_SECRET: "s".repeat(40), SESSION_SECRET_FILE: secretFile("t".repeat(40)) }),
      /^SESSION_SECRET and SESSION_SECRET_FILE are both set: give SESSION_SECRET one way only$/,
    ],
    [
      () => {
        const credentials = mkdtempSync(join(tmpdir(), "tongban-credentials-"));
        writeFileSync(join(credentials, "metrics-token"), "m".repeat(32));
        return { METRICS_TOKEN: "n".repeat(32), CREDENTIALS_DIRECTORY: credentials };
      },
      /^METRICS_TOKEN and the systemd credential metrics-token are both set: give METRICS_TOKEN one way only$/,
    ],
    [
      () => ({ DATABASE_URL_FILE: "/nonexistent/tongban/database-url" }),
      /^DATABASE_URL_FILE names "\/nonexistent\/tongban\/database-url", which cannot be read \(ENOENT\): check the path/,
    ],
    [
      () => ({ DATABASE_URL_FILE: mkdtempSync(join(tmpdir(), "tongban-dir-")) }),
      /^DATABASE_URL_FILE names ".*", which cannot be read \(EISDIR\)/,
    ],
    [() => ({ SMTP_URL_FILE: secretFile("\n") }), /^SMTP_URL_FILE names ".*secret", which is empty$/],
    [
      () => ({ PERSONAL_DATA_KEY_FILE: secretFile("") }),
      /^PERSONAL_DATA_KEY_FILE names ".*", which is empty$/,
    ],
    [
      () => {
        const credentials = mkdtempSync(join(tmpdir(), "tongban-credentials-"));
        writeFileSync(join(credentials, "session-secret"), "");
        return { CREDENTIALS_DIRECTORY: credentials };
      },
      /^the systemd credential session-secret \(".*\/session-secret"\) is empty$/,
    ],
  ])("refuses %#: two sources, or a file that cannot be read or is empty, naming it", (env, message) => {
    const text = failure(env());
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  // Root reads any file, so a file without permissions proves something only for other users.
  it.skipIf(process.getuid?.() === 0)("refuses a file this user may not read, naming it", () => {
    const file = secretFile("m".repeat(32));
    chmodSync(file, 0o000);
    expect(failure({ METRICS_TOKEN_FILE: file })).toMatch(
      /^METRICS_TOKEN_FILE names ".*", which cannot be read \(EACCES\)/,
    );
  });
});
