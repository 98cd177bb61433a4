import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const calendarErrors = {
  overrideExists: (regionCode: string, day: string) =>
    new AppError(
      "calendar_override_exists",
      409,
      `Region ${regionCode} already has an override on ${day}: remove it first to change it`,
      { params: { region: regionCode, day } },
    ),
};
