import type { Platform } from "../../platform/platform.ts";
import { findPersonByIdentifier, signUp } from "../applicants/service.ts";
import { submitOnce } from "../applications/submit-once.ts";
import { actOnTask, caseForKey, getCase } from "../cases/service.ts";
import { offeringsNear } from "../catalog/service.ts";
import { staffActor } from "../identity/service.ts";
import { DEMO_COUNTY, DEMO_PASSWORD } from "./seed.ts";

/** 王小明 of 鲁家村: the demo's applicant, who has applied for a food business licence twice. */
export const DEMO_APPLICANT = {
  name: "王小明",
  email: "wang.xiaoming@example.cn",
  // A made-up number with a valid GB 11643 check digit, born 1990 in 安吉县.
  idNumber: "330523199003150012",
  mobile: "13800138000",
} as const;

const FOOD_LICENCE = "330000-SCJG-0003";

/** What a noodle shop owner would answer on the food business licence's form. */
const ANSWERS = {
  premisesAddress: "安吉县递铺街道胜利西路88号",
  businessForm: "餐饮服务经营者",
  area: 60,
  items: ["热食类食品制售", "自制饮品制售"],
  onlineSales: false,
  safetyManager: "王小明",
  commitment: true,
};

/**
 * Gives the demo something to do: the applicant's account, and two applications for a food business
 * licence under the commitment procedure — one waiting at the window (anji.clerk's worklist), one
 * accepted and waiting for review (anji.reviewer's). Made through the same services the pages use, so
 * they are real cases with events, messages and audit entries. Runs once: nothing is made again.
 */
export async function seedDemoCases(
  platform: Pick<Platform, "database" | "config" | "jobs">,
): Promise<number> {
  const db = platform.database.db;
  const key = platform.config.personalDataKey;
  let person = await findPersonByIdentifier(db, key, DEMO_APPLICANT.email);
  if (!person) {
    await signUp(
      db,
      platform,
      { ...DEMO_APPLICANT, password: DEMO_PASSWORD, addressRegionCode: `${DEMO_COUNTY}001211` },
      { locale: "zh-CN" },
    );
    person = await findPersonByIdentifier(db, key, DEMO_APPLICANT.email);
  }
  if (!person) return 0;
  const actor = { kind: "person" as const, id: person.id, name: DEMO_APPLICANT.name };
  const [offering] = await offeringsNear(db, FOOD_LICENCE, DEMO_COUNTY);
  const clerk = await staffActor(db, "anji.clerk");
  if (!offering || !clerk) return 0;
  const deps = { jobs: platform.jobs, config: platform.config };
  let made = 0;
  for (const [n, accept] of [
    [1, false],
    [2, true],
  ] as const) {
    const idempotencyKey = `demo-food-licence-${n}`;
    if (await caseForKey(db, { kind: "person", id: person.id }, idempotencyKey)) continue;
    const { row } = await submitOnce(
      db,
      deps,
      actor,
      {
        offeringId: offering.id,
        answers: ANSWERS,
        materials: [],
        // Until the platform fetches the business licence (issue 6), the commitment stands in for it too.
        commitment: ["business_licence", "layout", "safety_rules", "commitment"],
      },
      idempotencyKey,
    );
    made += 1;
    if (!accept) continue;
    const intake = (await getCase(db, clerk, row.id)).tasks?.find((task) => task.status === "open");
    if (intake) await actOnTask(db, deps, clerk, intake.id, { action: "accept" });
  }
  return made;
}
