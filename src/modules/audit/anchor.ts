import type { Executor } from "../../platform/db/database.ts";
import * as store from "./anchor-store.ts";
import { algorithmOf, chainAlgorithm, GENESIS_HASH, hashText } from "./chain.ts";
import { sealAudit } from "./seal.ts";

/**
 * An anchor: every province's head — entry number and hash — at a moment, sent off the box (a log line,
 * the operator's receiver) so that a chain rewritten wholesale later, which verifies internally, no
 * longer holds what the anchor saw (`tongban audit verify --anchor`).
 *
 * Its digest is the hash, by the chain's algorithm (SHA-256 hex, or `sm3:` and SM3 hex under
 * CRYPTO_SUITE=national), of the UTF-8 bytes of JSON.stringify of
 *
 *   ["tongban.audit.anchor.v1", source, at, [province, seq, hash], …]
 *
 * with `seq` in decimal and the heads in the order given: whoever keeps anchors checks each with it.
 */
export const ANCHOR_FORMAT = "tongban.audit.anchor.v1";

export interface Anchor {
  format: typeof ANCHOR_FORMAT;
  /** The installation (BASE_URL), for a receiver that keeps several. */
  source: string;
  /** When the heads were read, ISO 8601 in UTC. */
  at: string;
  heads: store.Head[];
  digest: string;
}

export function anchorText(anchor: Omit<Anchor, "digest" | "format">): string {
  return JSON.stringify([
    ANCHOR_FORMAT,
    anchor.source,
    anchor.at,
    ...anchor.heads.map((h) => [h.province, String(h.seq), h.hash]),
  ]);
}

/** Seals what waits, then reads every head: the anchor of this moment. */
export async function makeAnchor(db: Executor, source: string, now = new Date()): Promise<Anchor> {
  await sealAudit(db);
  const heads = await store.readHeads(db);
  const body = { source, at: now.toISOString(), heads };
  return { format: ANCHOR_FORMAT, ...body, digest: hashText(anchorText(body), chainAlgorithm()) };
}

/** A saved anchor that cannot be used, and why. */
export class AnchorError extends Error {
  override name = "AnchorError";
}

const PROVINCE = /^\d{2}$/;
const HASH = /^(sm3:)?[0-9a-f]{64}$/;

/**
 * An anchor from saved text: the body as the receiver got it, or the `audit.anchor` log line holding it
 * (`anchor`). Throws AnchorError naming what is wrong — not JSON, a field missing or malformed, a
 * digest that does not match, so an anchor altered or cut short since is not taken for one.
 */
export function parseAnchor(text: string): Anchor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AnchorError("it is not JSON: give the body the receiver got, or the audit.anchor log line");
  }
  const record = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const outer = record(value);
  const anchor = record(outer?.anchor) ?? outer;
  if (!anchor || anchor.format !== ANCHOR_FORMAT) {
    throw new AnchorError(`its format is not ${ANCHOR_FORMAT}`);
  }
  const { source, at, heads, digest } = anchor;
  if (typeof source !== "string") throw new AnchorError("it names no source");
  if (typeof at !== "string" || Number.isNaN(Date.parse(at))) throw new AnchorError("its time is not one");
  if (typeof digest !== "string" || !HASH.test(digest)) throw new AnchorError("its digest is not a hash");
  if (!Array.isArray(heads) || heads.length === 0) throw new AnchorError("it lists no heads");
  const parsed = heads.map((raw, i) => {
    const h = record(raw);
    if (
      !h ||
      typeof h.province !== "string" ||
      !PROVINCE.test(h.province) ||
      !Number.isSafeInteger(h.seq) ||
      (h.seq as number) < 0 ||
      typeof h.hash !== "string" ||
      !HASH.test(h.hash)
    ) {
      throw new AnchorError(`head ${i + 1} is not a province, an entry number and a hash`);
    }
    return { province: h.province, seq: h.seq as number, hash: h.hash };
  });
  if (hashText(anchorText({ source, at, heads: parsed }), algorithmOf(digest)) !== digest) {
    throw new AnchorError("its digest does not match its heads: it was altered or is incomplete");
  }
  return { format: ANCHOR_FORMAT, source, at, heads: parsed, digest };
}

export type AnchorCheck =
  | { ok: true; heads: number }
  | { ok: false; province: string; seq: number; message: string };

const short = (hash: string) => hash.slice(0, 12);

/**
 * Whether the chains still hold every head the anchor saw: the entry at that number with that hash. A
 * chain rewritten since — even one whose links were all recomputed, which verifies on its own — holds
 * another hash there, or no entry at all. Run it after verify has found the chains intact: that every
 * later entry follows from the anchored one is verify's part.
 */
export async function checkAnchor(db: Executor, anchor: Anchor): Promise<AnchorCheck> {
  return checkHeads(db, anchor.heads, `the anchor of ${anchor.at}`);
}

/** Whether the chains still hold each head as `seenBy` (an anchor, an audit.heads entry) saw it. */
export async function checkHeads(db: Executor, heads: store.Head[], seenBy: string): Promise<AnchorCheck> {
  for (const head of heads) {
    const now = head.seq === 0 ? GENESIS_HASH : await store.hashAt(db, head.province, head.seq);
    if (now === head.hash) continue;
    const chain = `entry ${head.seq} of province ${head.province}'s chain`;
    return {
      ok: false,
      province: head.province,
      seq: head.seq,
      message:
        now === undefined
          ? `${chain} is gone, but ${seenBy} saw it (${short(head.hash)}…): the chain was cut or rewritten since`
          : `${chain} is hashed ${short(now)}…, but ${seenBy} saw ${short(head.hash)}…: the chain was rewritten since`,
    };
  }
  return { ok: true, heads: heads.length };
}
