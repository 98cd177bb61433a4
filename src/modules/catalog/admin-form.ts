import {
  EMPTY_FORM,
  type FormModel,
  formModelOf,
  indexes,
  type LocalIssue,
  one,
  type Posted,
  readFormModel,
  resolveForm,
  type TextPair,
} from "./admin-form-fields.ts";
import { fenOf, yuanOf } from "./admin-money.ts";
import {
  AUDIENCES,
  CHANNELS,
  type DraftContent,
  EVENTS,
  ITEM_TYPES,
  LEVELS,
  MATERIAL_FORMS,
  type Material,
  type Step,
  type Text,
} from "./content.ts";

export type { LocalIssue, Posted, TextPair } from "./admin-form-fields.ts";

/**
 * The draft editor's one form, read and written. A browser posts flat pairs (`materials.2.name.zh`,
 * repeated names for checkboxes); they become an editor model that keeps every keystroke as typed, so a
 * refused save shows the page again exactly as it was sent, and the model becomes the draft's content.
 * The model mirrors the content's shape, so a service's problem at `/materials/2/condition` finds its
 * input by walking the model.
 */

export interface MaterialRow {
  key: string;
  name: TextPair;
  form: string;
  count: string;
  required: boolean;
  condition: TextPair;
  notes: TextPair;
  satisfiedBy: { licenceType: string; registry: string; field: string; form: boolean };
}

export interface StepRow {
  key: string;
  name: TextPair;
  role: string;
  line: string;
  level: string;
  days: string;
}

export interface FaqRow {
  question: TextPair;
  answer: TextPair;
}

export interface EditorModel {
  name: TextPair;
  type: string;
  line: string;
  levels: string[];
  audience: string[];
  events: string[];
  summary: TextPair;
  legalBasis: TextPair[];
  conditions: TextPair[];
  materials: MaterialRow[];
  form: FormModel;
  statutoryDays: string;
  promisedDays: string;
  /** The fee in yuan as typed ("12.5"); the content keeps fen. */
  fee: { yuan: string; varies: boolean; basis: TextPair };
  visits: string;
  fullyOnline: boolean;
  channels: string[];
  commitmentAllowed: boolean;
  steps: StepRow[];
  faq: FaqRow[];
  /** One a line. */
  keywords: string;
}

export const NO_TEXT: TextPair = { zh: "", en: "" };
const pairOf = (text: Partial<Text> | undefined): TextPair => ({ zh: text?.zh ?? "", en: text?.en ?? "" });
export const blank = (...texts: (TextPair | string)[]) =>
  texts.every((t) => (typeof t === "string" ? t.trim() === "" : t.zh.trim() === "" && t.en.trim() === ""));

/** Everything posted, as typed, rows renumbered from 0 in the order posted. */
export function readModel(posted: Posted): EditorModel {
  const text = (at: string): TextPair => ({ zh: one(posted, `${at}.zh`), en: one(posted, `${at}.en`) });
  const many = (name: string, allowed: readonly string[]) => {
    const v = posted[name];
    const list = Array.isArray(v) ? v : v ? [v] : [];
    return allowed.filter((a) => list.includes(a));
  };
  const rows = <T>(prefix: string, read: (at: string) => T): T[] =>
    indexes(posted, prefix).map((i) => read(`${prefix}.${i}`));
  return {
    name: text("name"),
    type: one(posted, "type"),
    line: one(posted, "line"),
    levels: many("levels", LEVELS),
    audience: many("audience", AUDIENCES),
    events: many("events", EVENTS),
    summary: text("summary"),
    legalBasis: rows("legalBasis", text),
    conditions: rows("conditions", text),
    materials: rows(
      "materials",
      (at): MaterialRow => ({
        key: one(posted, `${at}.key`).trim(),
        name: text(`${at}.name`),
        form: one(posted, `${at}.form`),
        count: one(posted, `${at}.count`).trim(),
        required: one(posted, `${at}.required`) === "true",
        condition: text(`${at}.condition`),
        notes: text(`${at}.notes`),
        satisfiedBy: {
          licenceType: one(posted, `${at}.satisfiedBy.licenceType`).trim(),
          registry: one(posted, `${at}.satisfiedBy.registry`).trim(),
          field: one(posted, `${at}.satisfiedBy.field`).trim(),
          form: one(posted, `${at}.satisfiedBy.form`) === "true",
        },
      }),
    ),
    form: readFormModel(posted),
    statutoryDays: one(posted, "statutoryDays").trim(),
    promisedDays: one(posted, "promisedDays").trim(),
    fee: {
      yuan: one(posted, "fee.yuan").trim(),
      varies: one(posted, "fee.varies") === "true",
      basis: text("fee.basis"),
    },
    visits: one(posted, "visits"),
    fullyOnline: one(posted, "fullyOnline") === "true",
    channels: many("channels", CHANNELS),
    commitmentAllowed: one(posted, "commitmentAllowed") === "true",
    steps: rows(
      "steps",
      (at): StepRow => ({
        key: one(posted, `${at}.key`).trim(),
        name: text(`${at}.name`),
        role: one(posted, `${at}.role`),
        line: one(posted, `${at}.line`),
        level: one(posted, `${at}.level`),
        days: one(posted, `${at}.days`).trim(),
      }),
    ),
    faq: rows("faq", (at): FaqRow => ({ question: text(`${at}.question`), answer: text(`${at}.answer`) })),
    keywords: one(posted, "keywords"),
  };
}

/** A content's editor model: what the editor shows when it opens on a saved draft or version. */
export function modelOf(content: DraftContent): EditorModel {
  const fen = content.fee?.fen;
  return {
    name: pairOf(content.name),
    type: content.type ?? "",
    line: content.line ?? "",
    levels: [...(content.levels ?? [])],
    audience: [...(content.audience ?? [])],
    events: [...(content.events ?? [])],
    summary: pairOf(content.summary),
    legalBasis: (content.legalBasis ?? []).map(pairOf),
    conditions: (content.conditions ?? []).map(pairOf),
    materials: (content.materials ?? []).map((m) => ({
      key: m.key,
      name: pairOf(m.name),
      form: m.form,
      count: String(m.count),
      required: m.required,
      condition: pairOf(m.condition),
      notes: pairOf(m.notes),
      satisfiedBy: {
        licenceType: m.satisfiedBy?.licenceType ?? "",
        registry: m.satisfiedBy?.registry ?? "",
        field: m.satisfiedBy?.field ?? "",
        form: m.satisfiedBy?.form === true,
      },
    })),
    form: content.form ? formModelOf(content.form) : EMPTY_FORM,
    statutoryDays: content.statutoryDays === undefined ? "" : String(content.statutoryDays),
    promisedDays: content.promisedDays === undefined ? "" : String(content.promisedDays),
    fee: {
      yuan: fen === undefined ? "" : yuanOf(fen),
      varies: content.fee?.varies ?? false,
      basis: pairOf(content.fee?.basis),
    },
    visits: content.visits === undefined ? "" : String(content.visits),
    fullyOnline: content.fullyOnline ?? false,
    channels: [...(content.channels ?? [])],
    commitmentAllowed: content.commitmentAllowed ?? false,
    steps: (content.steps ?? []).map((s) => ({
      key: s.key,
      name: pairOf(s.name),
      role: s.role,
      line: s.line ?? "",
      level: s.level ?? "",
      days: String(s.days),
    })),
    faq: (content.faq ?? []).map((f) => ({ question: pairOf(f.question), answer: pairOf(f.answer) })),
    keywords: (content.keywords ?? []).join("\n"),
  };
}

export interface ReadContent {
  content: DraftContent;
  /** What the page itself found wrong (numbers that are not numbers, JSON that is not JSON…). */
  issues: LocalIssue[];
  /** The editor to show again. */
  display: EditorModel;
}

/** The draft the model describes; parts left empty stay out of it, as a draft may. */
export function contentOf(model: EditorModel): ReadContent {
  const issues: LocalIssue[] = [];
  const text = (t: TextPair): Text | undefined =>
    blank(t) ? undefined : { zh: t.zh.trim(), en: t.en.trim() };
  const whole = (value: string, name: string, max: number, min = 0): number | undefined => {
    if (value === "") return undefined;
    if (/^\d{1,6}$/.test(value) && Number(value) >= min && Number(value) <= max) return Number(value);
    issues.push({ name, key: "catalogAdmin.problem.range", params: { min, max } });
    return undefined;
  };
  const oneOf = <T extends string>(value: string, allowed: readonly T[]): T | undefined =>
    (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

  const materials = model.materials.map((m, i): Material => {
    const condition = text(m.condition);
    const notes = text(m.notes);
    const by = Object.fromEntries(Object.entries(m.satisfiedBy).filter(([, v]) => v !== "" && v !== false));
    return {
      key: m.key,
      name: text(m.name) ?? { zh: "", en: "" },
      form: oneOf(m.form, MATERIAL_FORMS) ?? "original",
      count: whole(m.count, `materials.${i}.count`, 99, 1) ?? 1,
      required: m.required,
      ...(condition ? { condition } : {}),
      ...(notes ? { notes } : {}),
      ...(Object.keys(by).length > 0 ? { satisfiedBy: by } : {}),
    };
  });
  const steps = model.steps.map((s, i): Step => {
    const level = oneOf(s.level, LEVELS);
    return {
      key: s.key,
      name: text(s.name) ?? { zh: "", en: "" },
      role: s.role as Step["role"],
      ...(s.line ? { line: s.line } : {}),
      ...(level ? { level } : {}),
      days: whole(s.days, `steps.${i}.days`, 365) ?? 0,
    };
  });
  let fee: DraftContent["fee"];
  const basis = text(model.fee.basis);
  const fen = fenOf(model.fee.yuan);
  if (fen !== undefined) {
    fee = { fen, varies: model.fee.varies, ...(basis ? { basis } : {}) };
  } else if (model.fee.yuan !== "") issues.push({ name: "fee.yuan", key: "catalogAdmin.problem.yuan" });
  else if (model.fee.varies || basis)
    issues.push({ name: "fee.yuan", key: "catalogAdmin.problem.feeMissing" });

  const form = resolveForm(model.form);
  issues.push(...form.issues);
  const keywords = model.keywords
    .split(/[\n,，、;；]+/)
    .map((k) => k.trim())
    .filter(Boolean);
  const content: DraftContent = {
    name: text(model.name),
    type: oneOf(model.type, ITEM_TYPES),
    line: model.line || undefined,
    levels: model.levels.length > 0 ? (model.levels as DraftContent["levels"]) : undefined,
    audience: model.audience.length > 0 ? (model.audience as DraftContent["audience"]) : undefined,
    events: model.events as DraftContent["events"],
    summary: text(model.summary),
    legalBasis: model.legalBasis.length > 0 ? model.legalBasis.map((t) => text(t) as Text) : undefined,
    conditions: model.conditions.map((t) => text(t) as Text),
    materials,
    form: form.form,
    statutoryDays: whole(model.statutoryDays, "statutoryDays", 365),
    promisedDays: whole(model.promisedDays, "promisedDays", 365),
    fee,
    visits: whole(model.visits, "visits", 2),
    fullyOnline: model.fullyOnline,
    channels: model.channels.length > 0 ? (model.channels as DraftContent["channels"]) : undefined,
    commitmentAllowed: model.commitmentAllowed,
    steps: steps.length > 0 ? steps : undefined,
    faq: model.faq.map((f) => ({ question: text(f.question) ?? NO_TEXT, answer: text(f.answer) ?? NO_TEXT })),
    keywords,
  };
  for (const key of Object.keys(content) as (keyof DraftContent)[])
    if (content[key] === undefined) delete content[key];
  return { content, issues, display: { ...model, form: form.display } };
}

/** The id of a posted field's input: `materials.2.name.zh` → `f-materials-2-name-zh`. */
export const inputId = (name: string) => `f-${name.replace(/\./g, "-")}`;
