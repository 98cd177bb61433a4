/**
 * Which actions each state of a case allows: the one table the engine reads. An action not in its
 * state's row answers 409 with the row's actions (less those whose condition fails), so a client can
 * always offer exactly what may be done next.
 *
 * - intake: the window checks completeness (受理): accept, reject with reasons (不予受理), or ask for
 *   everything missing at once (一次性告知) — the clock has not started.
 * - supplement: the applicant corrects and resubmits; the clock, if it ran, is paused.
 * - review: one or more departments review, in parallel within a stage; each completes its task.
 * - decision: grant or deny, with reasons and legal basis.
 * - issuance: the licence is made (制证); delivery: handed over, and the case closes (办结).
 * - paused: a special procedure (expert review, hearing, public notice…) whose days do not count.
 */
export const CASE_STATES = [
  "intake",
  "supplement",
  "review",
  "decision",
  "issuance",
  "delivery",
  "paused",
  "closed",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_OUTCOMES = [
  "granted",
  "denied",
  "rejected",
  "withdrawn",
  "deemed_granted",
  "lapsed",
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** What staff do, always on a task of theirs. */
export const STAFF_ACTIONS = [
  "claim",
  "release",
  "assign",
  "transfer",
  "accept",
  "reject",
  "request_supplement",
  "complete",
  "return",
  "pause",
  "resume",
  "grant",
  "deny",
  "issue",
  "deliver",
] as const;
/** What the applicant (or their agent) does, on the case. */
export const APPLICANT_ACTIONS = ["resubmit", "withdraw"] as const;
/** What a supervisor does on a case: reverse a grant the rules made (秒批), sending it to a person. */
export const SUPERVISOR_ACTIONS = ["reverse"] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];
export type ApplicantAction = (typeof APPLICANT_ACTIONS)[number];
export type SupervisorAction = (typeof SUPERVISOR_ACTIONS)[number];
export type CaseAction = StaffAction | ApplicantAction | SupervisorAction;

/** Facts some actions depend on beyond the state. */
export interface StateFacts {
  /** The stage before the current one is a review, so the case can be returned to it. */
  canReturn: boolean;
  /** Instant approval's rules granted it, and no person has decided since. */
  decidedByRules: boolean;
}

type Condition = (facts: StateFacts) => boolean;
const always: Condition = () => true;
const whenReturnable: Condition = (facts) => facts.canReturn;
const whenDecidedByRules: Condition = (facts) => facts.decidedByRules;

/** Handling a task: who holds it. Allowed wherever a task is open and can be worked on. */
const TASK_HANDLING = { claim: always, release: always, assign: always, transfer: always } as const;

export const ALLOWED: Record<CaseState, Partial<Record<CaseAction, Condition>>> = {
  intake: { ...TASK_HANDLING, accept: always, reject: always, request_supplement: always, withdraw: always },
  supplement: { resubmit: always, withdraw: always },
  review: {
    ...TASK_HANDLING,
    complete: always,
    return: whenReturnable,
    request_supplement: always,
    pause: always,
    withdraw: always,
  },
  decision: {
    ...TASK_HANDLING,
    grant: always,
    deny: always,
    return: whenReturnable,
    pause: always,
    withdraw: always,
  },
  issuance: { ...TASK_HANDLING, issue: always, reverse: whenDecidedByRules },
  delivery: { ...TASK_HANDLING, deliver: always, reverse: whenDecidedByRules },
  // Tasks stay open while paused, but nothing is done on them until the procedure ends.
  paused: { resume: always, withdraw: always },
  closed: { reverse: whenDecidedByRules },
};

/** The actions allowed now, in the table's order. */
export function allowedActions(state: CaseState, facts: StateFacts): CaseAction[] {
  return Object.entries(ALLOWED[state])
    .filter(([, condition]) => condition?.(facts))
    .map(([action]) => action as CaseAction);
}

export function isAllowed(state: CaseState, action: CaseAction, facts: StateFacts): boolean {
  return ALLOWED[state][action]?.(facts) === true;
}

/** States in which the applicant may still withdraw: before the decision (撤回申请). */
export const OPEN_BEFORE_DECISION: readonly CaseState[] = [
  "intake",
  "supplement",
  "review",
  "decision",
  "paused",
];

export const PAUSE_KINDS = ["expert_review", "hearing", "public_notice", "inspection", "testing"] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number] | "supplement";
