import { timingSafeEqual } from "node:crypto";
import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, can } from "../../platform/policy.ts";
import { hashToken } from "./filing.ts";
import * as store from "./store.ts";
import type { RequestRow } from "./tables.ts";

const NUMBER = /^\d{16}$/;

/** The facts `request.read` decides on. */
export const readFacts = (row: RequestRow) => ({
  personId: row.person_id,
  regionCode: row.region_code,
  departmentIds: [row.dispatcher_id, ...(row.department_id ? [row.department_id] : [])],
});

function tokenMatches(row: RequestRow, token: string | undefined): boolean {
  if (!token) return false;
  const given = Buffer.from(hashToken(token));
  const kept = Buffer.from(row.token_hash);
  return given.length === kept.length && timingSafeEqual(given, kept);
}

/**
 * A request as its requester may see it: signed in as the person who filed it, or holding its follow
 * token. Anyone else — another person, a wrong token — is told it does not exist (404).
 */
export async function requestOfRequester(
  db: Executor,
  actor: Actor,
  number: string,
  token: string | undefined,
  lock = false,
): Promise<RequestRow> {
  const row = NUMBER.test(number)
    ? await (lock ? store.lockByNumber(db, number) : store.findByNumber(db, number))
    : undefined;
  if (!row) throw errors.notFound("request");
  if (tokenMatches(row, token) || can(actor, "request.rate", { personId: row.person_id })) return row;
  throw errors.notFound("request");
}

/** A request as the staff over it see it: 404 to anyone who may not read it (or to no one signed in, 401). */
export async function requestForStaff(
  db: Executor,
  actor: Actor,
  number: string,
  lock = false,
): Promise<RequestRow> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const row = NUMBER.test(number)
    ? await (lock ? store.lockByNumber(db, number) : store.findByNumber(db, number))
    : undefined;
  if (!row || actor.kind !== "staff" || !can(actor, "request.read", readFacts(row)))
    throw errors.notFound("request");
  return row;
}

/** Whether the staff member may take a step now, by who holds the request: the dispatcher or a department. */
export function mayWork(actor: Actor, row: RequestRow): boolean {
  return row.state === "received"
    ? can(actor, "request.dispatch", { dispatcherId: row.dispatcher_id, regionCode: row.region_code })
    : row.department_id !== null &&
        can(actor, "request.handle", { departmentId: row.department_id, regionCode: row.region_code });
}
