import { createHmac, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  blindIndex,
  blindIndexes,
  cryptoSuite,
  DecryptionError,
  decrypt,
  encrypt,
  isBlindIndexOf,
  keyId,
  linkMac,
  linkMacs,
  setCryptoSuite,
  setRetiredKeys,
  unseal,
} from "./crypto.ts";
import { legacyBlindIndex, legacyEncrypt } from "./keyring-testing.ts";

const runSuite = cryptoSuite();
afterEach(() => setCryptoSuite(runSuite));

describe.each(["international", "national"] as const)("the keyring under the %s suite", (suite) => {
  const scheme = suite === "national" ? "s" : "v";

  it("writes the key's id into every value, and opens a value of a retired key only while it is set", () => {
    setCryptoSuite(suite);
    const old = randomBytes(32);
    const current = randomBytes(32);
    const stored = encrypt(old, "33052319800101001X");
    expect(stored.startsWith(`${scheme}2.${keyId(old)}.`)).toBe(true);
    expect(keyId(old)).toMatch(/^[\w-]{8}$/);
    expect(keyId(old)).not.toBe(keyId(current));

    expect(() => decrypt(current, stored)).toThrow(
      new RegExp(
        `key ${keyId(old)}, which is neither PERSONAL_DATA_KEY .* nor one of PERSONAL_DATA_KEYS_RETIRED`,
      ),
    );
    setRetiredKeys(current, [old]);
    expect(decrypt(current, stored)).toBe("33052319800101001X");
    expect(unseal(current, stored)).toEqual({
      plaintext: "33052319800101001X",
      keyId: keyId(old),
      current: false,
    });
    expect(unseal(current, encrypt(current, "x"))).toMatchObject({ keyId: keyId(current), current: true });
    setRetiredKeys(current, []);
    expect(() => decrypt(current, stored)).toThrow(DecryptionError);
  });

  it("reads v1 and s1 values made before key ids, under the current key or a retired one, as not current", () => {
    setCryptoSuite(suite);
    const old = randomBytes(32);
    const current = randomBytes(32);
    setRetiredKeys(current, [old]);
    for (const legacy of ["v1", "s1"] as const) {
      expect(unseal(current, legacyEncrypt(current, "王小明", legacy))).toEqual({
        plaintext: "王小明",
        keyId: keyId(current),
        current: false,
      });
      expect(unseal(current, legacyEncrypt(old, "李四", legacy))).toMatchObject({
        plaintext: "李四",
        keyId: keyId(old),
      });
      expect(() => decrypt(current, legacyEncrypt(randomBytes(32), "x", legacy))).toThrow(
        /PERSONAL_DATA_KEYS_RETIRED/,
      );
    }
    setRetiredKeys(current, []);
  });

  it("counts a value of the other suite under the current key as not current, so rotate moves it", () => {
    const key = randomBytes(32);
    setCryptoSuite(suite === "national" ? "international" : "national");
    const other = encrypt(key, "x");
    setCryptoSuite(suite);
    expect(unseal(key, other)).toMatchObject({ plaintext: "x", current: false });
  });
});

describe("look-up digests and links under the keyring", () => {
  it("are keyed with a subkey of their purpose, not the raw key, yet find what the raw key made", () => {
    const key = randomBytes(32);
    const made = blindIndex(key, "person.id_number", "33052319800101001X");
    expect(made).not.toBe(legacyBlindIndex(key, "person.id_number", "33052319800101001X"));
    expect(blindIndexes(key, "person.id_number", "33052319800101001X")).toEqual([
      made,
      legacyBlindIndex(key, "person.id_number", "33052319800101001X"),
    ]);
    // Encryption, look-ups and links never share key material.
    expect(linkMac(key, "person.id_number", "x").toString("base64url")).not.toBe(
      blindIndex(key, "person.id_number", "x"),
    );
  });

  it("check a code and a link given out under a retired key, until the key is removed", () => {
    const old = randomBytes(32);
    const current = randomBytes(32);
    const code = blindIndex(old, "mandate.consent_code:m1", "123456");
    const link = linkMac(old, "short-link", "330523202501010000001");
    expect(isBlindIndexOf(current, "mandate.consent_code:m1", "123456", code)).toBe(false);
    setRetiredKeys(current, [old]);
    expect(isBlindIndexOf(current, "mandate.consent_code:m1", "123456", code)).toBe(true);
    expect(isBlindIndexOf(current, "mandate.consent_code:m1", "654321", code)).toBe(false);
    expect(linkMacs(current, "short-link", "330523202501010000001").some((m) => m.equals(link))).toBe(true);
    const raw = createHmac("sha256", old).update("short-link\u0000330523202501010000001").digest();
    expect(linkMacs(current, "short-link", "330523202501010000001").some((m) => m.equals(raw))).toBe(true);
    setRetiredKeys(current, []);
    expect(isBlindIndexOf(current, "mandate.consent_code:m1", "123456", code)).toBe(false);
  });

  it("keeps each current key's retired keys apart: another server's key opens none of them", () => {
    const old = randomBytes(32);
    const mine = randomBytes(32);
    const theirs = randomBytes(32);
    setRetiredKeys(mine, [old]);
    const stored = encrypt(old, "x");
    expect(decrypt(mine, stored)).toBe("x");
    expect(() => decrypt(theirs, stored)).toThrow(DecryptionError);
    setRetiredKeys(mine, []);
  });
});
