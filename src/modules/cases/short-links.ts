import { linkMac } from "../../platform/crypto.ts";

/** Crockford's base32: no I, L, O or U, so a link read aloud or copied by hand survives. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Ten characters, 50 bits: unguessable at the rate the route allows. */
export const SHORT_TOKEN_LENGTH = 10;
export const SHORT_TOKEN = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * The token of a case's short link: derived from its number under the server's key when the case is
 * opened, then kept with the case, and found by it alone: a link given out keeps opening its case
 * whatever keys come after.
 */
export function shortToken(key: Buffer, caseNumber: string): string {
  const digest = linkMac(key, "short-link", caseNumber);
  let token = "";
  for (let i = 0; i < SHORT_TOKEN_LENGTH; i++) token += ALPHABET[(digest[i] as number) % 32];
  return token;
}
