import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { redact } from "../requests/redact.ts";
import * as requests from "../requests/store.ts";
import type { RequestKind, RequestState } from "../requests/tables.ts";
import { DEMO_COUNTY } from "./seed.ts";

const DAY = 86_400_000;

/** The demo's categories: one or more of each kind, with who may file anonymously and the days to reply. */
const CATEGORIES: {
  code: string;
  kind: RequestKind;
  name: string;
  nameEn: string;
  anonymous: boolean;
  days: number;
  line: string | null;
}[] = [
  {
    code: "noise",
    kind: "complaint",
    name: "噪音扰民",
    nameEn: "Noise",
    anonymous: false,
    days: 5,
    line: "public_security",
  },
  {
    code: "food-safety",
    kind: "report",
    name: "食品安全",
    nameEn: "Food safety",
    anonymous: true,
    days: 10,
    line: "market_regulation",
  },
  {
    code: "market-order",
    kind: "complaint",
    name: "消费维权",
    nameEn: "Consumer rights",
    anonymous: false,
    days: 7,
    line: "market_regulation",
  },
  {
    code: "social-assistance",
    kind: "help",
    name: "困难救助",
    nameEn: "Hardship assistance",
    anonymous: false,
    days: 5,
    line: "civil_affairs",
  },
  {
    code: "road-repair",
    kind: "suggestion",
    name: "道路维修",
    nameEn: "Road repair",
    anonymous: false,
    days: 15,
    line: "transport",
  },
  {
    code: "school-enrolment",
    kind: "consultation",
    name: "入学政策",
    nameEn: "School enrolment",
    anonymous: true,
    days: 3,
    line: "education",
  },
  {
    code: "policy-question",
    kind: "consultation",
    name: "政策咨询",
    nameEn: "Policy questions",
    anonymous: true,
    days: 3,
    line: null,
  },
];

/** A few requests of 递铺街道's villages, one in each state the lifecycle knows. */
const SAMPLES: {
  category: string;
  village: string;
  text: string;
  state: RequestState;
  reply?: string;
  daysAgo: number;
}[] = [
  {
    category: "policy-question",
    village: "001211",
    text: "请问80岁以上老人的高龄补贴在哪里申请，需要带什么材料？",
    state: "received",
    daysAgo: 1,
  },
  {
    category: "noise",
    village: "001203",
    text: "村口的石料厂每天夜里十点后还在作业，噪音很大，影响休息。",
    state: "assigned",
    daysAgo: 2,
  },
  {
    category: "road-repair",
    village: "001211",
    text: "鲁家村村口到公交站的道路有多处坑洼，雨天积水，老人出行不便，建议尽快修补。",
    state: "replied",
    reply: "经现场查看，该路段已列入本月养护计划，预计两周内完成修补。感谢您的建议。",
    daysAgo: 8,
  },
  {
    category: "market-order",
    village: "001203",
    text: "在镇上超市买的电饭煲一周就坏了，商家拒绝退换。",
    state: "closed",
    reply: "经调解，商家已同意为您更换新品。如有问题请拨打12315。",
    daysAgo: 20,
  },
];

/**
 * The demo's 12345: categories, the county's routing rules (its 12345 centre at the government service
 * centre, each category to the bureau of its line) and, once, a few requests in different states with
 * a published reply. Safe to run again.
 */
export async function seedDemoRequests(db: Db, departments: Map<string, Map<string, string>>): Promise<void> {
  const county = departments.get(DEMO_COUNTY);
  const dispatcher = county?.get("government_service");
  if (!county || !dispatcher) return;
  for (const c of CATEGORIES) {
    await requests.upsertCategory(db, {
      code: c.code,
      kind: c.kind,
      name: c.name,
      name_en: c.nameEn,
      description: "",
      description_en: "",
      anonymous_allowed: c.anonymous,
      due_working_days: c.days,
    });
  }
  await requests.putRoute(db, {
    regionCode: DEMO_COUNTY,
    categoryCode: null,
    departmentId: dispatcher,
    by: null,
  });
  for (const c of CATEGORIES) {
    const departmentId = c.line ? county.get(c.line) : undefined;
    if (departmentId)
      await requests.putRoute(db, { regionCode: DEMO_COUNTY, categoryCode: c.code, departmentId, by: null });
  }
  if ((await requests.listRequests(db, { from: new Date(0), to: new Date(), limit: 1 })).length > 0) return;
  const now = Date.now();
  for (const [i, s] of SAMPLES.entries()) {
    const category = CATEGORIES.find((c) => c.code === s.category);
    if (!category) continue;
    const at = new Date(now - s.daysAgo * DAY);
    const department = s.state === "received" ? null : (county.get(category.line ?? "") ?? dispatcher);
    const replied = s.reply ? new Date(at.getTime() + 3 * DAY) : null;
    const row = await requests.insertRequest(db, {
      number: `${at.toISOString().slice(0, 10).replaceAll("-", "")}0000000${i + 1}`,
      token_hash: createHash("sha256").update(randomBytes(18)).digest("hex"),
      category_code: category.code,
      kind: category.kind,
      text: s.text,
      public_text: category.kind === "report" ? null : redact(s.text),
      province_code: provinceOf(DEMO_COUNTY),
      id: provinceId(provinceOf(DEMO_COUNTY)),
      region_code: `${DEMO_COUNTY}${s.village}`,
      lat: null,
      long: null,
      address: null,
      contact_preference: "none",
      requester_kind: "anonymous",
      person_id: null,
      contact_name_enc: null,
      contact_phone_enc: null,
      contact_email_enc: null,
      channel: "web",
      client_id: null,
      attachments: [],
      state: s.state,
      dispatcher_id: dispatcher,
      department_id: department,
      received_at: at,
      due_at: new Date(at.getTime() + (category.days + 2) * DAY),
      due_uncertain: false,
    });
    await requests.insertEvent(db, {
      request: row,
      action: "receive",
      actorKind: "anonymous",
      actorId: null,
      departmentId: department ?? dispatcher,
      at,
    });
    if (replied && s.reply) {
      await requests.updateRequest(db, row.province_code, row.id, {
        reply_text: s.reply,
        reply_public: true,
        reply_public_text: redact(s.reply),
        replied_at: replied,
        reopen_until: new Date(replied.getTime() + 14 * DAY),
        ...(s.state === "closed" ? { satisfaction: "satisfied", rated_at: replied, closed_at: replied } : {}),
      });
      await requests.insertEvent(db, {
        request: row,
        action: "reply",
        actorKind: "staff",
        actorId: null,
        departmentId: department,
        at: replied,
      });
    }
  }
}
