import type { Translate } from "../../platform/i18n/index.ts";
import { HANDLING_ROLES } from "../identity/tables.ts";
import type { MaterialRow, StepRow } from "./admin-form.ts";
import {
  Checkbox,
  choicesOf,
  type FieldErrors,
  Input,
  lineChoices,
  Select,
  TextPairInput,
} from "./admin-views.tsx";
import { LEVELS, MATERIAL_FORMS } from "./content.ts";

/** The draft editor's rows of materials and of steps; `__i__` and `__n__` stand in the script's template. */

export type Index = number | "__i__";
export const shown = (i: Index) => (typeof i === "number" ? i + 1 : "__n__");

export function MaterialInputs({
  t,
  m,
  i,
  errors,
}: {
  t: Translate;
  m: MaterialRow;
  i: Index;
  errors: FieldErrors;
}) {
  const at = `materials.${i}`;
  return (
    <div class="grid">
      <h3 class="row-title">{t("catalogAdmin.material.row", { n: shown(i) })}</h3>
      <Input
        name={`${at}.key`}
        label={t("catalogAdmin.key")}
        hint={t("catalogAdmin.keyHint")}
        value={m.key}
        errors={errors}
        mono
      />
      <TextPairInput
        t={t}
        name={`${at}.name`}
        label={t("catalogAdmin.material.name")}
        value={m.name}
        errors={errors}
      />
      <Select
        name={`${at}.form`}
        label={t("catalogAdmin.material.form")}
        value={m.form}
        choices={choicesOf(t, "catalogAdmin.materialForm.", MATERIAL_FORMS)}
        errors={errors}
      />
      <Input
        name={`${at}.count`}
        label={t("catalogAdmin.material.count")}
        value={m.count}
        errors={errors}
        inputmode="numeric"
        class="short"
      />
      <Checkbox
        name={`${at}.required`}
        label={t("catalogAdmin.material.required")}
        hint={t("catalogAdmin.material.requiredHint")}
        checked={m.required}
        errors={errors}
      />
      <TextPairInput
        t={t}
        name={`${at}.condition`}
        label={t("catalogAdmin.material.condition")}
        value={m.condition}
        errors={errors}
      />
      <TextPairInput
        t={t}
        name={`${at}.notes`}
        label={t("catalogAdmin.material.notes")}
        value={m.notes}
        errors={errors}
      />
      <fieldset class="pair">
        <legend>{t("catalogAdmin.material.satisfiedBy")}</legend>
        <Input
          name={`${at}.satisfiedBy.licenceType`}
          label={t("catalogAdmin.material.licenceType")}
          value={m.satisfiedBy.licenceType}
          errors={errors}
          mono
        />
        <Input
          name={`${at}.satisfiedBy.registry`}
          label={t("catalogAdmin.material.registry")}
          value={m.satisfiedBy.registry}
          errors={errors}
          mono
        />
        <Input
          name={`${at}.satisfiedBy.field`}
          label={t("catalogAdmin.material.registryField")}
          value={m.satisfiedBy.field}
          errors={errors}
          mono
        />
        <Checkbox
          name={`${at}.satisfiedBy.form`}
          label={t("catalogAdmin.material.fromForm")}
          checked={m.satisfiedBy.form}
          errors={errors}
        />
      </fieldset>
    </div>
  );
}

export function StepInputs({
  t,
  locale,
  s,
  i,
  errors,
}: {
  t: Translate;
  locale: string;
  s: StepRow;
  i: Index;
  errors: FieldErrors;
}) {
  const at = `steps.${i}`;
  return (
    <div class="grid">
      <h3 class="row-title">{t("catalogAdmin.step.row", { n: shown(i) })}</h3>
      <Input
        name={`${at}.key`}
        label={t("catalogAdmin.key")}
        hint={t("catalogAdmin.keyHint")}
        value={s.key}
        errors={errors}
        mono
      />
      <TextPairInput
        t={t}
        name={`${at}.name`}
        label={t("catalogAdmin.step.name")}
        value={s.name}
        errors={errors}
      />
      <Select
        name={`${at}.role`}
        label={t("catalogAdmin.step.role")}
        value={s.role}
        choices={choicesOf(t, "catalogAdmin.role.", HANDLING_ROLES)}
        errors={errors}
      />
      <Select
        name={`${at}.line`}
        label={t("catalogAdmin.step.line")}
        value={s.line}
        choices={lineChoices(locale)}
        empty={t("catalogAdmin.step.ownLine")}
        errors={errors}
      />
      <Select
        name={`${at}.level`}
        label={t("catalogAdmin.step.level")}
        value={s.level}
        choices={choicesOf(t, "catalogAdmin.level.", LEVELS)}
        empty={t("catalogAdmin.step.anyLevel")}
        errors={errors}
      />
      <Input
        name={`${at}.days`}
        label={t("catalogAdmin.step.days")}
        value={s.days}
        errors={errors}
        inputmode="numeric"
        class="short"
      />
    </div>
  );
}
