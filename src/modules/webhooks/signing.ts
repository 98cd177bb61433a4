import { createPrivateKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import { decrypt, encrypt } from "../../platform/crypto.ts";
import type { Executor } from "../../platform/db/database.ts";
import * as store from "./store.ts";

/**
 * How deliveries are signed (docs/webhooks.md tells integrators): Ed25519 over the bytes of
 * "<Tongban-Timestamp>.<body>", sent as `Tongban-Signature: keyid=<key id>, ed25519=<base64>`. The
 * timestamp inside the signed text lets receivers refuse an old delivery replayed to them.
 */
export function signedText(timestamp: string, body: string): Buffer {
  return Buffer.from(`${timestamp}.${body}`, "utf8");
}

export function signDelivery(privateKey: KeyObject, timestamp: string, body: string): string {
  return sign(null, signedText(timestamp, body), privateKey).toString("base64");
}

export function signatureHeader(keyId: string, signature: string): string {
  return `keyid=${keyId}, ed25519=${signature}`;
}

/** The parts of a `Tongban-Signature` header, or undefined when it is not one. */
export function parseSignatureHeader(header: string): { keyId: string; signature: string } | undefined {
  const parts = new Map<string, string>();
  for (const part of header.split(",")) {
    const index = part.indexOf("=");
    if (index > 0) parts.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  const keyId = parts.get("keyid");
  const signature = parts.get("ed25519");
  return keyId && signature ? { keyId, signature } : undefined;
}

/** Whether `signature` (base64) is the key's over the timestamp and body: what a receiver checks. */
export function verifyDelivery(
  publicKeyPem: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  try {
    return verify(null, signedText(timestamp, body), publicKeyPem, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

export interface SigningKey {
  id: string;
  privateKey: KeyObject;
}

function newKeyPair(personalDataKey: Buffer) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyEnc: encrypt(personalDataKey, privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
  };
}

/** The live key, made on first use (by whichever server comes first: there is only ever one live key). */
export async function currentSigningKey(db: Executor, personalDataKey: Buffer): Promise<SigningKey> {
  let row = await store.findLiveSigningKey(db);
  if (!row) {
    await store.insertSigningKey(db, newKeyPair(personalDataKey));
    row = await store.findLiveSigningKey(db);
    if (!row) throw new Error("No live webhook signing key could be made");
  }
  return { id: row.id, privateKey: createPrivateKey(decrypt(personalDataKey, row.private_key_enc)) };
}

/**
 * Retires the live key and makes a new one, in the caller's transaction. The retired key stays
 * published, so deliveries signed before can still be verified; receivers pick the key by `keyid`.
 */
export async function rotateSigningKey(
  tx: Executor,
  personalDataKey: Buffer,
  now = new Date(),
): Promise<string> {
  await store.retireLiveSigningKey(tx, now);
  const id = await store.insertSigningKey(tx, newKeyPair(personalDataKey));
  if (!id) throw new Error("Another live webhook signing key appeared while rotating: try again");
  return id;
}

export interface PublicSigningKey {
  id: string;
  algorithm: "ed25519";
  /** SPKI PEM, as `crypto.createPublicKey` and OpenSSL read it. */
  publicKey: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** What receivers verify with: every key, live first, never a private one. */
export async function publicSigningKeys(db: Executor): Promise<PublicSigningKey[]> {
  return (await store.listSigningKeys(db)).map((row) => ({
    id: row.id,
    algorithm: "ed25519",
    publicKey: row.public_key,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  }));
}
