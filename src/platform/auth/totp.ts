/**
 * TOTP (RFC 6238), the one implementation of it: staff confirm sign-in with it (modules/identity) and so
 * do people who enrol (modules/applicants/second-factor.ts). Secrets are stored by each, encrypted.
 */
import { createRequire } from "node:module";

// Loaded when a second factor is first used, not at start: most processes never need them.
const require = createRequire(import.meta.url);
const otp = () => require("otplib") as typeof import("otplib");

const ISSUER = "Tongban";
/**
 * One 30-second step either side of now: a phone whose clock is a little off still works, as RFC 6238
 * §5.2 recommends, while a code stays usable for at most about 90 seconds.
 */
const TOLERANCE_SECONDS = 30;
const CODE = /^\d{6}$/;

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation) in base32. */
export function newTotpSecret(): string {
  return otp().generateSecret();
}

/** What authenticator apps scan: `otpauth://totp/Tongban:name@host?secret=…&issuer=Tongban`. */
export function totpUri(secret: string, username: string, baseUrl: string): string {
  return otp().generateURI({ issuer: ISSUER, label: `${username}@${new URL(baseUrl).hostname}`, secret });
}

/** The secret in groups of four, as people type it into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/** A code as typed: spaces and dashes some apps show are dropped. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

export function isWellFormedCode(code: string): boolean {
  return CODE.test(normalizeCode(code));
}

/**
 * The time step a code belongs to, when it is right for now and later than `afterStep` (the last
 * step accepted, so a code is never accepted twice); undefined otherwise.
 */
export async function matchingStep(
  secret: string,
  code: string,
  afterStep: number | null,
  now: Date,
): Promise<number | undefined> {
  const token = normalizeCode(code);
  if (!CODE.test(token)) return undefined;
  try {
    const result = await otp().verify({
      secret,
      token,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    // The functional API types TOTP and HOTP results together; only TOTP's carry the step.
    return result.valid && "timeStep" in result ? result.timeStep : undefined;
  } catch {
    // otplib throws when the last accepted step lies beyond the window (the server clock went back):
    // no code can be accepted then, which is the right answer.
    return undefined;
  }
}

/** The URI as a QR code: an SVG in a data URI, which the CSP allows for images. */
export async function qrDataUri(uri: string): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  const svg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
