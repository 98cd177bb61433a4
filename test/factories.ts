import { randomBytes } from "node:crypto";
import { signUp } from "../src/modules/applicants/service.ts";
import { ensureLineDepartments } from "../src/modules/departments/service.ts";
import { createStaff } from "../src/modules/identity/service.ts";
import type { StaffRole } from "../src/modules/identity/tables.ts";
import type { Db } from "../src/platform/db/database.ts";
import type { Platform } from "../src/platform/platform.ts";

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

/** 黄浦区 of 上海市: a district of another province than the slice's counties. */
const HUANGPU = "310101";

/**
 * Work across provinces (跨省通办): 上海市 › 市辖区 › 黄浦区 added to the region tree, and the district's
 * government service centre. Safe to call twice.
 */
export async function seedOtherProvince(db: Db): Promise<{ regionCode: string; departmentId: string }> {
  await db
    .insertInto("regions")
    .values([
      { code: "31", parent_code: null, level: 1, name: "上海市", urban_rural: null },
      { code: "3101", parent_code: "31", level: 2, name: "市辖区", urban_rural: null },
      { code: HUANGPU, parent_code: "3101", level: 3, name: "黄浦区", urban_rural: null },
    ])
    .onConflict((c) => c.column("code").doNothing())
    .execute();
  return { regionCode: HUANGPU, departmentId: await department(db, HUANGPU) };
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

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A valid resident ID number (GB 11643) with its check digit; birth date and sequence are random unless
 * given, so every call gives another number.
 */
export function idNumber(region = "330523", born?: string): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  const date =
    born ??
    `${1950 + (a % 50)}${String(1 + (b % 12)).padStart(2, "0")}${String(1 + (c % 28)).padStart(2, "0")}`;
  const sequence = String(randomBytes(2).readUInt16BE() % 1000).padStart(3, "0");
  const body = `${region}${date}${sequence}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (ID_WEIGHTS[i] as number), 0);
  return body + ("10X98765432"[sum % 11] as string);
}

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid unified social credit code (GB 32100), random in its organisation code, with its check character. */
export function creditCode(prefix = "91", region = "330523"): string {
  const code = [...randomBytes(9)].map((b) => USCC_CHARS[b % 10]).join("");
  const body = `${prefix}${region}${code}`;
  const sum = [...body].reduce(
    (acc, char, i) => acc + USCC_CHARS.indexOf(char) * (USCC_WEIGHTS[i] as number),
    0,
  );
  return body + (USCC_CHARS[(31 - (sum % 31)) % 31] as string);
}

/** A person's account with a unique e-mail and ID number, and TEST_PASSWORD; its e-mail is not yet confirmed. */
export async function personAccount(
  platform: Pick<Platform, "database" | "config" | "jobs">,
  overrides: { name?: string; mobile?: string; addressRegionCode?: string } = {},
): Promise<{ id: string; name: string; email: string; idNumber: string }> {
  const person = {
    name: overrides.name ?? "王芳",
    email: `person.${randomBytes(4).toString("hex")}@example.cn`,
    idNumber: idNumber(),
  };
  const { personId } = await signUp(
    platform.database.db,
    platform,
    {
      ...person,
      password: TEST_PASSWORD,
      mobile: overrides.mobile,
      addressRegionCode: overrides.addressRegionCode,
    },
    { locale: "zh-CN" },
  );
  return { id: personId, ...person };
}
