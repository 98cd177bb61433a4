import { AppError, errors } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const licenceErrors = {
  notFound: () => errors.notFound("licence"),
  /** Revocation is final: nothing more can be done to a revoked licence. */
  revoked: () =>
    new AppError(
      "licence_revoked",
      409,
      "This licence has already been revoked: nothing more can be done to it",
      {
        allowed: [],
      },
    ),
};
