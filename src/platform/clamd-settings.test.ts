import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "tongban-clamd-config-"));
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

describe("CLAMD_URL", () => {
  it("is off when unset: uploads are not scanned", () => {
    expect(load({}).clamd).toBeUndefined();
  });

  it("takes a unix socket's absolute path or a TCP host and port (3310 by default)", () => {
    expect(load({ CLAMD_URL: "unix:///run/clamav/clamd.ctl" }).clamd).toEqual({
      url: "unix:///run/clamav/clamd.ctl",
      address: { path: "/run/clamav/clamd.ctl" },
      timeoutMs: 30_000,
    });
    expect(load({ CLAMD_URL: " tcp://127.0.0.1:3311 ", CLAMD_TIMEOUT_SECONDS: "5" }).clamd).toEqual({
      url: "tcp://127.0.0.1:3311",
      address: { host: "127.0.0.1", port: 3311 },
      timeoutMs: 5_000,
    });
    expect(load({ CLAMD_URL: "tcp://clamav.internal" }).clamd?.address).toEqual({
      host: "clamav.internal",
      port: 3310,
    });
    expect(load({ CLAMD_URL: "tcp://[::1]:3310" }).clamd?.address).toEqual({ host: "::1", port: 3310 });
  });

  it.each([
    [
      { CLAMD_URL: "" },
      /^CLAMD_URL is set but empty: set it to clamd's address \(unix:\/\/\/path\/to\/clamd\.ctl or tcp:\/\/host:3310\), or remove it/,
    ],
    [{ CLAMD_URL: "   " }, /^CLAMD_URL is set but empty/],
    [
      { CLAMD_URL: "http://127.0.0.1:3310" },
      /^CLAMD_URL must start with unix:\/\/ or tcp:\/\/ \(got http:\/\/…/,
    ],
    [
      { CLAMD_URL: "/run/clamav/clamd.ctl" },
      /^CLAMD_URL is not a valid URL \(got "\/run\/clamav\/clamd\.ctl"/,
    ],
    [{ CLAMD_URL: "tcp://:3310" }, /^CLAMD_URL (is not a valid URL|names no host)/],
    [
      { CLAMD_URL: "tcp:///3310" },
      /^CLAMD_URL names no host \(got "tcp:\/\/\/3310"; expected tcp:\/\/host:3310\)/,
    ],
    [{ CLAMD_URL: "tcp://clamav/scan" }, /^CLAMD_URL takes no path after the port/],
    [
      { CLAMD_URL: "unix://clamd.ctl" },
      /^CLAMD_URL must name the socket by its absolute path, with three slashes/,
    ],
    [{ CLAMD_URL: "unix:///" }, /^CLAMD_URL must name the socket by its absolute path/],
    [{ CLAMD_URL: "tcp://127.0.0.1:3310?timeout=5" }, /^CLAMD_URL takes no query, fragment or credentials/],
    [
      { CLAMD_URL: "tcp://127.0.0.1", CLAMD_TIMEOUT_SECONDS: "0" },
      /^CLAMD_TIMEOUT_SECONDS must be a whole number from 1 to 600 \(got "0"\)/,
    ],
    [{ CLAMD_TIMEOUT_SECONDS: "10" }, /^CLAMD_TIMEOUT_SECONDS is set but CLAMD_URL is not/],
  ])("stops the start for %o, naming the variable", (env, message) => {
    const text = failure(env);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });
});
