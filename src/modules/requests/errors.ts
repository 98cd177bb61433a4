import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const requestErrors = {
  anonymousNotAllowed: (category: string) =>
    new AppError(
      "request_anonymous_not_allowed",
      422,
      `Requests of category ${category} cannot be anonymous: give a phone number or an e-mail address (or sign in) so the department can reach you`,
      { params: { category } },
    ),
  noRoute: () =>
    new AppError(
      "request_no_route",
      422,
      "No 12345 centre takes requests for this place yet: choose the county or township it lies in, or call 12345",
    ),
  /** A step the request's state does not allow now; `allowed` lists what it does. */
  notNow: (action: string, state: string, allowed: string[]) =>
    new AppError("request_not_now", 409, `A request that is ${state} cannot be ${action} now`, {
      allowed,
      params: { action, state },
    }),
  reopenPeriodOver: () =>
    new AppError(
      "request_reopen_period_over",
      409,
      "The period for reopening this request is over: file a new request, quoting its number",
    ),
  categoryExists: (code: string) =>
    new AppError(
      "request_category_exists",
      409,
      `A category with the code ${code} exists already: choose another code, or change that category`,
      { params: { code } },
    ),
  sameDepartment: () =>
    new AppError("request_same_department", 422, "The request is with this department already"),
};
