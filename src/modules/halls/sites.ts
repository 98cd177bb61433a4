import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { loadCalendar } from "../calendar/service.ts";
import { getDepartment } from "../departments/service.ts";
import { ancestorCodes } from "../regions/codes.ts";
import { hoursProblems, openAt } from "./hours.ts";
import * as store from "./sites-store.ts";
import type { HallWindowRow, ServiceSiteRow, SiteHours, SiteKind, WindowKind } from "./tables.ts";

/** A hall or a service point, as the rest of Tongban sees it. */
export interface Site {
  id: string;
  code: string;
  kind: SiteKind;
  regionCode: string;
  departmentId: string;
  name: string;
  nameEn: string;
  address: string;
  phone: string;
  hours: SiteHours;
  open: boolean;
}

export interface HallWindow {
  id: string;
  siteId: string;
  label: string;
  kind: WindowKind;
  departmentIds: string[];
  active: boolean;
}

export function presentSite(row: ServiceSiteRow): Site {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    regionCode: row.region_code,
    departmentId: row.department_id,
    name: row.name,
    nameEn: row.name_en,
    address: row.address,
    phone: row.phone,
    hours: row.hours,
    open: row.open,
  };
}

export function presentWindow(row: HallWindowRow): HallWindow {
  return {
    id: row.id,
    siteId: row.site_id,
    label: row.label,
    kind: row.kind,
    departmentIds: row.department_ids,
    active: row.active,
  };
}

/** Sites are public: where they are, when they open, whom to call. */
export async function getSite(db: Executor, code: string): Promise<Site> {
  const row = await store.findSiteByCode(db, code);
  if (!row) throw errors.notFound("service site");
  return presentSite(row);
}

export async function getSiteById(db: Executor, id: string): Promise<Site> {
  const row = await store.findSite(db, id);
  if (!row) throw errors.notFound("service site");
  return presentSite(row);
}

export async function listSites(
  db: Executor,
  filter: { region?: string | undefined; kind?: SiteKind | undefined } = {},
): Promise<Site[]> {
  return (await store.listSites(db, { regionPrefix: filter.region, kind: filter.kind })).map(presentSite);
}

/**
 * Where someone living in `regionCode` is served in person: the service point nearest them (their
 * village's, else their township's) and the hall nearest them (their county's, else the city's or the
 * province's) — nearest by the administrative tree, which is how people here find their office.
 */
export async function nearestSites(
  db: Executor,
  regionCode: string,
): Promise<{ point: Site | undefined; hall: Site | undefined }> {
  const chain = [regionCode, ...ancestorCodes(regionCode).reverse()];
  const found = await store.sitesIn(db, chain);
  const depth = (site: ServiceSiteRow) => chain.indexOf(site.region_code);
  const nearest = (kind: SiteKind) =>
    found
      .filter((s) => s.kind === kind)
      .sort((a, b) => depth(a) - depth(b) || a.code.localeCompare(b.code))[0];
  const point = nearest("point");
  const hall = nearest("hall");
  return { point: point && presentSite(point), hall: hall && presentSite(hall) };
}

/** Whether the site takes people now: not closed by its department, on a day and at an hour it keeps. */
export async function isOpenNow(db: Executor, site: Site, at = new Date()): Promise<boolean> {
  if (!site.open) return false;
  return openAt(site.hours, await loadCalendar(db, site.regionCode), at);
}

export interface SiteInput {
  code: string;
  kind: SiteKind;
  regionCode: string;
  departmentId: string;
  name: string;
  nameEn?: string | undefined;
  address?: string | undefined;
  phone?: string | undefined;
  hours: SiteHours;
  open?: boolean | undefined;
}

/** Creates or changes a site (by its code): an administrator over the site's region. */
export async function saveSite(db: Executor, actor: Actor, input: SiteInput): Promise<Site> {
  authorize(actor, "site.manage", { regionCode: input.regionCode });
  const problems = hoursProblems(input.hours);
  if (problems.length > 0) throw errors.validation(problems.map((message) => ({ field: "/hours", message })));
  const department = await getDepartment(db, input.departmentId);
  if (!input.regionCode.startsWith(department.regionCode)) {
    throw errors.validation([
      { field: "/departmentId", message: "The department must be of the site's region or one above it" },
    ]);
  }
  const existing = await store.findSiteByCode(db, input.code);
  if (existing) authorize(actor, "site.manage", { regionCode: existing.region_code });
  return presentSite(
    await store.upsertSite(db, {
      code: input.code,
      kind: input.kind,
      region_code: input.regionCode,
      department_id: input.departmentId,
      name: input.name,
      name_en: input.nameEn ?? "",
      address: input.address ?? "",
      phone: input.phone ?? "",
      hours: JSON.stringify(input.hours),
      open: input.open ?? true,
    }),
  );
}

export async function listWindows(db: Executor, siteId: string): Promise<HallWindow[]> {
  return (await store.listWindows(db, siteId)).map(presentWindow);
}

export async function getWindow(db: Executor, id: string): Promise<HallWindow> {
  const row = await store.findWindow(db, id);
  if (!row) throw errors.notFound("window");
  return presentWindow(row);
}

/** Creates or changes a window of a site (by its label): an administrator over the site's region. */
export async function saveWindow(
  db: Executor,
  actor: Actor,
  siteCode: string,
  input: {
    label: string;
    kind: WindowKind;
    departmentIds?: string[] | undefined;
    active?: boolean | undefined;
  },
): Promise<HallWindow> {
  const site = await getSite(db, siteCode);
  authorize(actor, "site.manage", { regionCode: site.regionCode });
  const departmentIds = input.kind === "comprehensive" ? [] : (input.departmentIds ?? []);
  if (input.kind === "department" && departmentIds.length === 0) {
    throw errors.validation([
      { field: "/departmentIds", message: "A department window is bound to at least one department" },
    ]);
  }
  for (const id of departmentIds) await getDepartment(db, id);
  return presentWindow(
    await store.upsertWindow(db, {
      site_id: site.id,
      label: input.label,
      kind: input.kind,
      department_ids: departmentIds,
      active: input.active ?? true,
    }),
  );
}

/** Whether a window takes an item of these departments: a comprehensive one takes any. */
export function windowServes(window: HallWindow, departmentIds: readonly string[]): boolean {
  return window.kind === "comprehensive" || departmentIds.some((id) => window.departmentIds.includes(id));
}
