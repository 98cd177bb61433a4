import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { cryptoSuite, DecryptionError } from "./crypto.ts";
import { type KeyUse, keyId, retiredKeys, sm3Subkey, subkey } from "./keyring.ts";

/**
 * Sealed files: bytes of any length encrypted at rest under PERSONAL_DATA_KEY — the file store's
 * materials, a backup's database dump. crypto.ts seals a short value in one piece; a file is sealed in
 * chunks of 64 KiB, each authenticated on its own, so that a reader hands on only bytes already
 * authenticated while it streams, and neither a 50 MB scan being served nor a database dump of many
 * gigabytes being backed up is ever held whole in memory.
 *
 * A sealed file is a 34-byte header, then its chunks:
 * - magic, 8 bytes: 0x89 "TBSEAL" 0x0a. No PDF, JPEG or PNG (all an upload may be), gzip or pg_dump
 *   file begins so: that is how a file written before sealing existed is told apart and still read.
 * - scheme, 2 ASCII bytes, after CRYPTO_SUITE when sealed: "a1", AES-256-GCM; "n1", SM4-CTR then
 *   HMAC-SM3 over the ciphertext (encrypt-then-MAC, as crypto.ts's `s2`: this OpenSSL has no SM4-GCM).
 * - key id, 8 ASCII bytes: keyring.ts's id of the key it was sealed under, so a file says which key of
 *   the ring opens it, and `tongban keys rotate` finds the files a retired key still holds.
 * - nonce, 16 random bytes: the file's own keys are HKDF(the key's subkey for the use, nonce), so no two
 *   files share a key and a chunk's IV is just its number. Equal contents sealed twice differ.
 * Chunk i is its ciphertext (64 KiB, the last one 0 to 64 KiB) and its tag (16 bytes GCM, 32 HMAC-SM3).
 * The last chunk says so in its IV, so a file cut at a chunk's end, or with chunks added, fails; the
 * header and a context (a stored file's SHA-256: its name) are authenticated with every chunk, so
 * neither a header changed nor a sealed file copied over another's name ever opens.
 */

export type SealUse = Extract<KeyUse, "files" | "backups">;

const MAGIC = Buffer.from([0x89, 0x54, 0x42, 0x53, 0x45, 0x41, 0x4c, 0x0a]);
export const HEADER_BYTES = 34;
const CHUNK = 64 * 1024;

type Scheme = "a1" | "n1";
const currentScheme = (): Scheme => (cryptoSuite() === "national" ? "n1" : "a1");

/** Whether bytes (a file's first ones) begin as a sealed file does. */
export function isSealed(head: Uint8Array): boolean {
  return head.length >= MAGIC.length && MAGIC.equals(head.subarray(0, MAGIC.length));
}

/** What a sealed file's header says about it, against the ring of `key`. */
export interface SealState {
  /** The id of the key it was sealed under. */
  keyId: string;
  /** Sealed as files are sealed now: the configured suite's scheme, under the current key. */
  current: boolean;
}

/**
 * The state of a sealed file from its header (its first HEADER_BYTES bytes), or undefined when the
 * bytes are not sealed; fails when the key it names is not in the ring.
 */
export function sealState(key: Buffer, head: Buffer): SealState | undefined {
  if (!isSealed(head)) return undefined;
  const header = parseHeader(head);
  keyOf(key, header.keyId);
  return { keyId: header.keyId, current: header.keyId === keyId(key) && header.scheme === currentScheme() };
}

interface Header {
  bytes: Buffer;
  scheme: Scheme;
  keyId: string;
  nonce: Buffer;
}

function parseHeader(head: Buffer): Header {
  if (head.length < HEADER_BYTES) throw new DecryptionError("the file is cut short inside its header");
  const scheme = head.subarray(8, 10).toString("latin1");
  if (scheme !== "a1" && scheme !== "n1") {
    throw new DecryptionError(
      `the file is sealed in scheme "${scheme}", which this version of Tongban does not know`,
    );
  }
  return {
    bytes: Buffer.from(head.subarray(0, HEADER_BYTES)),
    scheme,
    keyId: head.subarray(10, 18).toString("latin1"),
    nonce: head.subarray(18, HEADER_BYTES),
  };
}

function keyOf(current: Buffer, id: string): Buffer {
  const found = [current, ...retiredKeys(current)].find((k) => keyId(k) === id);
  if (!found) {
    throw new DecryptionError(
      `the file was sealed under key ${id}, which is neither PERSONAL_DATA_KEY (${keyId(current)}) ` +
        "nor one of PERSONAL_DATA_KEYS_RETIRED",
    );
  }
  return found;
}

const CHANGED =
  "it was changed since it was sealed (or cut short): it fails authentication, and is not read as anything else";

interface ChunkCipher {
  /** The tag's length after each chunk. */
  tag: number;
  seal(index: number, final: boolean, plaintext: Buffer): Buffer;
  open(index: number, final: boolean, sealed: Buffer): Buffer;
}

/** The cipher of one sealed file: `key` is the key its header names. */
function chunkCipher(key: Buffer, use: SealUse, header: Header, context: string): ChunkCipher {
  const authenticated = Buffer.concat([header.bytes, Buffer.from(context, "utf8")]);
  const ivOf = (length: number, index: number, final: boolean, at: number) => {
    if (index > 0xffff_ffff) throw new RangeError("a sealed file holds at most 2^32 chunks (256 TiB)");
    const iv = Buffer.alloc(length);
    iv.writeUInt32BE(index, at);
    iv[at + 4] = final ? 1 : 0;
    return iv;
  };
  if (header.scheme === "a1") {
    const fileKey = Buffer.from(hkdfSync("sha256", subkey(key, use), header.nonce, "tongban sealed a1", 32));
    // 96-bit IV: 3 zero bytes, the chunk's number, whether it is the last.
    const iv = (index: number, final: boolean) => ivOf(12, index, final, 7);
    return {
      tag: 16,
      seal(index, final, plaintext) {
        const cipher = createCipheriv("aes-256-gcm", fileKey, iv(index, final));
        cipher.setAAD(authenticated);
        return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      },
      open(index, final, sealed) {
        if (sealed.length < 16) throw new DecryptionError(CHANGED);
        try {
          const decipher = createDecipheriv("aes-256-gcm", fileKey, iv(index, final));
          decipher.setAAD(authenticated);
          decipher.setAuthTag(sealed.subarray(sealed.length - 16));
          return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
        } catch {
          throw new DecryptionError(CHANGED);
        }
      },
    };
  }
  const both = Buffer.from(hkdfSync("sm3", sm3Subkey(key, use), header.nonce, "tongban sealed n1", 48));
  const [cipherKey, macKey] = [both.subarray(0, 16), both.subarray(16)];
  // The chunk's number and whether it is last lead the 128-bit counter block; a chunk of 4,096 blocks
  // counts up in its last bytes and never reaches the next chunk's.
  const iv = (index: number, final: boolean) => ivOf(16, index, final, 0);
  const mac = (counter: Buffer, body: Buffer) =>
    createHmac("sm3", macKey).update(authenticated).update(counter).update(body).digest();
  return {
    tag: 32,
    seal(index, final, plaintext) {
      const counter = iv(index, final);
      const cipher = createCipheriv("sm4-ctr", cipherKey, counter);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([body, mac(counter, body)]);
    },
    open(index, final, sealed) {
      if (sealed.length < 32) throw new DecryptionError(CHANGED);
      const counter = iv(index, final);
      const body = sealed.subarray(0, sealed.length - 32);
      if (!timingSafeEqual(sealed.subarray(sealed.length - 32), mac(counter, body))) {
        throw new DecryptionError(CHANGED);
      }
      const decipher = createDecipheriv("sm4-ctr", cipherKey, counter);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    },
  };
}

/** A new header and its cipher, under the current key in the configured suite. */
function newSealing(key: Buffer, use: SealUse, context: string): { header: Buffer; cipher: ChunkCipher } {
  const header = Buffer.concat([
    MAGIC,
    Buffer.from(currentScheme(), "latin1"),
    Buffer.from(keyId(key), "latin1"),
    randomBytes(16),
  ]);
  return { header, cipher: chunkCipher(key, use, parseHeader(header), context) };
}

/** `bytes` sealed whole: for what is in memory already (an upload, a PGlite snapshot). */
export function seal(key: Buffer, use: SealUse, bytes: Uint8Array, context = ""): Buffer {
  const { header, cipher } = newSealing(key, use, context);
  const plaintext = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = [header];
  let index = 0;
  let offset = 0;
  do {
    const end = Math.min(offset + CHUNK, plaintext.length);
    parts.push(cipher.seal(index++, end === plaintext.length, plaintext.subarray(offset, end)));
    offset = end;
  } while (offset < plaintext.length);
  return Buffer.concat(parts);
}

/** A sealed file's plaintext, opened whole under whichever key of the ring its header names. */
export function unsealFile(key: Buffer, use: SealUse, sealed: Buffer, context = ""): Buffer<ArrayBuffer> {
  if (!isSealed(sealed)) throw new DecryptionError("the file is not sealed");
  const header = parseHeader(sealed);
  const cipher = chunkCipher(keyOf(key, header.keyId), use, header, context);
  const whole = CHUNK + cipher.tag;
  const parts: Buffer[] = [];
  let offset = HEADER_BYTES;
  for (let index = 0; ; index++) {
    const final = sealed.length - offset <= whole;
    parts.push(cipher.open(index, final, sealed.subarray(offset, Math.min(offset + whole, sealed.length))));
    if (final) return Buffer.concat(parts);
    offset += whole;
  }
}

type Chunks = AsyncIterable<Uint8Array>;

const appended = (pending: Buffer, piece: Uint8Array) =>
  pending.length === 0
    ? Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
    : Buffer.concat([pending, piece]);

/** A stream's bytes sealed as they come, for stream.pipeline: the header first, then chunk by chunk. */
export function sealing(key: Buffer, use: SealUse, context = ""): (source: Chunks) => AsyncGenerator<Buffer> {
  return async function* sealChunks(source) {
    const { header, cipher } = newSealing(key, use, context);
    yield header;
    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    for await (const piece of source) {
      pending = appended(pending, piece);
      // A chunk is let go only once more follows it: the last one must carry the flag.
      while (pending.length > CHUNK) {
        yield cipher.seal(index++, false, pending.subarray(0, CHUNK));
        pending = pending.subarray(CHUNK);
      }
    }
    yield cipher.seal(index, true, pending);
  };
}

/**
 * A sealed stream's plaintext as it comes, each chunk authenticated before it is handed on; a changed
 * chunk fails the stream there. With `plain`, bytes that are not sealed (written before sealing
 * existed) pass as they are.
 */
export function opening(
  key: Buffer,
  use: SealUse,
  context = "",
  options: { plain?: boolean } = {},
): (source: Chunks) => AsyncGenerator<Buffer> {
  return async function* openChunks(source) {
    let pending: Buffer = Buffer.alloc(0);
    let cipher: ChunkCipher | undefined;
    let plain = false;
    let index = 0;
    for await (const piece of source) {
      if (plain) {
        yield Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        continue;
      }
      pending = appended(pending, piece);
      if (!cipher) {
        if (pending.length < MAGIC.length) continue;
        if (!isSealed(pending)) {
          if (!options.plain) throw new DecryptionError("the file is not sealed");
          plain = true;
          yield pending;
          continue;
        }
        if (pending.length < HEADER_BYTES) continue;
        const header = parseHeader(pending);
        cipher = chunkCipher(keyOf(key, header.keyId), use, header, context);
        pending = pending.subarray(HEADER_BYTES);
      }
      const whole = CHUNK + cipher.tag;
      while (pending.length > whole) {
        yield cipher.open(index++, false, pending.subarray(0, whole));
        pending = pending.subarray(whole);
      }
    }
    if (plain) return;
    if (!cipher) {
      if (isSealed(pending)) throw new DecryptionError(CHANGED);
      // Shorter than the magic: nothing sealed is so short.
      if (!options.plain) throw new DecryptionError("the file is not sealed");
      if (pending.length > 0) yield pending;
      return;
    }
    yield cipher.open(index, true, pending);
  };
}
