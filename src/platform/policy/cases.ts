import { type Actor, clientGrants, hasScope, holds, withinRegion } from "./actors.ts";

/** A registry's steward: the department that keeps it, in its region. */
interface Steward {
  departmentId: string;
  regionCode: string;
}

/** The steward's administrators and approvers, or the steward's own system holding `scope`. */
function stewardOrItsSystem(actor: Actor, steward: Steward, scope: string): boolean {
  return (
    (actor.kind === "staff" &&
      actor.grants.some(
        (g) =>
          (g.role === "administrator" || g.role === "approver") &&
          g.departmentId === steward.departmentId &&
          withinRegion(steward.regionCode, g.jurisdictionCode),
      )) ||
    (actor.kind === "client" && actor.departmentId === steward.departmentId && actor.scopes.includes(scope))
  );
}

/**
 * Cases and applications, licences, webhooks and the inbox (issue 5); API clients, the wallet, bundles
 * and data sharing (issue 6).
 */
export const caseRules = {
  // — cases and applications (issue 5) —
  /** Applying online: any signed-in person, for themselves, an organisation or a principal. */
  "application.create": (actor: Actor) => actor.kind === "person",
  /**
   * Applying in one request: a person, or a department's system applying for a person it names (the
   * applications module finds them by their resident ID number).
   */
  "application.submit": (actor: Actor) => actor.kind === "person" || hasScope(actor, "application.submit"),
  /**
   * A draft is its owner's alone (the applicant, their agent, the clerk who started it, or the system
   * whose submission left it).
   */
  "application.edit": (actor: Actor, draft: { ownerKind: "person" | "staff" | "client"; ownerId: string }) =>
    actor.kind === draft.ownerKind && actor.id === draft.ownerId,
  /**
   * A case: the applicant, the person, clerk or system who submitted it for them, and the staff (and
   * the working systems, through their grants) of the departments it passes through, within their
   * jurisdiction; supervisors see every case of their jurisdiction. A cross-region case (跨域通办) lies
   * in two: the handling region and the receiving office's.
   * An organisation's representatives and agents are checked by the caller through `organisation.act`.
   */
  "case.read": (
    actor: Actor,
    facts: {
      personIds: string[];
      staffIds?: string[];
      clientIds?: string[];
      regionCode: string;
      receivingRegionCode?: string;
      departmentIds: string[];
    },
  ) => {
    // A cross-region case is seen from both ends: the handling region's and the receiving office's.
    const regions = facts.receivingRegionCode
      ? [facts.regionCode, facts.receivingRegionCode]
      : [facts.regionCode];
    const grants = actor.kind === "staff" ? actor.grants : clientGrants(actor);
    return (
      (actor.kind === "person" && facts.personIds.includes(actor.id)) ||
      (actor.kind === "staff" && (facts.staffIds ?? []).includes(actor.id)) ||
      (actor.kind === "client" && (facts.clientIds ?? []).includes(actor.id)) ||
      regions.some((region) => holds(actor, ["supervisor"], region)) ||
      grants.some(
        (g) =>
          facts.departmentIds.includes(g.departmentId) &&
          regions.some((region) => withinRegion(region, g.jurisdictionCode)),
      )
    );
  },
  /**
   * What the applicant does on their case (withdraw, resubmit): the applicant or who submitted it — a
   * system only while it still holds the scope it submitted with.
   */
  "case.applicantAct": (actor: Actor, facts: { personIds: string[]; clientIds?: string[] }) =>
    (actor.kind === "person" && facts.personIds.includes(actor.id)) ||
    (actor.kind === "client" &&
      hasScope(actor, "application.submit") &&
      (facts.clientIds ?? []).includes(actor.id)),
  /**
   * Resubmitting a correction at a window: the clerk who holds the person's application, having found
   * the person and taken it over (the applications module says who holds it).
   */
  "case.correctAtWindow": (actor: Actor, heldBy: { kind: "person" | "staff" | "client"; id: string }) =>
    actor.kind === "staff" &&
    heldBy.kind === "staff" &&
    heldBy.id === actor.id &&
    holds(actor, ["window_clerk"]),
  /**
   * Working a task: holding its role in its department, with the case's region in one's jurisdiction —
   * a staff member's grant, or a department system's (its scopes as grants of its department and region).
   */
  "task.work": (actor: Actor, task: { role: string; departmentId: string; regionCode: string }) =>
    (actor.kind === "staff" ? actor.grants : clientGrants(actor)).some(
      (g) =>
        g.role === task.role &&
        g.departmentId === task.departmentId &&
        withinRegion(task.regionCode, g.jurisdictionCode),
    ),
  /** One's own worklist: any staff member who handles cases, and any system that works them. */
  "worklist.read": (actor: Actor) =>
    holds(actor, ["window_clerk", "reviewer", "approver", "supervisor"]) || clientGrants(actor).length > 0,
  /** Supervision lists (效能监察): overdue and warned cases of one's jurisdiction. */
  "case.supervise": (actor: Actor) => holds(actor, ["supervisor"]),
  /** Reversing a grant instant approval's rules made: a supervisor over the case's region. */
  "case.reverse": (actor: Actor, facts: { regionCode: string }) =>
    holds(actor, ["supervisor"], facts.regionCode),
  /** Following a case by its number and the applicant's phone or ID number, without signing in. */
  "case.lookup": () => true,
  // — licences (issue 5) —
  /** Checking an e-licence (/verify) and the departments' public keys are open to anyone. */
  "licence.verify": () => true,
  /** One's own licences, and one's organisations': people with an account. */
  "licence.list": (actor: Actor) => actor.kind === "person",
  /**
   * One licence in full: its holder — for an organisation, whoever acts for it, which the caller checks
   * through `organisation.act` and passes in `personIds` — and the staff who handle cases in a
   * jurisdiction that holds the licence's region.
   */
  "licence.read": (actor: Actor, facts: { personIds: string[]; regionCode: string }) =>
    (actor.kind === "person" && facts.personIds.includes(actor.id)) ||
    holds(actor, ["window_clerk", "reviewer", "approver", "supervisor"], facts.regionCode),
  /** Revoking: an approver of the issuing department whose jurisdiction holds the licence's region. */
  "licence.revoke": (actor: Actor, facts: { departmentId: string; regionCode: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        g.role === "approver" &&
        g.departmentId === facts.departmentId &&
        withinRegion(facts.regionCode, g.jurisdictionCode),
    ),
  // — webhooks and the inbox (issue 5) —
  /**
   * Webhook subscriptions: administrators keep those of a region within their jurisdiction (the
   * subscription receives that region's events and its subtree's). Without a scope — the route's first
   * check — any administrator.
   */
  "webhook.manage": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["administrator"], scope === "any" ? undefined : scope.regionCode),
  /** Everyone signed in has an inbox of their own… */
  "inbox.read": (actor: Actor) => actor.kind !== "anonymous",
  /** …and marks only their own messages read: to anyone else a message does not exist. */
  "inbox.update": (actor: Actor, message: { recipientKind: "person" | "staff"; recipientId: string }) =>
    actor.kind === message.recipientKind && actor.id === message.recipientId,
  // — API clients (issue 6: clients) —
  /**
   * API clients (a department's systems): administrators keep those of departments within their
   * jurisdiction. Without a scope — the route's first check — any administrator.
   */
  "client.manage": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["administrator"], scope === "any" ? undefined : scope.regionCode),
  // — the e-licence wallet (issue 6: wallet) —
  /** The wallet (证照夹): one's own licences and one's organisations', with their share links. */
  "wallet.read": (actor: Actor) => actor.kind === "person",
  /**
   * Sharing a licence by a time-limited link, and ending such a link: whoever stands for its holder —
   * the person, or one who acts for the holding organisation, which the caller checks through
   * `organisation.act` and passes in `personIds`.
   */
  "licence.share": (actor: Actor, facts: { personIds: string[] }) =>
    actor.kind === "person" && facts.personIds.includes(actor.id),
  /** A share link opens for whoever has it, without an account: its unguessable token is the permission. */
  "licence.openShare": () => true,
  // — one-thing bundles (issue 6: bundles) —
  /** Bundles and the combined forms they ask are public, like the catalogue. */
  "bundle.read": () => true,
  /**
   * Defining a bundle: administrators whose jurisdiction holds the region that keeps it (the province,
   * for the demo's). Without a scope — the route's first check — any administrator.
   */
  "bundle.define": (actor: Actor, scope: { ownerRegionCode: string } | "any" = "any") =>
    holds(actor, ["administrator"], scope === "any" ? undefined : scope.ownerRegionCode),
  /** Applying for a bundle, and listing one's own bundle applications: any signed-in person. */
  "bundle.apply": (actor: Actor) => actor.kind === "person",
  /** A bundle application is its submitter's (and, applying for themselves, the applicant's) alone. */
  "bundle.track": (actor: Actor, facts: { personIds: string[] }) =>
    actor.kind === "person" && facts.personIds.includes(actor.id),
  // — registries and data sharing (issue 6: exchange) —
  /** Which registries exist and what fields they hold: staff and department systems. */
  "registry.list": (actor: Actor) => actor.kind === "staff" || actor.kind === "client",
  /** A new registry: administrators whose jurisdiction holds the steward department's region. */
  "registry.define": (actor: Actor, steward: { regionCode: string }) =>
    holds(actor, ["administrator"], steward.regionCode),
  /** Records: the steward's administrators and approvers, or its own system with registry.publish. */
  "registry.publish": (actor: Actor, steward: Steward) =>
    stewardOrItsSystem(actor, steward, "registry.publish"),
  /** Reading and following a registry: staff and systems, and only under an agreement (the service checks). */
  "registry.read": (actor: Actor) => actor.kind === "staff" || actor.kind === "client",
  "registry.subscribe": (actor: Actor) => actor.kind === "staff" || actor.kind === "client",
  /**
   * Who read one record: the steward (the data controller) — its administrators and approvers, or its
   * own system with registry.usage. Anyone wider would turn "who looked at my data" into surveillance.
   */
  "registry.usage": (actor: Actor, steward: Steward) => stewardOrItsSystem(actor, steward, "registry.usage"),
  "agreement.list": (actor: Actor) => actor.kind === "staff" || actor.kind === "client",
  /** Asking for an agreement: a consumer department's administrators, supervisors and approvers. */
  "agreement.request": (actor: Actor, consumer: { departmentId: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        g.departmentId === consumer.departmentId &&
        (g.role === "administrator" || g.role === "supervisor" || g.role === "approver"),
    ),
  /** Approving, refusing and revoking: the steward department's administrators and approvers. */
  "agreement.decide": (actor: Actor, steward: { departmentId: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) => g.departmentId === steward.departmentId && (g.role === "administrator" || g.role === "approver"),
    ),
} satisfies Record<string, (actor: Actor, resource: never) => boolean>;
