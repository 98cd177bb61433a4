import { AppError, errors } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const bundleErrors = {
  notFound: () => errors.notFound("bundle"),
  applicationNotFound: () => errors.notFound("bundle application"),
  /** The same Idempotency-Key with a different request: a mistake of the client, never replayed. */
  idempotencyMismatch: () =>
    new AppError(
      "bundle_idempotency_mismatch",
      422,
      "This Idempotency-Key was used for a different bundle submission: use a new key for a new submission",
    ),
};
