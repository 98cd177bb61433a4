import type { Platform } from "../../platform/platform.ts";
import type { BundleDefinition } from "../bundles/definition.ts";
import { seedBundle } from "../bundles/service.ts";
import type { ItemForm, Text } from "../catalog/content.ts";
import { t } from "../catalog/demo/build.ts";
import { DEMO_ITEMS } from "../catalog/demo/index.ts";

/**
 * The demo's bundles (一件事一次办), built from the demo catalogue's own items: the combined form asks
 * each field once — the children's fields of one name are one question (the baby's name and birth date
 * for the police and for medical insurance alike) — and each child is given its fields under their own
 * names. Materials the government fetches (e-licences, registries) are not asked at all; the others
 * once, handed to every child that needs them.
 *
 * Items shared by several bundles (the seal filing, invoices, staff insurance) name the organisation
 * `organisationName`; a bundle says which of its own questions that is (`same`), so the name is asked
 * once, as its registration asks it.
 */

/** Fields the combined form leaves out: each item's own "do together" checklist is what a bundle replaces. */
const LEFT_OUT = new Set(["alsoDo"]);

function combine(
  codes: string[],
  words: { name: Text; summary: Text; event: BundleDefinition["event"] },
  same: Record<string, string> = {},
): BundleDefinition {
  const items = codes.map((code) => {
    const item = DEMO_ITEMS.find((i) => i.code === code);
    if (!item) throw new Error(`The demo catalogue has no item ${code}`);
    return item;
  });
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  const fieldsUi: NonNullable<NonNullable<ItemForm["ui"]>["fields"]> = {};
  const materials: BundleDefinition["materials"] = [];
  const children = items.map((item) => {
    const schema = item.content.form.schema as { properties: Record<string, unknown>; required?: string[] };
    const fields: Record<string, string> = {};
    for (const [name, field] of Object.entries(schema.properties)) {
      if (LEFT_OUT.has(name)) continue;
      const asked = same[name] ?? name;
      properties[asked] ??= field;
      const ui = item.content.form.ui?.fields?.[name];
      if (ui && !fieldsUi[asked]) fieldsUi[asked] = ui;
      if (schema.required?.includes(name)) required.add(asked);
      fields[asked] = name;
    }
    const own: Record<string, string> = {};
    for (const m of item.content.materials) {
      if (m.satisfiedBy) continue;
      if (!materials.some((x) => x.key === m.key)) {
        materials.push({
          key: m.key,
          name: m.name,
          required: m.required,
          ...(m.notes ? { notes: m.notes } : {}),
        });
      }
      own[m.key] = m.key;
    }
    return { itemCode: item.code, fields, materials: own };
  });
  return {
    ...words,
    form: {
      schema: { type: "object", properties, required: [...required] },
      ui: { fields: fieldsUi },
    },
    materials,
    children,
  };
}

export const DEMO_BUNDLES: { code: string; definition: () => BundleDefinition }[] = [
  {
    code: "newborn",
    definition: () =>
      combine(["330000-GA-0001", "330000-YB-0002", "330000-RS-0001"], {
        name: t("新生儿出生一件事", "A baby is born"),
        summary: t(
          "出生登记（落户）、新生儿参加城乡居民医保、社会保障卡申领，填一张表、提交一次，公安、医保、人社部门并联办理。",
          "Birth registration, the newborn's residents' medical insurance and the social security card: one form, one submission, and the police, medical security and human resources departments handle them in parallel.",
        ),
        event: "birth",
      }),
  },
  {
    code: "restaurant",
    definition: () =>
      combine(["330000-SCJG-0001", "330000-SCJG-0003"], {
        name: t("开办餐饮店一件事", "Opening a restaurant"),
        summary: t(
          "企业设立登记与食品经营许可一次申请、同步审查：营业执照核发后即可领取食品经营许可证。",
          "Register the enterprise and apply for the food business licence at once, reviewed side by side: the food licence follows the business licence.",
        ),
        event: "starting_business",
      }),
  },
  {
    code: "enterprise-startup",
    definition: () =>
      combine(
        [
          "330000-SCJG-0001",
          "330000-GA-0003",
          "330000-SW-0001",
          "330000-RS-0005",
          "330000-GJJ-0003",
          "330000-SCJG-0006",
        ],
        {
          name: t("开办企业一件事", "Starting an enterprise"),
          summary: t(
            "企业设立登记、公章刻制备案、发票申领、员工参保登记、住房公积金缴存登记和银行开户信息告知，填一张表、提交一次，市场监管、公安、税务、人力社保、公积金部门并联办理，登记核准后其余事项同步办结。",
            "Enterprise registration, filing of the seals, invoices, the staff's social insurance and provident fund, and the notice to the bank: one form, one submission, and market regulation, the police, tax, human resources and the provident fund handle them in parallel, the rest finishing as soon as registration is approved.",
          ),
          event: "starting_business",
        },
        { organisationName: "enterpriseName" },
      ),
  },
  {
    code: "social-organisation",
    definition: () =>
      combine(
        ["330000-MZ-0009", "330000-MZ-0001", "330000-GA-0003", "330000-SW-0001"],
        {
          name: t("社会组织成立一件事", "Establishing a social organisation"),
          summary: t(
            "社会组织名称核准、社会团体成立登记、公章刻制备案和发票申领，填一张表、提交一次，民政、公安、税务部门并联办理。",
            "The name check, registration of the social group, filing of the seals and invoices: one form, one submission, and civil affairs, the police and tax handle them in parallel.",
          ),
          event: "social_organisation",
        },
        { organisationName: "groupName" },
      ),
  },
  {
    code: "retirement",
    definition: () =>
      combine(["330000-RS-0006", "330000-GJJ-0004"], {
        name: t("退休一件事", "Retiring"),
        summary: t(
          "职工退休申请（基本养老金申领）和住房公积金退休提取，填一张表、提交一次，人力社保和公积金部门并联办理。",
          "Retirement with the claim to the basic pension, and the retirement withdrawal of the provident fund: one form, one submission, and human resources and the provident fund handle them in parallel.",
        ),
        event: "retirement",
      }),
  },
];

/** Defines the demo's bundles that are not there yet; the number defined now. */
export async function seedDemoBundles(platform: Pick<Platform, "database">): Promise<number> {
  let made = 0;
  for (const bundle of DEMO_BUNDLES) {
    if (await seedBundle(platform.database.db, bundle.code, "33", bundle.definition())) made += 1;
  }
  return made;
}
