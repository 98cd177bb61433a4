import { randomBytes } from "node:crypto";
import { ensureLineDepartments } from "../src/modules/departments/service.ts";
import { createStaff } from "../src/modules/identity/service.ts";
import type { StaffRole } from "../src/modules/identity/tables.ts";
import type { Db } from "../src/platform/db/database.ts";

/**
 * A small real slice of the region tree: 浙江省 › 湖州市 › 安吉县 › 递铺街道 with an urban community and
 * a rural village, and a neighbouring county (长兴县) outside 安吉's jurisdiction. Safe to call twice.
 */
export async function seedRegionSlice(db: Db): Promise<void> {
  const rows = [
    { code: "33", parent_code: null, level: 1, name: "浙江省", urban_rural: null },
    { code: "3305", parent_code: "33", level: 2, name: "湖州市", urban_rural: null },
    { code: "330523", parent_code: "3305", level: 3, name: "安吉县", urban_rural: null },
    { code: "330522", parent_code: "3305", level: 3, name: "长兴县", urban_rural: null },
    { code: "330523001", parent_code: "330523", level: 4, name: "递铺街道", urban_rural: null },
    { code: "330522001", parent_code: "330522", level: 4, name: "雉城街道", urban_rural: null },
    {
      code: "330523001002",
      parent_code: "330523001",
      level: 5,
      name: "苕秀社区居委会",
      urban_rural: "urban",
    },
    { code: "330523001201", parent_code: "330523001", level: 5, name: "古城村委会", urban_rural: "rural" },
  ] as const;
  await db
    .insertInto("regions")
    .values(rows.map((r) => ({ ...r })))
    .onConflict((c) => c.column("code").doNothing())
    .execute();
}

const departmentCache = new WeakMap<Db, Map<string, Map<string, string>>>();

/** The department of a line in one of the slice's regions, created on first use. */
export async function department(db: Db, regionCode: string, line = "government_service"): Promise<string> {
  let byRegion = departmentCache.get(db);
  if (!byRegion) {
    byRegion = new Map();
    departmentCache.set(db, byRegion);
  }
  let ids = byRegion.get(regionCode);
  if (!ids) {
    const region = await db
      .selectFrom("regions")
      .select(["code", "name", "level"])
      .where("code", "=", regionCode)
      .executeTakeFirstOrThrow();
    ids = await ensureLineDepartments(db, region);
    byRegion.set(regionCode, ids);
  }
  const id = ids.get(line);
  if (!id) throw new Error(`No line ${line}`);
  return id;
}

export const TEST_PASSWORD = "correct horse battery staple";

/** A staff member with one role, a unique username, and TEST_PASSWORD. */
export async function staffMember(
  db: Db,
  role: StaffRole,
  jurisdiction: string,
  options: { line?: string; departmentRegion?: string } = {},
): Promise<{ id: string; username: string }> {
  const username = `${role}.${randomBytes(4).toString("hex")}`;
  const departmentId = await department(
    db,
    options.departmentRegion ?? jurisdiction.slice(0, 6),
    options.line,
  );
  const id = await createStaff(db, {
    username,
    displayName: `Test ${role}`,
    password: TEST_PASSWORD,
    grants: [{ departmentId, role, jurisdictionCode: jurisdiction }],
  });
  return { id, username };
}
