import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError } from "../applicants/errors.ts";
import * as store from "./store.ts";

/** What the catalogue's use cases share: who acts, how refusals are told, finding an item. */

export interface Origin {
  requestId?: string;
}

export const staffId = (actor: Actor) => (actor.kind === "staff" ? actor.id : null);

/**
 * The catalogue is public, so an item or offering someone may not change is no secret: they are told
 * no (403), not that it does not exist.
 */
export function mayChange(actor: Actor, allowed: boolean): void {
  if (allowed) return;
  throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
}

export async function itemOr404(db: Executor, idOrCode: string): Promise<store.ItemRecord> {
  const item = await store.findItem(db, idOrCode);
  if (!item) throw errors.notFound("item");
  return item;
}

export function refuse(issues: FieldIssue[]): void {
  if (issues.length > 0) throw new FieldsError(issues);
}
