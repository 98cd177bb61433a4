import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, NO_ERRORS, type Values } from "../applicants/form-kit.tsx";
import { BASE } from "./staff-views.tsx";
import { REQUEST_KINDS } from "./tables.ts";
import type { Category } from "./views.ts";

export const CATEGORIES = `${BASE}/categories`;
const k = (key: string) => key as MessageKey;

/** A category's form values, as the page posts them back. */
export const valuesOf = (c: Category): Values => ({
  kind: c.kind,
  name: c.name,
  nameEn: c.nameEn,
  dueWorkingDays: String(c.dueWorkingDays),
  anonymousAllowed: c.anonymousAllowed ? "true" : undefined,
  active: c.active ? "true" : undefined,
});

/** One category's fields; ids carry `prefix` so every form of the page has its own. */
function CategoryFields(props: { ctx: PageContext; prefix: string; values: Values; errors: FormErrors }) {
  const { ctx, prefix, values, errors } = props;
  const { t } = ctx;
  const id = (name: string) => `${prefix}${name}`;
  const error = (name: string) => errors.fields[id(name)];
  return (
    <>
      <div class={error("kind") ? "field-error" : undefined}>
        <label for={id("kind")}>{t("requests.categories.kind")}</label>
        {error("kind") && <span class="error-message">{error("kind")}</span>}
        <select id={id("kind")} name="kind">
          {REQUEST_KINDS.map((kind) => (
            <option key={kind} value={kind} selected={values.kind === kind}>
              {t(k(`requests.kind.${kind}`))}
            </option>
          ))}
        </select>
      </div>
      <Field
        id={id("name")}
        name="name"
        label={t("requests.categories.name")}
        value={values.name}
        error={error("name")}
      />
      <Field
        id={id("nameEn")}
        name="nameEn"
        label={t("requests.categories.nameEn")}
        value={values.nameEn}
        error={error("nameEn")}
      />
      <Field
        id={id("dueWorkingDays")}
        name="dueWorkingDays"
        label={t("requests.categories.days")}
        value={values.dueWorkingDays}
        error={error("dueWorkingDays")}
        inputmode="numeric"
      />
      {(["anonymousAllowed", "active"] as const).map((name) => (
        <div key={name}>
          <input type="checkbox" id={id(name)} name={name} value="true" checked={values[name] === "true"} />
          <label for={id(name)}>
            {t(name === "active" ? "requests.categories.active" : "requests.categories.anonymous")}
          </label>
        </div>
      ))}
    </>
  );
}

/**
 * The administrators' page: every category, each with its own form, and one to create a new one. A
 * refused post comes back with its form as it was sent and the problems beside the fields.
 */
export function CategoriesPage(props: {
  ctx: PageContext;
  categories: Category[];
  /** The form a refused post came from: a category's code, or "new". */
  refused?: { form: string; values: Values; errors: FormErrors } | undefined;
}) {
  const { ctx, categories, refused } = props;
  const { t } = ctx;
  const of = (form: string, values: Values) =>
    refused?.form === form ? refused : { values, errors: NO_ERRORS };
  const created = of("new", { active: "true" });
  return (
    <>
      <h1>{t("requests.categories.title")}</h1>
      <p class="lead">{t("requests.categories.lead")}</p>
      {refused && <ErrorSummary t={t} errors={refused.errors} firstField={`${refused.form}-kind`} />}
      {categories.map((c) => {
        const { values, errors } = of(c.code, valuesOf(c));
        return (
          <form key={c.code} class="stack" method="post" action={`${CATEGORIES}/${c.code}`}>
            <CsrfField token={ctx.csrfToken} />
            <fieldset>
              <legend>
                <code>{c.code}</code> · {ctx.locale === "en" ? c.nameEn : c.name}
                {!c.active && ` (${t("requests.categories.retired")})`}
              </legend>
              <CategoryFields ctx={ctx} prefix={`${c.code}-`} values={values} errors={errors} />
              <div>
                <button class="button" type="submit">
                  {t("requests.categories.save")}
                </button>
              </div>
            </fieldset>
          </form>
        );
      })}
      <form class="stack" method="post" action={CATEGORIES}>
        <CsrfField token={ctx.csrfToken} />
        <h2>{t("requests.categories.new")}</h2>
        <Field
          id="new-code"
          name="code"
          label={t("requests.categories.code")}
          value={created.values.code}
          error={created.errors.fields["new-code"]}
        />
        <CategoryFields ctx={ctx} prefix="new-" values={created.values} errors={created.errors} />
        <div>
          <button class="button" type="submit">
            {t("requests.categories.create")}
          </button>
        </div>
      </form>
    </>
  );
}
