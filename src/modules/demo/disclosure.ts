import type { Db } from "../../platform/db/database.ts";
import { listProcessDefinitions, saveProcessDefinition } from "../cases/service.ts";
import { t } from "../catalog/demo/build.ts";
import { keepGuide } from "../disclosure/guides.ts";
import { type PublicationInput, publish } from "../disclosure/publications.ts";
import { createStaff, staffActor } from "../identity/service.ts";

/**
 * The demo's 政务公开: the county general office (县政府办公室) and market regulation bureau publish a
 * dozen documents across the six categories — one repealed by its successor, one interpreted — each
 * with a guide, and the request item (政府信息公开申请, 330000-ZFB-0001) gets its process: intake at the
 * single window, the office's search, its approver's answer within the statutory 20 working days
 * (《政府信息公开条例》第三十三条), delivery. The office's people are `anji.office.reviewer` and
 * `anji.office.approver` (who publishes and answers). Run again, it adds nothing.
 */
const REQUEST_ITEM = "330000-ZFB-0001";
const OFFICE = "general_office";

const office = (line: string) => ({ line, level: "county" as const });
const REQUEST_PROCESS = {
  stages: [
    {
      key: "intake",
      kind: "intake" as const,
      name: t("受理", "Intake"),
      tasks: [
        {
          key: "intake",
          name: t("综合窗口受理", "Intake at the single window"),
          role: "window_clerk" as const,
          days: 0,
          ...office("government_service"),
        },
      ],
    },
    {
      key: "search",
      kind: "review" as const,
      name: t("检索与承办", "Search and drafting"),
      tasks: [
        {
          key: "search",
          name: t("检索与承办", "Search and drafting"),
          role: "reviewer" as const,
          days: 12,
          ...office(OFFICE),
        },
      ],
    },
    {
      key: "reply",
      kind: "decision" as const,
      name: t("审核答复", "Approval of the reply"),
      tasks: [
        {
          key: "reply",
          name: t("审核答复", "Approval of the reply"),
          role: "approver" as const,
          days: 5,
          ...office(OFFICE),
        },
      ],
    },
    {
      key: "delivery",
      kind: "delivery" as const,
      name: t("送达", "Delivery"),
      tasks: [
        {
          key: "delivery",
          name: t("送达", "Delivery"),
          role: "window_clerk" as const,
          days: 0,
          ...office("government_service"),
        },
      ],
    },
  ],
};

type Doc = Omit<PublicationInput, "departmentId"> & {
  key: string;
  from: "office" | "market";
  repealsKey?: string;
  interpretsKey?: string;
};

const DOCS: Doc[] = [
  {
    key: "homestay2023",
    from: "office",
    category: "policy",
    title: "安吉县民宿管理办法（试行）",
    documentNumber: "安政发〔2023〕8号",
    writtenOn: "2023-04-10",
    effectiveFrom: "2023-05-01",
    body: "第一条 为规范民宿经营，促进乡村旅游健康发展，制定本办法。\n\n第二条 本办法适用于本县行政区域内民宿的开办与经营。",
  },
  {
    key: "homestay2026",
    from: "office",
    category: "policy",
    title: "安吉县民宿管理办法",
    documentNumber: "安政发〔2026〕3号",
    writtenOn: "2026-02-20",
    effectiveFrom: "2026-03-01",
    repealsKey: "homestay2023",
    body: "第一条 为规范民宿经营，提升服务质量，制定本办法。\n\n第三十条 本办法自2026年3月1日起施行。《安吉县民宿管理办法（试行）》（安政发〔2023〕8号）同时废止。",
  },
  {
    key: "homestayReading",
    from: "office",
    category: "interpretation",
    title: "《安吉县民宿管理办法》政策解读",
    interpretsKey: "homestay2026",
    body: "一、制定背景\n\n民宿已成为我县乡村振兴的重要产业。\n\n二、主要变化\n\n新办法取消了试行期的床位上限，加强了消防和食品安全要求。",
  },
  {
    key: "holiday",
    from: "office",
    category: "notice",
    title: "关于2026年国庆节放假期间政务服务安排的通知",
    body: "国庆节期间（10月1日至8日），县政务服务中心暂停窗口服务，网上办事不受影响。",
  },
  {
    key: "plan",
    from: "office",
    category: "plan",
    title: "安吉县数字政府建设“十五五”规划",
    documentNumber: "安政办发〔2026〕15号",
    body: "到2030年，政务服务事项全程网办率达到90%以上，“一件事”集成办理全面覆盖。",
  },
  {
    key: "budget",
    from: "office",
    category: "budget",
    title: "安吉县人民政府办公室2026年部门预算",
    body: "2026年部门收入预算合计1850万元，支出预算合计1850万元。",
  },
  {
    key: "accounts",
    from: "office",
    category: "budget",
    title: "安吉县人民政府办公室2025年部门决算",
    body: "2025年度收入决算合计1790万元，支出决算合计1782万元。",
  },
  {
    key: "stats",
    from: "office",
    category: "statistics",
    title: "2026年1—9月安吉县政务服务数据",
    body: "1—9月共受理政务服务事项42.6万件，按期办结率99.8%，好评率99.6%。",
  },
  {
    key: "food",
    from: "market",
    category: "policy",
    title: "安吉县小餐饮店登记管理办法",
    documentNumber: "安市监发〔2026〕5号",
    effectiveFrom: "2026-06-01",
    body: "第一条 为规范小餐饮店登记，保障食品安全，制定本办法。",
  },
  {
    key: "inspection",
    from: "market",
    category: "notice",
    title: "关于开展2026年秋季食品安全专项检查的通知",
    documentNumber: "安市监发〔2026〕11号",
    body: "各市场主体：县市场监管局定于10月开展秋季食品安全专项检查，请做好自查。",
  },
  {
    key: "marketStats",
    from: "market",
    category: "statistics",
    title: "2026年三季度安吉县市场主体发展情况",
    body: "三季度全县新设市场主体3120户，同比增长6.2%。",
  },
  {
    key: "marketPlan",
    from: "market",
    category: "plan",
    title: "安吉县市场监管2026年工作要点",
    body: "一、优化营商环境。二、守牢食品安全底线。三、强化知识产权保护。",
  },
];

export async function seedDemoDisclosure(db: Db, countyDepartments: Map<string, string>): Promise<number> {
  const officeId = countyDepartments.get(OFFICE);
  const marketId = countyDepartments.get("market_regulation");
  if (!officeId || !marketId)
    throw new Error("The demo county's general office and market regulation bureau are missing");
  const ensure = async (
    username: string,
    displayName: string,
    role: "reviewer" | "approver",
    departmentId: string,
  ) => {
    const found = await staffActor(db, username);
    if (found) return found;
    await createStaff(db, {
      username,
      displayName,
      password: "Bamboo-demo-2026",
      grants: [{ departmentId, role, jurisdictionCode: "330523" }],
    });
    return staffActor(db, username);
  };
  await ensure("anji.office.reviewer", "徐静", "reviewer", officeId);
  const officeStaff = await ensure("anji.office.approver", "钱明", "approver", officeId);
  const marketStaff = await staffActor(db, "anji.approver");
  const catalogManager = await staffActor(db, "zj.catalog");
  if (catalogManager && (await listProcessDefinitions(db, catalogManager, REQUEST_ITEM)).length === 0)
    await saveProcessDefinition(db, catalogManager, REQUEST_ITEM, REQUEST_PROCESS);
  const existing = await db.selectFrom("disclosure_publications").select("id").limit(1).executeTakeFirst();
  if (existing || !officeStaff || !marketStaff) return 0;
  await keepGuide(db, officeStaff, officeId, {
    office: "安吉县人民政府办公室（政务公开办）",
    address: "安吉县递铺街道昌硕东路1号 县政务服务中心1楼 政务公开查阅点",
    phone: "0572-5223107",
    hours: "工作日 8:30—12:00，14:00—17:30",
    email: "gk@anji.example.cn",
    notes: "本机关主动公开的信息在本网站“政务公开”栏目发布，并在县档案馆、县图书馆设查阅点。",
  });
  const ids = new Map<string, string>();
  for (const doc of DOCS) {
    const { key, from, repealsKey, interpretsKey, ...input } = doc;
    const p = await publish(db, from === "office" ? officeStaff : marketStaff, {
      ...input,
      departmentId: from === "office" ? officeId : marketId,
      ...(repealsKey ? { repeals: [ids.get(repealsKey) as string] } : {}),
      ...(interpretsKey ? { interpretsId: ids.get(interpretsKey) as string } : {}),
    });
    ids.set(key, p.id);
  }
  return DOCS.length;
}
