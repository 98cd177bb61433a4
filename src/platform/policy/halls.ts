import { type Actor, holds, withinRegion } from "./actors.ts";

/** Halls and service points: sites, points, the queue and appointments, window intake, devices (issue 7). */
export const hallRules = {
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
  "intake.receipt": (
    actor: Actor,
    facts: { submitterKind: "person" | "staff" | "client"; submitterId: string },
  ) => actor.kind === "staff" && facts.submitterKind === "staff" && facts.submitterId === actor.id,
  // — hall devices and lockers (issue 7: devices) —
  /** A site's devices and whether they are online, and what waits in its lockers: staff of its region. */
  "device.read": (actor: Actor, site: { regionCode: string }) =>
    actor.kind === "staff" && actor.grants.some((g) => withinRegion(site.regionCode, g.jurisdictionCode)),
  /** Putting a case's result into a locker is handing it over: window clerks of the site's region. */
  "locker.assign": (actor: Actor, site: { regionCode: string }) =>
    holds(actor, ["window_clerk"], site.regionCode),
} satisfies Record<string, (actor: Actor, resource: never) => boolean>;
