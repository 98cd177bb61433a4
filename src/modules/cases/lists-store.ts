import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, provincesOfRegions } from "../../platform/db/distribution.ts";
import type { Database } from "../../platform/db/schema.ts";
import type { RoleGrant } from "../../platform/policy.ts";
import type { CaseState } from "./states.ts";

/** The SQL of lists: worklists, supervision lists, an applicant's cases, a case's timeline. */

export interface WorkItem {
  taskId: string;
  taskVersion: number;
  taskName: { zh: string; en: string };
  stageKind: string;
  role: string;
  departmentId: string;
  departmentName: string;
  departmentNameEn: string;
  assigneeId: string | null;
  assigneeName: string | null;
  taskDueAt: Date | null;
  caseId: string;
  caseNumber: string;
  caseState: CaseState;
  offeringId: string;
  itemCode: string;
  itemVersion: number;
  itemName: { zh: string; en: string };
  applicantName: string;
  regionCode: string;
  caseDueAt: Date | null;
  warnAt: Date | null;
  overdueAt: Date | null;
  submittedAt: Date;
  /** When the task was made: its stage began. */
  createdAt: Date;
}

export interface WorklistFilter {
  grants: RoleGrant[];
  /** Only tasks held by this staff member; only unassigned ones; or both. */
  assignee?: { mine: string } | "unassigned" | undefined;
  /** Only tasks held by this staff member (a system asking whose desk a task is on). */
  assigneeId?: string | undefined;
  offeringId?: string | undefined;
  stageKind?: string | undefined;
  /** Cases waiting for the applicant or a special procedure: shown only when asked for. */
  includeWaiting?: boolean | undefined;
  limit: number;
  offset: number;
}

type TaskQuery = SelectQueryBuilder<
  Database & { t: Database["case_tasks"]; c: Database["cases"] },
  "t" | "c",
  object
>;

/**
 * Tasks the filter asks for. A case and its tasks share a province (joined on it); a cross-province
 * case's intake and delivery are worked in the receiving office's province, not the case's (跨省通办).
 */
function tasksOf(db: Executor, filter: WorklistFilter): TaskQuery {
  const mine = (
    eb: ExpressionBuilder<Database & { t: Database["case_tasks"]; c: Database["cases"] }, "t" | "c">,
  ) =>
    eb.or(
      filter.grants.map((g) =>
        eb.and([
          eb("t.department_id", "=", g.departmentId),
          eb("t.role", "=", g.role),
          // Where the task is worked: a cross-region case's intake at the receiving office's region.
          eb(eb.fn.coalesce("t.work_region_code", "c.region_code"), "like", `${g.jurisdictionCode}%`),
        ]),
      ),
    );
  let base = db
    .selectFrom("case_tasks as t")
    .innerJoin("cases as c", (j) =>
      j.onRef("c.id", "=", "t.case_id").onRef("c.province_code", "=", "t.province_code"),
    )
    .where("t.status", "=", "open")
    .where((eb) => mine(eb as never));
  if (!filter.includeWaiting) base = base.where("c.state", "not in", ["paused", "supplement"]);
  if (filter.stageKind) base = base.where("t.stage_kind", "=", filter.stageKind as never);
  if (filter.assignee === "unassigned") base = base.where("t.assignee_id", "is", null);
  else if (filter.assignee) base = base.where("t.assignee_id", "=", filter.assignee.mine);
  if (filter.assigneeId !== undefined) base = base.where("t.assignee_id", "=", filter.assigneeId);
  if (filter.offeringId !== undefined) base = base.where("c.offering_id", "=", filter.offeringId);
  return base;
}

async function workPage(
  base: TaskQuery,
  limit: number,
  offset: number,
): Promise<{ items: WorkItem[]; total: number }> {
  const [rows, count] = await Promise.all([
    base
      .innerJoin("departments as d", "d.id", "t.department_id")
      .leftJoin("staff as s", "s.id", "t.assignee_id")
      .select([
        "t.id as taskId",
        "t.version as taskVersion",
        "t.name as taskName",
        "t.stage_kind as stageKind",
        "t.role",
        "t.department_id as departmentId",
        "d.name as departmentName",
        "d.name_en as departmentNameEn",
        "t.assignee_id as assigneeId",
        "s.display_name as assigneeName",
        "t.due_at as taskDueAt",
        "c.id as caseId",
        "c.number as caseNumber",
        "c.state as caseState",
        "c.offering_id as offeringId",
        "c.item_code as itemCode",
        "c.item_version as itemVersion",
        "c.item_name as itemName",
        "c.applicant_name as applicantName",
        "c.region_code as regionCode",
        "c.due_at as caseDueAt",
        "c.warn_at as warnAt",
        "c.overdue_at as overdueAt",
        "c.submitted_at as submittedAt",
        "t.created_at as createdAt",
      ])
      // What is due first comes first; a case's own deadline breaks ties between its stage budgets.
      .orderBy(sql`coalesce(c.due_at, t.due_at)`, (ob) => ob.asc().nullsLast())
      .orderBy("t.due_at", "asc")
      .orderBy("c.submitted_at", "asc")
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items: rows as WorkItem[], total: Number(count.n) };
}

/** The worklist's order, for merging two pages of it. */
function byDue(a: WorkItem, b: WorkItem): number {
  const time = (d: Date | null) => (d === null ? Number.POSITIVE_INFINITY : d.getTime());
  return (
    time(a.caseDueAt ?? a.taskDueAt) - time(b.caseDueAt ?? b.taskDueAt) ||
    time(a.taskDueAt) - time(b.taskDueAt) ||
    a.submittedAt.getTime() - b.submittedAt.getTime()
  );
}

export async function worklist(
  db: Executor,
  filter: WorklistFilter,
): Promise<{ items: WorkItem[]; total: number }> {
  if (filter.grants.length === 0) return { items: [], total: 0 };
  const provinces = provincesOfRegions(filter.grants.map((g) => g.jurisdictionCode));
  const base = tasksOf(db, filter);
  if (provinces === undefined) {
    return workPage(base.modifyFront(allProvinces("a national jurisdiction")), filter.limit, filter.offset);
  }
  // Until cross-province tasks have a table in the working province (docs/scale-out.md, 跨省通办), the
  // ones in other provinces' cases are looked for everywhere; there are seldom any.
  const end = filter.offset + filter.limit;
  const away = await workPage(
    base
      .modifyFront(allProvinces("tasks worked here for another province's cases"))
      .where("t.work_region_code", "is not", null)
      .where("t.province_code", "not in", provinces),
    end,
    0,
  );
  const home = base.where("t.province_code", "in", provinces);
  if (away.total === 0) return workPage(home, filter.limit, filter.offset);
  const own = await workPage(home, end, 0);
  return {
    items: [...own.items, ...away.items].sort(byDue).slice(filter.offset, end),
    total: own.total + away.total,
  };
}

export interface SupervisedCase {
  caseId: string;
  caseNumber: string;
  state: CaseState;
  itemName: { zh: string; en: string };
  regionCode: string;
  dueAt: Date | null;
  overdueAt: Date | null;
  warnedAt: Date | null;
  escalatedAt: Date | null;
}

/** Open cases of a jurisdiction that are overdue, or warned (yellow) when asked for. */
export async function supervision(
  db: Executor,
  jurisdictions: string[],
  level: "overdue" | "warned",
  limit: number,
  offset: number,
): Promise<SupervisedCase[]> {
  if (jurisdictions.length === 0) return [];
  const provinces = provincesOfRegions(jurisdictions);
  let query = db
    .selectFrom("cases as c")
    .select([
      "c.id as caseId",
      "c.number as caseNumber",
      "c.state",
      "c.item_name as itemName",
      "c.region_code as regionCode",
      "c.due_at as dueAt",
      "c.overdue_at as overdueAt",
      "c.warned_at as warnedAt",
      "c.escalated_at as escalatedAt",
    ])
    .where("c.state", "<>", "closed")
    .where((eb) => eb.or(jurisdictions.map((j) => eb("c.region_code", "like", `${j}%`))));
  query =
    provinces === undefined
      ? query.modifyFront(allProvinces("a national jurisdiction"))
      : query.where("c.province_code", "in", provinces);
  query =
    level === "overdue"
      ? query.where("c.overdue_at", "is not", null)
      : query.where("c.warned_at", "is not", null).where("c.overdue_at", "is", null);
  return (await query.orderBy("c.due_at", "asc").limit(limit).offset(offset).execute()) as SupervisedCase[];
}

export interface CaseSummary {
  id: string;
  number: string;
  state: CaseState;
  outcome: string | null;
  itemName: { zh: string; en: string };
  submittedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
}

/**
 * A person's cases: those they applied for, or submitted for someone else; newest first. `provinces`:
 * where they have cases (party_provinces).
 */
export async function casesOfPerson(
  db: Executor,
  provinces: string[],
  personId: string,
  limit: number,
  offset: number,
): Promise<CaseSummary[]> {
  if (provinces.length === 0) return [];
  return (await db
    .selectFrom("cases")
    .select([
      "id",
      "number",
      "state",
      "outcome",
      "item_name as itemName",
      "submitted_at as submittedAt",
      "due_at as dueAt",
      "closed_at as closedAt",
    ])
    .where("province_code", "in", provinces)
    .where((eb) =>
      eb.or([
        eb.and([eb("applicant_kind", "=", "person"), eb("applicant_id", "=", personId)]),
        eb.and([eb("submitter_kind", "=", "person"), eb("submitter_id", "=", personId)]),
      ]),
    )
    .orderBy("submitted_at", "desc")
    .limit(limit)
    .offset(offset)
    .execute()) as CaseSummary[];
}

/** The events of a case with the names of the departments they happened in. */
export async function timeline(db: Executor, province: string, caseId: string) {
  return db
    .selectFrom("case_events as e")
    .leftJoin("departments as d", "d.id", "e.department_id")
    .leftJoin("staff as s", (join) => join.onRef("s.id", "=", "e.actor_id").on("e.actor_kind", "=", "staff"))
    .select([
      "e.seq",
      "e.at",
      "e.action",
      "e.from_state as fromState",
      "e.to_state as toState",
      "e.stage_index as stageIndex",
      "e.task_id as taskId",
      "e.actor_kind as actorKind",
      "e.actor_id as actorId",
      "s.display_name as staffName",
      "e.on_behalf_of as onBehalfOf",
      "e.reason",
      "e.data",
      "d.name as departmentName",
      "d.name_en as departmentNameEn",
    ])
    .where("e.province_code", "=", province)
    .where("e.case_id", "=", caseId)
    .orderBy("e.seq")
    .execute();
}

/** Department names by id, for a case's plan. */
export async function departmentNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; nameEn: string }>();
  const rows = await db
    .selectFrom("departments")
    .select(["id", "name", "name_en"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, nameEn: r.name_en }]));
}
