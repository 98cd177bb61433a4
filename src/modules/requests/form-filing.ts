import type { Db } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError, isFieldsError } from "../applicants/errors.ts";
import { checkAttachments, checkFiling, type FilingDeps, type FilingInput, fileRequest } from "./filing.ts";

/** A refused attachment as the file field's problem, in the words the file store uses for it. */
function attachmentIssue(error: unknown): FieldIssue {
  if (isFieldsError(error)) return { ...(error.issues[0] as FieldIssue), field: "/attachments" };
  if (!isAppError(error) || error.status >= 500) throw error;
  const issue: FieldIssue = { field: "/attachments", key: `error.${error.code}` as MessageKey };
  return error.extra.params ? { ...issue, params: error.extra.params } : issue;
}

/**
 * Files a request from the web form. A refused attachment is named beside the file field together with
 * every other field's problem, so the person mends everything in one go; the API answers a refused file
 * with the file store's own status (413, 415) instead.
 */
export async function fileFromForm(db: Db, deps: FilingDeps, actor: Actor, input: FilingInput) {
  try {
    await checkAttachments(db, deps, actor, input.attachments ?? []);
  } catch (error) {
    const issue = attachmentIssue(error);
    const others = await checkFiling(db, input).then(
      () => [],
      (problem: unknown) => {
        if (isFieldsError(problem)) return problem.issues;
        throw problem;
      },
    );
    throw new FieldsError([...others, issue]);
  }
  return fileRequest(db, deps, actor, input);
}
