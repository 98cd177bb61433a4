import type { Db, Executor } from "../../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../../platform/errors.ts";
import type { Actor } from "../../../platform/policy.ts";
import { recordAudit } from "../../audit/service.ts";
import { allRegistries, listRegistries, type Registry, registryOf } from "../../exchange/service.ts";
import * as store from "./exposures-store.ts";

export type { StoredExposure } from "./exposures-store.ts";

/** A registry as GovStack callers reach it: the exposure and the native registry behind it. */
export interface Exposed {
  exposure: store.StoredExposure;
  registry: Registry;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const KEY_FIELD = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** The Digital Registries' own path under /data: never a registry's name. */
const RESERVED = "mypersonaldatausage";

export interface ExposureInput {
  registry: string;
  name?: string | undefined;
  version?: string | undefined;
  code?: string | undefined;
  keyField?: string | undefined;
  /** Our field name → the GovStack name. */
  fieldNames?: Record<string, string> | undefined;
}

/**
 * The steward's deliberate act of opening a registry to GovStack callers (`tongban govstack
 * registries expose`): deny by default. Run by the server's operator, so audited as the system.
 */
export async function exposeRegistry(db: Db, input: ExposureInput): Promise<store.StoredExposure> {
  const registry = await registryOf(db, input.registry).catch(() => undefined);
  if (!registry) throw errors.validation([{ field: "/registry", message: "no such registry" }]);
  const name = input.name ?? registry.code;
  const version = input.version ?? "1";
  const code = input.code ?? registry.code.toUpperCase();
  const keyField = input.keyField ?? "id";
  const fieldNames = input.fieldNames ?? {};
  const ours = new Set(registry.fields.map((f) => f.name));
  const theirs = [keyField, ...registry.fields.map((f) => fieldNames[f.name] ?? f.name)];
  const problems: FieldProblem[] = [
    ...(NAME.test(name) && name.toLowerCase() !== RESERVED
      ? []
      : [{ field: "/name", message: "letters, digits, _ . -, 64 at most; not mypersonalDataUsage" }]),
    ...(VERSION.test(version) ? [] : [{ field: "/version", message: "letters, digits, _ . -, 32 at most" }]),
    ...(CODE.test(code) ? [] : [{ field: "/code", message: "letters, digits, _ -, 64 at most" }]),
    ...Object.entries(fieldNames).flatMap(([our, their]) => [
      ...(ours.has(our) ? [] : [{ field: `/fieldNames/${our}`, message: "the registry has no such field" }]),
      ...(KEY_FIELD.test(their)
        ? []
        : [{ field: `/fieldNames/${our}`, message: "a letter, then letters, digits or _" }]),
    ]),
    ...(KEY_FIELD.test(keyField)
      ? []
      : [{ field: "/keyField", message: "a letter, then letters, digits or _" }]),
    // Names are matched without case on input: two that differ only in case could not be told apart.
    ...(new Set(theirs.map((n) => n.toLowerCase())).size === theirs.length
      ? []
      : [{ field: "/fieldNames", message: "two fields (or a field and the key) would have one name" }]),
  ];
  if (problems.length > 0) throw errors.validation(problems);
  return db.transaction().execute(async (tx) => {
    const made = await store.insertExposure(tx, {
      registryId: registry.id,
      name,
      version,
      code,
      keyField,
      fieldNames,
    });
    if (!made) throw errors.conflict("The registry, its name or its code is exposed already");
    await recordAudit(tx, {
      actorKind: "system",
      action: "govstack.registry_expose",
      subjectKind: "registry",
      subjectId: registry.id,
      details: { registry: registry.code, id: made.id, name, version, code, keyField, fieldNames },
    });
    return made;
  });
}

/** Closes an exposure again, named by its GovStack name or by its registry's code. */
export async function withdrawExposure(db: Db, nameOrRegistry: string): Promise<store.StoredExposure> {
  const named = (await exposedRegistriesForOperator(db)).find(
    (e) => e.exposure.name === nameOrRegistry || e.registry.code === nameOrRegistry,
  );
  if (!named) throw errors.notFound("exposure");
  return db.transaction().execute(async (tx) => {
    const removed = await store.deleteExposure(tx, named.exposure.name);
    if (!removed) throw errors.notFound("exposure");
    await recordAudit(tx, {
      actorKind: "system",
      action: "govstack.registry_withdraw",
      subjectKind: "registry",
      subjectId: removed.registryId,
      details: { id: removed.id, name: removed.name },
    });
    return removed;
  });
}

/** Every exposure with its registry, as the actor may list registries (any client). */
export async function exposedRegistries(db: Executor, actor: Actor): Promise<Exposed[]> {
  const registries = new Map((await listRegistries(db, actor)).map((r) => [r.id, r]));
  return (await store.allExposures(db)).flatMap((exposure) => {
    const registry = registries.get(exposure.registryId);
    return registry ? [{ exposure, registry }] : [];
  });
}

/** Every exposure with its registry, for the server's operator (`tongban govstack registries list`). */
export async function exposedRegistriesForOperator(db: Executor): Promise<Exposed[]> {
  const registries = new Map((await allRegistries(db)).map((r) => [r.id, r]));
  return (await store.allExposures(db)).flatMap((exposure) => {
    const registry = registries.get(exposure.registryId);
    return registry ? [{ exposure, registry }] : [];
  });
}

/** `{registryName}/{versionNumber}`: the name in any case, the version exactly; else 404. */
export async function exposedNamed(
  db: Executor,
  actor: Actor,
  name: string,
  version: string,
): Promise<Exposed> {
  const found = (await exposedRegistries(db, actor)).find(
    (e) => e.exposure.name.toLowerCase() === name.toLowerCase(),
  );
  if (!found || found.exposure.version !== version) throw errors.notFound("registry");
  return found;
}

/** A database as the database API and the data-usage query name it: its integer id, code or name. */
export async function exposedDatabase(db: Executor, actor: Actor, idOrName: string): Promise<Exposed> {
  const wanted = idOrName.toLowerCase();
  const found = (await exposedRegistries(db, actor)).find(
    (e) =>
      String(e.exposure.id) === idOrName ||
      e.exposure.code.toLowerCase() === wanted ||
      e.exposure.name.toLowerCase() === wanted,
  );
  if (!found) throw errors.notFound("database");
  return found;
}
