import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";

/**
 * The SQL of the event-log export: the cases of a filter, then their tasks and events, a page at a time
 * in key order. Cases are read after the last key of the page before (keyset paging), so an export of
 * millions of events holds one page in memory and never rescans what it has sent — which OFFSET would,
 * and a server-side cursor cannot on PGlite. A page of cases' tasks and events are read by those cases'
 * ids over the (case_id, …) indexes, not by joining the cases again: with a join, the planner may walk
 * or hash all of the region's cases for every page. Every case-side table is filtered by its own
 * `region_code`, and by the region's province: the shard key when cases are spread by province.
 */

export interface EventLogFilter {
  /** Cases handled in this region or below it: a prefix of their region code. */
  regionCode: string;
  itemCode?: string | undefined;
  /** With an item: only cases that ran on this version of its process definition. */
  definitionVersion?: number | undefined;
  /** Submitted at or after this instant … */
  from?: Date | undefined;
  /** … and before this one. */
  to?: Date | undefined;
}

/** What the export says of a case: nothing that names or identifies the applicant. */
export interface LogCase {
  id: string;
  regionCode: string;
  itemCode: string;
  itemVersion: number;
  definitionVersion: number | null;
  channel: string;
  applicantKind: string;
  submittedAt: Date;
  outcome: string | null;
  closedAt: Date | null;
}

export interface LogTask {
  id: string;
  caseId: string;
  stageIndex: number;
  stageKind: string;
  taskKey: string;
  name: string;
  role: string;
  departmentId: string;
  status: string;
  createdAt: Date;
  completedAt: Date | null;
}

/** An event without its actor's id, reason or data: those may hold personal text. */
export interface LogEvent {
  id: string;
  caseId: string;
  seq: number;
  at: Date;
  action: string;
  fromState: string | null;
  toState: string;
  stageIndex: number | null;
  /** Only when the task exists, so a relationship never points at nothing. */
  taskId: string | null;
  taskRole: string | null;
  departmentId: string | null;
  departmentName: string | null;
  actorKind: string;
}

export interface LogDepartment {
  id: string;
  regionCode: string;
  line: string;
  name: string;
  nameEn: string;
}

/** Told of every read and how many rows it brought: lets a test see that no read exceeds a page. */
export type ReadObserver = (
  table: "cases" | "case_tasks" | "case_events" | "departments",
  rows: number,
) => void;

export interface PageOptions {
  pageSize: number;
  onRead?: ReadObserver | undefined;
}

const subtree = (code: string) => `${code}%`;

/** Whether case `c` is in the filter. */
function caseMatches(filter: EventLogFilter): RawBuilder<boolean> {
  const parts = [
    sql`c.province_code = ${provinceOf(filter.regionCode)}`,
    sql`c.region_code like ${subtree(filter.regionCode)}`,
  ];
  if (filter.itemCode !== undefined) parts.push(sql`c.item_code = ${filter.itemCode}`);
  if (filter.definitionVersion !== undefined) {
    // The item is filtered too (a version needs one), so the version is that item's.
    parts.push(
      sql`c.definition_id in (select p.id from process_definitions p where p.version = ${filter.definitionVersion})`,
    );
  }
  if (filter.from !== undefined) parts.push(sql`c.submitted_at >= ${filter.from}`);
  if (filter.to !== undefined) parts.push(sql`c.submitted_at < ${filter.to}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** The cases of the filter after `after` (a case id), in id order: one page. */
export async function casePage(
  db: Executor,
  filter: EventLogFilter,
  after: string | null,
  limit: number,
): Promise<LogCase[]> {
  const rows = await db
    .selectFrom("cases as c")
    .leftJoin("process_definitions as p", "p.id", "c.definition_id")
    .select([
      "c.id",
      "c.region_code",
      "c.item_code",
      "c.item_version",
      "p.version as definition_version",
      "c.channel",
      "c.applicant_kind",
      "c.submitted_at",
      "c.outcome",
      "c.closed_at",
    ])
    .where(caseMatches(filter))
    .$if(after !== null, (q) => q.where("c.id", ">", after as string))
    .orderBy("c.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.region_code,
    itemCode: r.item_code,
    itemVersion: r.item_version,
    definitionVersion: r.definition_version,
    channel: r.channel,
    applicantKind: r.applicant_kind,
    submittedAt: r.submitted_at,
    outcome: r.outcome,
    closedAt: r.closed_at,
  }));
}

/**
 * Tasks in (case id, stage, id) order, one page: of some cases from the start of the first, or of one
 * case after a key. Read by the case ids (the case_tasks index on case_id), never joined to the cases:
 * a join by key range lets the planner hash all the region's cases for every page.
 */
export async function taskPage(
  db: Executor,
  regionCode: string,
  of: { caseIds: string[] } | { caseId: string; after: { stageIndex: number; id: string } },
  limit: number,
): Promise<LogTask[]> {
  const rows = await db
    .selectFrom("case_tasks as t")
    .select([
      "t.id",
      "t.case_id",
      "t.stage_index",
      "t.stage_kind",
      "t.task_key",
      "t.name",
      "t.role",
      "t.department_id",
      "t.status",
      "t.created_at",
      "t.completed_at",
    ])
    .where("t.province_code", "=", provinceOf(regionCode))
    .where("t.region_code", "like", subtree(regionCode))
    .$if("caseIds" in of, (q) => q.where("t.case_id", "in", (of as { caseIds: string[] }).caseIds))
    .$if("caseId" in of, (q) => {
      const one = of as { caseId: string; after: { stageIndex: number; id: string } };
      return q
        .where("t.case_id", "=", one.caseId)
        .where((eb) =>
          eb(eb.refTuple("t.stage_index", "t.id"), ">", eb.tuple(one.after.stageIndex, one.after.id)),
        );
    })
    .orderBy("t.case_id")
    .orderBy("t.stage_index")
    .orderBy("t.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    stageIndex: r.stage_index,
    stageKind: r.stage_kind,
    taskKey: r.task_key,
    name: r.name.zh,
    role: r.role,
    departmentId: r.department_id,
    status: r.status,
    createdAt: r.created_at,
    completedAt: r.completed_at,
  }));
}

/** Events in (case id, seq) order, one page: of some cases from the start of the first, or of one case after a seq. */
export async function eventPage(
  db: Executor,
  regionCode: string,
  of: { caseIds: string[] } | { caseId: string; after: { seq: number } },
  limit: number,
): Promise<LogEvent[]> {
  const rows = await db
    .selectFrom("case_events as e")
    .leftJoin("case_tasks as t", (join) =>
      join
        .onRef("t.id", "=", "e.task_id")
        .onRef("t.province_code", "=", "e.province_code")
        .onRef("t.region_code", "=", "e.region_code"),
    )
    .leftJoin("departments as d", "d.id", "e.department_id")
    .select([
      "e.id",
      "e.case_id",
      "e.seq",
      "e.at",
      "e.action",
      "e.from_state",
      "e.to_state",
      "e.stage_index",
      "t.id as task_id",
      "t.role as task_role",
      "d.id as department_id",
      "d.name as department_name",
      "e.actor_kind",
    ])
    .where("e.province_code", "=", provinceOf(regionCode))
    .where("e.region_code", "like", subtree(regionCode))
    .$if("caseIds" in of, (q) => q.where("e.case_id", "in", (of as { caseIds: string[] }).caseIds))
    .$if("caseId" in of, (q) => {
      const one = of as { caseId: string; after: { seq: number } };
      return q.where("e.case_id", "=", one.caseId).where("e.seq", ">", one.after.seq);
    })
    .orderBy("e.case_id")
    .orderBy("e.seq")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    caseId: r.case_id,
    seq: r.seq,
    at: r.at,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    stageIndex: r.stage_index,
    taskId: r.task_id,
    taskRole: r.task_role,
    departmentId: r.department_id,
    departmentName: r.department_name,
    actorKind: r.actor_kind,
  }));
}

/** Departments by id (the few a log refers to), in id order. */
export async function departmentsByIds(db: Executor, ids: string[]): Promise<LogDepartment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("departments")
    .select(["id", "region_code", "line", "name", "name_en"])
    .where("id", "in", ids)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.region_code,
    line: r.line,
    name: r.name,
    nameEn: r.name_en,
  }));
}

/** Whether the item ever had this version of its process definition. */
export async function definitionVersionExists(
  db: Executor,
  itemCode: string,
  version: number,
): Promise<boolean> {
  const row = await db
    .selectFrom("process_definitions as p")
    .innerJoin("catalog_items as i", "i.id", "p.item_id")
    .select("p.id")
    .where("i.code", "=", itemCode)
    .where("p.version", "=", version)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every case of the filter, a page at a time. */
export async function* casePages(db: Executor, filter: EventLogFilter, options: PageOptions) {
  let after: string | null = null;
  for (;;) {
    const page = await casePage(db, filter, after, options.pageSize);
    options.onRead?.("cases", page.length);
    if (page.length > 0) yield page;
    if (page.length < options.pageSize) return;
    after = (page.at(-1) as LogCase).id;
  }
}

/**
 * Every row (task or event) of a page of cases, a page at a time, in case order. A full page may end
 * inside a case: its rows are left for the next read, which starts at that case. A case with a page of
 * rows or more on its own is read on after its last row.
 */
async function* byCasePages<T extends { caseId: string }>(
  cases: LogCase[],
  options: PageOptions,
  table: "case_tasks" | "case_events",
  read: (of: { caseIds: string[] } | { caseId: string; after: T }) => Promise<T[]>,
): AsyncGenerator<T[]> {
  const limit = options.pageSize;
  let rest = cases.map((c) => c.id);
  while (rest.length > 0) {
    const page = await read({ caseIds: rest });
    options.onRead?.(table, page.length);
    if (page.length < limit) {
      if (page.length > 0) yield page;
      return;
    }
    const lastCase = (page.at(-1) as T).caseId;
    const whole = page.filter((row) => row.caseId !== lastCase);
    if (whole.length > 0) {
      yield whole;
      rest = rest.slice(rest.indexOf(lastCase));
      continue;
    }
    yield page;
    let last = page.at(-1) as T;
    for (;;) {
      const more = await read({ caseId: lastCase, after: last });
      options.onRead?.(table, more.length);
      if (more.length > 0) yield more;
      if (more.length < limit) break;
      last = more.at(-1) as T;
    }
    rest = rest.slice(rest.indexOf(lastCase) + 1);
  }
}

/** Every task of a page of cases, a page at a time, in case order. */
export function taskPages(db: Executor, regionCode: string, cases: LogCase[], options: PageOptions) {
  return byCasePages<LogTask>(cases, options, "case_tasks", (of) =>
    taskPage(db, regionCode, of, options.pageSize),
  );
}

/** Every event of a page of cases, a page at a time, in case order and each case's in sequence. */
export function eventPages(db: Executor, regionCode: string, cases: LogCase[], options: PageOptions) {
  return byCasePages<LogEvent>(cases, options, "case_events", (of) =>
    eventPage(db, regionCode, of, options.pageSize),
  );
}
