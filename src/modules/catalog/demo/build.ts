import type { HandlingRole } from "../../identity/tables.ts";
import type { ItemForm, Level, Material, MaterialForm, Step, Text } from "../content.ts";
import type { DemoOffering } from "./types.ts";

/**
 * Small builders that keep the demo guides readable: each guide is mostly words, and these take the
 * repeated structure (bilingual pairs, the form's three parallel parts, shared materials) off the page.
 */

export const t = (zh: string, en: string): Text => ({ zh, en });

/** Province-defined items are coded 330000-<line abbreviation>-<number>. */
export const itemCode = (line: string, n: number) => `330000-${line}-${String(n).padStart(4, "0")}`;

export const qa = (question: Text, answer: Text) => ({ question, answer });

// ---- materials ----

interface MaterialOptions {
  form?: MaterialForm;
  count?: number;
  notes?: Text;
  satisfiedBy?: Material["satisfiedBy"];
}

function material(
  key: string,
  name: Text,
  required: boolean,
  o: MaterialOptions,
  condition?: Text,
): Material {
  return {
    key,
    name,
    form: o.form ?? "original",
    count: o.count ?? 1,
    required,
    ...(condition ? { condition } : {}),
    ...(o.notes ? { notes: o.notes } : {}),
    ...(o.satisfiedBy ? { satisfiedBy: o.satisfiedBy } : {}),
  };
}

/** A material every applicant hands in. */
export const must = (key: string, name: Text, o: MaterialOptions = {}) => material(key, name, true, o);

/** A material needed only when `condition` holds. */
export const when = (key: string, name: Text, condition: Text, o: MaterialOptions = {}) =>
  material(key, name, false, o, condition);

const FETCHED = t(
  "已归集电子证照的由系统自动调取，无需提交",
  "Fetched from the e-licence library where it has been issued; nothing to hand in",
);

export const idCard = (name = t("申请人居民身份证", "Applicant's resident identity card"), key = "id_card") =>
  must(key, name, { satisfiedBy: { licenceType: "resident_id_card" }, notes: FETCHED });

export const businessLicence = (name = t("营业执照", "Business licence")) =>
  must("business_licence", name, { satisfiedBy: { licenceType: "business_licence" }, notes: FETCHED });

export const householdRegister = (name = t("居民户口簿", "Household register booklet")) =>
  must("household_register", name, {
    satisfiedBy: { registry: "household_register", field: "members" },
    notes: t(
      "由公安户籍信息共享核验，无需提交",
      "Checked against the shared police household registry; nothing to hand in",
    ),
  });

export const birthCertificateMaterial = () =>
  must("birth_certificate", t("出生医学证明", "Medical birth certificate"), {
    satisfiedBy: { licenceType: "birth_medical_certificate" },
    notes: t(
      "由助产机构签发的电子出生医学证明自动调取",
      "The electronic certificate issued by the maternity hospital is fetched",
    ),
  });

export const mandate = () =>
  when(
    "mandate",
    t("授权委托书及受托人居民身份证", "Power of attorney and the agent's resident identity card"),
    t("委托他人代为办理的", "When an agent applies on the applicant's behalf"),
  );

export const onlineForm = (name: Text) =>
  must("application_form", name, {
    form: "electronic",
    satisfiedBy: { form: true },
    notes: t("网上申报时在线填写，系统自动生成", "Filled in online when applying; the system produces it"),
  });

// ---- steps ----

interface Where {
  line?: string;
  level?: Level;
}

export const step = (key: string, name: Text, role: HandlingRole, days: number, where: Where = {}): Step => ({
  key,
  name,
  role,
  days,
  ...where,
});

export const intake = (days = 0, where: Where = {}) =>
  step("intake", t("受理", "Intake"), "window_clerk", days, where);
export const review = (days: number, where: Where = {}) =>
  step("review", t("审查", "Review"), "reviewer", days, where);
export const decision = (days: number, where: Where = {}) =>
  step("decision", t("决定", "Decision"), "approver", days, where);
export const issuance = (days = 0, where: Where = {}) =>
  step("issuance", t("制证送达", "Issuance and delivery"), "window_clerk", days, where);

// ---- the application form ----

type Widget = "text" | "textarea" | "select" | "radio" | "checkbox" | "date";

export interface Field {
  schema: Record<string, unknown>;
  label: Text;
  help?: Text;
  widget: Widget;
  required: boolean;
}

interface FieldOptions {
  optional?: boolean;
  help?: Text;
}

function field(label: Text, schema: Record<string, unknown>, widget: Widget, o: FieldOptions): Field {
  return {
    schema: { ...schema, title: label.zh },
    label,
    widget,
    required: !o.optional,
    ...(o.help ? { help: o.help } : {}),
  };
}

export const str = (
  label: Text,
  maxLength: number,
  o: FieldOptions & { pattern?: string; long?: boolean; email?: boolean } = {},
) =>
  field(
    label,
    {
      type: "string",
      maxLength,
      ...(o.pattern ? { pattern: o.pattern } : {}),
      ...(o.email ? { format: "email" } : {}),
    },
    o.long ? "textarea" : "text",
    o,
  );

export const day = (label: Text, o: FieldOptions = {}) =>
  field(label, { type: "string", format: "date" }, "date", o);

export const int = (label: Text, minimum: number, maximum: number, o: FieldOptions = {}) =>
  field(label, { type: "integer", minimum, maximum }, "text", o);

export const num = (label: Text, minimum: number, maximum: number, o: FieldOptions = {}) =>
  field(label, { type: "number", minimum, maximum }, "text", o);

export const yesNo = (label: Text, o: FieldOptions = {}) => field(label, { type: "boolean" }, "radio", o);

/**
 * Choices are stored as their Chinese words (the authoritative text, and what the deciding office reads).
 * A form has no place for an English label per option, so the English help spells each one out.
 */
function optionsHelp(options: [string, string][], multiple: boolean, help?: Text): Text {
  const listed = options.map(([zh, en]) => `${zh} (${en})`).join("; ");
  return t(
    help?.zh ?? (multiple ? "可多选" : "请选择一项"),
    `${help?.en ?? (multiple ? "Choose any that apply" : "Choose one")}. Options: ${listed}.`,
  );
}

export const choice = (label: Text, options: [string, string][], o: FieldOptions = {}) =>
  field(label, { type: "string", enum: options.map(([zh]) => zh) }, options.length > 4 ? "select" : "radio", {
    ...o,
    help: optionsHelp(options, false, o.help),
  });

export const choices = (label: Text, options: [string, string][], o: FieldOptions = {}) =>
  field(
    label,
    { type: "array", items: { type: "string", enum: options.map(([zh]) => zh) }, uniqueItems: true },
    "checkbox",
    { ...o, help: optionsHelp(options, true, o.help) },
  );

export const page = (title: Text, fields: Record<string, Field>) => ({ title, fields });

/** Puts the pages' fields together into one JSON Schema and the hints for rendering it. */
export function form(...pages: ReturnType<typeof page>[]): ItemForm {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const fields: NonNullable<NonNullable<ItemForm["ui"]>["fields"]> = {};
  for (const p of pages) {
    for (const [name, f] of Object.entries(p.fields)) {
      properties[name] = f.schema;
      if (f.required) required.push(name);
      fields[name] = { label: f.label, widget: f.widget, ...(f.help ? { help: f.help } : {}) };
    }
  }
  return {
    schema: { type: "object", properties, required },
    ui: { pages: pages.map((p) => ({ title: p.title, fields: Object.keys(p.fields) })), fields },
  };
}

/** Telephone numbers in mainland China: a mobile, or a fixed line with its area code. */
export const PHONE = "^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$";
/** An 18-character resident ID number; the check digit is verified by the platform, not the pattern. */
export const ID_NUMBER = "^[1-9][0-9]{16}[0-9X]$";
export const BANK_ACCOUNT = "^[0-9]{12,19}$";

// ---- the demo county's offerings ----

export const HOURS = "周一至周五 8:30–12:00，14:00–17:30（法定节假日除外）";
const CENTRE = t("安吉县政务服务中心", "Anji County Government Service Centre");
const CENTRE_ADDRESS = "安吉县递铺街道天荒坪北路 88 号 安吉县政务服务中心";

type Adjust = Pick<DemoOffering, "promisedDays" | "feeFen">;

/** At a window of the county's service centre; `area` is the floor and zone. */
export const atCentre = (line: string, area: string, phone: string, adjust: Adjust = {}): DemoOffering => ({
  region: "county",
  line,
  hallName: CENTRE,
  hallAddress: `${CENTRE_ADDRESS} ${area}`,
  hours: HOURS,
  phone,
  ...adjust,
});

/** At every township's and street's convenience service centre, on behalf of the county department. */
export const inTownships = (line: string, phone: string, adjust: Adjust = {}): DemoOffering => ({
  region: "townships",
  line,
  hallName: t("乡镇（街道）便民服务中心", "Township and street convenience service centres"),
  hallAddress: "安吉县各乡镇（街道）便民服务中心综合受理窗口",
  hours: HOURS,
  phone,
  ...adjust,
});

/**
 * The departments' enquiry lines. Demo numbers in one block of the 安吉 exchange (0572-5…), not real
 * ones: a county loading the demo replaces them with its own.
 */
export const PHONES = {
  market_regulation: "0572-5223101",
  development_reform: "0572-5223102",
  housing_construction: "0572-5223103",
  transport: "0572-5223104",
  health: "0572-5223105",
  civil_affairs: "0572-5223106",
  general_office: "0572-5223107",
  disabled_persons: "0572-5223108",
  public_security: "0572-5223109",
  education: "0572-5223110",
  human_resources_social_security: "0572-5223111",
  medical_security: "0572-5223112",
  agriculture_rural_affairs: "0572-5223113",
  natural_resources: "0572-5223114",
  housing_fund: "0572-5223115",
  marriage_registry: "0572-5223116",
} as const;

/**
 * Instant approval (秒批) on the household register: the applicant's age and registration in the
 * province, with the test cases every rule needs — one that grants, and ones a person must decide.
 */
export function registeredAgeRules(minimumAge: number, legalBasis: Text) {
  const on = "2026-11-27";
  const born = (age: number) => `${2026 - age}-01-01`;
  return {
    conditions: [
      {
        id: "age",
        label: t(`年满 ${minimumAge} 周岁`, `Aged ${minimumAge} or over`),
        source: "registry" as const,
        registry: "household_register",
        field: "birthDate",
        op: "ageAtLeast" as const,
        value: minimumAge,
      },
      {
        id: "residence",
        label: t("户籍在本省", "Registered in the province"),
        source: "registry" as const,
        registry: "household_register",
        field: "householdRegion",
        op: "startsWith" as const,
        value: "33",
      },
    ],
    tests: [
      {
        name: "到龄的本省户籍居民",
        form: {},
        registries: {
          household_register: { birthDate: born(minimumAge + 5), householdRegion: "330523001211" },
        },
        on,
        expect: "grant" as const,
      },
      {
        name: "未到龄",
        form: {},
        registries: {
          household_register: { birthDate: born(minimumAge - 1), householdRegion: "330523001211" },
        },
        on,
        expect: "human" as const,
      },
      {
        name: "外省户籍",
        form: {},
        registries: { household_register: { birthDate: born(minimumAge + 5), householdRegion: "320102" } },
        on,
        expect: "human" as const,
      },
      {
        name: "户籍库无记录",
        form: {},
        registries: { household_register: null },
        on,
        expect: "human" as const,
      },
    ],
    legalBasis,
  };
}
