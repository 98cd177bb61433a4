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

describe("configuration", () => {
  it("has working defaults", () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 3000,
      baseUrl: "http://localhost:3000",
      databaseUrl: undefined,
      logLevel: "info",
      defaultLocale: "zh-CN",
      demo: true,
    });
  });

  it.each([
    [{ PORT: "eighty" }, /^PORT must be a whole number from 1 to 65535 \(got "eighty"\)$/],
    [{ PORT: "70000" }, /^PORT must be a whole number/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ DEFAULT_LOCALE: "fr" }, /^DEFAULT_LOCALE must be one of zh-CN, en \(got "fr"\)$/],
    [{ DATABASE_URL: "mysql://x@y/z" }, /^DATABASE_URL must start with postgres: or postgresql:/],
    [{ DATABASE_URL: "not a url" }, /^DATABASE_URL is not a valid URL/],
    [{ BASE_URL: "ftp://example.org" }, /^BASE_URL must start with http: or https:/],
    [{ SESSION_SECRET: "short" }, /^SESSION_SECRET must be at least 32 characters long$/],
    [{ DEMO: "perhaps" }, /^DEMO must be true or false \(got "perhaps"\)$/],
  ])("refuses %o with one line naming the variable", (env, message) => {
    const text = failure(env);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
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
