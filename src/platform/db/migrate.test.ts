import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/db.ts";
import { MIGRATION_NAMES, MigrationError, migrateToLatest } from "./migrate.ts";

describe("migrations", () => {
  it("run once, and a second run applies nothing", async () => {
    const testDb = await createTestDatabase({ migrate: false });
    try {
      expect(await migrateToLatest(testDb.handle.db)).toEqual(MIGRATION_NAMES);
      expect(MIGRATION_NAMES[0]).toBe("0001_platform");
      expect(await migrateToLatest(testDb.handle.db)).toEqual([]);
    } finally {
      await testDb.close();
    }
  });

  it("stop at a failing migration, name it, and leave what was there untouched", async () => {
    const testDb = await createTestDatabase({ migrate: false });
    try {
      // Someone's table stands where ours would go.
      await sql`create table departments (id int primary key, note text)`.execute(testDb.handle.db);
      await sql`insert into departments values (1, 'keep me')`.execute(testDb.handle.db);
      const failure = await migrateToLatest(testDb.handle.db).catch((error: Error) => error);
      expect(failure).toBeInstanceOf(MigrationError);
      expect((failure as Error).message).toMatch(
        /^Migration 0001_platform failed: .*departments.* already exists/,
      );
      const kept = await sql<{ note: string }>`select note from departments`.execute(testDb.handle.db);
      expect(kept.rows).toEqual([{ note: "keep me" }]);
      // The migration ran in a transaction: none of its other tables remain.
      const regions = await sql<{
        n: number;
      }>`select count(*)::int as n from information_schema.tables where table_name = 'regions'`.execute(
        testDb.handle.db,
      );
      expect(regions.rows[0]?.n).toBe(0);
    } finally {
      await testDb.close();
    }
  });
});
