import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, provinceOf } from "../../platform/db/distribution.ts";

/**
 * All SQL of process mining. Every query reads the cases of one definition version submitted in one
 * period under one region (the `cases_definition_submitted` index), then their tasks and events by
 * case. Durations are in working days: the caller passes each day's working-day ordinal over the
 * period as an array, so a duration is one subtraction inside the aggregate and nothing is fetched row
 * by row.
 */

export interface MiningScope {
  definitionId: string;
  /** Cases whose region code starts with this (the region's subtree). */
  regionCode: string;
  /** Submitted at or after `from` and before `to`. */
  from: Date;
  to: Date;
  /** The version's stage keys by index: every case of one version has its stages. */
  stageKeys: string[];
  /** Working-day ordinals: `ordinals[i]` is the count of working days up to day `firstDay + i`. */
  firstDay: number;
  ordinals: number[];
}

/**
 * China day number of an instant (UTC+8, no daylight saving), as calendar/days.ts counts them. In
 * double precision: `extract` answers numeric, several times slower over a million rows.
 */
const dayOf = (column: RawBuilder<unknown>) =>
  sql<number>`(floor((date_part('epoch', ${column}) + 28800) / 86400))::int`;

/** The working-day ordinal of an instant; null outside the period's array (it never happened yet). */
const ord = (scope: MiningScope, column: RawBuilder<unknown>) =>
  sql<number>`(o.a)[${dayOf(column)} - ${scope.firstDay} + 1]`;

const ordinals = (scope: MiningScope) => sql`(select ${`{${scope.ordinals.join(",")}}`}::int[] as a) o`;

/** The province of the scope's region, where its cases and their tasks and events lie. */
const province = (scope: MiningScope) => provinceOf(scope.regionCode);

/** The cases in scope, as a subquery named `s`. */
const scoped = (scope: MiningScope) => sql`(
  select c.id, c.state, c.submitted_at, c.closed_at, c.supplement_rounds
  from cases c
  where c.province_code = ${province(scope)} and c.definition_id = ${scope.definitionId}
    and c.region_code like ${`${scope.regionCode}%`}
    and c.submitted_at >= ${scope.from} and c.submitted_at < ${scope.to}
) s`;

export interface Stats {
  min: number | null;
  median: number | null;
  p90: number | null;
  max: number | null;
}

export interface StepRow {
  stage_index: number;
  task_key: string;
  cases: number;
  visits: number;
  open: number;
  done: number;
  wait: Stats;
  work: Stats;
  total: Stats;
}

/**
 * Each task of the definition as worked: visits (a task opened again after a return is a second
 * visit), those still open, and for the finished ones the waiting (opened → claimed, or → finished
 * when acted on without claiming), the working (claimed → finished) and the whole, in working days.
 */
export async function steps(db: Executor, scope: MiningScope): Promise<StepRow[]> {
  const stats = (x: string) => sql`json_build_object('min', min(${sql.ref(x)}),
    'median', percentile_disc(0.5) within group (order by ${sql.ref(x)}),
    'p90', percentile_disc(0.9) within group (order by ${sql.ref(x)}), 'max', max(${sql.ref(x)}))`;
  // Each instant's ordinal is looked up once per task, then subtracted; unfinished tasks have none.
  const { rows } = await sql<Record<string, unknown>>`
    select stage_index, task_key,
      count(distinct case_id)::int as cases, count(*)::int as visits,
      (count(*) filter (where status = 'open'))::int as open,
      (count(*) filter (where status = 'done'))::int as done,
      ${stats("wait")} as wait, ${stats("work")} as work, ${stats("total")} as total
    from (
      select case_id, stage_index, task_key, status,
        claimed - opened as wait, finished - claimed as work, finished - opened as total
      from (
        select t.case_id, t.stage_index, t.task_key, t.status,
          ${ord(scope, sql`t.created_at`)} as opened,
          case when t.status = 'done' then ${ord(scope, sql`coalesce(t.claimed_at, t.completed_at)`)} end as claimed,
          case when t.status = 'done' then ${ord(scope, sql`t.completed_at`)} end as finished
        from ${scoped(scope)}
        join case_tasks t on t.case_id = s.id and t.province_code = ${province(scope)}
        cross join ${ordinals(scope)}
      ) o
    ) d
    group by stage_index, task_key
    order by stage_index, task_key`.execute(db);
  return rows.map((r) => ({
    stage_index: r.stage_index as number,
    task_key: r.task_key as string,
    cases: r.cases as number,
    visits: r.visits as number,
    open: r.open as number,
    done: r.done as number,
    wait: parseStats(r.wait),
    work: parseStats(r.work),
    total: parseStats(r.total),
  }));
}

function parseStats(value: unknown): Stats {
  const o = (typeof value === "string" ? JSON.parse(value) : value) as Record<string, number | null>;
  return { min: o.min ?? null, median: o.median ?? null, p90: o.p90 ?? null, max: o.max ?? null };
}

/**
 * The actions that move a case along or back. Staff handing a task about (claim, assign…), the
 * clock's marks and the close after a delivery are not steps of the path.
 */
const STEP_ACTIONS = ["accept", "complete", "grant", "issue", "deliver"];
const OTHER_ACTIONS = [
  "reject",
  "deny",
  "deemed_grant",
  "request_supplement",
  "return",
  "pause",
  "withdraw",
  "lapse",
  "reverse",
];

/**
 * Each case's path as labels in order: the stage's key for work done at a stage, the action's name for
 * anything else (a supplement, a return, a denial…); parallel tasks finishing one after another in
 * one stage are one label.
 */
const paths = (scope: MiningScope) => sql`
  labelled as (
    select e.case_id, e.seq,
      case when e.action in (${sql.join(STEP_ACTIONS)}) then (${`{${scope.stageKeys.join(",")}}`}::text[])[e.stage_index + 1]
        else e.action end as label
    from ${scoped(scope)}
    join case_events e on e.case_id = s.id and e.province_code = ${province(scope)}
    -- Said twice so the planner may also read the events by region and time (case_events_region_at).
    where e.region_code like ${`${scope.regionCode}%`} and e.at >= ${scope.from}
      and e.action in (${sql.join([...STEP_ACTIONS, ...OTHER_ACTIONS])})
  ),
  marked as (
    select case_id, seq, label, lag(label) over (partition by case_id order by seq) as before
    from labelled
  ),
  path_steps as (
    select case_id, seq, label from marked where before is distinct from label
  )`;

export interface VariantRow {
  path: string;
  cases: number;
  closed: number;
  mean_days: number | null;
  /** Over every variant, not only those listed: cases with a path, and distinct paths. */
  all_cases: number;
  all_variants: number;
}

/** The paths with how many cases took each, most frequent first, and their mean submission-to-close time. */
export async function variants(db: Executor, scope: MiningScope, limit: number): Promise<VariantRow[]> {
  const { rows } = await sql<VariantRow>`
    with ${paths(scope)},
    per_case as (
      select case_id, string_agg(label, '>' order by seq) as path from path_steps group by case_id
    )
    select p.path, count(*)::int as cases, (count(*) filter (where s.closed_at is not null))::int as closed,
      avg(${ord(scope, sql`s.closed_at`)} - ${ord(scope, sql`s.submitted_at`)})::float8 as mean_days,
      (sum(count(*)) over ())::int as all_cases, (count(*) over ())::int as all_variants
    from per_case p
    join ${scoped(scope)} on s.id = p.case_id
    cross join ${ordinals(scope)}
    group by p.path
    order by cases desc, p.path
    limit ${limit}`.execute(db);
  return rows;
}

export interface EdgeRow {
  source: string;
  target: string;
  cases: number;
}

/** The map's arrows: how often one label followed another (from `start`; to `end` once closed). */
export async function edges(db: Executor, scope: MiningScope): Promise<EdgeRow[]> {
  const { rows } = await sql<EdgeRow>`
    with ${paths(scope)},
    ordered as (
      select p.case_id, p.label,
        coalesce(lag(p.label) over w, 'start') as source,
        lead(p.label) over w is null as last
      from path_steps p
      window w as (partition by p.case_id order by p.seq)
    ),
    pairs as (
      select source, label as target from ordered
      union all
      select o.label, 'end' from ordered o join ${scoped(scope)} on s.id = o.case_id
      where o.last and s.state = 'closed'
    )
    select source, target, count(*)::int as cases from pairs group by source, target
    order by cases desc, source, target`.execute(db);
  return rows;
}

export interface ReworkRow {
  cases: number;
  closed: number;
  with_supplement: number;
  supplement_rounds: number;
  with_return: number;
  returns: number;
}

/** Supplement rounds and returns (rework loops) over the cases in scope. */
export async function rework(db: Executor, scope: MiningScope): Promise<ReworkRow> {
  const { rows } = await sql<ReworkRow>`
    select count(*)::int as cases,
      (count(*) filter (where s.state = 'closed'))::int as closed,
      (count(*) filter (where s.supplement_rounds > 0))::int as with_supplement,
      coalesce(sum(s.supplement_rounds), 0)::int as supplement_rounds,
      (count(*) filter (where r.returns > 0))::int as with_return,
      coalesce(sum(r.returns), 0)::int as returns
    from ${scoped(scope)}
    left join lateral (
      select count(*)::int as returns from case_events e
      where e.province_code = ${province(scope)} and e.case_id = s.id and e.action = 'return'
    ) r on true`.execute(db);
  return rows[0] as ReworkRow;
}

export interface LastRow {
  stage_index: number;
  department_id: string;
  times_last: number;
  mean_margin: number | null;
  rounds: number;
}

/**
 * In each parallel stage, who finished last: for every round of the stage (its tasks opened together),
 * the department whose task was finished last, and by how many working days after the one before it.
 */
export async function lastInParallel(
  db: Executor,
  scope: MiningScope,
  stageIndexes: number[],
): Promise<LastRow[]> {
  if (stageIndexes.length === 0) return [];
  const { rows } = await sql<LastRow>`
    with finished as (
      select t.stage_index, t.department_id,
        ${ord(scope, sql`t.completed_at`)} as at_day,
        row_number() over w as place,
        lead(${ord(scope, sql`t.completed_at`)}) over w as before_day,
        count(*) over (partition by t.case_id, t.stage_index, t.created_at) as tasks
      from ${scoped(scope)}
      join case_tasks t on t.case_id = s.id and t.province_code = ${province(scope)}
      cross join ${ordinals(scope)}
      where t.status = 'done' and t.stage_index in (${sql.join(stageIndexes)})
      window w as (partition by t.case_id, t.stage_index, t.created_at order by t.completed_at desc, t.department_id)
    )
    select stage_index, department_id::text as department_id, count(*)::int as times_last,
      avg(at_day - before_day)::float8 as mean_margin,
      (sum(count(*)) over (partition by stage_index))::int as rounds
    from finished
    where place = 1 and tasks > 1
    group by stage_index, department_id
    order by stage_index, times_last desc, department_id`.execute(db);
  return rows;
}

export interface CaseStepRow {
  case_id: string;
  stage_index: number;
  task_key: string;
  days: number | null;
}

/**
 * For the what-if: each closed case's working days per task (summed over visits), of the newest
 * `limit` closed cases in scope.
 */
export async function closedCaseSteps(
  db: Executor,
  scope: MiningScope,
  limit: number,
): Promise<CaseStepRow[]> {
  const { rows } = await sql<CaseStepRow>`
    with recent as (
      select s.id from ${scoped(scope)} where s.state = 'closed' order by s.submitted_at desc, s.id limit ${limit}
    )
    select t.case_id::text as case_id, t.stage_index, t.task_key,
      sum(${ord(scope, sql`t.completed_at`)} - ${ord(scope, sql`t.created_at`)})::int as days
    from recent r
    join case_tasks t on t.case_id = r.id and t.province_code = ${province(scope)}
    cross join ${ordinals(scope)}
    where t.status = 'done'
    group by t.case_id, t.stage_index, t.task_key
    order by t.case_id, t.stage_index, t.task_key`.execute(db);
  return rows;
}

/**
 * An item's stored definition by version (any status), or its newest published one with cases — in
 * any province: a definition is the item's, national, whichever region is looked at.
 */
export async function findDefinition(
  db: Executor,
  itemId: string,
  version: number | undefined,
): Promise<{ id: string; version: number; definition: unknown; status: string } | undefined> {
  const base = db
    .selectFrom("process_definitions as p")
    .select(["p.id", "p.version", "p.definition", "p.status"])
    .where("p.item_id", "=", itemId);
  if (version !== undefined) return base.where("p.version", "=", version).executeTakeFirst();
  const withCases = await base
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("cases as c").select("c.id").whereRef("c.definition_id", "=", "p.id")),
    )
    .modifyFront(allProvinces("an item's newest version with cases anywhere"))
    .orderBy("p.version", "desc")
    .limit(1)
    .executeTakeFirst();
  return (
    withCases ??
    base.where("p.status", "=", "published").orderBy("p.version", "desc").limit(1).executeTakeFirst()
  );
}
