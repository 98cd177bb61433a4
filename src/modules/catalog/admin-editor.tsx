import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { MaterialInputs, StepInputs, shown } from "./admin-editor-rows.tsx";
import type { EditorModel, FaqRow, MaterialRow, StepRow, TextPair } from "./admin-form.ts";
import { FormEditor, PREVIEW_SINK, RowList } from "./admin-form-editor.tsx";
import {
  ADMIN,
  Checkbox,
  Checkboxes,
  choicesOf,
  ErrorSummary,
  errorsByField,
  Input,
  itemPath,
  lineChoices,
  Notice,
  type Problem,
  Select,
  TextPairInput,
} from "./admin-views.tsx";
import { AUDIENCES, CHANNELS, EVENTS, ITEM_TYPES, type ItemForm, LEVELS } from "./content.ts";

/** The draft editor: every element of the guide in one form posting the whole draft. */

export interface EditorPageProps {
  ctx: PageContext;
  code: string;
  /** Which version the editor opened on: the draft, or the published one a new draft begins from. */
  basedOn: { version: number; draft: boolean } | null;
  model: EditorModel;
  problems: (Problem & { name: string })[];
  saved: boolean;
  preview: { form: ItemForm | undefined; problems: string[] };
}

export function EditorPage({ ctx, code, basedOn, model, problems, saved, preview }: EditorPageProps) {
  const { t, locale } = ctx;
  const action = `${itemPath(code)}/edit`;
  const errors = errorsByField(problems);
  const list = { t, errors, action };
  const toolbar = (
    <div class="toolbar">
      <button type="submit" class="button" name="op" value="save">
        {t("catalogAdmin.edit.save")}
      </button>
      <button
        type="submit"
        class="button secondary"
        name="op"
        value="preview"
        formaction={`${action}#form-editor`}
      >
        {t("catalogAdmin.edit.preview")}
      </button>
      <a href={itemPath(code)}>{t("catalogAdmin.edit.back")}</a>
    </div>
  );
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("catalogAdmin.title"), href: ADMIN },
          { label: code, href: itemPath(code) },
          { label: t("catalogAdmin.edit.crumb") },
        ]}
      />
      <h1>{t("catalogAdmin.edit.title", { name: model.name.zh || code })}</h1>
      <p class="lead">
        {basedOn === null
          ? t("catalogAdmin.edit.leadEmpty")
          : basedOn.draft
            ? t("catalogAdmin.edit.leadDraft", { version: basedOn.version })
            : t("catalogAdmin.edit.leadNew", { version: basedOn.version })}
      </p>
      {saved && <Notice>{t("catalogAdmin.done.saved")}</Notice>}
      <ErrorSummary t={t} problems={problems} />
      <form method="post" action={action} class="editor" novalidate data-editor="">
        <CsrfField token={ctx.csrfToken} />
        {toolbar}
        <section aria-labelledby="h-basics">
          <h2 id="h-basics">{t("catalogAdmin.section.basics")}</h2>
          <TextPairInput
            t={t}
            name="name"
            label={t("catalogAdmin.name")}
            value={model.name}
            errors={errors}
          />
          <Select
            name="type"
            label={t("catalogAdmin.type")}
            value={model.type}
            choices={choicesOf(t, "catalogAdmin.type.", ITEM_TYPES)}
            empty={t("catalogAdmin.notChosen")}
            errors={errors}
          />
          <Select
            name="line"
            label={t("catalogAdmin.line")}
            value={model.line}
            choices={lineChoices(locale)}
            empty={t("catalogAdmin.notChosen")}
            errors={errors}
          />
          <Checkboxes
            name="levels"
            legend={t("catalogAdmin.levels")}
            values={model.levels}
            choices={choicesOf(t, "catalogAdmin.level.", LEVELS)}
            errors={errors}
          />
          <Checkboxes
            name="audience"
            legend={t("catalogAdmin.audience")}
            values={model.audience}
            choices={choicesOf(t, "catalogAdmin.audience.", AUDIENCES)}
            errors={errors}
          />
          <Checkboxes
            name="events"
            legend={t("catalogAdmin.events")}
            values={model.events}
            choices={choicesOf(t, "catalogAdmin.event.", EVENTS)}
            errors={errors}
          />
          <TextPairInput
            t={t}
            name="summary"
            label={t("catalogAdmin.summary")}
            value={model.summary}
            errors={errors}
            multiline
          />
          <Input
            name="keywords"
            label={t("catalogAdmin.keywords")}
            hint={t("catalogAdmin.keywordsHint")}
            value={model.keywords}
            errors={errors}
            multiline
          />
        </section>
        <section aria-labelledby="h-law">
          <h2 id="h-law">{t("catalogAdmin.section.law")}</h2>
          <RowList
            {...list}
            list="legalBasis"
            legend={t("catalogAdmin.legalBasis")}
            rows={model.legalBasis}
            addLabel={t("catalogAdmin.legalBasis.add")}
            rowName="catalogAdmin.legalBasis.row"
            render={(row: TextPair, i) => (
              <TextPairInput
                t={t}
                name={`legalBasis.${i}`}
                label={t("catalogAdmin.legalBasis.row", { n: shown(i) })}
                value={row}
                errors={errors}
              />
            )}
          />
          <RowList
            {...list}
            list="conditions"
            legend={t("catalogAdmin.conditions")}
            rows={model.conditions}
            addLabel={t("catalogAdmin.conditions.add")}
            rowName="catalogAdmin.conditions.row"
            render={(row: TextPair, i) => (
              <TextPairInput
                t={t}
                name={`conditions.${i}`}
                label={t("catalogAdmin.conditions.row", { n: shown(i) })}
                value={row}
                errors={errors}
              />
            )}
          />
        </section>
        <section aria-labelledby="h-materials">
          <h2 id="h-materials">{t("catalogAdmin.section.materials")}</h2>
          <RowList
            {...list}
            list="materials"
            legend={t("catalogAdmin.materials")}
            rows={model.materials}
            addLabel={t("catalogAdmin.materials.add")}
            rowName="catalogAdmin.material.row"
            render={(m: MaterialRow, i) => <MaterialInputs t={t} m={m} i={i} errors={errors} />}
          />
        </section>
        <FormEditor
          t={t}
          locale={locale}
          model={model.form}
          errors={errors}
          action={action}
          preview={preview}
        />
        <section aria-labelledby="h-time">
          <h2 id="h-time">{t("catalogAdmin.section.time")}</h2>
          <Input
            name="statutoryDays"
            label={t("catalogAdmin.statutoryDays")}
            value={model.statutoryDays}
            errors={errors}
            inputmode="numeric"
            class="short"
          />
          <Input
            name="promisedDays"
            label={t("catalogAdmin.promisedDays")}
            hint={t("catalogAdmin.promisedDaysHint")}
            value={model.promisedDays}
            errors={errors}
            inputmode="numeric"
            class="short"
          />
          <RowList
            {...list}
            list="steps"
            legend={t("catalogAdmin.steps")}
            hint={t("catalogAdmin.stepsHint")}
            rows={model.steps}
            addLabel={t("catalogAdmin.steps.add")}
            rowName="catalogAdmin.step.row"
            render={(s: StepRow, i) => <StepInputs t={t} locale={locale} s={s} i={i} errors={errors} />}
          />
        </section>
        <section aria-labelledby="h-fee">
          <h2 id="h-fee">{t("catalogAdmin.section.fee")}</h2>
          <Input
            name="fee.yuan"
            label={t("catalogAdmin.fee.yuan")}
            hint={t("catalogAdmin.fee.yuanHint")}
            value={model.fee.yuan}
            errors={errors}
            inputmode="decimal"
            class="short"
          />
          <Checkbox
            name="fee.varies"
            label={t("catalogAdmin.fee.varies")}
            hint={t("catalogAdmin.fee.variesHint")}
            checked={model.fee.varies}
            errors={errors}
          />
          <TextPairInput
            t={t}
            name="fee.basis"
            label={t("catalogAdmin.fee.basis")}
            value={model.fee.basis}
            errors={errors}
          />
        </section>
        <section aria-labelledby="h-handling">
          <h2 id="h-handling">{t("catalogAdmin.section.handling")}</h2>
          <Select
            name="visits"
            label={t("catalogAdmin.visits")}
            value={model.visits}
            choices={["0", "1", "2"].map((v) => ({
              value: v,
              label: t(`catalogAdmin.visits.${v}` as "catalogAdmin.visits.0"),
            }))}
            empty={t("catalogAdmin.notChosen")}
            errors={errors}
          />
          <Checkbox
            name="fullyOnline"
            label={t("catalogAdmin.fullyOnline")}
            checked={model.fullyOnline}
            errors={errors}
          />
          <Checkboxes
            name="channels"
            legend={t("catalogAdmin.channels")}
            values={model.channels}
            choices={choicesOf(t, "catalogAdmin.channel.", CHANNELS)}
            errors={errors}
          />
          <Checkbox
            name="commitmentAllowed"
            label={t("catalogAdmin.commitmentAllowed")}
            checked={model.commitmentAllowed}
            errors={errors}
          />
        </section>
        <section aria-labelledby="h-faq">
          <h2 id="h-faq">{t("catalogAdmin.section.faq")}</h2>
          <RowList
            {...list}
            list="faq"
            legend={t("catalogAdmin.faq")}
            rows={model.faq}
            addLabel={t("catalogAdmin.faq.add")}
            rowName="catalogAdmin.faq.row"
            render={(f: FaqRow, i) => (
              <div class="grid">
                <h3 class="row-title">{t("catalogAdmin.faq.row", { n: shown(i) })}</h3>
                <TextPairInput
                  t={t}
                  name={`faq.${i}.question`}
                  label={t("catalogAdmin.faq.question")}
                  value={f.question}
                  errors={errors}
                />
                <TextPairInput
                  t={t}
                  name={`faq.${i}.answer`}
                  label={t("catalogAdmin.faq.answer")}
                  value={f.answer}
                  errors={errors}
                  multiline
                />
              </div>
            )}
          />
        </section>
        {toolbar}
      </form>
      <form id={PREVIEW_SINK} method="dialog" aria-hidden="true" />
    </>
  );
}
