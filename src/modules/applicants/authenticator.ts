/**
 * A person's authenticator: offering a TOTP secret to enrol, telling what a typed code is, spending a
 * code once, and recovery codes. The TOTP itself is the staff's (platform/auth/totp.ts); the secret is
 * kept encrypted with PERSONAL_DATA_KEY exactly as theirs is.
 */
import {
  isWellFormedRecoveryCode,
  newRecoveryCodes,
  recoveryCodeDigest,
  recoveryCodeDigests,
} from "../../platform/auth/recovery-codes.ts";
import { isWellFormedCode, matchingStep, newTotpSecret, totpUri } from "../../platform/auth/totp.ts";
import type { Config } from "../../platform/config.ts";
import { DecryptionError, decrypt, encrypt } from "../../platform/crypto.ts";
import type { Executor } from "../../platform/db/database.ts";
import { accountErrors, FieldsError } from "./errors.ts";
import * as factorStore from "./second-factor-store.ts";

export type AuthenticatorSettings = Pick<Config, "personalDataKey" | "baseUrl">;

/** What enrolment shows: the secret to type and the URI the QR code carries. */
export interface Enrolment {
  secret: string;
  uri: string;
}

/** A code as typed, once its shape is known: an authenticator's six digits, or a recovery code. */
export interface TypedCode {
  kind: "totp" | "recovery";
  value: string;
}

/**
 * The code of a request, or a 400 at `field`: missing, or neither six digits nor (where allowed) a
 * recovery code. A slip of the keyboard cannot be right, so it is not counted as a guess.
 */
export function typedCode(code: string | undefined, field: string, recovery: boolean): TypedCode {
  const value = code?.trim() ?? "";
  if (value === "") throw new FieldsError([{ field, key: "account.problem.required" }]);
  if (isWellFormedCode(value)) return { kind: "totp", value };
  if (recovery && isWellFormedRecoveryCode(value)) return { kind: "recovery", value };
  throw new FieldsError([
    { field, key: recovery ? "account.mfa.problem.codeFormat" : "account.mfa.problem.totpFormat" },
  ]);
}

/**
 * Offers a new secret for enrolment, in place of any unconfirmed one. Refused (409) once the person has
 * a factor: an enrolled one is removed first, with the password and a code.
 */
export async function offerEnrolment(
  tx: Executor,
  deps: { config: AuthenticatorSettings },
  personId: string,
  now: Date,
): Promise<string> {
  const secret = newTotpSecret();
  const offered = await factorStore.offerSecret(
    tx,
    personId,
    encrypt(deps.config.personalDataKey, secret),
    now,
  );
  if (!offered) throw accountErrors.secondFactorExists();
  return secret;
}

/** The offered secret in clear, or undefined when none is offered (or it was under a replaced key). */
export function offeredSecret(key: Buffer, secretEnc: string | null): string | undefined {
  if (!secretEnc) return undefined;
  try {
    return decrypt(key, secretEnc);
  } catch (error) {
    if (error instanceof DecryptionError) return undefined;
    throw error;
  }
}

/** What an authenticator app scans; the account is named by the e-mail (or the masked ID number). */
export function enrolmentOf(
  settings: AuthenticatorSettings,
  secret: string,
  person: { email: string | null; id_number_masked: string },
): Enrolment {
  return { secret, uri: totpUri(secret, person.email ?? person.id_number_masked, settings.baseUrl) };
}

/** The time step of a right TOTP code for the offered secret (enrolment's first code), else undefined. */
export function firstCodeStep(secret: string, code: TypedCode, now: Date): Promise<number | undefined> {
  return code.kind === "totp" ? matchingStep(secret, code.value, null, now) : Promise.resolve(undefined);
}

/**
 * Spends a code of an enrolled factor: a TOTP code from a time step later than the last accepted, or an
 * unspent recovery code. False for a wrong, replayed or spent one; the update decides, so one code
 * cannot pass twice even in two requests at once.
 */
export async function spendCode(
  tx: Executor,
  key: Buffer,
  personId: string,
  factor: { secret_enc: string; last_step: number | null },
  code: TypedCode,
  now: Date,
): Promise<boolean> {
  if (code.kind === "recovery") {
    return factorStore.useRecoveryCode(tx, personId, recoveryCodeDigests(key, code.value), now);
  }
  const step = await matchingStep(decrypt(key, factor.secret_enc), code.value, factor.last_step, now);
  return step !== undefined && factorStore.acceptStep(tx, personId, step);
}

/** A fresh set of recovery codes, in clear for showing once; only their keyed digests are stored. */
export async function issueRecoveryCodes(tx: Executor, key: Buffer, personId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await factorStore.replaceRecoveryCodes(
    tx,
    personId,
    codes.map((code) => recoveryCodeDigest(key, code)),
  );
  return codes;
}
