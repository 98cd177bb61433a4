import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const pointErrors = {
  /** Only the agents named at a point work there. */
  notAnAgent: () =>
    new AppError(
      "point_not_agent",
      403,
      "You are not an agent of this service point: the township names its agents",
    ),
  /** A point serves the people of its own village or township. */
  outsideArea: () =>
    new AppError(
      "point_outside_area",
      403,
      "The person does not live in this service point's area: they apply at their own village's point or at a hall",
    ),
  noAccount: () =>
    new AppError(
      "point_no_account",
      422,
      "No account has this ID number: the person signs up first (or a window of the hall registers them)",
    ),
  /** Acting for someone needs their consent: a signature now, or a mandate they gave before. */
  noMandate: () =>
    new AppError(
      "point_no_mandate",
      403,
      "The person has not authorized you: have them sign on the tablet, or ask for a mandate by a code to their phone",
    ),
  notAPoint: () => new AppError("point_not_a_point", 404, "This site is a hall, not a service point"),
};
