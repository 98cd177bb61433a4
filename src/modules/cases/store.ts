import { type Insertable, sql, type Updateable } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, inProvince, provinceOf, provinceOfId } from "../../platform/db/distribution.ts";
import { provinceOfCaseNumber } from "./numbers.ts";
import type { CaseRow, CaseTable, DefinitionStatus } from "./tables.ts";

/**
 * The SQL of process definitions and of cases themselves. A case's tasks, events, pauses and materials
 * have stores of their own.
 */

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
  submitter: { kind: "person" | "staff" | "client"; id: string },
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
