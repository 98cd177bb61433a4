import { AppError, type FieldProblem } from "../../platform/errors.ts";
import { type MessageKey, translator } from "../../platform/i18n/index.ts";

/** One field's problem, as a message key so pages can say it in the reader's language. */
export interface FieldIssue {
  field: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

const english = translator("en");

/**
 * `validation_failed` listing every field at once. The API answers with the English messages (like
 * schema errors); pages read `issues` and translate them.
 */
export class FieldsError extends AppError {
  constructor(readonly issues: FieldIssue[]) {
    super("validation_failed", 400, "Some fields are not valid", {
      fields: issues.map((i): FieldProblem => ({ field: i.field, message: english(i.key, i.params) })),
    });
  }
}

export function isFieldsError(error: unknown): error is FieldsError {
  return error instanceof FieldsError;
}

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const accountErrors = {
  accountExists: () =>
    new AppError(
      "account_exists",
      409,
      "An account with this ID number or e-mail already exists: sign in, or reset the password if it is forgotten",
    ),
  creditCodeTaken: () =>
    new AppError(
      "organisation_exists",
      409,
      "An organisation with this unified social credit code is already registered",
    ),
  linkInvalid: () =>
    new AppError("link_invalid", 400, "This link is not valid: check that it was copied whole"),
  linkUsed: () => new AppError("link_used", 410, "This link has already been used"),
  linkExpired: () => new AppError("link_expired", 410, "This link has expired: ask for a new one"),
  noPassword: () =>
    new AppError(
      "no_password",
      409,
      "This account has no password: it signs in through the province's identity platform. To add one, ask for a password reset link to the account's e-mail address",
    ),
  recentSignInNeeded: (minutes: number) =>
    new AppError(
      "recent_signin_needed",
      403,
      `This account has no password to confirm the change with: sign in again through the identity platform, then make the change within ${minutes} minutes`,
      { params: { minutes } },
    ),
  mobileCodeLimit: (retryAfterSeconds: number) =>
    new AppError(
      "mobile_code_limit",
      429,
      "Too many codes have been sent for this account in the last hour: try again later",
      { retryAfterSeconds, params: { minutes: Math.ceil(retryAfterSeconds / 60) } },
    ),
  noMobileChange: () =>
    new AppError(
      "mobile_change_none",
      409,
      "No change of mobile number is waiting for a code: ask for a code to the new number first",
    ),
  mobileCodeWrong: (left: number) =>
    new AppError("mobile_code_wrong", 400, `The code is wrong: ${left} tries left`, { params: { left } }),
  mobileCodeExpired: () =>
    new AppError("mobile_code_expired", 410, "The code has expired: ask for a new one"),
  secondFactorExists: () =>
    new AppError(
      "mfa_already_enrolled",
      409,
      "This account already has an authenticator: remove it (with the password and a code) before setting up another",
    ),
  secondFactorNone: () =>
    new AppError("mfa_not_enrolled", 409, "This account has no authenticator to confirm sign-in with"),
  enrolmentNone: (minutes: number) =>
    new AppError(
      "mfa_enrolment_none",
      409,
      `No authenticator is waiting to be confirmed (it must be confirmed within ${minutes} minutes): start setting it up again`,
      { params: { minutes } },
    ),
  mobileCodeTries: () =>
    new AppError(
      "mobile_code_tries",
      409,
      "The code was entered wrongly too many times and no longer works: ask for a new one",
    ),
};
