import type { Db } from "../../platform/db/database.ts";
import type { Platform } from "../../platform/platform.ts";
import { findPersonByIdentifier, signUp } from "../applicants/service.ts";
import { postComment } from "../consultations/comments.ts";
import { createDraft, listPublic, publish } from "../consultations/consultations.ts";
import { addPoint, publishSummary } from "../consultations/summary.ts";
import { staffActor } from "../identity/service.ts";
import { DEMO_PASSWORD } from "./seed.ts";

const DAY = 86_400_000;
const OPEN_TITLE = "安吉县农村生活垃圾分类管理办法（征求意见稿）";
const CLOSED_TITLE = "安吉县城区公共停车场收费管理规定（征求意见稿）";

const OPEN_DRAFT = [
  {
    number: "第一条",
    heading: "目的和依据",
    body: "为推进农村生活垃圾分类，改善农村人居环境，根据有关法律法规，结合本县实际，制定本办法。",
  },
  {
    number: "第二条",
    heading: "适用范围",
    body: "本办法适用于本县行政区域内农村生活垃圾的分类投放、收集、运输和处理。",
  },
  {
    number: "第三条",
    heading: "分类标准",
    body: "农村生活垃圾分为可回收物、有害垃圾、易腐垃圾和其他垃圾四类。",
  },
  {
    number: "第四条",
    heading: "村民责任",
    body: "村民应当按照分类标准，将生活垃圾分别投放到指定的收集容器。",
  },
  { number: "第五条", heading: "激励措施", body: "乡镇人民政府可以对分类成效显著的村和农户给予奖励。" },
  { number: "第六条", heading: "施行日期", body: "本办法自发布之日起施行。" },
];

const CLOSED_DRAFT = [
  { number: "第一条", heading: "目的", body: "为规范城区公共停车场收费管理，制定本规定。" },
  { number: "第二条", heading: "收费标准", body: "白天首小时收费 3 元，之后每小时 2 元；夜间每次 5 元。" },
  { number: "第三条", heading: "免费时段", body: "停车不超过 30 分钟的，免收停车费。" },
];

/**
 * The demo's consultations (征求意见), drafted and published by the county's administrator for its
 * government-service department: the rural waste-sorting rules, open now (opened five days ago, closing
 * in 25), and the town parking charges, closed two weeks ago with its feedback summary — the points
 * from the comments received by post and at the hall. Run again, it adds nothing.
 */
export async function seedDemoConsultations(db: Db): Promise<number> {
  const admin = await staffActor(db, "anji.admin");
  const grant = admin?.kind === "staff" ? admin.grants.find((g) => g.role === "administrator") : undefined;
  if (!admin || !grant) return 0;
  const existing = new Set((await listPublic(db, { limit: 100, offset: 0 })).map((c) => c.title));
  const now = Date.now();
  let made = 0;
  const base = {
    contact: "安吉县政务服务中心（递铺街道胜利西路 1 号），邮编 313300；电子邮箱 yijian@anji.example.cn",
  };
  if (!existing.has(OPEN_TITLE)) {
    const opens = new Date(now - 5 * DAY);
    const id = await createDraft(db, admin, grant.departmentId, {
      ...base,
      title: OPEN_TITLE,
      purpose:
        "为落实农村生活垃圾分类工作要求，县政务服务管理办公室会同有关部门起草了本办法，现公开征求社会各界意见。",
      opensAt: opens,
      closesAt: new Date(opens.getTime() + 30 * DAY),
      articles: OPEN_DRAFT,
    });
    await publish(db, admin, id, {}, opens);
    made++;
  }
  if (!existing.has(CLOSED_TITLE)) {
    const opens = new Date(now - 45 * DAY);
    const id = await createDraft(db, admin, grant.departmentId, {
      ...base,
      title: CLOSED_TITLE,
      purpose: "为缓解城区停车难，规范公共停车场收费，起草本规定。",
      opensAt: opens,
      closesAt: new Date(opens.getTime() + 30 * DAY),
      articles: CLOSED_DRAFT,
    });
    await publish(db, admin, id, {}, opens);
    await addPoint(db, admin, id, {
      summary: "建议将免费停车时间延长至 1 小时。",
      adoption: "partly_adopted",
      reason: "考虑周转率，免费时段延长至 45 分钟。",
    });
    await addPoint(db, admin, id, {
      summary: "建议夜间停车免费。",
      adoption: "not_adopted",
      reason: "夜间车位紧张，按次收取少量费用以保障周转。",
    });
    await addPoint(db, admin, id, { summary: "建议在停车场公示收费标准和投诉电话。", adoption: "adopted" });
    await publishSummary(db, admin, id);
    made++;
  }
  return made;
}

/** Three villagers of the county who comment on the open draft; made-up ID numbers with valid check digits. */
const COMMENTERS = [
  { name: "周敏", email: "zhou.min@example.cn", idNumber: "330523197811040031", mobile: "13800138011" },
  { name: "钱海", email: "qian.hai@example.cn", idNumber: "330523199206180043", mobile: "13800138012" },
  { name: "孙桂兰", email: "sun.guilan@example.cn", idNumber: "330523196503020050", mobile: "13800138013" },
] as const;

const COMMENTS: { who: number; article: number | null; text: string; daysAgo: number }[] = [
  { who: 0, article: 3, text: "建议附上常见垃圾的分类图示，老年人看得懂。", daysAgo: 4 },
  { who: 1, article: 5, text: "奖励措施希望写具体一些，比如积分兑换日用品。", daysAgo: 3 },
  { who: 2, article: null, text: "总体赞成。村里收集点离家太远，希望增加收集点。", daysAgo: 2 },
  { who: 0, article: 4, text: "外出务工人员家里没人时如何处理？建议说明。", daysAgo: 1 },
];

/**
 * Comments on the open draft from three people with accounts of their own (password DEMO_PASSWORD).
 * Needs the accounts' services (the personal data key, the mail queue), so it runs with the platform
 * after `seedDemoConsultations`. Run again, it adds nothing.
 */
export async function seedDemoConsultationComments(
  platform: Pick<Platform, "database" | "config" | "jobs">,
): Promise<number> {
  const db = platform.database.db;
  const key = platform.config.personalDataKey;
  const open = (await listPublic(db, { limit: 100, offset: 0 })).find((c) => c.title === OPEN_TITLE);
  if (!open || open.comments > 0) return 0;
  const people = [];
  for (const person of COMMENTERS) {
    let found = await findPersonByIdentifier(db, key, person.email);
    if (!found) {
      await signUp(db, platform, { ...person, password: DEMO_PASSWORD }, { locale: "zh-CN" });
      found = await findPersonByIdentifier(db, key, person.email);
    }
    if (!found) return 0;
    people.push({ kind: "person" as const, id: found.id, name: person.name });
  }
  for (const c of COMMENTS) {
    const actor = people[c.who];
    if (!actor) continue;
    await postComment(
      db,
      actor,
      open.id,
      { article: c.article, text: c.text },
      new Date(Date.now() - c.daysAgo * DAY),
    );
  }
  return COMMENTS.length;
}
