import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { Day } from "./days.ts";
import type { CalendarSource, DayKind, OverrideKind } from "./tables.ts";

export interface YearRecord {
  year: number;
  source: CalendarSource;
  enteredBy: string | null;
  enteredAt: Date;
  holidays: number;
  workdays: number;
}

export interface DayRecord {
  day: Day;
  kind: DayKind;
  name: string;
}

export interface OverrideRecord {
  id: string;
  regionCode: string;
  regionName: string;
  day: Day;
  kind: OverrideKind;
  reason: string;
}

const dayText = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export async function listYears(db: Executor): Promise<YearRecord[]> {
  const rows = await db
    .selectFrom("calendar_years as y")
    .select((eb) => [
      "y.year",
      "y.source",
      "y.entered_by",
      "y.entered_at",
      eb
        .selectFrom("calendar_days as d")
        .whereRef("d.year", "=", "y.year")
        .where("d.kind", "=", "holiday")
        .select(eb.fn.countAll<string | number>().as("n"))
        .as("holidays"),
      eb
        .selectFrom("calendar_days as d")
        .whereRef("d.year", "=", "y.year")
        .where("d.kind", "=", "workday")
        .select(eb.fn.countAll<string | number>().as("n"))
        .as("workdays"),
    ])
    .orderBy("y.year")
    .execute();
  return rows.map((r) => ({
    year: r.year,
    source: r.source,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
    holidays: Number(r.holidays ?? 0),
    workdays: Number(r.workdays ?? 0),
  }));
}

export async function findYear(db: Executor, year: number): Promise<YearRecord | undefined> {
  return (await listYears(db)).find((y) => y.year === year);
}

export async function lastYear(db: Executor): Promise<number | undefined> {
  const row = await db
    .selectFrom("calendar_years")
    .select((eb) => eb.fn.max("year").as("year"))
    .executeTakeFirst();
  return row?.year ?? undefined;
}

export async function listDays(db: Executor, year?: number): Promise<DayRecord[]> {
  let query = db.selectFrom("calendar_days").select([dayText("day").as("day"), "kind", "name"]);
  if (year !== undefined) query = query.where("year", "=", year);
  return query.orderBy("day").execute();
}

/** Replaces every day of the year and records where they came from. */
export async function replaceYear(
  db: Executor,
  year: number,
  source: CalendarSource,
  days: DayRecord[],
  enteredBy: string | null,
  now: Date,
): Promise<void> {
  await db
    .insertInto("calendar_years")
    .values({ year, source, entered_by: enteredBy, entered_at: now })
    .onConflict((c) => c.column("year").doUpdateSet({ source, entered_by: enteredBy, entered_at: now }))
    .execute();
  await db.deleteFrom("calendar_days").where("year", "=", year).execute();
  if (days.length === 0) return;
  await db
    .insertInto("calendar_days")
    .values(days.map((d) => ({ day: d.day, year, kind: d.kind, name: d.name, source })))
    .execute();
}

/** The codes of a region and of every region above it: prefixes of the statistical code. */
export function selfAndAncestors(code: string): string[] {
  return [2, 4, 6, 9, 12].filter((length) => length <= code.length).map((length) => code.slice(0, length));
}

const overrideColumns = [
  "o.id",
  "o.region_code",
  "r.name as region_name",
  dayText("o.day").as("day"),
  "o.kind",
  "o.reason",
] as const;

type OverrideRow = {
  id: string;
  region_code: string;
  region_name: string;
  day: string;
  kind: OverrideKind;
  reason: string;
};

const overrideRecord = (r: OverrideRow): OverrideRecord => ({
  id: r.id,
  regionCode: r.region_code,
  regionName: r.region_name,
  day: r.day,
  kind: r.kind,
  reason: r.reason,
});

/** The overrides that apply to a region: its own and those of every region above it. */
export async function listOverridesFor(db: Executor, regionCode: string): Promise<OverrideRecord[]> {
  const rows = await db
    .selectFrom("calendar_overrides as o")
    .innerJoin("regions as r", "r.code", "o.region_code")
    .select(overrideColumns)
    .where("o.region_code", "in", selfAndAncestors(regionCode))
    .orderBy("o.day")
    .orderBy("o.region_code")
    .execute();
  return rows.map(overrideRecord);
}

export async function findOverride(db: Executor, id: string): Promise<OverrideRecord | undefined> {
  const row = await db
    .selectFrom("calendar_overrides as o")
    .innerJoin("regions as r", "r.code", "o.region_code")
    .select(overrideColumns)
    .where("o.id", "=", id)
    .executeTakeFirst();
  return row ? overrideRecord(row) : undefined;
}

/** The new override's id, or undefined when the region already has one on that day. */
export async function insertOverride(
  db: Executor,
  input: { regionCode: string; day: Day; kind: OverrideKind; reason: string; createdBy: string | null },
): Promise<string | undefined> {
  const row = await db
    .insertInto("calendar_overrides")
    .values({
      region_code: input.regionCode,
      day: input.day,
      kind: input.kind,
      reason: input.reason,
      created_by: input.createdBy,
    })
    .onConflict((c) => c.columns(["region_code", "day"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function deleteOverride(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("calendar_overrides").where("id", "=", id).execute();
}

export async function listYearNumbers(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom("calendar_years").select("year").orderBy("year").execute();
  return rows.map((r) => r.year);
}
