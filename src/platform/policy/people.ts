import { type Actor, holds } from "./actors.ts";

/** Those who see staff accounts within their jurisdiction: the managers and the three administrators. */
export const STAFF_READERS = [
  "administrator",
  "supervisor",
  "system_admin",
  "security_admin",
  "audit_admin",
] as const;

/** Those who read the audit trail: supervisors and administrators theirs, the audit administrator all. */
export const AUDIT_READERS = ["supervisor", "administrator", "audit_admin"] as const;

/** A jurisdiction over the whole country: shorter than a province's code (the empty code). */
export const coversCountry = (jurisdictionCode: string): boolean => jurisdictionCode.length < 2;

/** A staff account as the rules see it: its id and the regions its roles (and its home) lie in. */
type StaffTarget = { id: string; regionCodes: string[] };

/** One of the three administrators over a staff account that is not their own. */
const administersOther = (actor: Actor, role: "system_admin" | "security_admin", target: StaffTarget) =>
  actor.kind === "staff" &&
  actor.id !== target.id &&
  target.regionCodes.some((code) => holds(actor, [role], code));

/**
 * Who may read and keep the shared records: regions, calendars, the catalogue, staff, the audit trail,
 * accounts, organisations and mandates.
 */
export const peopleRules = {
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
  /** Staff lists: managers and the three administrators see the people within their jurisdiction. */
  "staff.list": (actor: Actor) => holds(actor, STAFF_READERS),
  "staff.read": (actor: Actor, target: StaffTarget) =>
    (actor.kind === "staff" && actor.id === target.id) ||
    target.regionCodes.some((code) => holds(actor, STAFF_READERS, code)),
  /** Accounts (三员: the system administrator) are made within one's jurisdiction, with no role yet. */
  "staff.create": (actor: Actor, scope: { regionCode: string } | "any" = "any") =>
    holds(actor, ["system_admin"], scope === "any" ? undefined : scope.regionCode),
  /** …and disabled or enabled again by them, never their own. */
  "staff.disable": (actor: Actor, target: StaffTarget) => administersOther(actor, "system_admin", target),
  /**
   * Roles (三员: the security administrator): granted and revoked over an account in their jurisdiction,
   * never their own, and only for a jurisdiction within theirs. The three administrator roles are not
   * among them: those come from the server's command line (staff-admin.ts).
   */
  "staff.grant": (actor: Actor, grant: StaffTarget & { jurisdictionCode?: string }) =>
    administersOther(actor, "security_admin", grant) &&
    (grant.jurisdictionCode === undefined || holds(actor, ["security_admin"], grant.jurisdictionCode)),
  /** Unlocking after failed sign-ins, and resetting a second factor: the security administrator. */
  "staff.unlock": (actor: Actor, target: StaffTarget) => administersOther(actor, "security_admin", target),
  "staff.resetMfa": (actor: Actor, target: StaffTarget) => administersOther(actor, "security_admin", target),
  /** …and ending all sessions of an account (a stolen laptop, a suspected intrusion), never their own. */
  "staff.endSessions": (actor: Actor, target: StaffTarget) =>
    administersOther(actor, "security_admin", target),
  /** The audit trail: supervisors, administrators and the audit administrator search it (403 for others)… */
  "audit.search": (actor: Actor) => holds(actor, AUDIT_READERS),
  /**
   * …and see the entries within their jurisdiction; one without a region (a failed sign-in under an
   * unknown name, staff administration) is the country's: only a reader over the whole country sees it.
   */
  "audit.read": (actor: Actor, entry: { regionCode: string | null }) =>
    entry.regionCode !== null
      ? holds(actor, AUDIT_READERS, entry.regionCode)
      : actor.kind === "staff" &&
        actor.grants.some(
          (g) => (AUDIT_READERS as readonly string[]).includes(g.role) && coversCountry(g.jurisdictionCode),
        ),
  /** Verifying the whole chain (三员: the audit administrator), at any level: it shows no entry's content. */
  "audit.verify": (actor: Actor) => holds(actor, ["audit_admin"]),
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
} satisfies Record<string, (actor: Actor, resource: never) => boolean>;
