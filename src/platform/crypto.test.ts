import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blindIndex, DecryptionError, decrypt, encrypt } from "./crypto.ts";

const key = randomBytes(32);

describe("field encryption", () => {
  it("round-trips, and never gives the same ciphertext twice", () => {
    const a = encrypt(key, "33052319800101001X");
    const b = encrypt(key, "33052319800101001X");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain("33052319800101001X");
    expect(decrypt(key, a)).toBe("33052319800101001X");
  });

  it("refuses a changed value and a wrong key", () => {
    const stored = encrypt(key, "secret");
    const parts = stored.split(".");
    const flipped = Buffer.from(parts[2] as string, "base64url");
    flipped[0] = (flipped[0] as number) ^ 1;
    parts[2] = flipped.toString("base64url");
    expect(() => decrypt(key, parts.join("."))).toThrow(DecryptionError);
    expect(() => decrypt(randomBytes(32), stored)).toThrow(/PERSONAL_DATA_KEY/);
    expect(() => decrypt(key, "plain text")).toThrow(DecryptionError);
  });

  it("indexes equal values equally, per purpose and key", () => {
    expect(blindIndex(key, "id", "x")).toBe(blindIndex(key, "id", "x"));
    expect(blindIndex(key, "id", "x")).not.toBe(blindIndex(key, "uscc", "x"));
    expect(blindIndex(key, "id", "x")).not.toBe(blindIndex(randomBytes(32), "id", "x"));
  });
});
