import type { Executor } from "../../platform/db/database.ts";
import type { CategoryRow } from "./tables.ts";

/** Every category, the retired ones too: for the administrators' list and old requests' names. */
export function listAllCategories(db: Executor): Promise<CategoryRow[]> {
  return db
    .selectFrom("request_categories")
    .selectAll()
    .orderBy("retired_at", (o) => o.nullsFirst())
    .orderBy("kind")
    .orderBy("code")
    .execute();
}

export type NewCategory = Omit<CategoryRow, "created_at" | "updated_at" | "retired_at"> & {
  retired_at: Date | null;
};

/** The new row, or undefined when the code is taken already (the caller answers 409). */
export function insertCategory(db: Executor, row: NewCategory): Promise<CategoryRow | undefined> {
  return db
    .insertInto("request_categories")
    .values(row)
    .onConflict((c) => c.column("code").doNothing())
    .returningAll()
    .executeTakeFirst();
}

export type CategoryChanges = Partial<
  Pick<
    CategoryRow,
    | "kind"
    | "name"
    | "name_en"
    | "description"
    | "description_en"
    | "anonymous_allowed"
    | "due_working_days"
    | "retired_at"
  >
>;

/** The changed row, or undefined for an unknown code. */
export function updateCategory(
  db: Executor,
  code: string,
  changes: CategoryChanges,
): Promise<CategoryRow | undefined> {
  return db
    .updateTable("request_categories")
    .set({ ...changes, updated_at: new Date() })
    .where("code", "=", code)
    .returningAll()
    .executeTakeFirst();
}

/** The row locked until the transaction ends, so two administrators' changes do not interleave. */
export function lockCategory(db: Executor, code: string): Promise<CategoryRow | undefined> {
  return db
    .selectFrom("request_categories")
    .selectAll()
    .where("code", "=", code)
    .forUpdate()
    .executeTakeFirst();
}
