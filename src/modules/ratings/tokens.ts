import { createHash, createHmac } from "node:crypto";
import type { RatingSubject } from "./tables.ts";

/** 24 URL-safe characters, 144 bits: the token is the permission, so it must not be guessed. */
export const TOKEN = /^[A-Za-z0-9_-]{24}$/;

/**
 * The token of a rating link, derived under the server's key: the pad's of a ticket, or the text
 * message's of a case for one recipient. Deriving it (rather than drawing it) lets the window show the
 * same link again; only its hash is stored, so the table alone opens nothing.
 */
export function ratingToken(
  key: Buffer,
  kind: "sms" | "pad",
  subject: { kind: RatingSubject; id: string },
  personId: string | null,
): string {
  return createHmac("sha256", key)
    .update(`rating\u0000${kind}\u0000${subject.kind}\u0000${subject.id}\u0000${personId ?? ""}`)
    .digest()
    .subarray(0, 18)
    .toString("base64url");
}

export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");
