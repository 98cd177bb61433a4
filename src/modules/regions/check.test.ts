import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { checkRegionTree, PROBLEM_KINDS, type ProblemKind } from "./check.ts";
import { importRegions } from "./import.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test?.close();
});

const counts = (details: Record<ProblemKind, { count: number }>) =>
  Object.fromEntries(PROBLEM_KINDS.map((kind) => [kind, details[kind].count]));

describe("checkRegionTree", () => {
  it("finds nothing wrong in an empty table", async () => {
    const summary = await checkRegionTree(test.handle.db);
    expect(summary).toMatchObject({ regionsChecked: 0, problems: 0 });
  });

  it("finds no problem after an import, and records the run", async () => {
    await importRegions(test.handle.db, { county: "330523" });
    const summary = await checkRegionTree(test.handle.db);
    expect(summary.regionsChecked).toBe(236);
    expect(summary.problems).toBe(0);
    for (const kind of PROBLEM_KINDS) expect(summary.details[kind]).toEqual({ count: 0, samples: [] });

    const saved = await test.handle.db
      .selectFrom("region_checks")
      .selectAll()
      .where("id", "=", summary.id)
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ regions_checked: 236, problems: 0 });
    expect(saved.ran_at).toEqual(summary.ranAt);
    expect(saved.details).toEqual(summary.details);
  });

  it("counts each kind of corruption, with sample codes", async () => {
    const db = test.handle.db;
    await sql`update regions set urban_rural = null where code in ('330523108204', '330523001206')`.execute(
      db,
    );
    await sql`update regions set urban_rural = 'rural' where code = '330523002006'`.execute(db);
    await sql`update regions set urban_rural = 'urban' where code = '330523111500'`.execute(db);
    await sql`update regions set urban_rural = 'urban' where code = '330523108'`.execute(db);
    await sql`
      insert into regions (code, parent_code, level, name, urban_rural) values
        ('3399', null, 2, 'no parent', null),
        ('330523999', '330523', 5, 'village with a township code', null),
        ('340101001', '330523', 4, 'outside its parent', null),
        ('3306', '33', 1, 'province with a parent', null)
    `.execute(db);

    const summary = await checkRegionTree(db);
    expect(summary.regionsChecked).toBe(240);
    expect(counts(summary.details)).toEqual({
      missingParent: 1,
      wrongParentLevel: 2,
      levelMismatch: 2,
      codeOutsideParent: 1,
      villageUnclassified: 3,
      villageMisclassified: 2,
      classifiedNonVillage: 1,
    });
    expect(summary.details.missingParent.samples).toEqual(["3399"]);
    expect(summary.details.wrongParentLevel.samples).toEqual(["330523999", "3306"]);
    expect(summary.details.levelMismatch.samples).toEqual(["330523999", "3306"]);
    expect(summary.details.codeOutsideParent.samples).toEqual(["340101001"]);
    expect(summary.details.villageUnclassified.samples).toEqual([
      "330523001206",
      "330523108204",
      "330523999",
    ]);
    expect(summary.details.villageMisclassified.samples).toEqual(["330523002006", "330523111500"]);
    expect(summary.details.classifiedNonVillage.samples).toEqual(["330523108"]);
    // 4 rows inserted wrong + 5 rows updated wrong; a row wrong in several ways counts once.
    expect(summary.problems).toBe(9);
  });

  it("keeps at most 20 sample codes per kind", async () => {
    const db = test.handle.db;
    await sql`update regions set urban_rural = null where level = 5`.execute(db);
    const summary = await checkRegionTree(db);
    expect(summary.details.villageUnclassified.count).toBe(219);
    expect(summary.details.villageUnclassified.samples).toHaveLength(20);
    expect(summary.details.villageUnclassified.samples[0]).toBe("330523001002");
  });

  it("finds nothing again once the import has run and the strays are gone", async () => {
    const db = test.handle.db;
    await db.deleteFrom("regions").where("code", "in", ["330523999", "340101001", "3399", "3306"]).execute();
    await importRegions(db, { county: "330523" });
    const summary = await checkRegionTree(db);
    expect(summary).toMatchObject({ regionsChecked: 236, problems: 0 });
    const runs = await db
      .selectFrom("region_checks")
      .select(db.fn.countAll<number>().as("n"))
      .executeTakeFirst();
    expect(Number(runs?.n)).toBe(5);
  });
});
