import type { Db } from "../../platform/db/database.ts";
import type { Progress } from "../../platform/progress.ts";
import { importPackageCalendar } from "../calendar/service.ts";
import { ensureLineDepartments } from "../departments/service.ts";
import { createStaff, hasAnyStaff } from "../identity/service.ts";
import type { StaffRole } from "../identity/tables.ts";
import { importRegions } from "../regions/import.ts";
import { seedDemoCatalog } from "./catalog.ts";

/** 安吉县, Zhejiang: the county of "green mountains are gold mountains", in the province of 最多跑一次. */
export const DEMO_COUNTY = "330523";
const DEMO_CITY = "3305";
const DEMO_PROVINCE = "33";
export const DEMO_PASSWORD = "Tongban-demo-2026";

export interface DemoAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  line: string;
  /** Where the department sits. */
  departmentRegion: string;
  /** The subtree the role covers. */
  jurisdiction: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: "anji.clerk",
    displayName: "王芳",
    role: "window_clerk",
    line: "government_service",
    departmentRegion: DEMO_COUNTY,
    jurisdiction: DEMO_COUNTY,
  },
  {
    username: "dipu.clerk",
    displayName: "赵敏",
    role: "window_clerk",
    line: "government_service",
    departmentRegion: DEMO_COUNTY,
    jurisdiction: "330523001",
  },
  {
    username: "anji.reviewer",
    displayName: "李强",
    role: "reviewer",
    line: "market_regulation",
    departmentRegion: DEMO_COUNTY,
    jurisdiction: DEMO_COUNTY,
  },
  {
    username: "anji.approver",
    displayName: "张伟",
    role: "approver",
    line: "market_regulation",
    departmentRegion: DEMO_COUNTY,
    jurisdiction: DEMO_COUNTY,
  },
  {
    username: "anji.supervisor",
    displayName: "陈静",
    role: "supervisor",
    line: "government_service",
    departmentRegion: DEMO_COUNTY,
    jurisdiction: DEMO_COUNTY,
  },
  {
    username: "anji.admin",
    displayName: "刘洋",
    role: "administrator",
    line: "government_service",
    departmentRegion: DEMO_COUNTY,
    jurisdiction: DEMO_COUNTY,
  },
  {
    username: "anji.catalog",
    displayName: "吴婷",
    role: "catalog_manager",
    line: "government_service",
    departmentRegion: DEMO_COUNTY,
    jurisdiction: DEMO_COUNTY,
  },
  {
    username: "zj.catalog",
    displayName: "孙磊",
    role: "catalog_manager",
    line: "government_service",
    departmentRegion: DEMO_PROVINCE,
    jurisdiction: DEMO_PROVINCE,
  },
  {
    username: "zj.admin",
    displayName: "周杰",
    role: "administrator",
    line: "government_service",
    departmentRegion: DEMO_PROVINCE,
    jurisdiction: DEMO_PROVINCE,
  },
];

/**
 * The demo: 安吉县 with its 15 townships and streets and 218 villages and communities, the city and
 * province above it, one department per line at each of those three levels, and a staff account per
 * role, the working-day calendar of every year chinese-days has, and the demo catalogue as 安吉县 offers it. Safe to run again: everything is
 * upserted, and accounts are only made once.
 */
export async function seedDemo(db: Db, progress?: (total: number) => Progress): Promise<DemoAccount[]> {
  await importRegions(db, { county: DEMO_COUNTY }, progress ? { progress } : {});
  await importPackageCalendar(db);
  const regions = await db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("code", "in", [DEMO_PROVINCE, DEMO_CITY, DEMO_COUNTY])
    .execute();
  const departments = new Map<string, Map<string, string>>();
  for (const region of regions) departments.set(region.code, await ensureLineDepartments(db, region));
  await seedDemoCatalog(db, DEMO_COUNTY, departments.get(DEMO_COUNTY) ?? new Map());
  if (await hasAnyStaff(db)) return [];
  for (const account of DEMO_ACCOUNTS) {
    const departmentId = departments.get(account.departmentRegion)?.get(account.line);
    if (!departmentId)
      throw new Error(`Demo department ${account.line} in ${account.departmentRegion} is missing`);
    await createStaff(db, {
      username: account.username,
      displayName: account.displayName,
      password: DEMO_PASSWORD,
      grants: [{ departmentId, role: account.role, jurisdictionCode: account.jurisdiction }],
    });
  }
  return DEMO_ACCOUNTS;
}
