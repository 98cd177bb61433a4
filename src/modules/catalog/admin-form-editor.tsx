import type { ComponentChildren } from "preact";
import type { Locale } from "../../platform/config.ts";
import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import { inputId } from "./admin-form.ts";
import { FIELD_KINDS, type FieldRow, type FormModel, type TextPair, WIDGETS } from "./admin-form-fields.ts";
import { blankRow, type ListName } from "./admin-form-ops.ts";
import {
  Checkbox,
  choicesOf,
  type FieldErrors,
  Input,
  Messages,
  Select,
  TextPairInput,
} from "./admin-views.tsx";
import type { ItemForm } from "./content.ts";
import { FormPage, formPages, inLocale } from "./form-render.tsx";

/**
 * The application form in the draft editor: its pages, a row per field, the raw JSON, and beside them
 * the form drawn exactly as applicants will see it.
 */

/** The id of the empty form the preview's inputs belong to, so they are never posted with the draft. */
export const PREVIEW_SINK = "preview-sink";
export const PREVIEW_URL = "/catalog/admin/preview";

type Index = number | "__i__";
const shown = (i: Index) => (typeof i === "number" ? i + 1 : "__n__");

/**
 * An editable list: its rows, a remove button on each and an add button, all plain submit buttons the
 * server answers by drawing the list again. The script does the same in place, copying the template.
 */
export function RowList<T>({
  t,
  list,
  legend,
  rows,
  errors,
  action,
  addLabel,
  rowName,
  hint,
  render,
}: {
  t: Translate;
  list: ListName;
  legend: string;
  rows: T[];
  errors: FieldErrors;
  action: string;
  addLabel: string;
  /** What a row is called, by its number ("材料 3"): the remove button says which row it removes. */
  rowName: MessageKey;
  hint?: string;
  render: (row: T, i: Index) => ComponentChildren;
}) {
  const id = inputId(list);
  const item = (row: T, i: Index) => (
    <li class="row" data-row="">
      {render(row, i)}
      <button
        type="submit"
        class="button secondary small"
        name="op"
        value={`remove:${list}:${i}`}
        data-remove=""
      >
        {t("catalogAdmin.removeRow", { what: t(rowName, { n: shown(i) }) })}
      </button>
    </li>
  );
  return (
    <fieldset class={errors[list] ? "rows field-error" : "rows"} id={id} data-rows={list}>
      <legend>{legend}</legend>
      <Messages name={list} errors={errors} hint={hint} />
      <ol class="row-list" data-row-list="" data-next={rows.length}>
        {rows.map((row, i) => item(row, i))}
      </ol>
      <template data-template={list}>{item(blankRow(list) as T, "__i__")}</template>
      <button
        type="submit"
        class="button secondary"
        name="op"
        value={`add:${list}`}
        formaction={`${action}#${id}`}
        data-add={list}
      >
        {addLabel}
      </button>
    </fieldset>
  );
}

function FieldRowInputs({
  t,
  row,
  i,
  errors,
}: {
  t: Translate;
  row: FieldRow;
  i: Index;
  errors: FieldErrors;
}) {
  const at = `form.fields.${i}`;
  return (
    <div class="field-row">
      <h4 class="row-title">{t("catalogAdmin.field.row", { n: shown(i) })}</h4>
      <Input
        name={`${at}.name`}
        label={t("catalogAdmin.field.name")}
        hint={t("catalogAdmin.field.nameHint")}
        value={row.name}
        errors={errors}
        mono
      />
      <Select
        name={`${at}.type`}
        label={t("catalogAdmin.field.type")}
        value={row.type}
        choices={choicesOf(t, "catalogAdmin.kind.", FIELD_KINDS)}
        errors={errors}
      />
      <Input
        name={`${at}.title`}
        label={t("catalogAdmin.field.title")}
        value={row.title}
        errors={errors}
        lang="zh-CN"
      />
      <Input
        name={`${at}.labelEn`}
        label={t("catalogAdmin.field.labelEn")}
        value={row.labelEn}
        errors={errors}
        lang="en"
      />
      <Checkbox
        name={`${at}.required`}
        label={t("catalogAdmin.field.required")}
        checked={row.required}
        errors={errors}
      />
      <Input
        name={`${at}.options`}
        label={t("catalogAdmin.field.options")}
        hint={t("catalogAdmin.field.optionsHint")}
        value={row.options}
        errors={errors}
        multiline
      />
      <Input
        name={`${at}.maxLength`}
        label={t("catalogAdmin.field.maxLength")}
        value={row.maxLength}
        errors={errors}
        inputmode="numeric"
        class="short"
      />
      <Input
        name={`${at}.page`}
        label={t("catalogAdmin.field.page")}
        hint={t("catalogAdmin.field.pageHint")}
        value={row.page}
        errors={errors}
        inputmode="numeric"
        class="short"
      />
      <Select
        name={`${at}.widget`}
        label={t("catalogAdmin.field.widget")}
        value={row.widget}
        choices={choicesOf(t, "catalogAdmin.widget.", WIDGETS.filter(Boolean))}
        empty={t("catalogAdmin.widget.auto")}
        errors={errors}
      />
      <TextPairInput
        t={t}
        name={`${at}.help`}
        label={t("catalogAdmin.field.help")}
        value={row.help}
        errors={errors}
      />
      <input type="hidden" name={`${at}.extra`} value={row.extra} />
    </div>
  );
}

export function FormPreview({
  t,
  locale,
  form,
  problems,
  formId,
}: {
  t: Translate;
  locale: Locale;
  form: ItemForm | undefined;
  problems: string[];
  /** The form element the inputs belong to, when they sit inside another one (the editor). */
  formId?: string;
}) {
  return (
    <>
      {problems.length > 0 && (
        <div class="preview-problems">
          <p>{t("catalogAdmin.preview.problems")}</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {form ? (
        formPages(form).map((page, i) => (
          <section class="preview-page" key={i}>
            <h4>
              {page.title && inLocale(page.title, locale)
                ? t("catalogAdmin.preview.pageTitled", { n: i + 1, title: inLocale(page.title, locale) })
                : t("catalogAdmin.preview.page", { n: i + 1 })}
            </h4>
            <FormPage form={form} page={i} t={t} locale={locale} idPrefix="pv-" formId={formId} />
          </section>
        ))
      ) : (
        <p class="hint">{t("catalogAdmin.preview.none")}</p>
      )}
    </>
  );
}

export function FormEditor({
  t,
  locale,
  model,
  errors,
  action,
  preview,
}: {
  t: Translate;
  locale: Locale;
  model: FormModel;
  errors: FieldErrors;
  action: string;
  preview: { form: ItemForm | undefined; problems: string[] };
}) {
  const jsonTrouble = Boolean(errors["form.schema"] || errors["form.ui"]);
  return (
    <section class="form-editor" id="form-editor" aria-labelledby="h-form">
      <h2 id="h-form">{t("catalogAdmin.section.form")}</h2>
      <p class="hint">{t("catalogAdmin.form.lead")}</p>
      <div class="form-editor-grid">
        <div class="form-editor-main" data-form-editor="">
          {model.rowsOff ? (
            <p class="notice">{t("catalogAdmin.form.rowsOff")}</p>
          ) : (
            <>
              <RowList
                t={t}
                list="form.pages"
                legend={t("catalogAdmin.form.pages")}
                hint={t("catalogAdmin.form.pagesHint")}
                rows={model.pages}
                errors={errors}
                action={action}
                addLabel={t("catalogAdmin.form.addPage")}
                rowName="catalogAdmin.form.pageN"
                render={(page: { title: TextPair }, i) => (
                  <TextPairInput
                    t={t}
                    name={`form.pages.${i}.title`}
                    label={t("catalogAdmin.form.pageTitle", { n: shown(i) })}
                    value={page.title}
                    errors={errors}
                  />
                )}
              />
              <RowList
                t={t}
                list="form.fields"
                legend={t("catalogAdmin.form.fields")}
                rows={model.rows}
                errors={errors}
                action={action}
                addLabel={t("catalogAdmin.form.addField")}
                rowName="catalogAdmin.field.row"
                render={(row: FieldRow, i) => <FieldRowInputs t={t} row={row} i={i} errors={errors} />}
              />
            </>
          )}
          <details class="json" open={model.rowsOff || jsonTrouble}>
            <summary>{t("catalogAdmin.form.json")}</summary>
            <p class="hint">{t("catalogAdmin.form.jsonHint")}</p>
            <Input
              name="form.schema"
              label={t("catalogAdmin.form.schema")}
              value={model.schemaJson}
              errors={errors}
              multiline
              rows={16}
              mono
            />
            <Input
              name="form.ui"
              label={t("catalogAdmin.form.ui")}
              value={model.uiJson}
              errors={errors}
              multiline
              rows={8}
              mono
            />
          </details>
          <input type="hidden" name="form.schemaBase" value={model.schemaBase} />
          <input type="hidden" name="form.uiBase" value={model.uiBase} />
          <input type="hidden" name="form.rowsOff" value={model.rowsOff ? "true" : "false"} />
        </div>
        <aside class="form-preview" aria-labelledby="h-preview">
          <h3 id="h-preview">{t("catalogAdmin.preview.title")}</h3>
          <p class="hint">{t("catalogAdmin.preview.lead")}</p>
          <div data-preview={PREVIEW_URL}>
            <FormPreview
              t={t}
              locale={locale}
              form={preview.form}
              problems={preview.problems}
              formId={PREVIEW_SINK}
            />
          </div>
          <p class="visually-hidden" role="status" data-preview-status={t("catalogAdmin.preview.updated")} />
        </aside>
      </div>
    </section>
  );
}
