import { randomInt, randomUUID } from "node:crypto";
import { blindIndex, decrypt, encrypt, isBlindIndexOf } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { translator } from "../../platform/i18n/index.ts";
import { maskMobile } from "../../platform/personal-data.ts";
import type { Actor } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { queueNotification } from "../notify/service.ts";
import { confirmHolder, ownAccount } from "./credentials.ts";
import { accountErrors, FieldsError } from "./errors.ts";
import * as mobileStore from "./mobile-store.ts";
import { type AccountDeps, getProfile, type Origin, type Profile } from "./service.ts";
import * as store from "./store.ts";
import * as check from "./validate.ts";

/**
 * A code to a new mobile number: six digits, for ten minutes, five tries; three codes an hour for one
 * account at most, so a stolen session cannot flood someone's phone. The same numbers as a mandate's
 * consent code, which goes to this very number.
 */
export const MOBILE_CODE_MINUTES = 10;
export const MOBILE_CODE_TRIES = 5;
export const MOBILE_CODES_PER_HOUR = 3;

/** The number a code was sent to, masked, and until when the code works. */
export interface MobileCodeSent {
  sentTo: string;
  expiresAt: Date;
}

function codeHash(key: Buffer, changeId: string, code: string): string {
  return blindIndex(key, `person.mobile_code:${changeId}`, code);
}

/** Under any key of the ring: a code sent just before a key rotation still works. */
function isCode(key: Buffer, changeId: string, code: string, stored: string): boolean {
  return isBlindIndexOf(key, `person.mobile_code:${changeId}`, code, stored);
}

/**
 * A person asks to change their mobile number — where mandate consent codes and locker pick-up codes
 * go — giving their password (see `confirmHolder`). A code goes by text message to the new number;
 * the number changes only when the code comes back (`confirmMobileChange`). A new request ends the
 * code of an earlier one.
 */
export async function requestMobileChange(
  db: Db,
  deps: AccountDeps,
  actor: Actor,
  personId: string,
  input: { mobile?: string | undefined; password?: string | undefined },
  sessionToken: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<MobileCodeSent> {
  const person = await ownAccount(db, actor, personId);
  const issues: check.Issues = [];
  const mobile = check.mobile(issues, "/mobile", input.mobile);
  if (!input.mobile?.trim()) issues.push({ field: "/mobile", key: "account.problem.required" });
  else if (mobile && mobile === person.mobile) {
    issues.push({ field: "/mobile", key: "account.problem.mobileSame" });
  }
  const password = input.password ?? "";
  if (person.password_hash && password === "") {
    issues.push({ field: "/password", key: "account.problem.required" });
  }
  if (issues.length > 0 || !mobile) throw new FieldsError(issues);

  // Before the password is checked, so a request that could not be sent costs no try.
  const hour = 3_600_000;
  const sent = await mobileStore.mobileCodesSince(db, person.id, new Date(now.getTime() - hour));
  const oldest = sent[0];
  if (oldest && sent.length >= MOBILE_CODES_PER_HOUR) {
    throw accountErrors.mobileCodeLimit(
      Math.max(1, Math.ceil((oldest.getTime() + hour - now.getTime()) / 1000)),
    );
  }
  await confirmHolder(db, deps, person, password, sessionToken, origin, now);

  const key = deps.config.personalDataKey;
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + MOBILE_CODE_MINUTES * 60_000);
  const sentTo = maskMobile(mobile);
  await db.transaction().execute(async (tx) => {
    await mobileStore.expireMobileChanges(tx, person.id, now);
    await mobileStore.insertMobileChange(tx, {
      id,
      personId: person.id,
      mobileEnc: encrypt(key, mobile),
      codeHash: codeHash(key, id, code),
      createdAt: now,
      expiresAt,
    });
    await queueNotification(tx, deps.jobs, {
      channel: "sms",
      recipient: mobile,
      template: "one_time_code",
      locale: origin.locale,
      params: {
        code,
        purpose: translator(origin.locale)("account.mobile.purpose"),
        minutes: MOBILE_CODE_MINUTES,
      },
    });
    await recordAudit(tx, {
      actorKind: "person",
      actorId: person.id,
      action: "person.mobile_change_requested",
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      requestId: origin.requestId ?? null,
      details: { sentTo },
    });
  });
  return { sentTo, expiresAt };
}

/** The change waiting for its code, for the account page to ask for it; none once used or run out. */
export async function pendingMobileChange(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  actor: Actor,
  personId: string,
  now = new Date(),
): Promise<MobileCodeSent | undefined> {
  const person = await ownAccount(db, actor, personId);
  const row = await mobileStore.findNewestMobileChange(db, person.id);
  if (!row || row.used_at || row.expires_at <= now || row.attempts >= MOBILE_CODE_TRIES) return undefined;
  return {
    sentTo: maskMobile(decrypt(deps.config.personalDataKey, row.mobile_enc)),
    expiresAt: row.expires_at,
  };
}

/**
 * The person enters the code sent to their new number, which then becomes theirs. A wrong code counts a
 * try; after MOBILE_CODE_TRIES wrong ones the code stops working and a new one must be asked for. An
 * expired code, or none waiting, is refused with what to do.
 */
export async function confirmMobileChange(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  actor: Actor,
  personId: string,
  code: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<Profile> {
  const person = await ownAccount(db, actor, personId);
  const given = code?.trim() ?? "";
  if (!given) throw new FieldsError([{ field: "/code", key: "account.problem.required" }]);
  const key = deps.config.personalDataKey;
  // A refusal is returned rather than thrown, so the counted try commits with it.
  const refusal = await db.transaction().execute(async (tx) => {
    const row = await mobileStore.lockNewestMobileChange(tx, person.id);
    if (!row || row.used_at) return accountErrors.noMobileChange();
    if (row.attempts >= MOBILE_CODE_TRIES) return accountErrors.mobileCodeTries();
    if (row.expires_at <= now) return accountErrors.mobileCodeExpired();
    const audit = {
      actorKind: "person" as const,
      actorId: person.id,
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      requestId: origin.requestId ?? null,
    };
    if (!isCode(key, row.id, given, row.code_hash)) {
      const tries = await mobileStore.countWrongMobileCode(tx, row.id);
      if (tries < MOBILE_CODE_TRIES) return accountErrors.mobileCodeWrong(MOBILE_CODE_TRIES - tries);
      await recordAudit(tx, { ...audit, action: "person.mobile_change_failed", details: { tries } });
      return accountErrors.mobileCodeTries();
    }
    const mobile = decrypt(key, row.mobile_enc);
    await mobileStore.useMobileChange(tx, row.id, now);
    await store.updateContact(tx, person.id, { mobile });
    await recordAudit(tx, {
      ...audit,
      action: "person.mobile_changed",
      details: { from: person.mobile ? maskMobile(person.mobile) : null, to: maskMobile(mobile) },
    });
    return undefined;
  });
  if (refusal) throw refusal;
  return getProfile(db, actor, person.id);
}

/**
 * A person removes their mobile number, giving their password as for a change: no consent or pick-up
 * code can reach them by text message after. A code waiting for a new number ends too. Without a number
 * there is nothing to remove, and nothing is asked.
 */
export async function removeMobile(
  db: Db,
  deps: Pick<AccountDeps, "config">,
  actor: Actor,
  personId: string,
  password: string | undefined,
  sessionToken: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<Profile> {
  const person = await ownAccount(db, actor, personId);
  if (person.mobile) {
    if (person.password_hash && !password) {
      throw new FieldsError([{ field: "/password", key: "account.problem.required" }]);
    }
    await confirmHolder(db, deps, person, password ?? "", sessionToken, origin, now);
    const removed = person.mobile;
    await db.transaction().execute(async (tx) => {
      await mobileStore.expireMobileChanges(tx, person.id, now);
      await store.updateContact(tx, person.id, { mobile: null });
      await recordAudit(tx, {
        actorKind: "person",
        actorId: person.id,
        action: "person.mobile_removed",
        subjectKind: "person",
        subjectId: person.id,
        personId: person.id,
        requestId: origin.requestId ?? null,
        details: { from: maskMobile(removed) },
      });
    });
  }
  return getProfile(db, actor, person.id);
}
