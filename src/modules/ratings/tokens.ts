import { createHash } from "node:crypto";
import { linkMac, linkMacs } from "../../platform/crypto.ts";
import type { RatingSubject } from "./tables.ts";

/** 24 URL-safe characters, 144 bits: the token is the permission, so it must not be guessed. */
export const TOKEN = /^[A-Za-z0-9_-]{24}$/;

/**
 * The token of a rating link, derived under the server's key: the pad's of a ticket, or the text
 * message's of a case for one recipient. Deriving it (rather than drawing it) lets the window show the
 * same link again; only its hash is stored, so the table alone opens nothing, and a link given out is
 * found by its hash whatever keys come after.
 */
export function ratingToken(
  key: Buffer,
  kind: "sms" | "pad",
  subject: { kind: RatingSubject; id: string },
  personId: string | null,
): string {
  return linkMac(key, "rating", tokenText(kind, subject, personId))
    .subarray(0, 18)
    .toString("base64url");
}

/** The token under every key of the ring, the current key's first: the one stored may predate a rotation. */
export function ratingTokens(
  key: Buffer,
  kind: "sms" | "pad",
  subject: { kind: RatingSubject; id: string },
  personId: string | null,
): string[] {
  return linkMacs(key, "rating", tokenText(kind, subject, personId)).map((mac) =>
    mac.subarray(0, 18).toString("base64url"),
  );
}

const tokenText = (
  kind: "sms" | "pad",
  subject: { kind: RatingSubject; id: string },
  personId: string | null,
) => `${kind}\u0000${subject.kind}\u0000${subject.id}\u0000${personId ?? ""}`;

export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");
