import { randomInt } from "node:crypto";
import { blindIndex, blindIndexes } from "../crypto.ts";

/**
 * One-time recovery codes, for signing in when the authenticator is lost. Ten of them, each 10
 * characters of 31 letters and digits without look-alikes (no 0, 1, i, l, o): 49 bits each, far beyond
 * guessing behind the sign-in guard, and short enough to copy by hand. Shown once as `abcde-fghij`;
 * only a keyed digest of each is kept.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;
const SHAPE = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);
const PURPOSE = "recovery_code";

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A code as typed: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function isWellFormedRecoveryCode(code: string): boolean {
  return SHAPE.test(normalizeRecoveryCode(code));
}

/** What is stored of a code: a digest keyed with PERSONAL_DATA_KEY, so a table dump gives none away. */
export function recoveryCodeDigest(key: Buffer, code: string): string {
  return blindIndex(key, PURPOSE, normalizeRecoveryCode(code));
}

/**
 * Every digest a code given out earlier may be stored under, the current key's first: codes made before
 * `tongban keys rotate` keep working while the key they were made under is kept (crypto.ts).
 */
export function recoveryCodeDigests(key: Buffer, code: string): string[] {
  return blindIndexes(key, PURPOSE, normalizeRecoveryCode(code));
}
