import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const catalogErrors = {
  itemExists: (code: string) =>
    new AppError("catalog_item_exists", 409, `The item code ${code} is taken: choose another`, {
      params: { code },
    }),
  noDraft: () =>
    new AppError("catalog_no_draft", 409, "The item has no draft to publish: edit it first to make one", {
      allowed: ["edit", "retire"],
    }),
  retired: () =>
    new AppError("catalog_retired", 409, "The item is retired: it can no longer be changed or offered", {
      allowed: [],
    }),
  notPublished: () =>
    new AppError("catalog_not_published", 409, "The item is not published yet and cannot be offered", {
      allowed: ["edit", "publish"],
    }),
  openCases: (count: number) =>
    new AppError(
      "catalog_open_cases",
      409,
      `The item still has ${count} open cases and cannot be retired: retire it once they are closed`,
      { params: { count }, allowed: ["edit", "publish"] },
    ),
  offeringExists: () =>
    new AppError("offering_exists", 409, "This department already offers the item in this region"),
  notOffered: () =>
    new AppError(
      "catalog_not_offered",
      410,
      "This service is no longer offered here: look for where it is offered now on its guide page",
    ),
  offeringContradicts: (reason: string) =>
    new AppError("offering_contradicts", 409, `The offering contradicts its item: ${reason}`, {
      params: { reason },
    }),
};
