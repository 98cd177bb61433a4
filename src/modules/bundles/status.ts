import type { ChildCase } from "./store.ts";

/**
 * The combined status of a bundle, read from its child cases:
 * - complete: every child closed granted (the result package holds every licence);
 * - partial: a child ended without a grant (denied, rejected at intake, withdrawn, lapsed) — told at
 *   once, with what to do next, while the other children run on in their departments;
 * - in_progress: otherwise.
 */
export type BundleStatus = "in_progress" | "complete" | "partial";

export type ChildProgress = "in_progress" | "granted" | "not_granted";

/**
 * What the applicant can do about a child that ended without a grant:
 * - reapply_alone: the application itself fell short (rejected at intake, a supplement not answered,
 *   withdrawn) — put right what the case's reasons say and apply for that item alone;
 * - contact_department: the department decided against it — ask the department, which may advise
 *   applying again once the conditions are met, or a review (行政复议) or suit within the legal terms.
 */
export type NextStep = "reapply_alone" | "contact_department";

const GRANTED = new Set(["granted", "deemed_granted"]);

export function childProgress(child: ChildCase): ChildProgress {
  if (child.closedAt === null) return "in_progress";
  return child.outcome !== null && GRANTED.has(child.outcome) ? "granted" : "not_granted";
}

export function nextStep(child: ChildCase): NextStep | null {
  if (childProgress(child) !== "not_granted") return null;
  return child.outcome === "denied" ? "contact_department" : "reapply_alone";
}

export function combinedStatus(children: ChildCase[], childCount: number): BundleStatus {
  const progress = children.map(childProgress);
  if (progress.includes("not_granted")) return "partial";
  if (children.length === childCount && progress.every((p) => p === "granted")) return "complete";
  return "in_progress";
}
