import type { ComponentChildren, JSX } from "preact";
import type { Locale } from "../../platform/config.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import type { ItemForm, Text } from "./content.ts";

/**
 * An item's application form as an applicant sees it, one page at a time, from its JSON Schema and UI
 * hints. The catalogue managers' preview and the application pages render through this one component,
 * so what a manager previews is what a villager fills in. It draws the subset form-schema.ts accepts
 * (flat fields: text, numbers, yes/no, one or several choices, dates) and never throws on a schema
 * outside it: an unknown type is drawn as a text box, so a preview of a half-written form still shows.
 */

type Json = Record<string, unknown>;
type UiField = NonNullable<NonNullable<ItemForm["ui"]>["fields"]>[string];

/**
 * Inputs of required fields carry `required` (and every input its `aria-*`), so assistive technology
 * knows; a page that checks answers on the server marks its form `novalidate`.
 */
export interface FormPageProps {
  form: ItemForm;
  /** Index into `ui.pages`; a form without pages is one page of every field. */
  page?: number;
  /** The answers so far, by field name: as submitted (strings) or as stored (numbers, booleans, lists). */
  values?: Record<string, unknown>;
  /** Each field's problem, already in the reader's words, by field name. */
  errors?: Record<string, string>;
  t: Translate;
  locale: Locale;
  /** Put before every id, so two renderings (or a form and its preview) can share a document. */
  idPrefix?: string;
  /** The id of the form element the inputs belong to, when it is not the one they sit in. */
  formId?: string;
}

export interface FormPageOutline {
  title?: Text;
  fields: string[];
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function properties(form: ItemForm): Json {
  const props = isObject(form.schema) ? form.schema.properties : undefined;
  return isObject(props) ? props : {};
}

/** The pages of a form with the fields on each; one untitled page of every field when it has none. */
export function formPages(form: ItemForm): FormPageOutline[] {
  const pages = form.ui?.pages;
  if (Array.isArray(pages) && pages.length > 0) {
    return pages.map((p) => ({
      ...(isObject(p.title) ? { title: p.title } : {}),
      fields: Array.isArray(p.fields) ? p.fields.filter((f) => typeof f === "string") : [],
    }));
  }
  return [{ fields: Object.keys(properties(form)) }];
}

/** A text in the reader's language, the Chinese when the English is missing. */
export function inLocale(text: Partial<Text> | undefined, locale: Locale): string {
  if (!text) return "";
  const en = typeof text.en === "string" ? text.en.trim() : "";
  const zh = typeof text.zh === "string" ? text.zh.trim() : "";
  return locale === "en" ? en || zh : zh || en;
}

type Kind =
  | "text"
  | "textarea"
  | "date"
  | "email"
  | "url"
  | "number"
  | "integer"
  | "yesno"
  | "checkbox"
  | "radio"
  | "select"
  | "checkboxes";

const INPUT_FORMATS: Record<string, Kind> = { date: "date", email: "email", uri: "url" };
/** Up to this many choices show as radio buttons, all visible at once; more go into a list box. */
const MAX_RADIOS = 5;

function choicesOf(field: Json): string[] | undefined {
  const source = field.type === "array" && isObject(field.items) ? field.items.enum : field.enum;
  return Array.isArray(source) ? source.map((v) => String(v)) : undefined;
}

function kindOf(field: Json, ui: UiField | undefined): Kind {
  const widget = ui?.widget;
  if (field.type === "array") return "checkboxes";
  const choices = choicesOf(field);
  if (choices) {
    if (widget === "radio" || widget === "select") return widget;
    return choices.length <= MAX_RADIOS ? "radio" : "select";
  }
  if (field.type === "boolean") return widget === "checkbox" ? "checkbox" : "yesno";
  if (field.type === "integer" || field.type === "number") return field.type;
  if (widget === "date") return "date";
  const format = typeof field.format === "string" ? INPUT_FORMATS[field.format] : undefined;
  if (format) return format;
  return widget === "textarea" ? "textarea" : "text";
}

const numberOr = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function valueText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(String).join(", ");
  return String(value);
}

function isChosen(value: unknown, option: string): boolean {
  return Array.isArray(value) ? value.some((v) => String(v) === option) : valueText(value) === option;
}

interface FieldView {
  id: string;
  name: string;
  label: string;
  help: string;
  error: string | undefined;
  required: boolean;
  describedBy: string | undefined;
  form: string | undefined;
}

function Marker({ t, required }: { t: Translate; required: boolean }) {
  return required ? <span class="required">{t("formRender.required")}</span> : null;
}

function Notes({ view }: { view: FieldView }) {
  return (
    <>
      {view.help && (
        <span class="hint" id={`${view.id}-hint`}>
          {view.help}
        </span>
      )}
      {view.error && (
        <span class="error-message" id={`${view.id}-error`}>
          {view.error}
        </span>
      )}
    </>
  );
}

function Choices({
  view,
  type,
  options,
  value,
}: {
  view: FieldView;
  type: "radio" | "checkbox";
  options: { value: string; label: string }[];
  value: unknown;
}) {
  return (
    <div class="choices">
      {options.map((option, i) => (
        <div class="choice" key={option.value}>
          <input
            type={type}
            id={`${view.id}-${i}`}
            name={view.name}
            value={option.value}
            checked={isChosen(value, option.value)}
            required={type === "radio" && view.required ? true : undefined}
            aria-invalid={view.error ? "true" : undefined}
            form={view.form}
          />
          <label for={`${view.id}-${i}`}>{option.label}</label>
        </div>
      ))}
    </div>
  );
}

function Group({ view, t, children }: { view: FieldView; t: Translate; children: ComponentChildren }) {
  return (
    <fieldset
      class={view.error ? "form-field field-error" : "form-field"}
      id={view.id}
      aria-describedby={view.describedBy}
    >
      <legend>
        {view.label}
        <Marker t={t} required={view.required} />
      </legend>
      <Notes view={view} />
      {children}
    </fieldset>
  );
}

function Field({ name, field, props }: { name: string; field: Json; props: FormPageProps }) {
  const { form, t, locale } = props;
  const ui = form.ui?.fields?.[name];
  const id = `${props.idPrefix ?? ""}${name}`;
  const help = inLocale(ui?.help, locale);
  const error = props.errors?.[name];
  const requiredList = Array.isArray(form.schema.required) ? form.schema.required : [];
  const view: FieldView = {
    id,
    name,
    label: inLocale(ui?.label, locale) || (typeof field.title === "string" ? field.title : "") || name,
    help,
    error,
    required: requiredList.includes(name),
    describedBy:
      [help ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined,
    form: props.formId,
  };
  const value = props.values?.[name];
  const kind = kindOf(field, ui);
  const choices = (choicesOf(field) ?? []).map((c) => ({ value: c, label: c }));

  if (kind === "checkboxes")
    return (
      <Group view={view} t={t}>
        <Choices view={view} type="checkbox" options={choices} value={value} />
      </Group>
    );
  if (kind === "radio")
    return (
      <Group view={view} t={t}>
        <Choices view={view} type="radio" options={choices} value={value} />
      </Group>
    );
  if (kind === "yesno")
    return (
      <Group view={view} t={t}>
        <Choices
          view={view}
          type="radio"
          options={[
            { value: "true", label: t("formRender.yes") },
            { value: "false", label: t("formRender.no") },
          ]}
          value={value}
        />
      </Group>
    );

  const common = {
    id,
    name,
    required: view.required || undefined,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": view.describedBy,
    form: view.form,
  };
  const maxLength = numberOr(field.maxLength);
  let control: JSX.Element;
  if (kind === "checkbox") {
    return (
      <div class={error ? "form-field field-error" : "form-field"}>
        <Notes view={view} />
        <div class="choice">
          <input {...common} type="checkbox" value="true" checked={isChosen(value, "true")} />
          <label for={id}>
            {view.label}
            <Marker t={t} required={view.required} />
          </label>
        </div>
      </div>
    );
  }
  if (kind === "select") {
    control = (
      <select {...common}>
        <option value="">{t("formRender.choose")}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value} selected={isChosen(value, c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    );
  } else if (kind === "textarea") {
    control = <textarea {...common} rows={4} maxLength={maxLength} value={valueText(value)} />;
  } else if (kind === "number" || kind === "integer") {
    control = (
      <input
        {...common}
        type="number"
        inputmode={kind === "integer" ? "numeric" : "decimal"}
        step={kind === "integer" ? "1" : "any"}
        min={numberOr(field.minimum)}
        max={numberOr(field.maximum)}
        value={valueText(value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type={kind === "url" ? "url" : kind}
        maxLength={maxLength}
        value={valueText(value)}
      />
    );
  }
  return (
    <div class={error ? "form-field field-error" : "form-field"}>
      <label for={id}>
        {view.label}
        <Marker t={t} required={view.required} />
      </label>
      <Notes view={view} />
      {control}
    </div>
  );
}

/** The fields of one page of a form: labels, help, required markers, answers and problems. */
export function FormPage(props: FormPageProps) {
  const pages = formPages(props.form);
  const page = pages[props.page ?? 0] ?? { fields: [] };
  const fields = properties(props.form);
  return (
    <div class="form-page">
      {page.fields.map((name) => {
        const field = fields[name];
        return isObject(field) ? <Field key={name} name={name} field={field} props={props} /> : null;
      })}
    </div>
  );
}
