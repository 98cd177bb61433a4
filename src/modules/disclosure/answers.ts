import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import {
  actOnTask,
  type CaseView,
  type EngineDeps,
  getCase,
  loadCase,
  myWorklist,
} from "../cases/service.ts";
import { versionContent } from "../catalog/service.ts";
import * as store from "./answers-store.ts";
import { disclosureErrors } from "./errors.ts";
import type { AnswerRow, AnswerType } from "./tables.ts";

/**
 * Answering a disclosure request (依申请公开). The request is a case of a catalogue item under the
 * life event "information" (政府信息公开申请), run by the case engine on its item's 20 working days
 * (《政府信息公开条例》第三十三条). The answer types are article 36's: disclosed (予以公开), partly
 * disclosed (部分公开), not held (信息不存在), not disclosable (不予公开). Partly and not disclosable
 * must give their reason and legal ground (第三十六条第三、四项; the grounds of 第十四至十六条).
 *
 * The answer is recorded here, tied to the case, and the case moves by the engine's own decision in
 * the same transaction: granted for disclosed and partly disclosed (then delivered as any case),
 * refused for the others, with the reason — so the applicant's progress page and the clock say what
 * every other case says.
 */

export interface AnswerInput {
  answer: AnswerType;
  reason?: string | undefined;
  legalBasis?: string | undefined;
}

const REGULATION = "《中华人民共和国政府信息公开条例》";
/** The article-36 ground of the two answers that need none from staff. */
const DEFAULT_BASIS: Partial<Record<AnswerType, string>> = {
  disclosed: `${REGULATION}第三十六条第（二）项`,
  not_held: `${REGULATION}第三十六条第（五）项`,
};
const DEFAULT_REASON: Partial<Record<AnswerType, string>> = {
  disclosed: "所申请的政府信息予以公开。",
  not_held: "经检索，本机关未制作或者获取所申请的政府信息。",
};

const blank = (v: string | undefined) => v === undefined || v.trim() === "";

export function answerProblems(input: AnswerInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const needsGround = input.answer === "partly_disclosed" || input.answer === "not_disclosable";
  if (needsGround && blank(input.reason))
    problems.push({ field: "/reason", message: "is required for this answer: say what is withheld and why" });
  if (needsGround && blank(input.legalBasis))
    problems.push({
      field: "/legalBasis",
      message: "is required for this answer: the article that allows it",
    });
  return problems;
}

/** The case, when it is a disclosure request the actor may see; anything else is refused. */
async function requestCase(db: Executor, actor: Actor, caseIdOrNumber: string) {
  const row = await loadCase(db, actor, caseIdOrNumber);
  const content = await versionContent(db, row.item_id, row.item_version);
  if (!content.events.includes("information")) throw disclosureErrors.notARequest();
  return row;
}

export interface RequestView {
  caseView: CaseView;
  answer: AnswerRow | null;
  /** The open decision task, when the request waits for its answer. */
  decisionTaskId: string | null;
  mayAnswer: boolean;
}

/** A request with its answer, for whoever may see the case. */
export async function disclosureRequest(
  db: Executor,
  actor: Actor,
  caseIdOrNumber: string,
): Promise<RequestView> {
  const row = await requestCase(db, actor, caseIdOrNumber);
  const caseView = await getCase(db, actor, row.id);
  const task = (caseView.tasks ?? []).find((t) => t.stageKind === "decision" && t.status === "open");
  const answer = (await store.findAnswer(db, row.province_code, row.id)) ?? null;
  const mayAnswer =
    !answer &&
    task !== undefined &&
    row.state === "decision" &&
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        g.role === "approver" &&
        g.departmentId === task.department.id &&
        row.region_code.startsWith(g.jurisdictionCode),
    );
  return { caseView, answer, decisionTaskId: task?.id ?? null, mayAnswer };
}

export async function answerRequest(
  db: Db,
  deps: EngineDeps,
  actor: Actor,
  caseIdOrNumber: string,
  input: AnswerInput,
): Promise<AnswerRow> {
  const row = await requestCase(db, actor, caseIdOrNumber);
  const view = await getCase(db, actor, row.id);
  const decisions = (view.tasks ?? []).filter((t) => t.stageKind === "decision");
  const task = decisions.find((t) => t.status === "open");
  // Staff who see the case but not from the deciding department: to them the request is not there.
  authorize(actor, "disclosure.answer", {
    departmentId: (task ?? decisions[0])?.department.id ?? "none",
    regionCode: row.region_code,
  });
  if (actor.kind !== "staff") throw errors.forbidden();
  if (await store.findAnswer(db, row.province_code, row.id)) throw disclosureErrors.answered();
  if (!task || row.state !== "decision") throw disclosureErrors.notAtDecision(row.state);
  const problems = answerProblems(input);
  if (problems.length > 0) throw errors.validation(problems);
  const answer: AnswerRow = {
    province_code: row.province_code,
    case_id: row.id,
    region_code: row.region_code,
    department_id: task.department.id,
    answer: input.answer,
    reason: blank(input.reason) ? (DEFAULT_REASON[input.answer] ?? "") : (input.reason as string).trim(),
    legal_basis: blank(input.legalBasis)
      ? (DEFAULT_BASIS[input.answer] ?? "")
      : (input.legalBasis as string).trim(),
    answered_by: actor.id,
    answered_at: deps.now ?? new Date(),
  };
  const granted = input.answer === "disclosed" || input.answer === "partly_disclosed";
  await db.transaction().execute(async (tx) => {
    if (!(await store.insertAnswer(tx, answer))) throw disclosureErrors.answered();
    // The engine runs inside a transaction it is given (it checks `isTransaction`), so the answer and
    // the case's move commit together or not at all.
    await actOnTask(tx as unknown as Db, deps, actor, task.id, {
      action: granted ? "grant" : "deny",
      version: task.version,
      reason: answer.reason,
      legalBasis: answer.legal_basis,
    });
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.id,
      action: "disclosure.answer",
      subjectKind: "case",
      subjectId: row.id,
      caseId: row.id,
      regionCode: row.region_code,
      requestId: deps.requestId ?? null,
      details: { answer: input.answer },
    });
  });
  return answer;
}

export interface WaitingRequest {
  caseNumber: string;
  itemName: { zh: string; en: string };
  applicantName: string;
  dueAt: Date | null;
}

/**
 * The requests waiting for the approver's answer: the decision tasks of their worklist whose case is a
 * disclosure request, due first on top.
 */
export async function waitingRequests(db: Executor, actor: Actor): Promise<WaitingRequest[]> {
  if (!can(actor, "disclosure.answer", "any")) return [];
  const work = await myWorklist(db, actor, { stageKind: "decision", limit: 100, offset: 0 });
  const isRequest = new Map<string, boolean>();
  const out: WaitingRequest[] = [];
  for (const item of work.items) {
    const row = await loadCase(db, actor, item.caseId);
    const key = `${row.item_id}@${row.item_version}`;
    if (!isRequest.has(key))
      isRequest.set(
        key,
        (await versionContent(db, row.item_id, row.item_version)).events.includes("information"),
      );
    if (isRequest.get(key))
      out.push({
        caseNumber: item.caseNumber,
        itemName: item.itemName,
        applicantName: item.applicantName,
        dueAt: item.caseDueAt,
      });
  }
  return out;
}
