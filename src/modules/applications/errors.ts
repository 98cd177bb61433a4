import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const applicationErrors = {
  notEditable: (allowed: string[]) =>
    new AppError(
      "application_not_editable",
      409,
      "This application was submitted and can be changed only when the department asks for a supplement",
      { allowed },
    ),
  unknownMaterial: (key: string) =>
    new AppError("application_unknown_material", 404, `The service asks for no material called ${key}`, {
      params: { key },
    }),
  commitmentNotAllowed: () =>
    new AppError(
      "application_commitment_not_allowed",
      409,
      "This service does not take a signed commitment in place of materials: upload them instead",
    ),
  wrongAudience: (audience: string) =>
    new AppError(
      "application_wrong_audience",
      400,
      `This service is not for ${audience === "person" ? "individuals" : "organisations"}: check the guide for who may apply`,
      { params: { audience } },
    ),
  noSupplementPending: () =>
    new AppError(
      "application_no_supplement",
      409,
      "The department has not asked for anything more: there is nothing to resubmit",
      { allowed: [] },
    ),
};
