import type { Executor } from "../../platform/db/database.ts";
import { USUAL_HOURS } from "../halls/hours.ts";
import { upsertSite, upsertWindow } from "../halls/sites-store.ts";
import type { SiteHours, SiteKind } from "../halls/tables.ts";

/** Department ids by line, per region code: what the demo seed made. */
type Departments = Map<string, Map<string, string>>;

interface DemoSite {
  code: string;
  kind: SiteKind;
  regionCode: string;
  /** Whose government service office runs it: the county's for its hall, the township's for a point. */
  runBy: string;
  name: string;
  nameEn: string;
  address: string;
  hours?: SiteHours;
}

/** Village points open mornings and afternoons of working days, with the agent on call at lunchtime. */
const VILLAGE_HOURS: SiteHours = {
  working: [
    ["08:00", "11:30"],
    ["13:00", "17:00"],
  ],
  rest: [],
};

/**
 * 安吉县's county hall, the service centre of 递铺街道 and of 天荒坪镇, and the service points of two
 * villages: 鲁家村 in 递铺街道, where the demo applicant lives, and 余村 in 天荒坪镇.
 */
const DEMO_SITES: DemoSite[] = [
  {
    code: "anji-hall",
    kind: "hall",
    regionCode: "330523",
    runBy: "330523",
    name: "安吉县政务服务中心",
    nameEn: "Anji County Government Service Centre",
    address: "浙江省湖州市安吉县递铺街道",
    // 周六上午延时服务: the county hall keeps Saturday mornings for those who work in the week.
    hours: { working: USUAL_HOURS.working, rest: [["09:00", "12:00"]] },
  },
  {
    code: "dipu-point",
    kind: "point",
    regionCode: "330523001",
    runBy: "330523001",
    name: "递铺街道便民服务中心",
    nameEn: "Dipu Subdistrict Service Centre",
    address: "安吉县递铺街道",
  },
  {
    code: "lujia-point",
    kind: "point",
    regionCode: "330523001211",
    runBy: "330523001",
    name: "鲁家村便民服务站",
    nameEn: "Lujia Village Service Point",
    address: "安吉县递铺街道鲁家村村委会",
    hours: VILLAGE_HOURS,
  },
  {
    code: "tianhuangping-point",
    kind: "point",
    regionCode: "330523108",
    runBy: "330523108",
    name: "天荒坪镇便民服务中心",
    nameEn: "Tianhuangping Town Service Centre",
    address: "安吉县天荒坪镇",
  },
  {
    code: "yucun-point",
    kind: "point",
    regionCode: "330523108204",
    runBy: "330523108",
    name: "余村便民服务站",
    nameEn: "Yucun Village Service Point",
    address: "安吉县天荒坪镇余村村委会",
    hours: VILLAGE_HOURS,
  },
];

/** The county hall's windows: four comprehensive (一窗受理), then the police's and market regulation's. */
const HALL_WINDOWS: { label: string; lines: string[] }[] = [
  { label: "1", lines: [] },
  { label: "2", lines: [] },
  { label: "3", lines: [] },
  { label: "4", lines: [] },
  { label: "5", lines: ["public_security"] },
  { label: "6", lines: ["market_regulation"] },
];

/** The demo's halls and service points, with the county hall's windows. Safe to run again. */
export async function seedDemoSites(db: Executor, departments: Departments): Promise<void> {
  const departmentOf = (region: string, line: string) => {
    const id = departments.get(region)?.get(line);
    if (!id) throw new Error(`Demo department ${line} in ${region} is missing`);
    return id;
  };
  for (const site of DEMO_SITES) {
    const row = await upsertSite(db, {
      code: site.code,
      kind: site.kind,
      region_code: site.regionCode,
      department_id: departmentOf(site.runBy, "government_service"),
      name: site.name,
      name_en: site.nameEn,
      address: site.address,
      phone: "12345",
      hours: JSON.stringify(site.hours ?? USUAL_HOURS),
    });
    if (site.kind !== "hall") continue;
    for (const window of HALL_WINDOWS) {
      await upsertWindow(db, {
        site_id: row.id,
        label: window.label,
        kind: window.lines.length === 0 ? "comprehensive" : "department",
        department_ids: window.lines.map((line) => departmentOf(site.regionCode, line)),
      });
    }
  }
}
