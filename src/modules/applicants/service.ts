import { hashPassword } from "../../platform/auth/passwords.ts";
import { unlockAccount } from "../../platform/auth/signin-guard.ts";
import { hashToken, newToken } from "../../platform/auth/tokens.ts";
import type { Config, Locale } from "../../platform/config.ts";
import { blindIndex, blindIndexes, decrypt, encrypt } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { checkIdNumber, maskIdNumber, maskMobile } from "../../platform/personal-data.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { queueNotification } from "../notify/service.ts";
import { accountErrors, FieldsError } from "./errors.ts";
import { insertProvidedPerson } from "./oidc-store.ts";
import * as store from "./store.ts";
import type { AccountTokenRow, TokenPurpose } from "./tables.ts";
import * as check from "./validate.ts";

export const VERIFY_EMAIL_HOURS = 24;
export const RESET_PASSWORD_MINUTES = 60;
export const ID_NUMBER_INDEX = "person.id_number";

/** What account services need besides the database. */
export interface AccountDeps {
  config: Pick<Config, "baseUrl" | "personalDataKey" | "signIn" | "requirePeopleMfa">;
  jobs: Jobs;
}

/** The request an action came from: the language of any e-mail it sends, the id the audit keeps. */
export interface Origin {
  locale: Locale;
  requestId?: string;
  /** The browser's User-Agent, described coarsely on the session a sign-in opens. */
  userAgent?: string | undefined;
  /** The client address as the trusted proxies give it (`request.ip`): sign-in failures count by it. */
  address?: string | undefined;
}

export interface SignUpInput {
  name?: string;
  idNumber?: string;
  email?: string;
  mobile?: string | null;
  password?: string;
  addressRegionCode?: string | null;
}

export interface Profile {
  id: string;
  name: string;
  idNumberMasked: string;
  email: string | null;
  emailVerified: boolean;
  mobileMasked: string | null;
  addressRegion: { code: string; name: string } | null;
}

export function idNumberIndex(key: Buffer, idNumber: string): string {
  return blindIndex(key, ID_NUMBER_INDEX, idNumber);
}

/** Every index an account of this ID number may be stored under until `tongban keys rotate` has run. */
export function idNumberIndexes(key: Buffer, idNumber: string): string[] {
  return blindIndexes(key, ID_NUMBER_INDEX, idNumber);
}

/**
 * Opens an account. Every problem with the input is reported at once; an ID number or e-mail that
 * already has an account is a 409 pointing to sign-in and password reset. The e-mail to confirm the
 * address is queued in the same transaction, so it goes out exactly when the account exists.
 */
export async function signUp(
  db: Db,
  deps: AccountDeps,
  input: SignUpInput,
  origin: Origin,
  now = new Date(),
): Promise<{ personId: string }> {
  const issues: check.Issues = [];
  const name = check.requiredText(issues, "/name", input.name, 100);
  const idNumber = check.idNumber(issues, "/idNumber", input.idNumber, now);
  const email = check.email(issues, "/email", input.email);
  const mobile = check.mobile(issues, "/mobile", input.mobile);
  const addressRegionCode = await check.region(
    db,
    issues,
    "/addressRegionCode",
    input.addressRegionCode,
    false,
  );
  const password = check.password(
    issues,
    "/password",
    input.password,
    check.identityParts({ idNumber, email, mobile }),
    await check.placeWordsOf(db, addressRegionCode),
  );
  if (issues.length > 0) throw new FieldsError(issues);

  const key = deps.config.personalDataKey;
  const idIndex = idNumberIndex(key, idNumber);
  if (await store.personTaken(db, idNumberIndexes(key, idNumber), email)) throw accountErrors.accountExists();
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction().execute(async (tx) => {
      const personId = await store.insertPerson(tx, {
        name,
        idNumberEnc: encrypt(key, idNumber),
        idNumberIndex: idIndex,
        idNumberMasked: maskIdNumber(idNumber),
        email,
        mobile,
        addressRegionCode,
        passwordHash,
      });
      const token = await issueToken(tx, "verify_email", personId, VERIFY_EMAIL_HOURS * 60, now);
      await queueNotification(tx, deps.jobs, {
        channel: "email",
        recipient: email,
        template: "account.verify_email",
        locale: origin.locale,
        params: { name, link: `${deps.config.baseUrl}/account/verify?token=${token}` },
      });
      await recordAudit(tx, {
        actorKind: "person",
        actorId: personId,
        action: "person.signed_up",
        subjectKind: "person",
        subjectId: personId,
        personId,
        requestId: origin.requestId ?? null,
      });
      return { personId };
    });
  } catch (error) {
    // Another sign-up with the same ID number or e-mail committed between the check and the insert.
    if (store.isUniqueViolation(error)) throw accountErrors.accountExists();
    throw error;
  }
}

async function issueToken(
  tx: Executor,
  purpose: TokenPurpose,
  personId: string,
  minutes: number,
  now: Date,
): Promise<string> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  await store.insertToken(tx, { purpose, tokenHash: hashToken(token), personId, expiresAt });
  return token;
}

/** A link that can still be used, or the reason it cannot. */
async function liveToken(
  db: Executor,
  purpose: TokenPurpose,
  token: string,
  now: Date,
): Promise<AccountTokenRow> {
  const row = token ? await store.findToken(db, purpose, hashToken(token)) : undefined;
  if (!row) throw accountErrors.linkInvalid();
  if (row.used_at) throw accountErrors.linkUsed();
  if (row.expires_at <= now) throw accountErrors.linkExpired();
  return row;
}

/** Sends a fresh confirmation link to the person's own unconfirmed address; earlier links stop working. */
export async function resendVerification(
  db: Db,
  deps: AccountDeps,
  actor: Actor,
  personId: string,
  origin: Origin,
  now = new Date(),
): Promise<void> {
  authorize(actor, "account.update", { personId });
  const person = await store.findPersonById(db, personId);
  if (!person) throw errors.notFound("account");
  const address = person.email;
  if (!address || person.email_verified_at) return;
  await db.transaction().execute(async (tx) => {
    await store.expireTokens(tx, person.id, "verify_email", now);
    const token = await issueToken(tx, "verify_email", person.id, VERIFY_EMAIL_HOURS * 60, now);
    await queueNotification(tx, deps.jobs, {
      channel: "email",
      recipient: address,
      template: "account.verify_email",
      locale: origin.locale,
      params: { name: person.name, link: `${deps.config.baseUrl}/account/verify?token=${token}` },
    });
  });
}

/** Confirms the e-mail address through the link sent at sign-up; each link works once. */
export async function verifyEmail(db: Db, token: string, now = new Date()): Promise<void> {
  const row = await liveToken(db, "verify_email", token, now);
  await db.transaction().execute(async (tx) => {
    if (!(await store.useToken(tx, row.id, now))) throw accountErrors.linkUsed();
    await store.markEmailVerified(tx, row.person_id, now);
  });
}

/**
 * Sends a link to choose a new password when an account has this e-mail, and does nothing otherwise:
 * the caller answers the same either way, so nobody learns which addresses have accounts. A new link
 * ends the earlier ones.
 */
export async function requestPasswordReset(
  db: Db,
  deps: AccountDeps,
  email: string,
  origin: Origin,
  now = new Date(),
): Promise<void> {
  const person = email.trim() ? await store.findPersonByEmail(db, email.trim()) : undefined;
  if (!person?.email) return;
  const address = person.email;
  await db.transaction().execute(async (tx) => {
    await store.expireTokens(tx, person.id, "reset_password", now);
    const token = await issueToken(tx, "reset_password", person.id, RESET_PASSWORD_MINUTES, now);
    await queueNotification(tx, deps.jobs, {
      channel: "email",
      recipient: address,
      template: "account.reset_password",
      locale: origin.locale,
      params: {
        name: person.name,
        link: `${deps.config.baseUrl}/account/reset?token=${token}`,
        minutes: RESET_PASSWORD_MINUTES,
      },
    });
  });
}

/**
 * Sets a new password through a reset link (once). It ends every session of the person and any
 * lockout, and confirms the e-mail address, which the link has just proved.
 */
export async function completePasswordReset(
  db: Db,
  deps: AccountDeps,
  input: { token: string; password: string },
  origin: Origin,
  now = new Date(),
): Promise<{ personId: string }> {
  const row = await liveToken(db, "reset_password", input.token, now);
  const person = await store.findPersonById(db, row.person_id);
  if (!person) throw accountErrors.linkInvalid();
  const issues: check.Issues = [];
  const idNumber = decrypt(deps.config.personalDataKey, person.id_number_enc);
  check.password(
    issues,
    "/password",
    input.password,
    check.identityParts({ ...person, idNumber }),
    await check.placeWordsOf(db, person.address_region_code),
  );
  if (issues.length > 0) throw new FieldsError(issues);
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (tx) => {
    if (!(await store.useToken(tx, row.id, now))) throw accountErrors.linkUsed();
    await store.setPassword(tx, person.id, passwordHash);
    await unlockAccount(tx, { kind: "person", id: person.id });
    await store.deleteSessionsOf(tx, person.id);
    await store.markEmailVerified(tx, person.id, now);
    await recordAudit(tx, {
      actorKind: "person",
      actorId: person.id,
      action: "person.password_reset",
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      requestId: origin.requestId ?? null,
    });
  });
  return { personId: person.id };
}

/** A person's own profile; the ID number only masked. Anyone else's does not exist (404). */
export async function getProfile(db: Executor, actor: Actor, personId: string): Promise<Profile> {
  authorize(actor, "account.read", { personId });
  return getProfileRow(db, personId);
}

/** The profile of a person, for callers that have decided who may read it and recorded why. */
export async function getProfileRow(db: Executor, personId: string): Promise<Profile> {
  const row = await store.findProfile(db, personId);
  if (!row) throw errors.notFound("account");
  return {
    id: row.id,
    name: row.name,
    idNumberMasked: row.id_number_masked,
    email: row.email,
    emailVerified: row.email_verified_at !== null,
    mobileMasked: row.mobile ? maskMobile(row.mobile) : null,
    addressRegion:
      row.address_region_code && row.address_region_name
        ? { code: row.address_region_code, name: row.address_region_name }
        : null,
  };
}

/**
 * Changes the address region; null (or blank) clears it. Name and ID number are fixed: they identify
 * the person. The mobile number is not changed here: codes that act for the person go to it, so it
 * changes only with the password and a code sent to the new number (mobile.ts), and a caller still
 * sending it is told so rather than ignored.
 */
export async function updateProfile(
  db: Db,
  actor: Actor,
  personId: string,
  change: { mobile?: string | null; addressRegionCode?: string | null },
): Promise<Profile> {
  authorize(actor, "account.update", { personId });
  const issues: check.Issues = [];
  if (change.mobile !== undefined) issues.push({ field: "/mobile", key: "account.problem.mobileByCode" });
  const addressRegionCode =
    change.addressRegionCode === undefined
      ? undefined
      : await check.region(db, issues, "/addressRegionCode", change.addressRegionCode, false);
  if (issues.length > 0) throw new FieldsError(issues);
  if (addressRegionCode !== undefined) await store.updateContact(db, personId, { addressRegionCode });
  return getProfile(db, actor, personId);
}

/**
 * An account opened for someone in person — at a window, from their resident ID card — with no password
 * and no e-mail: the case reaches them on their mobile, and they claim the account by signing in through
 * the identity platform, which links the account holding their verified ID number. The ID number was
 * checked by the caller; runs in the caller's transaction, which records why.
 */
export async function registerInPerson(
  tx: Executor,
  key: Buffer,
  person: { name: string; idNumber: string; mobile: string },
): Promise<string> {
  return insertProvidedPerson(tx, {
    name: person.name,
    idNumberEnc: encrypt(key, person.idNumber),
    idNumberIndex: idNumberIndex(key, person.idNumber),
    idNumberMasked: maskIdNumber(person.idNumber),
    email: null,
    emailVerifiedAt: null,
    mobile: person.mobile,
  });
}

/** The account an e-mail or an ID number names, if any. */
export async function findPersonByIdentifier(db: Executor, key: Buffer, identifier: string) {
  const value = identifier.trim();
  if (value.includes("@")) return store.findPersonByEmail(db, value);
  const checked = checkIdNumber(value);
  return checked.ok ? store.findPersonByIdIndex(db, idNumberIndexes(key, checked.value)) : undefined;
}

/** How to reach a person about their case: a verified e-mail address and the mobile number, in full. */
export interface Contact {
  personId: string;
  name: string;
  email: string | null;
  mobile: string | null;
  idNumberMasked: string;
  addressRegionCode: string | null;
  /** The ID number as stored (encrypted): for `identifyingTails`, never shown. */
  idNumberEnc: string;
}

/** For the case engine's notifications and progress checks; the caller has decided why it may. */
export async function contactOf(db: Executor, personId: string): Promise<Contact | undefined> {
  const row = await store.findContact(db, personId);
  return (
    row && {
      personId: row.id,
      name: row.name,
      email: row.email_verified_at ? row.email : null,
      mobile: row.mobile,
      idNumberMasked: row.id_number_masked,
      addressRegionCode: row.address_region_code,
      idNumberEnc: row.id_number_enc,
    }
  );
}

/**
 * The last 6 characters of a person's mobile number and ID number: what they can type, with a case
 * number, to follow the case without signing in. The caller keeps only keyed digests of them.
 */
export function identifyingTails(key: Buffer, contact: Contact): string[] {
  const tails = [decrypt(key, contact.idNumberEnc).slice(-6).toUpperCase()];
  if (contact.mobile) tails.push(contact.mobile.slice(-6));
  return tails;
}
