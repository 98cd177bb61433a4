import type { Locale } from "../../../platform/config.ts";
import type { Executor } from "../../../platform/db/database.ts";
import { errors, isAppError } from "../../../platform/errors.ts";
import type { Actor } from "../../../platform/policy.ts";
import {
  type ItemContent,
  publicItem,
  publicVersions,
  serviceById,
  servicesInScope,
} from "../../catalog/service.ts";
import { EFORM_ID, presentIds, resolveId } from "../aliases.ts";
import { eFormSchema } from "./eforms.ts";
import { presentEFormItem, presentService } from "./present.ts";
import type { EForm, EFormListItem, Service } from "./schemas.ts";

/** Services and their eForms over the catalogue (docs/govstack-design.md, sections 6.1–6.4). */

/** Our eForm id: the item's code and the version's number. */
export const eFormIdOf = (code: string, version: number) => `${code}.v${version}`;

/**
 * The services a caller sees: a client those of its region, above and within it; anyone else every
 * active one. `name` is a part of the item's name, Chinese or English.
 */
export async function listServices(
  db: Executor,
  actor: Actor,
  query: { name?: string | undefined; limit: number; offset: number },
  locale: Locale,
): Promise<Service[]> {
  const found = await servicesInScope(db, {
    regionCode: actor.kind === "client" ? actor.regionCode : undefined,
    name: query.name?.trim() || undefined,
    limit: query.limit,
    offset: query.offset,
  });
  const ids = await presentIds(
    db,
    "service",
    found.map((f) => f.offering.id),
  );
  return found.map((f) => presentService(f, ids.get(f.offering.id) ?? f.offering.id, locale));
}

/** A service by its id or alias, whatever its status; 404 when it names nothing. */
async function serviceOr404(db: Executor, externalId: string) {
  const id = await resolveId(db, "service", externalId);
  const found = id === undefined ? undefined : await serviceById(db, id);
  if (!found) throw errors.notFound("service");
  return found;
}

export async function getService(db: Executor, externalId: string, locale: Locale): Promise<Service> {
  const found = await serviceOr404(db, externalId);
  const ids = await presentIds(db, "service", [found.offering.id]);
  return presentService(found, ids.get(found.offering.id) ?? found.offering.id, locale);
}

/** The forms of a service's item, one per version the public may read, newest first. */
export async function serviceEForms(
  db: Executor,
  externalId: string,
  locale: Locale,
): Promise<EFormListItem[]> {
  const found = await serviceOr404(db, externalId);
  const versions = await publicVersions(db, found.item.id);
  const ids = await presentIds(
    db,
    "eform",
    versions.map((v) => eFormIdOf(found.item.code, v.version)),
  );
  return versions.map((v) => {
    const id = eFormIdOf(found.item.code, v.version);
    return presentEFormItem(ids.get(id) ?? id, v, locale);
  });
}

/** One eForm with its schema; a draft, an unknown or a malformed id are all 404. */
export async function getEForm(
  db: Executor,
  externalId: string,
  locale: Locale,
  baseUrl: string,
): Promise<EForm> {
  const id = await resolveId(db, "eform", externalId);
  const parsed = id === undefined ? undefined : EFORM_ID.exec(id)?.groups;
  if (id === undefined || parsed?.code === undefined) throw errors.notFound("eForm");
  const { item } = await publicItem(db, parsed.code).catch((error: unknown) => {
    throw isAppError(error) && error.status === 404 ? errors.notFound("eForm") : error;
  });
  const version = (await publicVersions(db, item.id)).find((v) => v.version === Number(parsed.version));
  if (!version) throw errors.notFound("eForm");
  const shown = (await presentIds(db, "eform", [id])).get(id) ?? id;
  const url = `${baseUrl}/govstack/registration/eForms/${encodeURIComponent(shown)}`;
  return {
    ...presentEFormItem(shown, version, locale),
    schema: eFormSchema(version.content as ItemContent, url, locale),
  };
}
