import { type Actor, holds, withinRegion } from "./actors.ts";

/** The public's voice: ratings, requests and Open311, consultations, disclosure, supervision (issue 8). */
export const voiceRules = {
  // — ratings and rectification (issue 8: ratings) —
  /** Ratings per department, item, hall and point, with anonymised comments: public. */
  "rating.read": () => true,
  /** Rating by a text message's or a pad's link: its unguessable, single-use token is the permission. */
  "rating.byToken": () => true,
  /** Rating a closed case: its applicant, or who applied for them (marked an agent); to others it does not exist. */
  "rating.submit": (actor: Actor, subject: { raterIds: string[] }) =>
    actor.kind === "person" && subject.raterIds.includes(actor.id),
  /** Adding to a rating (追评), and reading one's own: the person who rated. */
  "rating.add": (actor: Actor, rating: { raterPersonId: string | null }) =>
    actor.kind === "person" && actor.id === rating.raterPersonId,
  /** The pad's link for a served ticket: the site's window clerks. */
  "rating.padLink": (actor: Actor) => holds(actor, ["window_clerk"]),
  /** Rectification worklists: staff (each sees their departments' and, supervising, their jurisdiction's). */
  "rectification.list": (actor: Actor) => actor.kind === "staff",
  /** Calling back and resolving: any staff of the responsible department within their jurisdiction. */
  "rectification.work": (actor: Actor, r: { departmentId: string; regionCode: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) => g.departmentId === r.departmentId && withinRegion(r.regionCode, g.jurisdictionCode),
    ),
  /** Accepting or contesting the outcome: the person who rated. */
  "rectification.respond": (actor: Actor, r: { raterPersonId: string | null }) =>
    actor.kind === "person" && actor.id === r.raterPersonId,
  /** Reviewing a contested outcome: a supervisor over the region. */
  "rectification.review": (actor: Actor, r: { regionCode: string }) =>
    holds(actor, ["supervisor"], r.regionCode),
  /** One rectification: those who take part in it — its department, its rater, the region's supervisors. */
  "rectification.read": (
    actor: Actor,
    r: { departmentId: string; regionCode: string; raterPersonId: string | null },
  ) =>
    (actor.kind === "person" && actor.id === r.raterPersonId) ||
    holds(actor, ["supervisor"], r.regionCode) ||
    (actor.kind === "staff" &&
      actor.grants.some(
        (g) => g.departmentId === r.departmentId && withinRegion(r.regionCode, g.jurisdictionCode),
      )),
  /** The rectification period of a region: its administrators (any administrator, without a scope). */
  "rating.settings": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["administrator"], scope === "any" ? undefined : scope.regionCode),
  // — requests from the public, 12345 and Open311 (issue 8: requests) —
  /** Filing a request (诉求), reading the categories and the replies made public: anyone. */
  "request.file": () => true,
  "request.public": () => true,
  /** Following a request by its number and follow token needs no account: the token is the permission. */
  "request.follow": () => true,
  /** One's own requests, signed in. */
  "request.mine": (actor: Actor) => actor.kind === "person",
  /**
   * One request: its requester; the staff of its dispatcher (12345 centre) and of the department that has
   * it, within their jurisdiction; supervisors over its region.
   */
  "request.read": (
    actor: Actor,
    facts: { personId: string | null; regionCode: string; departmentIds: string[] },
  ) =>
    (actor.kind === "person" && facts.personId === actor.id) ||
    holds(actor, ["supervisor"], facts.regionCode) ||
    (actor.kind === "staff" &&
      actor.grants.some(
        (g) =>
          facts.departmentIds.includes(g.departmentId) && withinRegion(facts.regionCode, g.jurisdictionCode),
      )),
  /** Assigning a request waiting at the dispatcher: the dispatcher's staff over its region. */
  "request.dispatch": (actor: Actor, facts: { dispatcherId: string; regionCode: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) => g.departmentId === facts.dispatcherId && withinRegion(facts.regionCode, g.jurisdictionCode),
    ),
  /** Transferring, returning and replying: the staff of the department that has it, over its region. */
  "request.handle": (actor: Actor, facts: { departmentId: string; regionCode: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) => g.departmentId === facts.departmentId && withinRegion(facts.regionCode, g.jurisdictionCode),
    ),
  /** Rating the reply and reopening: the requester signed in (or whoever holds the follow token). */
  "request.rate": (actor: Actor, facts: { personId: string | null }) =>
    actor.kind === "person" && facts.personId === actor.id,
  /** The worklist of one's departments: staff. */
  "request.worklist": (actor: Actor) => actor.kind === "staff",
  /** Routing rules: staff read them; administrators keep those of regions within their jurisdiction. */
  "request.route.read": (actor: Actor) => actor.kind === "staff",
  "request.route.manage": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["administrator"], scope === "any" ? undefined : scope.regionCode),
  /**
   * The categories (one list for the whole platform, like Open311's services): administrators whose
   * jurisdiction is a province or the country, as for the national calendar.
   */
  "request.category.manage": (actor: Actor) =>
    actor.kind === "staff" &&
    actor.grants.some((g) => g.role === "administrator" && g.jurisdictionCode.length <= 2),
  // — public consultations (issue 8: consultations) —
  /** Published consultations, their comments (pseudonymous) and their feedback summaries: public. */
  "consultation.read": () => true,
  /**
   * Drafting consultations: a department's administrators and approvers (docs/consultations.md says why).
   * Without a scope — the route's first check — any such staff member.
   */
  "consultation.draft": (actor: Actor) => holds(actor, ["administrator", "approver"]),
  /**
   * One consultation — editing the draft, publishing, moderating, the feedback summary: the
   * administrators and approvers of its own department, within their jurisdiction.
   */
  "consultation.manage": (actor: Actor, c: { departmentId: string; regionCode: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        (g.role === "administrator" || g.role === "approver") &&
        g.departmentId === c.departmentId &&
        withinRegion(c.regionCode, g.jurisdictionCode),
    ),
  /** Commenting: people signed in with their own account. */
  "consultation.comment": (actor: Actor) => actor.kind === "person",
  /** Withdrawing a comment: its author alone; to anyone else it does not exist. */
  "consultation.withdraw": (actor: Actor, comment: { personId: string }) =>
    actor.kind === "person" && actor.id === comment.personId,
  /** A region's shortest open period: administrators whose jurisdiction holds the region. */
  "consultation.settings": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["administrator"], scope === "any" ? undefined : scope.regionCode),
  // — information disclosure (issue 8: disclosure) —
  /** What departments publish (政务公开), their feeds and disclosure guides: public. */
  "disclosure.read": () => true,
  /**
   * Publishing, correcting, withdrawing and attaching, and keeping the guide: the department's own
   * staff (any role but the window's and the catalogue's) whose jurisdiction holds its region. Without
   * a scope — the route's first check — anyone who publishes for some department.
   */
  "disclosure.publish": (
    actor: Actor,
    department: { departmentId: string; regionCode: string } | "any" = "any",
  ) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        g.role !== "window_clerk" &&
        g.role !== "catalog_manager" &&
        (department === "any" ||
          (g.departmentId === department.departmentId &&
            withinRegion(department.regionCode, g.jurisdictionCode))),
    ),
  /** Answering a disclosure request (依申请公开): an approver of the department that decides the case. */
  "disclosure.answer": (actor: Actor, task: { departmentId: string; regionCode: string } | "any" = "any") =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        g.role === "approver" &&
        (task === "any" ||
          (g.departmentId === task.departmentId && withinRegion(task.regionCode, g.jurisdictionCode))),
    ),
  // — supervision (issue 8: 效能监察) —
  /**
   * The overdue overview of a region: supervisors (403 for anyone else); a region outside every one of
   * their jurisdictions is, to them, a region that does not exist (404, decided by the service).
   */
  "supervision.read": (actor: Actor) => holds(actor, ["supervisor"]),
  /** The daily ranking of departments by on-time rate and satisfaction is published for everyone. */
  "ranking.read": () => true,
} satisfies Record<string, (actor: Actor, resource: never) => boolean>;
