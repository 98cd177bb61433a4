import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { cryptoSuite, DecryptionError, setCryptoSuite } from "./crypto.ts";
import { isSealed, opening, seal, sealing, sealState, unsealFile } from "./sealing.ts";

const runSuite = cryptoSuite();
const CHUNK = 64 * 1024;
const key = randomBytes(32);

/** `bytes` in pieces of random sizes, as a file or a pipe gives them. */
function pieces(bytes: Buffer): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(Math.random() * 40_000);
    parts.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(parts);
}

const through = async (bytes: Buffer, step: (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Buffer>) =>
  buffer(Readable.from(step(pieces(bytes))));

describe.each(["international", "national"] as const)("sealed files under the %s suite", (suite) => {
  afterAll(() => setCryptoSuite(runSuite));

  it("round-trips every length, whole or streamed, each way", async () => {
    setCryptoSuite(suite);
    for (const length of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17]) {
      const plaintext = randomBytes(length);
      const whole = seal(key, "backups", plaintext, "ctx");
      const streamed = await through(plaintext, sealing(key, "backups", "ctx"));
      expect(streamed.length).toBe(whole.length);
      expect(unsealFile(key, "backups", streamed, "ctx").equals(plaintext)).toBe(true);
      expect((await through(whole, opening(key, "backups", "ctx"))).equals(plaintext)).toBe(true);
      expect(sealState(key, whole)).toEqual({ keyId: expect.any(String), current: true });
    }
  });

  it("opens only under its use, its context and its key", () => {
    setCryptoSuite(suite);
    const sealed = seal(key, "files", Buffer.from("a scan"), "id");
    expect(() => unsealFile(key, "backups", sealed, "id")).toThrow(DecryptionError);
    expect(() => unsealFile(key, "files", sealed, "other id")).toThrow(DecryptionError);
    expect(() => unsealFile(randomBytes(32), "files", sealed, "id")).toThrow(
      /which is neither PERSONAL_DATA_KEY/,
    );
  });

  it("passes bytes that are not sealed only when asked to", async () => {
    setCryptoSuite(suite);
    const plain = Buffer.from("%PDF-1.7 from before");
    expect(isSealed(plain)).toBe(false);
    expect(sealState(key, plain)).toBeUndefined();
    expect((await through(plain, opening(key, "files", "", { plain: true }))).equals(plain)).toBe(true);
    await expect(through(plain, opening(key, "files"))).rejects.toThrow(/not sealed/);
  });
});

it("reads what the other suite sealed, and counts it as not current", () => {
  setCryptoSuite("national");
  const sealed = seal(key, "files", Buffer.from("sealed under SM4"));
  setCryptoSuite("international");
  expect(unsealFile(key, "files", sealed).toString()).toBe("sealed under SM4");
  expect(sealState(key, sealed)?.current).toBe(false);
  setCryptoSuite(runSuite);
});
