import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  type KeyObject,
  randomInt,
  sign,
  timingSafeEqual,
} from "node:crypto";
import { retiredKeys } from "../../platform/keyring.ts";

/**
 * The keys of the devices, all derived from the server's PERSONAL_DATA_KEY (HKDF, one label each), so
 * the database holds no secret of theirs: a device's secret is re-derived from its id when its message
 * arrives, and only the secret's hash is stored — to notice when the server's key has changed, which
 * makes every device's secret another (re-register them then). Tongban signs what it publishes with an
 * Ed25519 key derived the same way; every device checks Tongban's messages with its public half.
 */
export interface DeviceKeys {
  /** The secret a device signs with: shown once at registration. */
  secretOf(deviceId: string, version: number): string;
  /** Signs what Tongban publishes. */
  signer: KeyObject;
  /** The raw 32-byte Ed25519 public key, base64: what devices check Tongban's messages with. */
  publicKey: string;
  /** A keyed hash of a one-time pick-up code: without the server's key, the 10⁶ codes cannot be tried. */
  codeHash(assignmentId: string, code: string): string;
}

const derive = (master: Buffer, label: string, salt = "") =>
  Buffer.from(hkdfSync("sha256", master, salt, `tongban devices ${label}`, 32));

// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410), so node:crypto takes a derived seed as a key.
const ED25519_PKCS8 = Buffer.from("302e020100300506032b657004220420", "hex");

const cache = new WeakMap<Buffer, DeviceKeys>();

export function deviceKeys(master: Buffer): DeviceKeys {
  const known = cache.get(master);
  if (known) return known;
  const signer = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8, derive(master, "ed25519")]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(signer).export({ format: "der", type: "spki" });
  const codeKey = derive(master, "pickup code");
  const keys: DeviceKeys = {
    secretOf: (deviceId, version) => derive(master, `secret v${version}`, deviceId).toString("base64url"),
    signer,
    publicKey: spki.subarray(spki.length - 32).toString("base64"),
    codeHash: (assignmentId, code) =>
      createHmac("sha256", codeKey).update(`${assignmentId}:${code}`).digest("hex"),
  };
  cache.set(master, keys);
  return keys;
}

/** A device's secret under the current key and each retired one (keyring.ts), the current first. */
export function deviceSecrets(master: Buffer, deviceId: string, version: number): string[] {
  return [master, ...retiredKeys(master)].map((key) => deviceKeys(key).secretOf(deviceId, version));
}

/** A pick-up code's hash under every key of the ring: a code texted before a rotation still opens. */
export function codeHashes(master: Buffer, assignmentId: string, code: string): string[] {
  return [master, ...retiredKeys(master)].map((key) => deviceKeys(key).codeHash(assignmentId, code));
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What a device signs and Tongban signs: the topic (so a message cannot be moved), the time, the payload. */
export function signedText(topic: string, device: string, ts: number, payload: string): string {
  return `${topic}\n${device}\n${ts}\n${payload}`;
}

/** HMAC-SHA256 of a device's message under its secret, hex. */
export function deviceSignature(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text).digest("hex");
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function tongbanSignature(signer: KeyObject, text: string): string {
  return sign(null, Buffer.from(text), signer).toString("base64");
}

/** A six-digit pick-up code, every digit equally likely. */
export function pickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}
