import { AppError, errors } from "../../platform/errors.ts";
import { ALLOWED, type MandateState } from "./state.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const mandateErrors = {
  /**
   * No mandate from this person to the caller: said the same whether or not the person has an account,
   * so an agent learns nothing about people who never chose them.
   */
  notFound: () => errors.notFound("mandate"),
  /** A mandate the caller holds or gave, in a state that does not allow what was asked (409). */
  notNow: (state: MandateState, params: { from?: string } = {}) => {
    const allowed = [...ALLOWED[state]];
    switch (state) {
      case "revoked":
        return new AppError(
          "mandate_revoked",
          409,
          "This mandate has been revoked: it can no longer be used",
          {
            allowed,
          },
        );
      case "expired":
        return new AppError(
          "mandate_expired",
          409,
          "This mandate has expired: the person can grant a new one",
          { allowed },
        );
      case "pending":
        return new AppError(
          "mandate_pending",
          409,
          "The person has not consented yet: enter the code sent to their mobile phone",
          { allowed },
        );
      case "scheduled":
        return new AppError(
          "mandate_not_started",
          409,
          `This mandate starts on ${params.from ?? "a later day"}`,
          {
            allowed,
            params: { from: params.from ?? "" },
          },
        );
      case "void":
        return new AppError(
          "mandate_void",
          409,
          "This request ended without consent (too many wrong codes, or the code ran out): make a new request",
          { allowed },
        );
      case "active":
        return new AppError("mandate_active", 409, "This mandate is already in force", { allowed });
    }
  },
  serviceNotCovered: (service: string) =>
    new AppError(
      "mandate_service_not_covered",
      403,
      `This mandate does not cover the service ${service}: the person can grant one that does`,
      { params: { service } },
    ),
  codeWrong: (left: number) =>
    new AppError("consent_code_wrong", 400, `The code is wrong: ${left} tries left`, { params: { left } }),
  codeExpired: () =>
    new AppError(
      "consent_code_expired",
      410,
      "The code has expired: make a new request, and a new code will be sent",
    ),
  codeUsed: () =>
    new AppError("consent_code_used", 410, "This code has already been used: the mandate is consented"),
  principalWithoutMobile: () =>
    new AppError(
      "principal_without_mobile",
      409,
      "This person has no mobile number in their account, so no code can be sent: they can grant the mandate online, or add a mobile number first",
    ),
  codeLimit: (retryAfterSeconds: number) =>
    new AppError(
      "consent_code_limit",
      429,
      "Too many codes have been sent to this person in the last hour: try again later",
      { retryAfterSeconds, params: { minutes: Math.ceil(retryAfterSeconds / 60) } },
    ),
};
