import { AppError } from "../../platform/errors.ts";

/** The errors of window intake; each code's words are `error.<code>` in intake-messages.ts. */
export const intakeErrors = {
  passInvalid: () =>
    new AppError(
      "intake_pass_invalid",
      403,
      "Find the person first, by their full ID number: this intake pass is missing, expired or another clerk's",
    ),
};
