import type { Executor } from "../../platform/db/database.ts";

/**
 * The SQL of the event-log export: the cases of a filter, their tasks and their events, read a page at a
 * time in key order. Each read continues after the last key of the one before (keyset paging), so an
 * export of millions of events holds one page in memory and never rescans what it has sent — which
 * OFFSET would, and a server-side cursor cannot on PGlite. Every case-side table is filtered by its own
 * `region_code` (the shard key when cases are spread by province).
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
    .where("c.region_code", "like", subtree(filter.regionCode))
    .$if(filter.itemCode !== undefined, (q) => q.where("c.item_code", "=", filter.itemCode as string))
    .$if(filter.definitionVersion !== undefined, (q) =>
      q.where("p.version", "=", filter.definitionVersion as number),
    )
    .$if(filter.from !== undefined, (q) => q.where("c.submitted_at", ">=", filter.from as Date))
    .$if(filter.to !== undefined, (q) => q.where("c.submitted_at", "<", filter.to as Date))
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

/** The tasks of some cases after the key (case id, task id), in that order: one page. */
export async function taskPage(
  db: Executor,
  regionCode: string,
  caseIds: string[],
  after: { caseId: string; id: string } | null,
  limit: number,
): Promise<LogTask[]> {
  if (caseIds.length === 0) return [];
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
    .where("t.region_code", "like", subtree(regionCode))
    .where("t.case_id", "in", caseIds)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb(eb.refTuple("t.case_id", "t.id"), ">", eb.tuple(after?.caseId as string, after?.id as string)),
      ),
    )
    .orderBy("t.case_id")
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

/** The events of some cases after the key (case id, seq), in that order: one page. */
export async function eventPage(
  db: Executor,
  regionCode: string,
  caseIds: string[],
  after: { caseId: string; seq: number } | null,
  limit: number,
): Promise<LogEvent[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom("case_events as e")
    .leftJoin("case_tasks as t", (join) =>
      join.onRef("t.id", "=", "e.task_id").onRef("t.region_code", "=", "e.region_code"),
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
    .where("e.region_code", "like", subtree(regionCode))
    .where("e.case_id", "in", caseIds)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb(eb.refTuple("e.case_id", "e.seq"), ">", eb.tuple(after?.caseId as string, after?.seq as number)),
      ),
    )
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

/** Every task of some cases, a page at a time, in case order. */
export async function* taskPages(db: Executor, regionCode: string, caseIds: string[], options: PageOptions) {
  let after: { caseId: string; id: string } | null = null;
  for (;;) {
    const page = await taskPage(db, regionCode, caseIds, after, options.pageSize);
    options.onRead?.("case_tasks", page.length);
    if (page.length > 0) yield page;
    if (page.length < options.pageSize) return;
    const last = page.at(-1) as LogTask;
    after = { caseId: last.caseId, id: last.id };
  }
}

/** Every event of some cases, a page at a time, in case order and each case's in sequence. */
export async function* eventPages(db: Executor, regionCode: string, caseIds: string[], options: PageOptions) {
  let after: { caseId: string; seq: number } | null = null;
  for (;;) {
    const page = await eventPage(db, regionCode, caseIds, after, options.pageSize);
    options.onRead?.("case_events", page.length);
    if (page.length > 0) yield page;
    if (page.length < options.pageSize) return;
    const last = page.at(-1) as LogEvent;
    after = { caseId: last.caseId, seq: last.seq };
  }
}
