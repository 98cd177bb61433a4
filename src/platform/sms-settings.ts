import { ConfigError } from "./config-error.ts";

type Env = Record<string, string | undefined>;

/** The operator's SMS gateway (docs/operations.md, "Sending text messages"); absent: texts go to the log. */
export interface SmsSettings {
  /** SMS_URL: where each text is POSTed. A secret setting: it may carry a key in its query. */
  url: string;
  /** SMS_TOKEN, sent as `Authorization: Bearer …` so the gateway takes texts from Tongban alone. */
  token: string | undefined;
  /**
   * SMS_SIGN_NAME: the signature (签名) registered with the carriers, which mainland rules require in
   * 【】 at the start of every text. Default 通办, the one the templates are written with.
   */
  signName: string;
}

export const DEFAULT_SIGN_NAME = "通办";

/**
 * SMS_URL turns the gateway on; SMS_TOKEN and SMS_SIGN_NAME belong to it and are refused without it,
 * so a half-configured gateway stops the start instead of silently logging every text.
 */
export function smsSettings(env: Env): SmsSettings | undefined {
  const raw = env.SMS_URL?.trim();
  const token = env.SMS_TOKEN?.trim() || undefined;
  const signName = env.SMS_SIGN_NAME?.trim() || undefined;
  if (!raw) {
    const orphan = token ? "SMS_TOKEN" : signName ? "SMS_SIGN_NAME" : undefined;
    if (orphan) {
      throw new ConfigError(
        `${orphan} is set but SMS_URL is not: set the gateway's URL too (https://…), or unset ${orphan}`,
      );
    }
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is not repeated: it may hold the gateway's key.
    throw new ConfigError("SMS_URL is not a valid URL (expected https://…, the address of the SMS gateway)");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`SMS_URL must start with https:// or http:// (got ${url.protocol}//…)`);
  }
  if (token !== undefined && (token.length < 32 || /[\s\p{Cc}]/u.test(token))) {
    throw new ConfigError(
      "SMS_TOKEN must be at least 32 characters long, without spaces (make one with: openssl rand -base64 32)",
    );
  }
  // Carriers register signatures of 2 to 12 characters (阿里云, 腾讯云 say the same); brackets are added.
  if (signName !== undefined && !/^[\p{L}\p{N}]{2,12}$/u.test(signName)) {
    throw new ConfigError(
      `SMS_SIGN_NAME must be 2 to 12 letters or digits, without 【】 (got "${env.SMS_SIGN_NAME}")`,
    );
  }
  return { url: raw, token, signName: signName ?? DEFAULT_SIGN_NAME };
}
