import { AppError } from "../../platform/errors.ts";

/** The errors of window intake; each code's words are `error.<code>` in intake-messages.ts. */
export const intakeErrors = {
  passInvalid: () =>
    new AppError(
      "intake_pass_invalid",
      403,
      "Find the person first, by their full ID number: this intake pass is missing, expired or another clerk's",
    ),
  /** 跨域通办 hands a case to a region that offers the item: the clerk learns at once that this one does not. */
  notOfferedThere: (item: string, region: string) =>
    new AppError(
      "intake_not_offered_there",
      422,
      `${region} does not offer item ${item}, nor does any region above it: it cannot be handled there. Take it in for the region that offers it, or tell the person where it is offered`,
      { params: { item, region } },
    ),
};
