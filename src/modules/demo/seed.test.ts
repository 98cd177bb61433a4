import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { DEMO_ITEMS } from "../catalog/demo/index.ts";
import { searchCatalog } from "../catalog/search.ts";
import { DEMO_ACCOUNTS, DEMO_COUNTY, DEMO_TOWNSHIP, seedDemo } from "./seed.ts";

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDatabase();
  await seedDemo(d.handle.db);
}, 120_000);
afterAll(() => d.close());

it("publishes the demo catalogue with the county's offerings", async () => {
  const db = d.handle.db;
  const published = await db
    .selectFrom("catalog_item_versions")
    .select(["line"])
    .where("status", "=", "published")
    .execute();
  expect(published).toHaveLength(DEMO_ITEMS.length);
  expect(published.length).toBeGreaterThanOrEqual(30);
  expect(new Set(published.map((p) => p.line)).size).toBeGreaterThanOrEqual(8);
  const offered = await db
    .selectFrom("catalog_offerings")
    .select((eb) => eb.fn.count<string | number>("item_id").distinct().as("n"))
    .where("region_code", "like", `${DEMO_COUNTY}%`)
    .executeTakeFirstOrThrow();
  expect(Number(offered.n)).toBe(DEMO_ITEMS.length);
  const found = await searchCatalog(db, { text: "食品经营许可", limit: 5, offset: 0 });
  expect(found.hits[0]?.name.zh).toContain("食品经营许可");
});

it("gives the demo catalogue managers at county and province", async () => {
  const roles = await d.handle.db
    .selectFrom("staff_roles")
    .select(["role", "jurisdiction_code"])
    .where("role", "=", "catalog_manager")
    .orderBy("jurisdiction_code")
    .execute();
  expect(roles.map((r) => r.jurisdiction_code)).toEqual(["33", DEMO_COUNTY]);
});

it("gives every township its offices and staffs 递铺街道's, beside the county bureaus", async () => {
  const db = d.handle.db;
  const townships = await db
    .selectFrom("regions")
    .select("code")
    .where("parent_code", "=", DEMO_COUNTY)
    .execute();
  expect(townships.length).toBeGreaterThanOrEqual(15);
  const offices = await db
    .selectFrom("departments")
    .select("region_code")
    .where("line", "=", "agriculture_rural_affairs")
    .where(
      "region_code",
      "in",
      townships.map((r) => r.code),
    )
    .execute();
  expect(offices).toHaveLength(townships.length);
  const staffed = await db
    .selectFrom("staff_roles as r")
    .innerJoin("departments as d", "d.id", "r.department_id")
    .innerJoin("staff as s", "s.id", "r.staff_id")
    .select(["s.username", "d.region_code", "d.line", "r.role", "r.jurisdiction_code"])
    .execute();
  for (const account of DEMO_ACCOUNTS) {
    expect(staffed).toContainEqual({
      username: account.username,
      region_code: account.departmentRegion,
      line: account.line,
      role: account.role,
      jurisdiction_code: account.jurisdiction,
    });
  }
  expect(staffed.filter((s) => s.region_code === DEMO_TOWNSHIP).map((s) => s.username)).toEqual(
    expect.arrayContaining(["dipu.agri.reviewer", "dipu.agri.approver", "dipu.civil.reviewer"]),
  );
});

it("changes nothing when run again", async () => {
  const count = async () =>
    Promise.all(
      (
        [
          "catalog_items",
          "catalog_item_versions",
          "catalog_offerings",
          "staff",
          "departments",
          "process_definitions",
        ] as const
      ).map(async (table) =>
        Number(
          (
            await d.handle.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string | number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
  const before = await count();
  await seedDemo(d.handle.db);
  expect(await count()).toEqual(before);
}, 120_000);
