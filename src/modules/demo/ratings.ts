import { inProvince, provinceOfId } from "../../platform/db/distribution.ts";
import type { Platform } from "../../platform/platform.ts";
import { findPersonByIdentifier } from "../applicants/service.ts";
import { submitOnce } from "../applications/submit-once.ts";
import { actOnTask, caseForKey, getCase } from "../cases/service.ts";
import { offeringsNear } from "../catalog/service.ts";
import { staffActor } from "../identity/service.ts";
import { rateCaseOnline } from "../ratings/rate.ts";
import { takeStep } from "../ratings/rectify.ts";
import { DEMO_APPLICANT } from "./applicant.ts";
import { DEMO_COUNTY } from "./seed.ts";

const FOOD_LICENCE = "330000-SCJG-0003";

/** Two more applications of 王小明's, refused at the window (不予受理) and so closed, then rated. */
const RATED = [
  {
    key: "demo-rating-1",
    reason: "经营场所不在本县，请向经营场所所在地市场监管部门申请。",
    rating: {
      level: 5,
      tags: ["clear_guidance", "courteous"],
      comment: "窗口一次讲清楚了该去哪里办，很耐心。",
    },
  },
  {
    key: "demo-rating-2",
    reason: "申请材料与经营场所实际情况不符。",
    rating: {
      level: 2,
      tags: ["many_visits", "unclear_guidance"],
      comment: "跑了两趟才知道要带平面图，希望一次告知。",
    },
  },
] as const;

/**
 * The demo's ratings (好差评): 王小明 rates two closed cases online — one 非常满意, one 不满意 — and the
 * county's market regulation bureau has called him back about the bad one, whose rectification is in
 * progress on anji.reviewer's list. Made through the services the pages use; runs once, after the demo
 * applicant's account exists (seedDemoCases makes it).
 */
export async function seedDemoRatings(
  platform: Pick<Platform, "database" | "config" | "jobs">,
): Promise<number> {
  const db = platform.database.db;
  const person = await findPersonByIdentifier(db, platform.config.personalDataKey, DEMO_APPLICANT.email);
  const clerk = await staffActor(db, "anji.clerk");
  const reviewer = await staffActor(db, "anji.reviewer");
  const [offering] = await offeringsNear(db, FOOD_LICENCE, DEMO_COUNTY);
  if (!person || !clerk || !reviewer || !offering) return 0;
  const actor = { kind: "person" as const, id: person.id, name: DEMO_APPLICANT.name };
  const deps = { jobs: platform.jobs, config: platform.config };
  let made = 0;
  for (const demo of RATED) {
    if (await caseForKey(db, { kind: "person", id: person.id }, demo.key)) continue;
    const { row } = await submitOnce(
      db,
      deps,
      actor,
      {
        offeringId: offering.id,
        answers: {
          premisesAddress: "湖州市吴兴区红旗路1号",
          businessForm: "餐饮服务经营者",
          area: 30,
          items: ["热食类食品制售"],
          onlineSales: false,
          safetyManager: DEMO_APPLICANT.name,
          commitment: true,
        },
        materials: [],
        commitment: ["business_licence", "layout", "safety_rules", "commitment"],
      },
      demo.key,
    );
    const intake = (await getCase(db, clerk, row.id)).tasks?.find((task) => task.status === "open");
    if (!intake) continue;
    await actOnTask(db, deps, clerk, intake.id, { action: "reject", reason: demo.reason });
    const rating = await rateCaseOnline(db, actor, row.id, { ...demo.rating, tags: [...demo.rating.tags] });
    made += 1;
    if (rating.level > 2) continue;
    const rectification = await db
      .selectFrom("rectifications")
      .select("id")
      .where("rating_id", "=", rating.id)
      .$call(inProvince(provinceOfId(rating.id)))
      .executeTakeFirst();
    if (rectification)
      await takeStep(db, deps, reviewer, rectification.id, {
        step: "callback",
        text: "李强电话回访王小明：已致歉，正在修订办事指南，把平面图列入一次性告知清单。",
      });
  }
  return made;
}
