/**
 * The Registration suite's services as Tongban items: one published item per service id the data
 * names, offered by the county's government service centre, its fixed ids kept as aliases.
 */
import type { Db } from "../../../platform/db/database.ts";
import { type ItemContent, importItems, offeringsNear } from "../../catalog/service.ts";
import { setAlias } from "../aliases.ts";
import type { ConformanceData, ConformanceService } from "./data.ts";

/** The statistics scenarios ask for the registration "MCTS": the suite's mother-and-child service. */
const NAMED_CODES: Record<string, string> = { "f7d33db0-2809-484e-a780-76b7ccd4ecbf": "MCTS" };

export const CONFORMANCE_LINE = "government_service";

export function itemCodeOf(service: ConformanceService, index: number): string {
  return NAMED_CODES[service.id] ?? `330000-GS-${String(index + 1).padStart(4, "0")}`;
}

const bilingual = (text: string) => ({ zh: text, en: text });

/**
 * A guide as small as publishing allows: the suites post arbitrary answers, so one optional note and
 * no required material; intake at the centre's window, then its approver decides.
 */
export function conformanceContent(service: ConformanceService): ItemContent {
  return {
    name: bilingual(service.name),
    type: "public_service",
    line: CONFORMANCE_LINE,
    levels: ["county"],
    audience: ["person"],
    events: [],
    summary: {
      zh: `GovStack 一致性测试服务“${service.name}”，仅用于测试环境。`,
      en: `The GovStack conformance service "${service.name}", for test installations only.`,
    },
    legalBasis: [
      { zh: "GovStack 注册构建块规范", en: "The GovStack Registration building block specification" },
    ],
    conditions: [],
    materials: [
      {
        key: "attachment",
        name: { zh: "附件", en: "Attachment" },
        form: "electronic",
        count: 1,
        required: false,
        condition: { zh: "申请人有附件的", en: "When the applicant has one" },
      },
    ],
    form: {
      schema: {
        type: "object",
        properties: { note: { type: "string", title: "Note", maxLength: 2000 } },
      },
      ui: { fields: { note: { label: { zh: "说明", en: "Note" }, widget: "textarea" } } },
    },
    statutoryDays: 20,
    promisedDays: 10,
    fee: { fen: 0, varies: false },
    visits: 0,
    fullyOnline: true,
    channels: ["online"],
    commitmentAllowed: false,
    steps: [
      { key: "intake", name: { zh: "受理", en: "Intake" }, role: "window_clerk", days: 1, level: "county" },
      {
        key: "decision",
        name: { zh: "决定", en: "Decision" },
        role: "approver",
        days: 5,
        line: CONFORMANCE_LINE,
        level: "county",
      },
    ],
    faq: [],
    keywords: ["GovStack"],
  };
}

/**
 * Publishes the services and sets their aliases: `service` → the county's offering, `eform` → the
 * item's first form. An eForm id several services share names the first's form (aliases are one to
 * one). Returns the item code of each service id.
 */
export async function seedServices(
  db: Db,
  data: ConformanceData,
  place: { regionCode: string; departmentId: string },
): Promise<Map<string, string>> {
  const codes = new Map(data.services.map((service, i) => [service.id, itemCodeOf(service, i)]));
  await importItems(
    db,
    data.services.map((service) => ({
      code: codes.get(service.id) as string,
      ownerRegionCode: place.regionCode.slice(0, 2),
      content: conformanceContent(service),
      offerings: [{ regionCode: place.regionCode, departmentId: place.departmentId }],
    })),
  );
  const named = new Set<string>();
  for (const service of data.services) {
    const code = codes.get(service.id) as string;
    const [offering] = await offeringsNear(db, code, place.regionCode);
    if (!offering) throw new Error(`The conformance item ${code} has no offering in ${place.regionCode}`);
    await setAlias(db, "service", service.id, offering.id);
    for (const eFormId of service.eFormIds) {
      if (named.has(eFormId)) continue;
      named.add(eFormId);
      await setAlias(db, "eform", eFormId, `${code}.v1`);
    }
  }
  return codes;
}
