import { timingSafeEqual } from "node:crypto";
import { linkMac, linkMacs } from "../../platform/crypto.ts";
import { intakeErrors } from "./intake-errors.ts";

/**
 * The intake pass: proof, carried from one step of an intake to the next, that this clerk found this
 * person by their full ID number (an audited read) or registered them. Starting a draft for a person or
 * taking over their draft asks for it, so a clerk cannot act for someone by an id guessed or copied.
 * It is signed with the personal-data key, names the clerk, and lasts a working day.
 */
export const PASS_HOURS = 10;

const sign = (key: Buffer, body: string) => linkMac(key, "intake-pass", body).toString("base64url");

/** A pass issued before a key rotation holds for the rest of its day, under the retired key. */
const signatures = (key: Buffer, body: string) =>
  linkMacs(key, "intake-pass", body).map((mac) => Buffer.from(mac.toString("base64url")));

export function issuePass(key: Buffer, clerkId: string, personId: string, now = new Date()): string {
  const body = `${personId}.${clerkId}.${Math.floor(now.getTime() / 1000) + PASS_HOURS * 3600}`;
  return `${body}.${sign(key, body)}`;
}

/** The person a pass names, when it is this clerk's, unexpired and unchanged; else refused. */
export function personOfPass(
  key: Buffer,
  clerkId: string,
  pass: string | undefined,
  now = new Date(),
): string {
  const [personId, clerk, expires, mac] = (pass ?? "").split(".");
  if (!personId || !clerk || !expires || !mac) throw intakeErrors.passInvalid();
  const given = Buffer.from(mac);
  const signed = signatures(key, `${personId}.${clerk}.${expires}`).some(
    (expected) => given.length === expected.length && timingSafeEqual(given, expected),
  );
  if (!signed) throw intakeErrors.passInvalid();
  if (clerk !== clerkId || Number(expires) * 1000 <= now.getTime()) throw intakeErrors.passInvalid();
  return personId;
}
