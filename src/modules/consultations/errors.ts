import { AppError } from "../../platform/errors.ts";

export { type FieldIssue, FieldsError, isFieldsError } from "../applicants/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const consultationErrors = {
  /** Comments are taken only within the open period; the answer says when it ended. */
  closed: (closesAt: Date) =>
    new AppError(
      "consultation_closed",
      409,
      `The period for comments closed at ${closesAt.toISOString()}: send nothing more here`,
      { params: { closesAt: closesAt.toISOString() }, allowed: [] },
    ),
  notYetOpen: (opensAt: Date) =>
    new AppError(
      "consultation_not_open",
      409,
      `The period for comments opens at ${opensAt.toISOString()}: come back then`,
      { params: { opensAt: opensAt.toISOString() }, allowed: [] },
    ),
  /** A published draft is what the public commented on: it no longer changes. */
  notDraft: (allowed: string[]) =>
    new AppError(
      "consultation_not_draft",
      409,
      "The consultation is published: its draft and period no longer change",
      { allowed },
    ),
  stillOpen: (closesAt: Date, allowed: string[]) =>
    new AppError(
      "consultation_still_open",
      409,
      `The feedback summary comes after the period closes at ${closesAt.toISOString()}`,
      { params: { closesAt: closesAt.toISOString() }, allowed },
    ),
  summarised: () =>
    new AppError(
      "consultation_summarised",
      409,
      "The feedback summary is published already: it is published once and not changed",
      { allowed: [] },
    ),
  /** Every comment shown deserves an answer: a summary of none while comments exist is refused. */
  summaryEmpty: () =>
    new AppError(
      "consultation_summary_empty",
      409,
      "The summary has no points yet: add a point for the comments received, then publish",
      { allowed: ["addPoint"] },
    ),
  /** A hidden comment stays hidden; hiding it again would only overwrite who did it and why. */
  alreadyHidden: () =>
    new AppError("consultation_comment_hidden", 409, "This comment is hidden already", { allowed: [] }),
};
