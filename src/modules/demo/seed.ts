import type { Db } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import type { Progress } from "../../platform/progress.ts";
import { importPackageCalendar } from "../calendar/service.ts";
import { ensureLineDepartments } from "../departments/service.ts";
import { createStaff, hasAnyStaff } from "../identity/service.ts";
import type { StaffRole } from "../identity/tables.ts";
import { importRegions } from "../regions/import.ts";
import { seedDemoProcesses } from "./cases.ts";
import { seedDemoCatalog } from "./catalog.ts";
import { seedDemoConsultations } from "./consultations.ts";
import { seedDemoDisclosure } from "./disclosure.ts";
import { seedDemoQueue } from "./queue.ts";
import { seedDemoRequests } from "./requests.ts";
import { seedDemoSites } from "./sites.ts";

/** 安吉县, Zhejiang: the county of "green mountains are gold mountains", in the province of 最多跑一次. */
export const DEMO_COUNTY = "330523";
const DEMO_CITY = "3305";
const DEMO_PROVINCE = "33";
export const DEMO_PASSWORD = "Bamboo-demo-2026";

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

/** The street whose offices the demo staffs: 递铺街道, the county seat. */
export const DEMO_TOWNSHIP = "330523001";

function countyAccount(username: string, displayName: string, role: StaffRole, line: string): DemoAccount {
  return { username, displayName, role, line, departmentRegion: DEMO_COUNTY, jurisdiction: DEMO_COUNTY };
}

function townshipAccount(username: string, displayName: string, role: StaffRole, line: string): DemoAccount {
  return { username, displayName, role, line, departmentRegion: DEMO_TOWNSHIP, jurisdiction: DEMO_TOWNSHIP };
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
  // The five services run end to end (issue 5): the departments their processes send tasks to.
  countyAccount("anji.civil.reviewer", "郑丽", "reviewer", "civil_affairs"),
  countyAccount("anji.civil.approver", "何建国", "approver", "civil_affairs"),
  countyAccount("anji.edu.reviewer", "许文", "reviewer", "education"),
  countyAccount("anji.land.reviewer", "马超", "reviewer", "natural_resources"),
  countyAccount("anji.agri.reviewer", "朱红", "reviewer", "agriculture_rural_affairs"),
  countyAccount("anji.drc.reviewer", "胡斌", "reviewer", "development_reform"),
  countyAccount("anji.drc.approver", "郭峰", "approver", "development_reform"),
  // The household register's steward (issue 6): publishes its records, approves who may read them.
  countyAccount("anji.police.approver", "宋涛", "approver", "public_security"),
  // 递铺街道's own offices: the first review of homesteads and the township's approval (乡镇审批),
  // and the investigation of 低保 applications.
  townshipAccount("dipu.agri.reviewer", "林晓", "reviewer", "agriculture_rural_affairs"),
  townshipAccount("dipu.agri.approver", "罗军", "approver", "agriculture_rural_affairs"),
  townshipAccount("dipu.civil.reviewer", "梁燕", "reviewer", "civil_affairs"),
  // The three administrators (三员分立): accounts, roles, the audit trail — three people, no other role.
  countyAccount("anji.sysadmin", "钱程", "system_admin", "government_service"),
  countyAccount("anji.secadmin", "冯雪", "security_admin", "government_service"),
  countyAccount("anji.auditadmin", "韩梅", "audit_admin", "government_service"),
];

/**
 * The demo: 安吉县 with its 15 townships and streets and 218 villages and communities, the city and
 * province above it, one department per line at each of those levels and in each township, a staff
 * account per role, the working-day calendar of every year chinese-days has, and the demo catalogue as
 * 安吉县 offers it. Safe to run again: everything is upserted, and accounts are only made once — and
 * with them the processes of the five services the demo runs end to end (processes.ts), saved by the
 * province's catalogue manager.
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
  // Townships and streets review homesteads and 低保 themselves (土地管理法 第六十二条, 社会救助暂行办法
  // 第十一条): each gets its offices as the county does, and offers the items handled there through them.
  const townships = await db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("parent_code", "=", DEMO_COUNTY)
    .execute();
  for (const township of townships) departments.set(township.code, await ensureLineDepartments(db, township));
  await seedDemoCatalog(db, DEMO_COUNTY, departments.get(DEMO_COUNTY) ?? new Map(), departments);
  await seedDemoSites(db, departments);
  await seedDemoQueue(db, departments);
  await seedDemoRequests(db, departments);
  if (await hasAnyStaff(db)) return [];
  let catalogManager: Actor | undefined;
  for (const account of DEMO_ACCOUNTS) {
    const departmentId = departments.get(account.departmentRegion)?.get(account.line);
    if (!departmentId)
      throw new Error(`Demo department ${account.line} in ${account.departmentRegion} is missing`);
    const grant = { departmentId, role: account.role, jurisdictionCode: account.jurisdiction };
    const id = await createStaff(db, {
      username: account.username,
      displayName: account.displayName,
      password: DEMO_PASSWORD,
      grants: [grant],
    });
    if (account.role === "catalog_manager" && account.jurisdiction === DEMO_PROVINCE) {
      catalogManager = {
        kind: "staff",
        id,
        username: account.username,
        displayName: account.displayName,
        grants: [grant],
      };
    }
  }
  // The province defines its items' processes, so its catalogue manager saves the demo's.
  if (catalogManager) await seedDemoProcesses(db, catalogManager);
  await seedDemoDisclosure(db, departments.get(DEMO_COUNTY) ?? new Map());
  await seedDemoConsultations(db);
  return DEMO_ACCOUNTS;
}
