import type { StaffRole } from "../../modules/identity/tables.ts";

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

export function holds(actor: Actor, roles: readonly StaffRole[], regionCode?: string): boolean {
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

/**
 * The roles a department's system works cases in, as grants of its own department over its own region:
 * `case.work` takes in and reviews (window clerk, reviewer), `case.decide` decides and issues (approver).
 * Rules then treat them as a staff member's grants; nobody else holds any.
 */
export function clientGrants(actor: Actor): RoleGrant[] {
  if (actor.kind !== "client") return [];
  const roles: StaffRole[] = [
    ...(actor.scopes.includes("case.work") ? (["window_clerk", "reviewer"] as const) : []),
    ...(actor.scopes.includes("case.decide") ? (["approver"] as const) : []),
  ];
  return roles.map((role) => ({
    role,
    departmentId: actor.departmentId,
    jurisdictionCode: actor.regionCode,
  }));
}
