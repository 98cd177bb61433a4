import type { ComponentChildren } from "preact";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, type FormErrors } from "../applicants/form-kit.tsx";
import { type ListEntry, Period } from "./views.tsx";

export const staffPath = (id?: string) => (id ? `/work/consultations/${id}` : "/work/consultations");
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An instant as a datetime-local value in China time. */
export const localValue = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16);

/** "2026-12-01 09:00" or "2026-12-01T09:00", China time; anything else an invalid date the rules name. */
export function parseLocal(value: string | undefined): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec((value ?? "").trim());
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi) - CHINA_OFFSET_MS);
}

export function Box({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? "field-error" : undefined}>
      <label for={id}>{label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="error-message" id={`${id}-error`}>
          {error}
        </span>
      )}
      {children}
    </div>
  );
}

const described = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

export function Input({
  id,
  label,
  hint,
  error,
  value,
  type = "text",
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value?: string | undefined;
  type?: string;
}) {
  return (
    <Box id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described(id, !!hint, error)}
      />
    </Box>
  );
}

export function Area({
  id,
  label,
  hint,
  error,
  value,
  rows = 4,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value?: string | undefined;
  rows?: number;
}) {
  return (
    <Box id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={id}
        rows={rows}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described(id, !!hint, error)}
      >
        {value}
      </textarea>
    </Box>
  );
}

export function StaffList({ ctx, items }: { ctx: PageContext; items: ListEntry[] }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("consultation.staff.title")}</h1>
      <p>
        <a class="button" href={`${staffPath()}/new`}>
          {t("consultation.staff.new")}
        </a>
      </p>
      {items.length === 0 ? (
        <p>{t("consultation.staff.none")}</p>
      ) : (
        <ul class="list">
          {items.map((c) => (
            <li key={c.id}>
              <div>
                <a href={staffPath(c.id)} lang="zh-CN">
                  {c.title}
                </a>
                <Period ctx={ctx} item={c} />
              </div>
              <span class="meta">{t("consultation.list.comments", { count: c.comments })}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export type DraftValues = Record<string, string | undefined>;

/** The draft's form: its facts and period, then the text pasted (new) or each article (editing). */
export function DraftForm({
  ctx,
  action,
  values,
  errors,
  minimum,
  departments,
  articles,
}: {
  ctx: PageContext;
  action: string;
  values: DraftValues;
  errors: FormErrors;
  minimum: number;
  departments?: { id: string; name: string }[];
  /** How many article rows to show; none for a new draft, which is pasted whole. */
  articles?: number;
}) {
  const { t } = ctx;
  const f = errors.fields;
  return (
    <form method="post" action={action} class="stack" novalidate>
      <ErrorSummary t={t} errors={errors} firstField="title" />
      <CsrfField token={ctx.csrfToken} />
      {departments && (
        <Box id="department" label={t("consultation.staff.department")} error={f.department}>
          <select id="department" name="department">
            {departments.map((d) => (
              <option key={d.id} value={d.id} selected={values.department === d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Box>
      )}
      <Input id="title" label={t("consultation.staff.titleField")} error={f.title} value={values.title} />
      <Area
        id="purpose"
        label={t("consultation.staff.purposeField")}
        error={f.purpose}
        value={values.purpose}
      />
      <Input
        id="contact"
        label={t("consultation.staff.contactField")}
        hint={t("consultation.staff.contactHint")}
        error={f.contact}
        value={values.contact}
      />
      <Input
        id="opensAt"
        type="datetime-local"
        label={t("consultation.staff.opensAt")}
        hint={t("consultation.staff.periodHint", { days: minimum })}
        error={f.opensAt}
        value={values.opensAt}
      />
      <Input
        id="closesAt"
        type="datetime-local"
        label={t("consultation.staff.closesAt")}
        error={f.closesAt}
        value={values.closesAt}
      />
      <Area
        id="shortPeriodReason"
        label={t("consultation.staff.reasonField")}
        hint={t("consultation.staff.reasonHint", { days: minimum })}
        error={f.shortPeriodReason}
        value={values.shortPeriodReason}
        rows={2}
      />
      {articles === undefined ? (
        <Area
          id="text"
          label={t("consultation.staff.textField")}
          hint={t("consultation.staff.textHint")}
          error={f.articles}
          value={values.text}
          rows={16}
        />
      ) : (
        <fieldset id="articles">
          <legend>{t("consultation.staff.articles")}</legend>
          {f.articles && <p class="error-message">{f.articles}</p>}
          {Array.from({ length: articles + 1 }, (_, i) => i + 1).map((n) => (
            <fieldset key={n}>
              <legend>
                {n <= articles ? values[`n${n}`] || String(n) : t("consultation.staff.articleNew")}
              </legend>
              <Input
                id={`n${n}`}
                label={t("consultation.staff.articleNumber")}
                error={f[`n${n}`]}
                value={values[`n${n}`]}
              />
              <Input id={`h${n}`} label={t("consultation.staff.articleHeading")} value={values[`h${n}`]} />
              <Area
                id={`b${n}`}
                label={t("consultation.staff.articleBody")}
                error={f[`b${n}`]}
                value={values[`b${n}`]}
              />
            </fieldset>
          ))}
        </fieldset>
      )}
      <div>
        <button class="button" type="submit">
          {t("consultation.staff.save")}
        </button>
      </div>
    </form>
  );
}
