import type { StaffRole } from "../modules/identity/tables.ts";
import { errors } from "./errors.ts";

/** One role held in one department over one region subtree. */
export interface RoleGrant {
  role: StaffRole;
  departmentId: string;
  jurisdictionCode: string;
}

export type Actor =
  | { kind: "anonymous" }
  | { kind: "staff"; id: string; username: string; displayName: string; grants: RoleGrant[] }
  /** A natural person signed in with their own account (一网通办: one account for every service). */
  | { kind: "person"; id: string; name: string }
  /**
   * A department's own system calling the API with its client credentials (a registry publishing, a
   * consumer reading under an agreement): it acts for its department, within the scopes it was given.
   */
  | { kind: "client"; id: string; name: string; departmentId: string; regionCode: string; scopes: string[] };

export const ANONYMOUS: Actor = { kind: "anonymous" };

/** True when `code` lies inside the region subtree rooted at `jurisdiction` (codes nest by prefix). */
export function withinRegion(code: string, jurisdiction: string): boolean {
  return code.startsWith(jurisdiction);
}

function holds(actor: Actor, roles: readonly StaffRole[], regionCode?: string): boolean {
  return (
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        roles.includes(g.role) && (regionCode === undefined || withinRegion(regionCode, g.jurisdictionCode)),
    )
  );
}

/**
 * Whether the actor is an API client given this scope. People and staff hold no scopes, whatever their
 * roles: a route for department systems serves their credentials alone.
 */
export function hasScope(actor: Actor, scope: string): boolean {
  return actor.kind === "client" && actor.scopes.includes(scope);
}

const STAFF_MANAGERS = ["administrator", "supervisor"] as const;

/**
 * Every action and who may take it, deny by default. A rule gets the actor and the resource's facts
 * (its region, its owner…) and answers yes or no; it never throws.
 */
export const rules = {
  /** Administrative divisions are public information. */
  "region.read": () => true,
  "department.read": () => true,
  "workspace.read": (actor: Actor) => actor.kind === "staff",
  /** The working-day calendar (holidays, make-up working days, local overrides) is public. */
  "calendar.read": () => true,
  /**
   * Administrators keep it: a national year (the same for the whole country) only one whose jurisdiction
   * is a province or the country; a regional override only within one's jurisdiction. Without a scope —
   * the route's first check — any administrator.
   */
  "calendar.manage": (actor: Actor, scope: { regionCode: string | null } | "any" = "any") =>
    scope === "any"
      ? holds(actor, ["administrator"])
      : scope.regionCode === null
        ? actor.kind === "staff" &&
          actor.grants.some((g) => g.role === "administrator" && g.jurisdictionCode.length <= 2)
        : holds(actor, ["administrator"], scope.regionCode),
  /** The published catalogue, its guides and where each item is offered are public. */
  "catalog.read": () => true,
  /**
   * Catalogue managers (事项管理员) keep the items their province defines: a manager whose jurisdiction
   * holds the item's province. National items change only by import. Without a scope — listing, drafts —
   * any catalogue manager.
   */
  "catalog.manage": (actor: Actor, scope: { ownerRegionCode: string | null } | "any" = "any") =>
    scope === "any"
      ? holds(actor, ["catalog_manager"])
      : scope.ownerRegionCode !== null && holds(actor, ["catalog_manager"], scope.ownerRegionCode),
  /** Offerings (实施清单): the catalogue managers of the region that implements the item, or above it. */
  "offering.manage": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["catalog_manager"], scope === "any" ? undefined : scope.regionCode),
  /** Staff lists: managers see the people whose roles lie within their jurisdiction. */
  "staff.list": (actor: Actor) => holds(actor, STAFF_MANAGERS),
  "staff.read": (actor: Actor, target: { id: string; regionCodes: string[] }) =>
    (actor.kind === "staff" && actor.id === target.id) ||
    target.regionCodes.some((code) => holds(actor, STAFF_MANAGERS, code)),
  /** Resetting a second factor: an administrator over the person's jurisdiction, never for oneself. */
  "staff.resetMfa": (actor: Actor, target: { id: string; regionCodes: string[] }) =>
    actor.kind === "staff" &&
    actor.id !== target.id &&
    target.regionCodes.some((code) => holds(actor, ["administrator"], code)),
  /** The audit trail: supervisors and administrators search it (403 for anyone else)… */
  "audit.search": (actor: Actor) => holds(actor, ["supervisor", "administrator"]),
  /** …and see the entries within their jurisdiction; one without a region is no jurisdiction's. */
  "audit.read": (actor: Actor, entry: { regionCode: string | null }) =>
    entry.regionCode !== null && holds(actor, ["supervisor", "administrator"], entry.regionCode),
  /** A person's own account: only they read or change it; to anyone else it does not exist. */
  "account.read": (actor: Actor, account: { personId: string }) =>
    actor.kind === "person" && actor.id === account.personId,
  "account.update": (actor: Actor, account: { personId: string }) =>
    actor.kind === "person" && actor.id === account.personId,
  /**
   * Staff who serve the public find a person by their full ID number, saying why; every such read is in
   * the audit trail and on the person's own "who read my data" page. Administrators manage accounts of
   * staff, not of the public, and have no need to.
   */
  "person.lookup": (actor: Actor) => holds(actor, ["window_clerk", "reviewer", "approver", "supervisor"]),
  /** Any signed-in person may register an organisation (becoming its legal representative) and list theirs. */
  "organisation.register": (actor: Actor) => actor.kind === "person",
  "organisation.list": (actor: Actor) => actor.kind === "person",
  /** Granting and revoking agents (经办人): the legal representative alone. */
  "organisation.manage": (actor: Actor, organisation: { legalRepresentativeId: string }) =>
    actor.kind === "person" && actor.id === organisation.legalRepresentativeId,
  /** Acting for an organisation: its legal representative, or an agent whose live mandate covers the service. */
  "organisation.act": (
    actor: Actor,
    organisation: {
      legalRepresentativeId: string;
      agents: { personId: string; services: string[] | null }[];
      service?: string;
    },
  ) =>
    actor.kind === "person" &&
    (actor.id === organisation.legalRepresentativeId ||
      organisation.agents.some(
        (a) =>
          a.personId === actor.id &&
          (a.services === null ||
            organisation.service === undefined ||
            a.services.includes(organisation.service)),
      )),
  /** Mandates (帮办代办): any signed-in person lists theirs, grants one online, or asks for one by code. */
  "mandate.list": (actor: Actor) => actor.kind === "person",
  "mandate.grant": (actor: Actor) => actor.kind === "person",
  "mandate.request": (actor: Actor) => actor.kind === "person",
  /** One mandate: its principal and its agent see it; to anyone else it does not exist. */
  "mandate.read": (actor: Actor, mandate: { principalId: string; agentId: string }) =>
    actor.kind === "person" && (actor.id === mandate.principalId || actor.id === mandate.agentId),
  /** The one-time code is entered by the agent who asked for it, at the service point. */
  "mandate.confirm": (actor: Actor, mandate: { agentId: string }) =>
    actor.kind === "person" && actor.id === mandate.agentId,
  /** The principal revokes at once; the agent may renounce. */
  "mandate.revoke": (actor: Actor, mandate: { principalId: string; agentId: string }) =>
    actor.kind === "person" && (actor.id === mandate.principalId || actor.id === mandate.agentId),
  /** Acting for the principal: the agent alone, while the mandate is in force and covers the service. */
  "mandate.act": (
    actor: Actor,
    mandate: { agentId: string; inForce: boolean; services: string[] | null; service?: string },
  ) =>
    actor.kind === "person" &&
    actor.id === mandate.agentId &&
    mandate.inForce &&
    (mandate.services === null ||
      mandate.service === undefined ||
      mandate.services.includes(mandate.service)),
  // — cases and applications (issue 5) —
  /** Applying online: any signed-in person, for themselves, an organisation or a principal. */
  "application.create": (actor: Actor) => actor.kind === "person",
  /** A draft is its owner's alone (the applicant, their agent, or the clerk who started it). */
  "application.edit": (actor: Actor, draft: { ownerKind: "person" | "staff"; ownerId: string }) =>
    actor.kind === draft.ownerKind && actor.id === draft.ownerId,
  /**
   * A case: the applicant, the person or clerk who submitted it for them, and the staff of the
   * departments it passes through (within their jurisdiction); supervisors see every case of their
   * jurisdiction. A cross-region case (跨域通办) lies in two: the handling region and the receiving
   * office's.
   * An organisation's representatives and agents are checked by the caller through `organisation.act`.
   */
  "case.read": (
    actor: Actor,
    facts: {
      personIds: string[];
      staffIds?: string[];
      regionCode: string;
      receivingRegionCode?: string;
      departmentIds: string[];
    },
  ) => {
    // A cross-region case is seen from both ends: the handling region's and the receiving office's.
    const regions = facts.receivingRegionCode
      ? [facts.regionCode, facts.receivingRegionCode]
      : [facts.regionCode];
    return (
      (actor.kind === "person" && facts.personIds.includes(actor.id)) ||
      (actor.kind === "staff" && (facts.staffIds ?? []).includes(actor.id)) ||
      regions.some((region) => holds(actor, ["supervisor"], region)) ||
      (actor.kind === "staff" &&
        actor.grants.some(
          (g) =>
            facts.departmentIds.includes(g.departmentId) &&
            regions.some((region) => withinRegion(region, g.jurisdictionCode)),
        ))
    );
  },
  /** What the applicant does on their case (withdraw, resubmit): the applicant or who submitted it. */
  "case.applicantAct": (actor: Actor, facts: { personIds: string[] }) =>
    actor.kind === "person" && facts.personIds.includes(actor.id),
  /**
   * Resubmitting a correction at a window: the clerk who holds the person's application, having found
   * the person and taken it over (the applications module says who holds it).
   */
  "case.correctAtWindow": (actor: Actor, heldBy: { kind: "person" | "staff"; id: string }) =>
    actor.kind === "staff" &&
    heldBy.kind === "staff" &&
    heldBy.id === actor.id &&
    holds(actor, ["window_clerk"]),
  /** Working a task: holding its role in its department, with the case's region in one's jurisdiction. */
  "task.work": (actor: Actor, task: { role: string; departmentId: string; regionCode: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        g.role === task.role &&
        g.departmentId === task.departmentId &&
        withinRegion(task.regionCode, g.jurisdictionCode),
    ),
  /** One's own worklist: any staff member who handles cases. */
  "worklist.read": (actor: Actor) => holds(actor, ["window_clerk", "reviewer", "approver", "supervisor"]),
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
  "registry.publish": (actor: Actor, steward: { departmentId: string; regionCode: string }) =>
    (actor.kind === "staff" &&
      actor.grants.some(
        (g) =>
          (g.role === "administrator" || g.role === "approver") &&
          g.departmentId === steward.departmentId &&
          withinRegion(steward.regionCode, g.jurisdictionCode),
      )) ||
    (actor.kind === "client" &&
      actor.departmentId === steward.departmentId &&
      actor.scopes.includes("registry.publish")),
  /** Reading and following a registry: staff and systems, and only under an agreement (the service checks). */
  "registry.read": (actor: Actor) => actor.kind === "staff" || actor.kind === "client",
  "registry.subscribe": (actor: Actor) => actor.kind === "staff" || actor.kind === "client",
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
  // — service sites: halls and service points (issue 7) —
  /** Where the halls and service points are, their hours and windows: public. */
  "site.read": () => true,
  /** Sites and their windows: administrators whose jurisdiction holds the site's region. */
  "site.manage": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["administrator"], scope === "any" ? undefined : scope.regionCode),
  // — village and community service points (issue 7: points) —
  /** A point's agents and their work: the staff whose jurisdiction holds the point (the township's). */
  "point.oversee": (actor: Actor, point: { regionCode: string } | "any" = "any") =>
    actor.kind === "staff" &&
    actor.grants.some((g) => point === "any" || withinRegion(point.regionCode, g.jurisdictionCode)),
  /** Working at a point (收件, 代办): its agents alone, people named there by the township. */
  "point.act": (actor: Actor, point: { agentIds: string[] } | "any" = "any") =>
    actor.kind === "person" && (point === "any" || point.agentIds.includes(actor.id)),
  // — queue and appointments (issue 7: queue) —
  /** A site's queue as its board shows it, a ticket by its link, the appointment slots: public. */
  "queue.read": () => true,
  /** Taking a ticket (kiosk, phone) and checking in with a booking's code: anyone at the hall. */
  "queue.take": () => true,
  /** Serving at a window: window clerks whose jurisdiction holds the site's region. */
  "queue.serve": (actor: Actor, site: { regionCode: string } | "any" = "any") =>
    holds(actor, ["window_clerk"], site === "any" ? undefined : site.regionCode),
  /** Booking a place, and listing one's bookings: people with an account. */
  "appointment.book": (actor: Actor) => actor.kind === "person",
  /** One booking: its person's alone; to anyone else it does not exist. */
  "appointment.manage": (actor: Actor, booking: { personId: string }) =>
    actor.kind === "person" && actor.id === booking.personId,
  // — window intake and receipts (issue 7: intake) —
  /** Taking people in at a window or a service point (窗口受理): window clerks. */
  "intake.work": (actor: Actor) => holds(actor, ["window_clerk"]),
  /**
   * What a clerk takes in: an offering, a site they sit at, a person's draft — of a region on the clerk's
   * branch of the tree: within their jurisdiction, or above it (a village point takes the county's items
   * for its villagers). Another county's answers 404.
   */
  "intake.take": (actor: Actor, scope: { regionCode: string }) =>
    actor.kind === "staff" &&
    actor.grants.some(
      (g) =>
        g.role === "window_clerk" &&
        (withinRegion(scope.regionCode, g.jurisdictionCode) ||
          withinRegion(g.jurisdictionCode, scope.regionCode)),
    ),
  /** A site the clerk says they sit at: one within their jurisdiction. */
  "intake.site": (actor: Actor, site: { regionCode: string }) =>
    holds(actor, ["window_clerk"], site.regionCode),
  /** A receipt printed at the window: for the clerk who submitted the case. */
  "intake.receipt": (actor: Actor, facts: { submitterKind: "person" | "staff"; submitterId: string }) =>
    actor.kind === "staff" && facts.submitterKind === "staff" && facts.submitterId === actor.id,
  // — hall devices and lockers (issue 7: devices) —
  /** A site's devices and whether they are online, and what waits in its lockers: staff of its region. */
  "device.read": (actor: Actor, site: { regionCode: string }) =>
    actor.kind === "staff" && actor.grants.some((g) => withinRegion(site.regionCode, g.jurisdictionCode)),
  /** Putting a case's result into a locker is handing it over: window clerks of the site's region. */
  "locker.assign": (actor: Actor, site: { regionCode: string }) =>
    holds(actor, ["window_clerk"], site.regionCode),
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

export type Action = keyof typeof rules;
type ResourceOf<A extends Action> = Parameters<(typeof rules)[A]>[1];

export function can<A extends Action>(
  actor: Actor,
  action: A,
  ...resource: ResourceOf<A> extends undefined ? [] : [ResourceOf<A>]
): boolean {
  return (rules[action] as (actor: Actor, resource: unknown) => boolean)(actor, resource[0]);
}

/**
 * Throws unless allowed. A resource the actor may not see answers 404, as if it did not exist, so its
 * existence leaks nothing; an action refused outright asks anonymous callers to sign in.
 */
export function authorize<A extends Action>(
  actor: Actor,
  action: A,
  ...resource: ResourceOf<A> extends undefined ? [] : [ResourceOf<A>]
): void {
  if (can(actor, action, ...resource)) return;
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  throw resource.length > 0 ? errors.notFound() : errors.forbidden();
}
