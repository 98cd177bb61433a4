import { createRequire } from "node:module";

// Loaded on the first password checked, not at start: the list takes a tenth of a second to unpack.
const require = createRequire(import.meta.url);

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = "too_short" | "too_long" | "common" | "contains_identity" | "repetitive";

let common: Set<string> | undefined;

/** About 49,000 of the passwords people choose most, from the zxcvbn-ts common dictionary. */
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } =
      require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
    common = new Set(dictionary["passwords-common"] as string[]);
  }
  return common;
}

/**
 * Length over composition rules (NIST SP 800-63B): at least 10 characters, not one of the passwords
 * people choose most, not built on the account's own name or identifiers, not one character repeated.
 */
export function passwordProblem(password: string, identity: string[] = []): PasswordProblem | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return "too_short";
  if (password.length > MAX_PASSWORD_LENGTH) return "too_long";
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/[\d!@#$%^&*.]+$/, "")))
    return "common";
  if (identity.some((part) => part.length >= 4 && lower.includes(part.toLowerCase())))
    return "contains_identity";
  if (new Set(password).size <= 2) return "repetitive";
  return undefined;
}
