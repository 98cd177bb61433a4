import { ConfigError } from "./config-error.ts";

/** The settings of PERSONAL_DATA_KEY's keyring: what a key must look like, and the retired keys. */

/** 32 bytes in base64, as `openssl rand -base64 32` writes them. */
export const isKey = (value: string) =>
  Buffer.from(value, "base64").length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value);

/** PERSONAL_DATA_KEYS_RETIRED: the keys PERSONAL_DATA_KEY replaced, in base64, separated by commas. */
export function retiredKeys(env: Record<string, string | undefined>, current: Buffer): Buffer[] {
  const raw = env.PERSONAL_DATA_KEYS_RETIRED?.trim();
  if (!raw) return [];
  const keys = raw.split(",").map((entry, i) => {
    const value = entry.trim();
    if (!isKey(value)) {
      throw new ConfigError(
        `PERSONAL_DATA_KEYS_RETIRED must be keys of 32 bytes in base64 separated by commas: key ${i + 1} is not`,
      );
    }
    const key = Buffer.from(value, "base64");
    if (key.equals(current)) {
      throw new ConfigError(
        `PERSONAL_DATA_KEYS_RETIRED key ${i + 1} is PERSONAL_DATA_KEY itself: a key is current or retired, not both`,
      );
    }
    return key;
  });
  const twice = keys.findIndex((key, i) => keys.findIndex((k) => k.equals(key)) !== i);
  if (twice >= 0) throw new ConfigError(`PERSONAL_DATA_KEYS_RETIRED key ${twice + 1} is given twice`);
  return keys;
}
