import type { Platform } from "../../platform/platform.ts";
import { findPersonByIdentifier, signUp } from "../applicants/service.ts";
import { getSite } from "../halls/sites.ts";
import { staffActor } from "../identity/service.ts";
import { addAgent } from "../points/agents.ts";
import { DEMO_COUNTY, DEMO_PASSWORD } from "./seed.ts";

/** 李秀英, the agent (代办员) of 鲁家村's service point, where the demo applicant lives. */
export const DEMO_AGENT = {
  name: "李秀英",
  email: "li.xiuying@example.cn",
  // A made-up number with a valid GB 11643 check digit, born 1985 in 安吉县.
  idNumber: "330523198507200023",
  mobile: "13800138001",
} as const;

/**
 * The demo's village agent: an account of her own, named agent of 鲁家村's point by the county's
 * administrator. Safe to run again: the account is made once, and naming her again changes nothing.
 */
export async function seedDemoAgents(
  platform: Pick<Platform, "database" | "config" | "jobs">,
): Promise<number> {
  const db = platform.database.db;
  const key = platform.config.personalDataKey;
  if (!(await findPersonByIdentifier(db, key, DEMO_AGENT.email))) {
    await signUp(
      db,
      platform,
      { ...DEMO_AGENT, password: DEMO_PASSWORD, addressRegionCode: `${DEMO_COUNTY}001211` },
      { locale: "zh-CN" },
    );
  }
  const admin = await staffActor(db, "anji.admin");
  if (!admin) return 0;
  const point = await getSite(db, "lujia-point");
  await addAgent(db, platform.config, admin, point.code, DEMO_AGENT.idNumber);
  return 1;
}
