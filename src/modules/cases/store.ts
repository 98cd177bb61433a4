import { type Insertable, sql, type Updateable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, inProvince, provinceOf, provinceOfId } from "../../platform/db/distribution.ts";
import { provinceOfCaseNumber } from "./numbers.ts";
import type {
  CaseEventRow,
  CaseEventTable,
  CaseMaterialInput,
  CasePauseTable,
  CaseRow,
  CaseTable,
  CaseTaskRow,
  CaseTaskTable,
  DefinitionStatus,
} from "./tables.ts";

/** All SQL of cases, their tasks, events, pauses and materials. */

export async function latestDefinition(
  db: Executor,
  itemId: string,
): Promise<{ id: string; version: number; definition: unknown } | undefined> {
  return db
    .selectFrom("process_definitions")
    .select(["id", "version", "definition"])
    .where("item_id", "=", itemId)
    .where("status", "=", "published")
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function listDefinitions(db: Executor, itemId: string) {
  return db
    .selectFrom("process_definitions")
    .select(["id", "version", "definition", "status", "created_by", "created_at"])
    .where("item_id", "=", itemId)
    .orderBy("version", "desc")
    .execute();
}

export async function insertDefinition(
  tx: Executor,
  row: { itemId: string; definition: unknown; createdBy: string; status?: DefinitionStatus },
): Promise<{ id: string; version: number }> {
  return tx
    .insertInto("process_definitions")
    .values(({ selectFrom }) => ({
      item_id: row.itemId,
      version: selectFrom("process_definitions")
        .select(sql<number>`coalesce(max(version), 0) + 1`.as("v"))
        .where("item_id", "=", row.itemId),
      definition: JSON.stringify(row.definition),
      status: row.status ?? "published",
      created_by: row.createdBy,
    }))
    .returning(["id", "version"])
    .executeTakeFirstOrThrow();
}

/**
 * The next number of the day in a region. Run outside the case's transaction (autocommit): the row is
 * locked only for this statement, so submissions in one county do not queue behind each other. A
 * submission that fails afterwards leaves a gap in the day's numbers, never a duplicate.
 */
export async function nextCaseSequence(db: Executor, regionCode: string, day: string): Promise<number> {
  const row = await db
    .insertInto("case_number_counters")
    .values({ province_code: provinceOf(regionCode), region_code: regionCode, day, last: 1 })
    .onConflict((c) =>
      c
        .columns(["province_code", "region_code", "day"])
        .doUpdateSet({ last: sql`case_number_counters.last + 1` }),
    )
    .returning("last")
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertCase(tx: Executor, row: Insertable<CaseTable>): Promise<CaseRow> {
  return tx.insertInto("cases").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findCase(db: Executor, id: string): Promise<CaseRow | undefined> {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

export async function findCaseByNumber(db: Executor, number: string): Promise<CaseRow | undefined> {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("number", "=", number)
    .$call(inProvince(provinceOfCaseNumber(number)))
    .executeTakeFirst();
}

export async function findCaseByShortToken(db: Executor, token: string): Promise<CaseRow | undefined> {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("short_token", "=", token)
    .modifyFront(allProvinces("a short link is a digest of the case number and names no province"))
    .executeTakeFirst();
}

/** Holds the case until the transaction ends: transitions of one case happen one at a time. */
export async function lockCase(tx: Executor, province: string, id: string): Promise<CaseRow | undefined> {
  return tx
    .selectFrom("cases")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** The case a submitter made with a key, in the provinces where it could have been made. */
export async function findCaseByKey(
  db: Executor,
  provinces: string[],
  submitter: { kind: "person" | "staff"; id: string },
  key: string,
): Promise<CaseRow | undefined> {
  if (provinces.length === 0) return undefined;
  return db
    .selectFrom("cases")
    .selectAll()
    .where("province_code", "in", provinces)
    .where("submitter_kind", "=", submitter.kind)
    .where("submitter_id", "=", submitter.id)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function updateCase(
  tx: Executor,
  province: string,
  id: string,
  set: Updateable<CaseTable>,
): Promise<CaseRow> {
  return tx
    .updateTable("cases")
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertTasks(tx: Executor, rows: Insertable<CaseTaskTable>[]): Promise<CaseTaskRow[]> {
  if (rows.length === 0) return [];
  return tx.insertInto("case_tasks").values(rows).returningAll().execute();
}

export async function findTask(db: Executor, id: string): Promise<CaseTaskRow | undefined> {
  return db
    .selectFrom("case_tasks")
    .selectAll()
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
}

export async function lockTask(tx: Executor, province: string, id: string): Promise<CaseTaskRow | undefined> {
  return tx
    .selectFrom("case_tasks")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateTask(
  tx: Executor,
  province: string,
  id: string,
  set: Updateable<CaseTaskTable>,
): Promise<CaseTaskRow> {
  return tx
    .updateTable("case_tasks")
    .set({ ...set, version: sql`version + 1` })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function tasksOf(db: Executor, province: string, caseId: string): Promise<CaseTaskRow[]> {
  return db
    .selectFrom("case_tasks")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("created_at")
    .orderBy("task_key")
    .execute();
}

export async function cancelOpenTasks(
  tx: Executor,
  province: string,
  caseId: string,
  now: Date,
): Promise<CaseTaskRow[]> {
  return tx
    .updateTable("case_tasks")
    .set({ status: "cancelled", completed_at: now, version: sql`version + 1` })
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .where("status", "=", "open")
    .returningAll()
    .execute();
}

/** Appends events numbered after the case's last; the case row is locked, so numbers never clash. */
export async function appendEvents(
  tx: Executor,
  province: string,
  caseId: string,
  events: Omit<Insertable<CaseEventTable>, "case_id" | "seq">[],
  /** The last number when the caller knows it (0 for a case made in this transaction). */
  after?: number,
): Promise<CaseEventRow[]> {
  if (events.length === 0) return [];
  const last =
    after ??
    Number(
      (
        await tx
          .selectFrom("case_events")
          .select(sql<number>`coalesce(max(seq), 0)`.as("seq"))
          .where("province_code", "=", province)
          .where("case_id", "=", caseId)
          .executeTakeFirstOrThrow()
      ).seq,
    );
  return tx
    .insertInto("case_events")
    .values(events.map((e, i) => ({ ...e, case_id: caseId, seq: last + i + 1 })))
    .returningAll()
    .execute();
}

export async function eventsOf(db: Executor, province: string, caseId: string): Promise<CaseEventRow[]> {
  return db
    .selectFrom("case_events")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("seq")
    .execute();
}

export async function insertPause(tx: Executor, row: Insertable<CasePauseTable>): Promise<void> {
  await tx.insertInto("case_pauses").values(row).execute();
}

export async function endOpenPause(
  tx: Executor,
  province: string,
  caseId: string,
  end: { endedAt: Date; workingDays: number; endedBy: string | null },
): Promise<void> {
  await tx
    .updateTable("case_pauses")
    .set({ ended_at: end.endedAt, working_days: end.workingDays, ended_by: end.endedBy })
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .where("ended_at", "is", null)
    .execute();
}

/**
 * The working days of the pauses that began at `since` or later and have ended. A running case has no
 * open pause, and one that began before a mark the sweep set while it ran ended before it too.
 */
export async function pausedDaysSince(
  db: Executor,
  province: string,
  caseId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom("case_pauses")
    .select(sql<string>`coalesce(sum(working_days), 0)`.as("days"))
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .where("started_at", ">=", since)
    .where("ended_at", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.days);
}

export async function pausesOf(db: Executor, province: string, caseId: string) {
  return db
    .selectFrom("case_pauses")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("started_at")
    .execute();
}

export async function materialsOf(db: Executor, province: string, caseId: string) {
  return db
    .selectFrom("case_materials")
    .selectAll()
    .where("province_code", "=", province)
    .where("case_id", "=", caseId)
    .orderBy("material_key")
    .execute();
}

/** An item is national: its cases lie in every province that offers it. */
export async function countOpenCases(db: Executor, itemId: string): Promise<number> {
  const row = await db
    .selectFrom("cases")
    .modifyFront(allProvinces("an item's open cases, wherever it is offered"))
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("item_id", "=", itemId)
    .where("state", "<>", "closed")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Puts corrected materials in place of the ones they replace (or beside them, when new). */
/** Materials of a case just made: one statement for them all. */
export async function addMaterials(
  tx: Executor,
  caseId: string,
  regionCode: string,
  materials: CaseMaterialInput[],
): Promise<void> {
  if (materials.length === 0) return;
  await tx
    .insertInto("case_materials")
    .values(
      materials.map((m) => ({
        province_code: provinceOf(regionCode),
        case_id: caseId,
        region_code: regionCode,
        material_key: m.key,
        source: m.source,
        file_sha256: m.sha256,
        file_name: m.name,
        media_type: m.mediaType,
        size: m.size,
        active_content: m.activeContent,
        origin: m.origin ? JSON.stringify(m.origin) : null,
      })),
    )
    .execute();
}

export async function replaceMaterials(
  tx: Executor,
  caseId: string,
  regionCode: string,
  materials: CaseMaterialInput[],
): Promise<void> {
  for (const m of materials) {
    const values = {
      source: m.source,
      file_sha256: m.sha256,
      file_name: m.name,
      media_type: m.mediaType,
      size: m.size,
      active_content: m.activeContent,
      origin: m.origin ? JSON.stringify(m.origin) : null,
      added_at: new Date(),
    };
    await tx
      .insertInto("case_materials")
      .values({
        province_code: provinceOf(regionCode),
        case_id: caseId,
        region_code: regionCode,
        material_key: m.key,
        ...values,
      })
      .onConflict((c) => c.columns(["province_code", "case_id", "material_key"]).doUpdateSet(values))
      .execute();
  }
}

export type SweepKind = "warn" | "overdue" | "escalate" | "lapse" | "deem";

/** Cases whose clock has reached a mark not yet acted on, oldest first, with their provinces. */
export async function clockCandidates(
  db: Executor,
  kind: SweepKind,
  now: Date,
  limit: number,
): Promise<{ id: string; province: string }[]> {
  let query = db
    .selectFrom("cases")
    .modifyFront(allProvinces("the sweep reads every province at once"))
    .select(["id", "province_code as province"])
    .limit(limit);
  const running = (q: typeof query) =>
    q.where("accepted_at", "is not", null).where("state", "not in", ["closed", "paused", "supplement"]);
  switch (kind) {
    case "warn":
      query = running(query).where("warned_at", "is", null).where("warn_at", "<=", now).orderBy("warn_at");
      break;
    case "overdue":
      query = running(query).where("overdue_at", "is", null).where("due_at", "<", now).orderBy("due_at");
      break;
    case "escalate":
      query = running(query)
        .where("overdue_at", "is not", null)
        .where("escalated_at", "is", null)
        .where("overdue_at", "<=", new Date(now.getTime() - 86_400_000))
        .orderBy("overdue_at");
      break;
    case "lapse":
      query = query
        .where("state", "=", "supplement")
        .where("supplement_due_at", "<", now)
        .orderBy("supplement_due_at");
      break;
    case "deem":
      query = running(query)
        .where("decision", "is", null)
        .where("statutory_due_at", "<", now)
        .where(sql<boolean>`plan->>'onOverdue' = 'deemed_approval'`)
        .orderBy("statutory_due_at");
      break;
  }
  return query.execute();
}

/** Locks a case for a timer, skipping one a person is acting on right now (the next sweep gets it). */
export async function lockCaseForTimer(
  tx: Executor,
  province: string,
  id: string,
): Promise<CaseRow | undefined> {
  return tx
    .selectFrom("cases")
    .selectAll()
    .where("province_code", "=", province)
    .where("id", "=", id)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/**
 * The answers of the applicant's latest case in the provinces where they have cases: what Tongban
 * already knows, to prefill a new form.
 */
export async function latestAnswers(
  db: Executor,
  provinces: string[],
  applicant: { kind: "person" | "organisation"; id: string },
): Promise<{ number: string; data: Record<string, unknown> } | undefined> {
  if (provinces.length === 0) return undefined;
  return db
    .selectFrom("cases")
    .select(["number", "data"])
    .where("province_code", "in", provinces)
    .where("applicant_kind", "=", applicant.kind)
    .where("applicant_id", "=", applicant.id)
    .orderBy("submitted_at", "desc")
    .limit(1)
    .executeTakeFirst();
}
