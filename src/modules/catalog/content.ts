import { type Static, type TSchemaOptions, Type } from "typebox";
import { HANDLING_ROLES } from "../identity/tables.ts";

/**
 * What a service item (事项) says: the elements of a standard guide (办事指南), in Chinese and English.
 * One version's content is one document; the columns beside it in the database copy only what lists
 * and filters need.
 */

export const ITEM_TYPES = ["licence", "confirmation", "benefit", "public_service", "other"] as const;
/** 行政许可, 行政确认, 行政给付, 公共服务, 其他. */
export type ItemType = (typeof ITEM_TYPES)[number];

export const AUDIENCES = ["person", "legal_person"] as const;
/** 自然人, 法人 (enterprises and social organisations). */
export type Audience = (typeof AUDIENCES)[number];

/** The levels of government an item may be handled at, the same words as regions' levels. */
export const LEVELS = ["province", "city", "county", "township", "village"] as const;
export type Level = (typeof LEVELS)[number];

export const CHANNELS = ["online", "hall", "village_point", "mobile"] as const;
/** 网上办, 窗口办, 村（社区）便民服务站, 掌上办. */
export type Channel = (typeof CHANNELS)[number];

/** Life events (个人生命周期) and business events (企业生命周期) people look for services by. */
export const PERSON_EVENTS = [
  "birth",
  "schooling",
  "employment",
  "marriage",
  "housing",
  "medical",
  "social_assistance",
  "disability",
  "retirement",
  "elderly_care",
  "farming",
  "travel",
  "death",
] as const;
export const BUSINESS_EVENTS = [
  "starting_business",
  "operating",
  "investment",
  "construction",
  "social_organisation",
  "closing_business",
] as const;
export const EVENTS = [...PERSON_EVENTS, ...BUSINESS_EVENTS, "information"] as const;
export type LifeEvent = (typeof EVENTS)[number];

export const MATERIAL_FORMS = ["original", "copy", "original_and_copy", "electronic"] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

const literals = <T extends string[]>(values: readonly [...T], options: TSchemaOptions = {}) =>
  Type.Enum(values, options);

export const Text = Type.Object(
  {
    zh: Type.String({ maxLength: 4000 }),
    en: Type.String({ maxLength: 4000 }),
  },
  { description: "The same words in Chinese (the authoritative text) and English" },
);
export type Text = Static<typeof Text>;

export const Material = Type.Object({
  key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$", description: "Stable within the item" }),
  name: Text,
  form: literals(MATERIAL_FORMS, { description: "原件, 复印件, 原件和复印件, 电子件" }),
  count: Type.Integer({ minimum: 1, maximum: 99 }),
  required: Type.Boolean({ description: "false: needed only when `condition` holds" }),
  condition: Type.Optional(Text),
  notes: Type.Optional(Text),
  /** For "data runs" (数据跑路): what the government holds already that can stand in for the upload. */
  satisfiedBy: Type.Optional(
    Type.Object({
      licenceType: Type.Optional(Type.String({ maxLength: 80 })),
      registry: Type.Optional(Type.String({ maxLength: 80 })),
      field: Type.Optional(Type.String({ maxLength: 80 })),
      form: Type.Optional(
        Type.Boolean({ description: "The application form filled in online produces it: nothing to upload" }),
      ),
    }),
  ),
});
export type Material = Static<typeof Material>;

/** One processing step, handed to the case engine: who handles it and its share of the time limit. */
export const Step = Type.Object({
  key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" }),
  name: Text,
  role: literals(HANDLING_ROLES),
  line: Type.Optional(
    Type.String({ maxLength: 60, description: "The department's line; the item's own when absent" }),
  ),
  level: Type.Optional(literals(LEVELS)),
  days: Type.Integer({ minimum: 0, maximum: 365 }),
});
export type Step = Static<typeof Step>;

/**
 * The application form: a JSON Schema of an object (checked with Ajv) and hints for rendering it —
 * the pages it is split into and each field's label and help.
 */
export const ItemForm = Type.Object({
  schema: Type.Record(Type.String(), Type.Unknown(), {
    description: "JSON Schema (draft 2020-12 subset) of an object",
  }),
  ui: Type.Optional(
    Type.Object({
      pages: Type.Optional(
        Type.Array(Type.Object({ title: Text, fields: Type.Array(Type.String()) }), { maxItems: 30 }),
      ),
      fields: Type.Optional(
        Type.Record(
          Type.String(),
          Type.Object({
            label: Type.Optional(Text),
            help: Type.Optional(Text),
            widget: Type.Optional(literals(["text", "textarea", "select", "radio", "checkbox", "date"])),
          }),
        ),
      ),
    }),
  ),
});
export type ItemForm = Static<typeof ItemForm>;

export const Faq = Type.Object({ question: Text, answer: Text });

export const RULE_OPERATORS = [
  "eq",
  "ne",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "startsWith",
  "ageAtLeast",
  "ageBelow",
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

const RuleValue = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.Union([Type.String({ maxLength: 200 }), Type.Number()]), { maxItems: 50 }),
]);

/**
 * One condition of instant approval (秒批), explainable on its own: a field of the form or of a
 * registry record about the applicant, an operator, a value. `ageAtLeast`/`ageBelow` read a date
 * (YYYY-MM-DD) as a birth date and compare whole years of age on the day of submission.
 */
export const RuleCondition = Type.Object({
  id: Type.String({ pattern: "^[a-z][a-zA-Z0-9_]{0,39}$" }),
  label: Text,
  source: literals(["form", "registry"]),
  registry: Type.Optional(
    Type.String({ maxLength: 40, description: "The registry's code, for source registry" }),
  ),
  field: Type.String({ maxLength: 40 }),
  op: literals(RULE_OPERATORS),
  value: RuleValue,
});
export type RuleCondition = Static<typeof RuleCondition>;

/** A worked example the rules must decide as expected: no rule is published without one. */
export const RuleTest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  form: Type.Record(Type.String(), Type.Unknown()),
  /** A registry's record about the applicant, by registry code; null: the registry holds none. */
  registries: Type.Record(
    Type.String(),
    Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ),
  /** The day of submission, for ages (YYYY-MM-DD). */
  on: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
  expect: literals(["grant", "human"]),
});
export type RuleTest = Static<typeof RuleTest>;

/** Instant approval: when every condition holds at submission, the system grants at once. */
export const DecisionRules = Type.Object({
  conditions: Type.Array(RuleCondition, { minItems: 1, maxItems: 20 }),
  tests: Type.Array(RuleTest, { minItems: 1, maxItems: 20 }),
  legalBasis: Text,
});
export type DecisionRules = Static<typeof DecisionRules>;

/** Everything a version of an item says. Drafts may leave parts out; publishing needs them all. */
export const ItemContent = Type.Object({
  name: Text,
  type: literals(ITEM_TYPES),
  line: Type.String({ maxLength: 60, description: "The line department (条) that owns the item" }),
  levels: Type.Array(literals(LEVELS), { minItems: 1, uniqueItems: true }),
  audience: Type.Array(literals(AUDIENCES), { minItems: 1, uniqueItems: true }),
  events: Type.Array(literals(EVENTS), { uniqueItems: true }),
  summary: Text,
  legalBasis: Type.Array(Text, { minItems: 1, maxItems: 30 }),
  conditions: Type.Array(Text, { maxItems: 50 }),
  materials: Type.Array(Material, { maxItems: 60 }),
  form: ItemForm,
  statutoryDays: Type.Integer({ minimum: 0, maximum: 365, description: "法定办结时限, in working days" }),
  promisedDays: Type.Integer({ minimum: 0, maximum: 365, description: "承诺办结时限, ≤ statutoryDays" }),
  fee: Type.Object({
    fen: Type.Integer({ minimum: 0, description: "In fen (分); 0 is free of charge" }),
    varies: Type.Boolean({
      description: "Whether an offering may set its own fee (where the law lets it vary)",
    }),
    basis: Type.Optional(Text),
  }),
  visits: Type.Integer({
    minimum: 0,
    maximum: 2,
    description: "Visits in person needed: 0, 1, or 2 for more",
  }),
  fullyOnline: Type.Boolean({ description: "全程网办: nothing needs to be done in person" }),
  channels: Type.Array(literals(CHANNELS), { minItems: 1, uniqueItems: true }),
  commitmentAllowed: Type.Boolean({
    description: "告知承诺: a signed commitment may replace some materials",
  }),
  steps: Type.Array(Step, { minItems: 1, maxItems: 20 }),
  faq: Type.Array(Faq, { maxItems: 50 }),
  keywords: Type.Array(Type.String({ maxLength: 40 }), {
    maxItems: 30,
    description: "Words people use for it that the name does not contain",
  }),
  decisionRules: Type.Optional(DecisionRules),
});
export type ItemContent = Static<typeof ItemContent>;

/** A draft: any part may still be missing. */
export const DraftContent = Type.Partial(ItemContent);
export type DraftContent = Static<typeof DraftContent>;
