/**
 * A person's own sessions: seeing where they are signed in and ending any of them, or all but this one
 * (ASVS 7.5.2). Sessions are named by an id that signs no one in; the token never leaves the cookie.
 *
 * An ended session stops at once on the server that ended it (its cache is told); another server may
 * still trust it for up to SESSION_CACHE_SECONDS, as for a sign-out made there.
 */
import { idleSince, type OwnSession, ownSessions } from "../../platform/auth/session-list.ts";
import { hashToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import type { Origin } from "./service.ts";
import * as store from "./session-store.ts";

/** The signed-in person's own id: strangers are asked to sign in, staff have no such account. */
function ownerOf(actor: Actor): string {
  if (actor.kind === "person") return actor.id;
  throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
}

export async function listOwnSessions(
  db: Executor,
  actor: Actor,
  currentToken: string | undefined,
  idleMinutes: number,
  now = new Date(),
): Promise<OwnSession[]> {
  const rows = await store.liveSessionsOf(db, ownerOf(actor), now, idleSince(now, idleMinutes));
  return ownSessions(rows, currentToken ? hashToken(currentToken) : undefined);
}

/**
 * Ends one of the person's sessions. Another person's, or one that has ended already, is not found
 * (404), as if it never existed. Ending the session of this very request is signing out: `current`
 * tells the caller to clear the cookie.
 */
export async function endOwnSession(
  db: Db,
  actor: Actor,
  sessionId: string,
  currentToken: string | undefined,
  origin: Origin,
): Promise<{ current: boolean }> {
  const personId = ownerOf(actor);
  return db.transaction().execute(async (tx) => {
    const ended = await store.deleteSessionById(tx, personId, sessionId);
    if (!ended) throw errors.notFound("session");
    const current = currentToken !== undefined && ended === hashToken(currentToken);
    await audit(tx, personId, "person.session_ended", origin, { session: sessionId, current });
    return { current };
  });
}

/** Ends every session of the person but the one of this request; how many ended. */
export async function endOtherSessions(
  db: Db,
  actor: Actor,
  currentToken: string | undefined,
  origin: Origin,
): Promise<number> {
  const personId = ownerOf(actor);
  if (!currentToken) throw errors.unauthenticated();
  return db.transaction().execute(async (tx) => {
    const ended = await store.deleteSessionsExcept(tx, personId, hashToken(currentToken));
    await audit(tx, personId, "person.sessions_ended", origin, { ended });
    return ended;
  });
}

/** Ends everyone's sessions, in the caller's transaction: `tongban sessions end-all` (identity). */
export function endEveryPersonSession(tx: Executor): Promise<number> {
  return store.deleteEverySession(tx);
}

function audit(
  tx: Executor,
  personId: string,
  action: string,
  origin: Origin,
  details: Record<string, unknown>,
) {
  return recordAudit(tx, {
    actorKind: "person",
    actorId: personId,
    action,
    subjectKind: "person",
    subjectId: personId,
    personId,
    requestId: origin.requestId ?? null,
    details,
  });
}
