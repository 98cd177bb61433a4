/**
 * Staff sessions as their holders and the security administrator see and end them (ASVS 7.4.5, 7.5.2):
 * one's own, one by one or all but this one; all of one account in the security administrator's
 * jurisdiction (三员分立: the one who unlocks and resets second factors); everyone's, people's too, from
 * the server's command line. Sessions are named by an id that signs no one in.
 *
 * An ended session stops at once on the server that ended it (its cache is told); another server may
 * still trust it for up to SESSION_CACHE_SECONDS, as for a sign-out made there.
 */
import { idleSince, type OwnSession, ownSessions } from "../../platform/auth/session-list.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, can } from "../../platform/policy.ts";
import { endEveryPersonSession } from "../applicants/session-management.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { auditStaffEvent, type Origin } from "./audit.ts";
import * as sessions from "./session-store.ts";
import { visibleTarget } from "./staff-admin.ts";

function ownerOf(actor: Actor): string {
  if (actor.kind === "staff") return actor.id;
  throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
}

export async function listOwnSessions(
  db: Executor,
  actor: Actor,
  currentToken: string | undefined,
  idleMinutes: number,
  now = new Date(),
): Promise<OwnSession[]> {
  const rows = await sessions.liveSessionsOf(db, ownerOf(actor), now, idleSince(now, idleMinutes));
  return ownSessions(rows, currentToken ? hashToken(currentToken) : undefined);
}

/**
 * Ends one of one's own sessions. Anyone else's, or one ended already, is not found (404). Ending the
 * session of this very request is signing out: `current` tells the caller to clear the cookie.
 */
export async function endOwnSession(
  db: Db,
  actor: Actor,
  sessionId: string,
  currentToken: string | undefined,
  origin: Origin,
): Promise<{ current: boolean }> {
  const staffId = ownerOf(actor);
  return db.transaction().execute(async (tx) => {
    const ended = await sessions.deleteSessionById(tx, staffId, sessionId);
    if (!ended) throw errors.notFound("session");
    const current = currentToken !== undefined && ended === hashToken(currentToken);
    await auditStaffEvent(tx, staffId, "staff.session_ended", origin, {
      details: { session: sessionId, current },
    });
    return { current };
  });
}

/** Ends every session of one's own but the one of this request; how many ended. */
export async function endOtherSessions(
  db: Db,
  actor: Actor,
  currentToken: string | undefined,
  origin: Origin,
): Promise<number> {
  const staffId = ownerOf(actor);
  if (!currentToken) throw errors.unauthenticated();
  return db.transaction().execute(async (tx) => {
    const ended = await sessions.deleteSessionsExcept(tx, staffId, hashToken(currentToken));
    await auditStaffEvent(tx, staffId, "staff.sessions_ended", origin, {
      details: { ended, kept: "current" },
    });
    return ended;
  });
}

/**
 * Ends every session of another staff member: the security administrator over an account in their
 * jurisdiction, never their own (they end their own as anyone does). Outside it the account does not
 * exist (404); within it, to anyone else, 403.
 */
export async function endSessionsOfAccount(
  db: Db,
  actor: Actor,
  staffId: string,
  origin: Origin,
): Promise<number> {
  const target = await visibleTarget(db, actor, staffId);
  if (!can(actor, "staff.endSessions", target)) throw errors.forbidden();
  return db.transaction().execute(async (tx) => {
    const ended = await sessions.deleteSessionsOf(tx, staffId);
    await auditStaffEvent(tx, staffId, "staff.sessions_ended", origin, {
      by: auditActor(actor),
      details: { ended },
    });
    return ended;
  });
}

/**
 * Ends every session of everyone, staff and people: `tongban sessions end-all`, after a suspected
 * theft of session tokens or of the database. Everyone signs in again.
 */
export async function endEveryonesSessions(db: Db): Promise<{ staff: number; people: number }> {
  return db.transaction().execute(async (tx) => {
    const ended = { staff: await sessions.deleteEverySession(tx), people: await endEveryPersonSession(tx) };
    await recordAudit(tx, { actorKind: "system", action: "sessions.ended_all", details: ended });
    return ended;
  });
}
