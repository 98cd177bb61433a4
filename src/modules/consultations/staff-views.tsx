import type { ComponentChildren } from "preact";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, type FormErrors } from "../applicants/form-kit.tsx";
import { ADOPTIONS, HIDE_REASONS } from "./tables.ts";
import type { ConsultationView } from "./view.ts";
import { consultationPath, Lines, type ListEntry, Period, SummarySection } from "./views.tsx";

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

function Box({
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

function PostButton({
  ctx,
  action,
  children,
}: {
  ctx: PageContext;
  action: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={ctx.csrfToken} />
      <button class="button" type="submit">
        {children}
      </button>
    </form>
  );
}

/** One consultation for its department's staff: the draft, or the comments to moderate and the summary. */
export function StaffConsultation({
  ctx,
  v,
  draftForm,
  pointErrors,
  pointValues,
}: {
  ctx: PageContext;
  v: ConsultationView;
  draftForm?: ComponentChildren;
  pointErrors: FormErrors;
  pointValues: DraftValues;
}) {
  const { t } = ctx;
  const c = v.consultation;
  const base = staffPath(c.id);
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("consultation.staff.title"), href: staffPath() }, { label: c.title }]}
      />
      <h1 lang="zh-CN">{c.title}</h1>
      <Period ctx={ctx} item={{ ...v, opensAt: c.opensAt, closesAt: c.closesAt }} />
      {v.phase === "draft" ? (
        <>
          <h2>{t("consultation.staff.edit")}</h2>
          {draftForm}
          <h2>{t("consultation.attachments")}</h2>
          <ul>
            {v.attachments.map((a) => (
              <li key={a.sha256}>{a.name}</li>
            ))}
          </ul>
          <form
            method="post"
            action={`${base}/attachments?_csrf=${encodeURIComponent(ctx.csrfToken ?? "")}`}
            enctype="multipart/form-data"
            class="stack"
          >
            <label for="file">{t("consultation.attachments")}</label>
            <input id="file" name="file" type="file" accept="application/pdf,image/jpeg,image/png" />
            <div>
              <button class="button" type="submit">
                {t("consultation.staff.save")}
              </button>
            </div>
          </form>
          <h2>{t("consultation.staff.publish")}</h2>
          <p class="hint">{t("consultation.staff.publishHint")}</p>
          <PostButton ctx={ctx} action={`${base}/publish`}>
            {t("consultation.staff.publish")}
          </PostButton>
        </>
      ) : (
        <p>
          <a href={consultationPath(c.id)}>{t("consultation.staff.view")}</a>
        </p>
      )}
      {v.phase !== "draft" && (
        <>
          <h2>{t("consultation.staff.moderate")}</h2>
          {v.comments.length === 0 && <p>{t("consultation.comments.none")}</p>}
          <ul class="list">
            {v.comments.map((cm) => (
              <li key={cm.id}>
                <div>
                  <p class="meta">
                    {t("consultation.pseudonym", { tag: cm.authorTag })}
                    {cm.hiddenReason && ` · ${t(`consultation.hide.${cm.hiddenReason}` as MessageKey)}`}
                  </p>
                  {cm.text !== null && <Lines text={cm.text} />}
                </div>
                {!cm.hiddenReason && (
                  <form method="post" action={`${base}/comments/${cm.id}/hide`} class="inline">
                    <CsrfField token={ctx.csrfToken} />
                    <label for={`reason-${cm.id}`}>{t("consultation.comment.hideReason")}</label>
                    <select id={`reason-${cm.id}`} name="reason">
                      {HIDE_REASONS.map((r) => (
                        <option key={r} value={r}>
                          {t(`consultation.hide.${r}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                    <button class="link-button" type="submit">
                      {t("consultation.comment.hide")}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {(v.phase === "upcoming" || v.phase === "open") && (
        <p class="hint">{t("consultation.staff.summaryLater")}</p>
      )}
      {v.phase === "summarised" && <SummarySection ctx={ctx} v={v} />}
      {v.phase === "closed" && <SummaryEditor ctx={ctx} v={v} errors={pointErrors} values={pointValues} />}
    </>
  );
}

function SummaryEditor({
  ctx,
  v,
  errors,
  values,
}: {
  ctx: PageContext;
  v: ConsultationView;
  errors: FormErrors;
  values: DraftValues;
}) {
  const { t } = ctx;
  const base = staffPath(v.consultation.id);
  return (
    <>
      <SummarySection ctx={ctx} v={v} />
      <ul class="actions">
        {(v.summary?.points ?? []).map((p) => (
          <li key={p.id}>
            <form method="post" action={`${base}/points/${p.id}/remove`} class="inline">
              <CsrfField token={ctx.csrfToken} />
              <button class="link-button" type="submit">
                {t("consultation.staff.removePoint")} {p.position}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h3>{t("consultation.staff.addPoint")}</h3>
      <form method="post" action={`${base}/points`} class="stack" novalidate>
        <ErrorSummary t={t} errors={errors} firstField="summary" />
        <CsrfField token={ctx.csrfToken} />
        <Area
          id="summary"
          label={t("consultation.staff.pointSummary")}
          error={errors.fields.summary}
          value={values.summary}
          rows={3}
        />
        <Box id="adoption" label={t("consultation.staff.pointAdoption")} error={errors.fields.adoption}>
          <select id="adoption" name="adoption">
            {ADOPTIONS.map((a) => (
              <option key={a} value={a} selected={values.adoption === a}>
                {t(`consultation.adoption.${a}` as MessageKey)}
              </option>
            ))}
          </select>
        </Box>
        <Area
          id="reason"
          label={t("consultation.staff.pointReason")}
          error={errors.fields.reason}
          value={values.reason}
          rows={3}
        />
        <fieldset id="comments">
          <legend>{t("consultation.staff.pointComments")}</legend>
          {v.comments.map((cm) => (
            <div class="check" key={cm.id}>
              <input type="checkbox" id={`c-${cm.id}`} name="comments" value={cm.id} />
              <label for={`c-${cm.id}`}>
                {t("consultation.pseudonym", { tag: cm.authorTag })}: {(cm.text ?? "").slice(0, 80)}
              </label>
            </div>
          ))}
        </fieldset>
        <div>
          <button class="button" type="submit">
            {t("consultation.staff.addPoint")}
          </button>
        </div>
      </form>
      <h3>{t("consultation.staff.publishSummary")}</h3>
      <p class="hint">{t("consultation.staff.publishSummaryHint")}</p>
      <PostButton ctx={ctx} action={`${base}/summary/publish`}>
        {t("consultation.staff.publishSummary")}
      </PostButton>
    </>
  );
}
