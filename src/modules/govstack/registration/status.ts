import type { Locale } from "../../../platform/config.ts";

/**
 * GovStack's four statuses over Tongban's case states (docs/govstack-design.md, section 4). GovStack
 * has no WITHDRAWN, no "being issued": the title says which of ours it is.
 */
export type StatusCode = "PENDING" | "APPROVED" | "SENDBACK" | "REJECTED";

export interface StatusModel {
  code: StatusCode;
  title: string;
}

export interface FileStatus {
  status: StatusModel;
  /** Processing has ended (办结): only a closed case. */
  ended: boolean;
}

/** What a status is read from: a case as its view gives it. */
export interface CaseStatusFacts {
  state: string;
  outcome: string | null;
  decision: string | null;
}

const TITLES = {
  intake: { "zh-CN": "待受理", en: "Waiting for intake" },
  review: { "zh-CN": "审查中", en: "In review" },
  decision: { "zh-CN": "待决定", en: "Awaiting the decision" },
  paused: { "zh-CN": "特别程序中", en: "Paused for a special procedure" },
  supplement: { "zh-CN": "待补正", en: "Sent back for correction" },
  issuing: { "zh-CN": "已准予，制证/送达中", en: "Approved, being issued / delivered" },
  granted: { "zh-CN": "已办结", en: "Approved" },
  deemed_granted: { "zh-CN": "视为准予", en: "Deemed approved" },
  denied: { "zh-CN": "不予许可", en: "Denied" },
  rejected: { "zh-CN": "不予受理", en: "Refused at intake" },
  withdrawn: { "zh-CN": "已撤回", en: "Withdrawn" },
  lapsed: { "zh-CN": "视为撤回", en: "Lapsed" },
  disagreed: { "zh-CN": "审查不同意", en: "Not agreed in review" },
  done: { "zh-CN": "已完成", en: "Done" },
} satisfies Record<string, Record<Locale, string>>;
type Title = keyof typeof TITLES;

const status = (code: StatusCode, title: Title, locale: Locale): StatusModel => ({
  code,
  title: TITLES[title][locale],
});

/** A closed case by its outcome: GovStack has no WITHDRAWN, so the title says which refusal it was. */
const CLOSED: Record<string, [StatusCode, Title]> = {
  granted: ["APPROVED", "granted"],
  deemed_granted: ["APPROVED", "deemed_granted"],
  denied: ["REJECTED", "denied"],
  rejected: ["REJECTED", "rejected"],
  withdrawn: ["REJECTED", "withdrawn"],
  lapsed: ["REJECTED", "lapsed"],
};

/** A case's status and whether it has ended, in the caller's language. */
export function fileStatus(facts: CaseStatusFacts, locale: Locale): FileStatus {
  const { state, outcome } = facts;
  if (state === "closed") {
    const [code, title] = CLOSED[outcome ?? ""] ?? (["APPROVED", "granted"] as const);
    return { status: status(code, title, locale), ended: true };
  }
  if (state === "supplement") return { status: status("SENDBACK", "supplement", locale), ended: false };
  // Granted and being made or handed over: approved, not yet ended (办结 comes with delivery).
  if (state === "issuance" || state === "delivery") {
    return { status: status("APPROVED", "issuing", locale), ended: false };
  }
  const title: Title = state === "review" || state === "decision" || state === "paused" ? state : "intake";
  return { status: status("PENDING", title, locale), ended: false };
}

/** A task as its status is read: its stage, whether done, and the finding recorded on it. */
export interface TaskStatusFacts {
  status: string;
  stageKind: string;
  opinion: string | null;
}

/**
 * A task's status: open ones wait (PENDING, or SENDBACK while their case waits for the correction);
 * a done one says how it ended — refused at intake, disagreed in review or denied is REJECTED, any
 * other completion APPROVED; a cancelled one has its case's status.
 */
export function taskStatus(task: TaskStatusFacts, file: CaseStatusFacts, locale: Locale): StatusModel {
  const ofCase = fileStatus(file, locale).status;
  if (task.status === "open") {
    return file.state === "supplement" ? ofCase : status("PENDING", pendingTitle(task.stageKind), locale);
  }
  if (task.status !== "done") return ofCase;
  const refused =
    (task.stageKind === "intake" && file.outcome === "rejected") ||
    (task.stageKind === "review" && task.opinion === "disagree") ||
    (task.stageKind === "decision" && file.decision === "denied");
  if (refused) {
    const title: Title =
      task.stageKind === "intake" ? "rejected" : task.stageKind === "review" ? "disagreed" : "denied";
    return status("REJECTED", title, locale);
  }
  return status("APPROVED", "done", locale);
}

const pendingTitle = (stageKind: string): Title =>
  stageKind === "review" || stageKind === "decision" ? stageKind : "intake";
