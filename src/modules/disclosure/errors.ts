import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const disclosureErrors = {
  /** 文号 name one document of a department: a second use is a mistake to correct, not to keep. */
  documentNumberUsed: (documentNumber: string) =>
    new AppError(
      "disclosure_document_number_used",
      409,
      `The department has already published a document numbered ${documentNumber}: correct that one, or check the number`,
      { params: { documentNumber } },
    ),
  withdrawn: () =>
    new AppError(
      "disclosure_withdrawn",
      409,
      "The publication was withdrawn: it keeps its index number and can no longer be changed",
    ),
  /** An interpretation explains a policy; a link from anything else to a policy, or to none, is refused. */
  badLink: (field: string, message: string) =>
    new AppError("validation_failed", 400, "Some fields are not valid", { fields: [{ field, message }] }),
  answered: () =>
    new AppError(
      "disclosure_answered",
      409,
      "This request has been answered already: one answer per request",
    ),
  notARequest: () =>
    new AppError(
      "disclosure_not_a_request",
      409,
      "This case is not a disclosure request (依申请公开): answer it on the case's own page",
    ),
  notAtDecision: (state: string) =>
    new AppError(
      "disclosure_not_at_decision",
      409,
      `The request is not waiting for its answer (it is at ${state}): accept it at intake and finish the review first`,
      { params: { state } },
    ),
  activeAttachment: () =>
    new AppError(
      "disclosure_attachment_active",
      422,
      "The PDF can run scripts or carries other files: print it to a plain PDF and attach that",
    ),
};
