import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const exchangeErrors = {
  purposeRequired: () =>
    new AppError(
      "exchange_purpose_required",
      403,
      "A registry is read only for a purpose: name the case and its material, or your department's agreement and why you need the record",
    ),
  outsideAgreement: (reason: string) =>
    new AppError(
      "exchange_outside_agreement",
      403,
      `This read is outside what your department may read: ${reason}. Ask the registry's steward for an agreement that covers it`,
      { params: { reason } },
    ),
  agreementDecided: (status: string) =>
    new AppError("exchange_agreement_decided", 409, `The agreement is ${status} already: reload it`, {
      allowed: [],
      params: { status },
    }),
  recordExists: () =>
    new AppError(
      "exchange_record_exists",
      409,
      "A live record holds this key already: publish without onlyNew to write its next version",
      { allowed: [] },
    ),
};
