import { createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blindIndex, cryptoSuite, DecryptionError, decrypt, encrypt, setCryptoSuite } from "./crypto.ts";

const key = randomBytes(32);

describe("field encryption (AES-256-GCM)", () => {
  const runSuite = cryptoSuite();
  beforeEach(() => setCryptoSuite("international"));
  afterEach(() => setCryptoSuite(runSuite));

  it("round-trips, and never gives the same ciphertext twice", () => {
    const a = encrypt(key, "33052319800101001X");
    const b = encrypt(key, "33052319800101001X");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v2\.[\w-]{8}\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
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

describe("field encryption under the national suite (SM4, HMAC-SM3)", () => {
  const runSuite = cryptoSuite();
  afterEach(() => setCryptoSuite(runSuite));

  it("round-trips with SM4, never giving the same ciphertext twice", () => {
    setCryptoSuite("national");
    const a = encrypt(key, "33052319800101001X");
    const b = encrypt(key, "33052319800101001X");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^s2\.[\w-]{8}\.[\w-]{22}\.[\w-]+\.[\w-]{43}$/);
    expect(decrypt(key, a)).toBe("33052319800101001X");
    expect(decrypt(key, encrypt(key, ""))).toBe("");
    expect(decrypt(key, encrypt(key, "王小明 🙂"))).toBe("王小明 🙂");
  });

  it("is SM4-CTR under a key derived with HKDF-SM3, which node:crypto decrypts on its own", () => {
    setCryptoSuite("national");
    const [, , nonce, body] = encrypt(key, "浙江省安吉县").split(".");
    const derived = Buffer.from(hkdfSync("sm3", key, Buffer.alloc(0), "tongban field encryption s2", 48));
    const decipher = createDecipheriv(
      "sm4-ctr",
      derived.subarray(0, 16),
      Buffer.from(nonce as string, "base64url"),
    );
    expect(
      Buffer.concat([decipher.update(Buffer.from(body as string, "base64url")), decipher.final()]).toString(),
    ).toBe("浙江省安吉县");
  });

  it("refuses a changed value, a changed tag, a wrong key and a scheme it does not know", () => {
    setCryptoSuite("national");
    const stored = encrypt(key, "secret");
    for (const part of [2, 3, 4]) {
      const parts = stored.split(".");
      const flipped = Buffer.from(parts[part] as string, "base64url");
      flipped[0] = (flipped[0] as number) ^ 1;
      parts[part] = flipped.toString("base64url");
      expect(() => decrypt(key, parts.join("."))).toThrow(DecryptionError);
    }
    expect(() => decrypt(randomBytes(32), stored)).toThrow(/PERSONAL_DATA_KEY/);
    expect(() => decrypt(key, stored.replace(/^s2/, "v2"))).toThrow(DecryptionError);
    expect(() => decrypt(key, stored.replace(/^s2/, "s9"))).toThrow(/not a value/);
    expect(() => decrypt(key, `${stored}.extra`)).toThrow(/not a value/);
  });

  it("reads what either suite wrote, whichever suite is configured now", () => {
    setCryptoSuite("international");
    const aes = encrypt(key, "made under AES");
    setCryptoSuite("national");
    const sm4 = encrypt(key, "made under SM4");
    expect(decrypt(key, aes)).toBe("made under AES");
    setCryptoSuite("international");
    expect(decrypt(key, sm4)).toBe("made under SM4");
  });
});
