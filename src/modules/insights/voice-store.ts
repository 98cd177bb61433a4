import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { addSums, LEVELS, REBUILD, recountFacts } from "./sums-store.ts";

/**
 * The SQL of the voice roll-ups (12345 requests, rectifications of bad ratings): facts per row, sums per
 * month and region at every level, kept by the difference of facts like the cases' (rollup-store.ts).
 */

const ZONE = "Asia/Shanghai";
const COLUMNS = sql.raw(
  "province_code, kind, id, region_code, received_month, answered_month, answered_days, answered_on_time",
);
export type VoiceKind = "request" | "rectification";

const month = (at: string) => sql.raw(`date_trunc('month', ${at} at time zone '${ZONE}')::date`);
const day = (at: string) => sql.raw(`(${at} at time zone '${ZONE}')::date`);

/**
 * The facts of the rows `ids` names, of one province (all rows when null): when received, when answered
 * — a request's reply, a rectification's resolution — in how many working days, and whether by the due
 * date.
 */
function factsOf(ids: { province: string; kind: VoiceKind; ids: string[] } | null): RawBuilder<unknown> {
  const only = (kind: VoiceKind, table: string) =>
    ids === null
      ? sql`true`
      : sql`${sql.ref(`${table}.province_code`)} = ${ids.province} and ${
          ids.kind === kind ? sql`${sql.ref(`${table}.id`)} = any(${ids.ids}::uuid[])` : sql`false`
        }`;
  return sql`
    select r.province_code, 'request' as kind, r.id, r.region_code, ${month("r.received_at")} as received_month,
      ${month("r.replied_at")} as answered_month,
      case when wa.ordinal is not null and wb.ordinal is not null then wb.ordinal - wa.ordinal end as answered_days,
      coalesce(r.replied_at <= r.due_at, false)::int as answered_on_time
    from public_requests r
    left join insight_workdays wa on wa.day = ${day("r.received_at")}
    left join insight_workdays wb on wb.day = ${day("r.replied_at")}
    where ${only("request", "r")}
    union all
    select x.province_code, 'rectification', x.id, x.region_code, ${month("x.created_at")}, ${month("x.resolved_at")},
      case when wa.ordinal is not null and wb.ordinal is not null then wb.ordinal - wa.ordinal end,
      coalesce(x.resolved_on_time, false)::int
    from rectifications x
    left join insight_workdays wa on wa.day = ${day("x.created_at")}
    left join insight_workdays wb on wb.day = ${day("x.resolved_at")}
    where ${only("rectification", "x")}`;
}

/**
 * Adds signed facts (s: 1 or -1) to the monthly sums at every region level, dropping rows left empty;
 * `head` as `addSums` takes it.
 */
function apply(db: Executor, signed: RawBuilder<unknown>, head?: RawBuilder<unknown>): Promise<void> {
  const parts = sql`
    with f as (${signed})
    select kind, region_code, received_month as month, s as received, 0 as answered, 0 as measured,
      0 as answered_days_sum, 0 as answered_on_time
    from f
    union all
    select kind, region_code, answered_month, 0, s, s * (answered_days is not null)::int,
      s * coalesce(answered_days, 0), s * answered_on_time
    from f where answered_month is not null`;
  const levelled = sql`
    select left(p.region_code, 2) as province_code, left(p.region_code, l.len) as region_code, p.kind, p.month, p.received, p.answered, p.measured,
      p.answered_days_sum, p.answered_on_time
    from (${parts}) p join ${LEVELS} on length(p.region_code) >= l.len`;
  return addSums(
    db,
    "insight_voice_monthly",
    [
      ["province_code", "text"],
      ["region_code", "text"],
      ["kind", "text"],
      ["month", "date"],
    ],
    levelled,
    ["received", "answered", "measured", "answered_days_sum", "answered_on_time"],
    ["received", "answered"],
    head,
  );
}

/** Takes up to `limit` of a province's oldest marks off the queue: the distinct rows they name, by kind. */
export async function takeVoiceDirty(
  db: Executor,
  province: string,
  limit: number,
): Promise<Record<VoiceKind, string[]>> {
  const { rows } = await sql<{ kind: VoiceKind; id: string }>`
    delete from insight_voice_dirty
    where province_code = ${province} and seq in (
      select seq from insight_voice_dirty where province_code = ${province} order by seq limit ${limit})
    returning kind, id`.execute(db);
  const of = (kind: VoiceKind) => [...new Set(rows.filter((r) => r.kind === kind).map((r) => r.id))];
  return { request: of("request"), rectification: of("rectification") };
}

/**
 * Counts the given rows of a province again: the sums gain their new facts and lose the old ones that
 * changed.
 */
export async function recountVoice(
  db: Executor,
  province: string,
  kind: VoiceKind,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  const facts = {
    table: "insight_voice_facts",
    columns: COLUMNS,
    where: sql`province_code = ${province} and kind = ${kind} and id = any(${ids}::uuid[])`,
  };
  await recountFacts(db, facts, factsOf({ province, kind, ids }), (signed) => apply(db, signed));
}

/** Counts every request and rectification again from nothing. */
export async function recountAllVoice(db: Executor): Promise<void> {
  await sql`${REBUILD} delete from insight_voice_dirty`.execute(db);
  await sql`${REBUILD} delete from insight_voice_monthly`.execute(db);
  await sql`${REBUILD} delete from insight_voice_facts`.execute(db);
  await sql`${REBUILD} insert into insight_voice_facts (${COLUMNS}) ${factsOf(null)}`.execute(db);
  await apply(db, sql`select 1 as s, ${COLUMNS} from insight_voice_facts`, REBUILD);
}

export interface VoiceSums {
  kind: VoiceKind;
  received: number;
  answered: number;
  measured: number;
  answered_days_sum: number;
  answered_on_time: number;
  /** Received and not answered, over every month up to the period's end. */
  backlog: number;
}

/** A region's sums over the months [from, to], and its backlog at the end of `to`. */
export async function voiceSums(
  db: Executor,
  regionCode: string,
  from: string,
  to: string,
): Promise<VoiceSums[]> {
  const { rows } = await sql<VoiceSums>`
    select kind,
      coalesce(sum(received) filter (where month >= ${from}::date), 0)::int as received,
      coalesce(sum(answered) filter (where month >= ${from}::date), 0)::int as answered,
      coalesce(sum(measured) filter (where month >= ${from}::date), 0)::int as measured,
      coalesce(sum(answered_days_sum) filter (where month >= ${from}::date), 0)::float8 as answered_days_sum,
      coalesce(sum(answered_on_time) filter (where month >= ${from}::date), 0)::int as answered_on_time,
      coalesce(sum(received - answered), 0)::int as backlog
    from insight_voice_monthly
    where province_code = ${provinceOf(regionCode)} and region_code = ${regionCode} and month <= ${to}::date
    group by kind`.execute(db);
  return rows;
}
