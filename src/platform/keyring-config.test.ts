import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "tongban-keys-config-"));
const newKey = () => randomBytes(32).toString("base64");
const CURRENT = newKey();

function failure(env: Record<string, string>): string {
  try {
    loadConfig({ DATA_DIR: dataDir(), PERSONAL_DATA_KEY: CURRENT, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("PERSONAL_DATA_KEYS_RETIRED", () => {
  it("reads the retired keys, comma-separated, from the variable or from a file", () => {
    const [a, b] = [newKey(), newKey()];
    const given = loadConfig({
      DATA_DIR: dataDir(),
      PERSONAL_DATA_KEY: CURRENT,
      PERSONAL_DATA_KEYS_RETIRED: ` ${a}, ${b} `,
    });
    expect(given.personalDataKeysRetired.map((k) => k.toString("base64"))).toEqual([a, b]);
    const file = join(dataDir(), "retired");
    writeFileSync(file, `${a}\n`);
    const fromFile = loadConfig({
      DATA_DIR: dataDir(),
      PERSONAL_DATA_KEY: CURRENT,
      PERSONAL_DATA_KEYS_RETIRED_FILE: file,
    });
    expect(fromFile.personalDataKeysRetired.map((k) => k.toString("base64"))).toEqual([a]);
    expect(loadConfig({ DATA_DIR: dataDir() }).personalDataKeysRetired).toEqual([]);
  });

  it("stops the start, naming the variable, at a key of the wrong length, bad base64, the current key or one twice", () => {
    expect(failure({ PERSONAL_DATA_KEYS_RETIRED: randomBytes(16).toString("base64") })).toMatch(
      /^PERSONAL_DATA_KEYS_RETIRED must be keys of 32 bytes in base64 .*key 1 is not/,
    );
    expect(failure({ PERSONAL_DATA_KEYS_RETIRED: `${newKey()},not*base64!` })).toMatch(
      /^PERSONAL_DATA_KEYS_RETIRED .*key 2 is not/,
    );
    expect(failure({ PERSONAL_DATA_KEYS_RETIRED: `${newKey()},${CURRENT}` })).toMatch(
      /^PERSONAL_DATA_KEYS_RETIRED key 2 is PERSONAL_DATA_KEY itself/,
    );
    const twice = newKey();
    expect(failure({ PERSONAL_DATA_KEYS_RETIRED: `${twice},${newKey()},${twice}` })).toMatch(
      /^PERSONAL_DATA_KEYS_RETIRED key 3 is given twice/,
    );
    expect(
      failure({ PERSONAL_DATA_KEYS_RETIRED: newKey(), PERSONAL_DATA_KEYS_RETIRED_FILE: "/nonexistent" }),
    ).toMatch(/PERSONAL_DATA_KEYS_RETIRED and PERSONAL_DATA_KEYS_RETIRED_FILE are both set/);
  });
});
