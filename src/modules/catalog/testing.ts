import { randomBytes } from "node:crypto";
import type { Db } from "../../platform/db/database.ts";
import type { ItemContent } from "./content.ts";
import { type ImportedItem, importItems } from "./service.ts";

/** A complete guide that publishes as it is; tests change the parts they are about. */
export function sampleContent(overrides: Partial<ItemContent> = {}): ItemContent {
  return {
    name: { zh: "食品经营许可", en: "Food business licence" },
    type: "licence",
    line: "market_regulation",
    levels: ["county"],
    audience: ["person", "legal_person"],
    events: ["starting_business", "operating"],
    summary: {
      zh: "在本县从事食品销售和餐饮服务，应当取得食品经营许可。",
      en: "Selling food or serving meals in the county needs a food business licence.",
    },
    legalBasis: [
      { zh: "《中华人民共和国食品安全法》第三十五条", en: "Food Safety Law of the PRC, Article 35" },
    ],
    conditions: [{ zh: "有与经营的食品品种相适应的经营场所", en: "Premises suited to the food sold" }],
    materials: [
      {
        key: "application",
        name: { zh: "食品经营许可申请书", en: "Application form" },
        form: "original",
        count: 1,
        required: true,
      },
      {
        key: "layout",
        name: { zh: "经营场所平面图", en: "Floor plan of the premises" },
        form: "copy",
        count: 1,
        required: false,
        condition: { zh: "从事餐饮服务的", en: "For catering" },
      },
    ],
    form: {
      schema: {
        type: "object",
        properties: {
          shopName: { type: "string", title: "店铺名称", maxLength: 60 },
          area: { type: "number", title: "经营面积（平方米）", minimum: 1, maximum: 100000 },
          kinds: {
            type: "array",
            title: "经营项目",
            items: { type: "string", enum: ["预包装食品销售", "散装食品销售", "热食类食品制售"] },
            uniqueItems: true,
          },
        },
        required: ["shopName", "area"],
      },
      ui: {
        pages: [
          { title: { zh: "店铺", en: "The shop" }, fields: ["shopName", "area"] },
          { title: { zh: "经营项目", en: "What you sell" }, fields: ["kinds"] },
        ],
      },
    },
    statutoryDays: 10,
    promisedDays: 5,
    fee: { fen: 0, varies: false },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: true,
    steps: [
      { key: "intake", name: { zh: "受理", en: "Intake" }, role: "window_clerk", days: 1 },
      { key: "review", name: { zh: "审查", en: "Review" }, role: "reviewer", days: 3 },
      { key: "decision", name: { zh: "决定", en: "Decision" }, role: "approver", days: 1 },
    ],
    faq: [
      {
        question: { zh: "网上申请后还需要到现场吗？", en: "Do I need to come in after applying online?" },
        answer: { zh: "不需要，许可证寄递到家。", en: "No: the licence is posted to you." },
      },
    ],
    keywords: ["餐饮", "开饭店"],
    ...overrides,
  };
}

/** A unique item code for a test. */
export const itemCode = () => `330000-TEST-${randomBytes(3).toString("hex").toUpperCase()}`;

/** Publishes items straight into the catalogue (as an import would); returns their codes. */
export async function publishItems(db: Db, items: Partial<ImportedItem>[]): Promise<string[]> {
  const complete = items.map((i) => ({
    code: i.code ?? itemCode(),
    ownerRegionCode: i.ownerRegionCode === undefined ? "33" : i.ownerRegionCode,
    content: i.content ?? sampleContent(),
    ...(i.offerings ? { offerings: i.offerings } : {}),
  }));
  await importItems(db, complete);
  return complete.map((i) => i.code);
}
