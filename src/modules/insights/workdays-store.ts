import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";

/** The SQL of the working-day table: each day's ordinal among working days, for the roll-ups. */

/** The first and last days the working-day table covers, if any. */
export async function workdaySpan(db: Executor): Promise<{ first: string; last: string } | undefined> {
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    select min(day)::text as first, max(day)::text as last from insight_workdays`.execute(db);
  const row = rows[0];
  return row?.first && row.last ? { first: row.first, last: row.last } : undefined;
}

/** Appends days after the table's end (or fills an empty table): ordinals already given never change. */
export async function appendWorkdays(
  db: Executor,
  days: { day: string; ordinal: number; working: boolean }[],
): Promise<void> {
  if (days.length === 0) return;
  await sql`
    insert into insight_workdays (day, ordinal, working)
    select * from unnest(${days.map((d) => d.day)}::date[], ${days.map((d) => d.ordinal)}::int[],
      ${days.map((d) => d.working)}::boolean[])`.execute(db);
}

export async function clearWorkdays(db: Executor): Promise<void> {
  await sql`delete from insight_workdays`.execute(db);
}

/** The ordinal of the table's last day (0 when empty). */
export async function lastOrdinal(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number | null }>`
    select max(ordinal) as n from insight_workdays`.execute(db);
  return rows[0]?.n ?? 0;
}
