import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError } from "../applicants/errors.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getRegion } from "../regions/service.ts";
import { buildCalendar, type WorkingCalendar } from "./clock.ts";
import { type Day, dayNumber, dayNumberOf, isWeekend, parseDay } from "./days.ts";
import { calendarErrors } from "./errors.ts";
import { readPackageCalendar } from "./package-data.ts";
import * as store from "./store.ts";
import type { DayKind, OverrideKind } from "./tables.ts";

export type { WorkingCalendar } from "./clock.ts";
export type { DayRecord, OverrideRecord, YearRecord } from "./store.ts";

/** How long before the last year with data runs out Tongban starts warning (the State Council publishes in autumn). */
export const COVERAGE_WARNING_DAYS = 60;

export interface Origin {
  requestId?: string;
}

/**
 * The working-day calendar of a region (its overrides and those of every region above it), or the
 * national one without a region. Load it once per request or job and ask it as often as needed.
 */
export async function loadCalendar(db: Executor, regionCode?: string): Promise<WorkingCalendar> {
  const [years, days, overrides] = await Promise.all([
    store.listYearNumbers(db),
    store.listDays(db),
    regionCode ? store.listOverridesFor(db, regionCode) : Promise.resolve([]),
  ]);
  return buildCalendar({ years, days, overrides });
}

export interface ImportResult {
  /** Years written because they were new or the package's data changed. */
  imported: number[];
  /** Years the package has that were already up to date. */
  unchanged: number[];
  /** Years an administrator entered, kept as they are. */
  kept: number[];
}

const sameDays = (a: store.DayRecord[], b: store.DayRecord[]) =>
  a.length === b.length &&
  a.every((d, i) => d.day === b[i]?.day && d.kind === b[i]?.kind && d.name === b[i]?.name);

/**
 * Loads every year of the chinese-days package. Safe to run again: a year already as the package has
 * it is left alone, and a year an administrator entered is kept unless `overwriteAdmin` says otherwise
 * (an administrator who entered a year before the package had it chooses when to take the package's).
 * With an `actor` (an administrator pressing the page's button) it is theirs to do and theirs in the
 * audit trail; without one it is the system's (the command line, the demo seed).
 */
export async function importPackageCalendar(
  db: Db,
  options: { overwriteAdmin?: boolean; now?: Date; actor?: Actor } = {},
): Promise<ImportResult> {
  if (options.actor) mayManage(options.actor, { regionCode: null });
  const now = options.now ?? new Date();
  const packageYears = await readPackageCalendar();
  const result: ImportResult = { imported: [], unchanged: [], kept: [] };
  await db.transaction().execute(async (tx) => {
    const existing = new Map((await store.listYears(tx)).map((y) => [y.year, y]));
    for (const [year, days] of [...packageYears].sort(([a], [b]) => a - b)) {
      const known = existing.get(year);
      if (known?.source === "admin" && !options.overwriteAdmin) {
        result.kept.push(year);
      } else if (known?.source === "package" && sameDays(await store.listDays(tx, year), days)) {
        result.unchanged.push(year);
      } else {
        await store.replaceYear(tx, year, "package", days, null, now);
        result.imported.push(year);
      }
    }
    if (result.imported.length > 0) {
      await recordAudit(tx, {
        ...(options.actor ? auditActor(options.actor) : { actorKind: "system" }),
        action: "calendar.import",
        subjectKind: "calendar",
        details: { imported: result.imported, kept: result.kept },
      });
    }
  });
  return result;
}

export interface Coverage {
  /** The last year with holiday data, or null when there is none at all. */
  lastYear: number | null;
  /** Its last day, "YYYY-12-31". */
  endsOn: Day | null;
  /** Whole days from today (China time) to that last day; negative once it has passed. */
  daysLeft: number | null;
  /** True from COVERAGE_WARNING_DAYS before the end: the next year's holidays must be entered. */
  warning: boolean;
  ended: boolean;
}

export async function calendarCoverage(db: Executor, now = new Date()): Promise<Coverage> {
  const last = await store.lastYear(db);
  if (last === undefined) {
    return { lastYear: null, endsOn: null, daysLeft: null, warning: true, ended: true };
  }
  const endsOn = `${last}-12-31`;
  const daysLeft = dayNumber(endsOn) - dayNumberOf(now);
  return {
    lastYear: last,
    endsOn,
    daysLeft,
    warning: daysLeft <= COVERAGE_WARNING_DAYS,
    ended: daysLeft < 0,
  };
}

export async function listYears(db: Executor, actor: Actor): Promise<store.YearRecord[]> {
  authorize(actor, "calendar.read");
  return store.listYears(db);
}

export async function getYear(
  db: Executor,
  actor: Actor,
  year: number,
): Promise<store.YearRecord & { days: store.DayRecord[] }> {
  authorize(actor, "calendar.read");
  const record = await store.findYear(db, year);
  if (!record) throw errors.notFound("calendar year");
  return { ...record, days: await store.listDays(db, year) };
}

/** Refused outright (403), never hidden: the calendar is public, so there is nothing to hide. */
function mayManage(actor: Actor, scope: { regionCode: string | null }): string {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (actor.kind !== "staff" || !can(actor, "calendar.manage", scope)) throw errors.forbidden();
  return actor.id;
}

export interface YearInput {
  days: { date: string; kind: DayKind; name: string }[];
}

/**
 * The rules of a year's entry, from how the State Council's notices are written: every date lies in the
 * year and appears once; every day has the holiday's name; a make-up working day (调休上班) is a Saturday
 * or Sunday, since a weekday is a working day already. A holiday may fall on any day, because a holiday
 * span lists its weekend days too (2026-01-03, a Saturday, is part of 元旦). A year has at least one
 * holiday: an empty one is surely a mistake, and would count every weekday as a working day.
 */
export function checkYear(year: number, input: YearInput): store.DayRecord[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const days: store.DayRecord[] = [];
  input.days.forEach((entry, i) => {
    const at = `/days/${i}`;
    const day = parseDay(entry.date);
    const name = entry.name.trim();
    if (!day) issues.push({ field: `${at}/date`, key: "calendar.problem.date" });
    else if (Number(day.slice(0, 4)) !== year)
      issues.push({ field: `${at}/date`, key: "calendar.problem.outsideYear", params: { year } });
    else if (seen.has(day))
      issues.push({ field: `${at}/date`, key: "calendar.problem.twice", params: { day } });
    else if (entry.kind === "workday" && !isWeekend(dayNumber(day)))
      issues.push({ field: `${at}/date`, key: "calendar.problem.workdayOnWeekday", params: { day } });
    if (day) seen.add(day);
    if (name === "") issues.push({ field: `${at}/name`, key: "calendar.problem.nameRequired" });
    if (day) days.push({ day, kind: entry.kind, name });
  });
  if (!input.days.some((d) => d.kind === "holiday"))
    issues.push({ field: "/days", key: "calendar.problem.noHolidays" });
  if (issues.length > 0) throw new FieldsError(issues);
  return days.sort((a, b) => a.day.localeCompare(b.day));
}

/** An administrator enters a year's holidays and make-up working days, replacing whatever it had. */
export async function setYear(
  db: Db,
  actor: Actor,
  year: number,
  input: YearInput,
  origin: Origin = {},
  now = new Date(),
): Promise<store.YearRecord & { days: store.DayRecord[] }> {
  const staffId = mayManage(actor, { regionCode: null });
  const days = checkYear(year, input);
  await db.transaction().execute(async (tx) => {
    const before = await store.findYear(tx, year);
    await store.replaceYear(tx, year, "admin", days, staffId, now);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "calendar.year_set",
      subjectKind: "calendar_year",
      subjectId: String(year),
      requestId: origin.requestId ?? null,
      details: {
        year,
        holidays: days.filter((d) => d.kind === "holiday").map((d) => d.day),
        workdays: days.filter((d) => d.kind === "workday").map((d) => d.day),
        replaced: before ? before.source : null,
      },
    });
  });
  return getYear(db, actor, year);
}

export async function listOverrides(
  db: Executor,
  actor: Actor,
  regionCode: string,
): Promise<store.OverrideRecord[]> {
  authorize(actor, "calendar.read");
  await getRegion(db, actor, regionCode);
  return store.listOverridesFor(db, regionCode);
}

export interface OverrideInput {
  regionCode: string;
  date: string;
  kind: OverrideKind;
  reason: string;
}

/** A local holiday or a closed hall (closed), or a hall open on a day off (open), for a region's subtree. */
export async function addOverride(
  db: Db,
  actor: Actor,
  input: OverrideInput,
  origin: Origin = {},
): Promise<store.OverrideRecord> {
  const staffId = mayManage(actor, { regionCode: input.regionCode });
  const issues: FieldIssue[] = [];
  const day = parseDay(input.date);
  if (!day) issues.push({ field: "/date", key: "calendar.problem.date" });
  const reason = input.reason.trim();
  if (reason === "") issues.push({ field: "/reason", key: "calendar.problem.reasonRequired" });
  if (issues.length > 0 || !day) throw new FieldsError(issues);
  await getRegion(db, actor, input.regionCode);
  const id = await db.transaction().execute(async (tx) => {
    const id = await store.insertOverride(tx, {
      regionCode: input.regionCode,
      day,
      kind: input.kind,
      reason,
      createdBy: staffId,
    });
    if (!id) throw calendarErrors.overrideExists(input.regionCode, day);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "calendar.override_add",
      subjectKind: "calendar_override",
      subjectId: id,
      regionCode: input.regionCode,
      requestId: origin.requestId ?? null,
      details: { day, kind: input.kind, reason },
    });
    return id;
  });
  const created = await store.findOverride(db, id);
  if (!created) throw errors.notFound("calendar override");
  return created;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function removeOverride(db: Db, actor: Actor, id: string, origin: Origin = {}): Promise<void> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const override = UUID.test(id) ? await store.findOverride(db, id) : undefined;
  if (!override) throw errors.notFound("calendar override");
  mayManage(actor, { regionCode: override.regionCode });
  await db.transaction().execute(async (tx) => {
    await store.deleteOverride(tx, id);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: "calendar.override_remove",
      subjectKind: "calendar_override",
      subjectId: id,
      regionCode: override.regionCode,
      requestId: origin.requestId ?? null,
      details: { day: override.day, kind: override.kind, reason: override.reason },
    });
  });
}
