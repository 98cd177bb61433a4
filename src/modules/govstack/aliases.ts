import type { Executor } from "../../platform/db/database.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Alias, type AliasKind, allAliases, upsertAlias } from "./aliases-store.ts";

export type { AliasKind } from "./aliases-store.ts";

/**
 * External ids (docs/govstack-design.md, section 3): ours are UUIDs (and `<item code>.v<version>` for
 * eForms); the conformance data's fixed ids, many not UUIDs, are aliases resolved on input and preferred
 * on output. The table is tiny and read whole, kept for a few seconds per database.
 */
const KEEP_MS = 10_000;

/** An eForm id of ours: the item's code and the version's number. */
export const EFORM_ID = /^(?<code>[0-9A-Z][0-9A-Z-]{2,39})\.v(?<version>\d{1,6})$/;
/** A case number (`loadCase` takes it as well as the case id). */
const CASE_NUMBER = /^\d{14,26}$/;

interface Maps {
  toInternal: Map<string, string>;
  toExternal: Map<string, string>;
  until: number;
  generation: number;
}

const caches = new WeakMap<object, Maps>();
/** Bumped by every write of this process, whichever transaction it ran in. */
let generation = 0;
const keyOf = (kind: AliasKind, id: string) => `${kind}\u0000${id}`;

async function maps(db: Executor): Promise<Maps> {
  const cached = caches.get(db);
  if (cached && cached.until > Date.now() && cached.generation === generation) return cached;
  const aliases = await allAliases(db);
  const fresh: Maps = {
    toInternal: new Map(aliases.map((a) => [keyOf(a.kind, a.externalId), a.internalId])),
    toExternal: new Map(aliases.map((a) => [keyOf(a.kind, a.internalId), a.externalId])),
    until: Date.now() + KEEP_MS,
    generation,
  };
  caches.set(db, fresh);
  return fresh;
}

/** Whether `id` has the shape of one of our ids of that kind. */
function isOurs(kind: AliasKind, id: string): boolean {
  if (kind === "eform") return EFORM_ID.test(id);
  if (kind === "file") return isUuid(id) || CASE_NUMBER.test(id);
  return isUuid(id);
}

/**
 * Our id for an external one: its alias, else the id itself when it can be one of ours; undefined when
 * it can name nothing (the caller answers 404, or `[]` in a filter).
 */
export async function resolveId(
  db: Executor,
  kind: AliasKind,
  external: string,
): Promise<string | undefined> {
  const aliased = (await maps(db)).toInternal.get(keyOf(kind, external));
  if (aliased !== undefined) return aliased;
  return isOurs(kind, external) ? external : undefined;
}

/** What an external id is bound to, if anything: unlike `resolveId`, never the id itself. */
export async function aliasTarget(
  db: Executor,
  kind: AliasKind,
  external: string,
): Promise<string | undefined> {
  return (await maps(db)).toInternal.get(keyOf(kind, external));
}

/** The id to show for each of ours: its alias when it has one, else itself. */
export async function presentIds(
  db: Executor,
  kind: AliasKind,
  internal: readonly string[],
): Promise<Map<string, string>> {
  const { toExternal } = await maps(db);
  return new Map(internal.map((id) => [id, toExternal.get(keyOf(kind, id)) ?? id]));
}

/** Binds an external id to one of ours (the conformance seed); one-to-one within a kind. */
export async function setAlias(
  db: Executor,
  kind: AliasKind,
  external: string,
  internal: string,
): Promise<void> {
  const alias: Alias = { kind, externalId: external, internalId: internal };
  await upsertAlias(db, alias);
  generation += 1;
}
