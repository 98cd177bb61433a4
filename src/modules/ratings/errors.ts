import { AppError, errors } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const ratingErrors = {
  /** One rating per subject and channel; what comes later is an addition (追评). */
  alreadyRated: () =>
    new AppError(
      "rating_exists",
      409,
      "This service was rated already on this channel: add to the rating (追评) instead",
      { allowed: ["add"] },
    ),
  notClosed: (state: string) =>
    new AppError(
      "rating_case_not_closed",
      409,
      "The case is not closed yet: it can be rated once it closes",
      {
        params: { state },
      },
    ),
  visitNotServed: () =>
    new AppError("rating_visit_not_served", 409, "The ticket was not served: only a served visit is rated"),
  /** A token that was used, never existed, or does not fit: the same answer, so nothing leaks. */
  tokenNotFound: () => errors.notFound("rating link"),
  /** A rectification step not allowed in its present state, with those that are. */
  step: (state: string, allowed: string[]) =>
    new AppError(
      "rectification_step_not_allowed",
      409,
      `This step is not allowed while the rectification is ${state}`,
      {
        allowed,
        params: { state },
      },
    ),
};
