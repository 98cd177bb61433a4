import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const caseErrors = {
  notAllowed: (action: string, state: string, allowed: string[]) =>
    new AppError(
      "case_action_not_allowed",
      409,
      `"${action}" cannot be done while the case is at ${state}: ${allowed.length > 0 ? `what can be done now is ${allowed.join(", ")}` : "nothing more can be done"}`,
      { allowed, params: { action, state } },
    ),
  staleTask: (allowed: string[]) =>
    new AppError(
      "case_task_stale",
      409,
      "Someone acted on this task since you loaded it: reload the case and look again",
      { allowed },
    ),
  taskClosed: () =>
    new AppError("case_task_closed", 409, "This task is finished already: reload your worklist", {
      allowed: [],
    }),
  assignedElsewhere: (allowed: string[]) =>
    new AppError(
      "case_task_assigned_elsewhere",
      409,
      "Another handler has claimed this task: ask them, or a supervisor, to transfer it to you",
      { allowed },
    ),
  notEligible: () =>
    new AppError(
      "case_assignee_not_eligible",
      400,
      "That staff member does not hold this task's role in its department: choose someone who does",
    ),
  noDepartment: (line: string, regionCode: string) =>
    new AppError(
      "case_no_department",
      409,
      `The region ${regionCode} has no department of the line ${line} to handle this service: the catalogue managers must fix the offering before it takes applications`,
      { params: { line, regionCode } },
    ),
  idempotencyMismatch: () =>
    new AppError(
      "idempotency_key_reused",
      422,
      "This Idempotency-Key was used for a different submission: use a new key for a new submission",
    ),
  lookupFailed: () =>
    new AppError(
      "case_lookup_failed",
      404,
      "No case matches this number and these details: check the case number on your receipt and the last 6 characters of the phone number or ID number",
    ),
};
