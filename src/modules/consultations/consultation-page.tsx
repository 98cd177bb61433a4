import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, type FormErrors } from "../applicants/form-kit.tsx";
import { CommentList, type CommentPaging, MyComments } from "./comment-list.tsx";
import { COMMENT_MAX } from "./comments.ts";
import type { ConsultationView } from "./view.ts";
import { chinaTime, consultationPath, Lines, Period } from "./views.tsx";

const tagName = (ctx: PageContext, tag: string) => ctx.t("consultation.pseudonym", { tag });

export interface CommentFormState {
  article: string;
  text: string;
  errors: FormErrors;
}

/** A consultation's public page: the draft by article, the period, the comments and the summary. */
export function ConsultationPage({
  ctx,
  v,
  form,
  flash,
  paging,
}: {
  ctx: PageContext;
  v: ConsultationView;
  form: CommentFormState;
  flash?: "posted" | "withdrawn" | undefined;
  paging: CommentPaging;
}) {
  const { t } = ctx;
  const c = v.consultation;
  const open = v.phase === "open";
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("consultation.list.title"), href: "/consultations" }, { label: c.title }]}
      />
      <h1 lang="zh-CN">{c.title}</h1>
      <p class="meta" lang="zh-CN">
        {c.regionName} · {c.departmentName}
      </p>
      <Period ctx={ctx} item={{ ...v, opensAt: c.opensAt, closesAt: c.closesAt }} />
      {c.shortPeriodReason && (
        <p class="meta">
          {t("consultation.shortPeriod", { days: v.minimumOpenDays, reason: c.shortPeriodReason })}
        </p>
      )}
      {flash && (
        <div class="notice" role="status">
          <p>{t(flash === "posted" ? "consultation.form.posted" : "consultation.form.withdrawn")}</p>
        </div>
      )}
      <p>
        {t("consultation.counts", { total: v.counts.total, overall: v.counts.overall })}{" "}
        {v.counts.hidden > 0 && t("consultation.counts.hidden", { hidden: v.counts.hidden })}
      </p>
      <h2>{t("consultation.purpose")}</h2>
      <Lines text={c.purpose} lang="zh-CN" />
      {v.attachments.length > 0 && (
        <>
          <h2>{t("consultation.attachments")}</h2>
          <ul>
            {v.attachments.map((a) => (
              <li key={a.sha256}>
                <a href={`/api/v1/consultations/${c.id}/attachments/${a.sha256}`}>{a.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {v.summary?.published && <SummarySection ctx={ctx} v={v} />}
      <h2>{t("consultation.draftText")}</h2>
      {v.articles.map((a) => (
        <section key={a.position} id={`article-${a.position}`} aria-labelledby={`article-${a.position}-h`}>
          <h3 id={`article-${a.position}-h`} lang="zh-CN">
            {a.number}
            {a.heading && ` ${a.heading}`}
          </h3>
          <Lines text={a.text} lang="zh-CN" />
          <p class="meta">{t("consultation.article.comments", { count: a.comments })}</p>
        </section>
      ))}
      <CommentList ctx={ctx} v={v} paging={paging} />
      <MyComments ctx={ctx} v={v} page={paging.page} />
      <h2 id="comment-form">{t("consultation.form.title")}</h2>
      {!open ? (
        <>
          <ErrorSummary t={t} errors={form.errors} firstField="comment-form" />
          <p>
            {v.phase === "upcoming"
              ? t("consultation.opensIn", { opens: chinaTime(ctx, c.opensAt) })
              : t("consultation.form.notOpen")}
          </p>
        </>
      ) : ctx.actor.kind !== "person" ? (
        <p>
          <a class="button" href={`/account/signin?next=${encodeURIComponent(consultationPath(c.id))}`}>
            {t("consultation.form.signIn")}
          </a>
        </p>
      ) : (
        <form method="post" action={`${consultationPath(c.id)}/comments`} class="stack" novalidate>
          <ErrorSummary t={t} errors={form.errors} firstField="text" />
          <CsrfField token={ctx.csrfToken} />
          {paging.page > 1 && <input type="hidden" name="page" value={String(paging.page)} />}
          <div class={form.errors.fields.article ? "field-error" : undefined}>
            <label for="article">{t("consultation.form.article")}</label>
            {form.errors.fields.article && (
              <span class="error-message" id="article-error">
                {form.errors.fields.article}
              </span>
            )}
            <select
              id="article"
              name="article"
              aria-describedby={form.errors.fields.article ? "article-error" : undefined}
            >
              <option value="">{t("consultation.form.overall")}</option>
              {v.articles.map((a) => (
                <option
                  key={a.position}
                  value={String(a.position)}
                  selected={form.article === String(a.position)}
                >
                  {a.number}
                  {a.heading ? ` ${a.heading}` : ""}
                </option>
              ))}
            </select>
          </div>
          <div class={form.errors.fields.text ? "field-error" : undefined}>
            <label for="text">{t("consultation.form.text")}</label>
            <span class="hint" id="text-hint">
              {t("consultation.form.textHint", { max: COMMENT_MAX })}
            </span>
            {form.errors.fields.text && (
              <span class="error-message" id="text-error">
                {form.errors.fields.text}
              </span>
            )}
            <textarea
              id="text"
              name="text"
              rows={6}
              maxlength={COMMENT_MAX}
              aria-invalid={form.errors.fields.text ? "true" : undefined}
              aria-describedby={`text-hint${form.errors.fields.text ? " text-error" : ""}`}
            >
              {form.text}
            </textarea>
          </div>
          <div>
            <button class="button" type="submit">
              {t("consultation.form.submit")}
            </button>
          </div>
        </form>
      )}
      {v.summary && !v.summary.published && <SummarySection ctx={ctx} v={v} />}
    </>
  );
}

/** The feedback summary: counts by adoption, how many comments were hidden, each point with its reason. */
export function SummarySection({ ctx, v }: { ctx: PageContext; v: ConsultationView }) {
  const { t } = ctx;
  const s = v.summary;
  if (!s) return null;
  return (
    <section aria-labelledby="summary-h">
      <h2 id="summary-h">{t("consultation.summary.title")}</h2>
      {!s.published && <p class="meta">{t("consultation.summary.draftNote")}</p>}
      <p>
        {t("consultation.summary.counts", {
          adopted: s.byAdoption.adopted,
          partly: s.byAdoption.partly_adopted,
          not: s.byAdoption.not_adopted,
        })}{" "}
        {v.counts.hidden > 0 && t("consultation.summary.hidden", { hidden: v.counts.hidden })}
      </p>
      <ol>
        {s.points.map((p) => (
          <li key={p.id}>
            <p>
              <span class="tag">{t(`consultation.adoption.${p.adoption}` as MessageKey)}</span>{" "}
              <span lang="zh-CN">{p.summary}</span>
            </p>
            {p.reason && <p lang="zh-CN">{t("consultation.summary.reason", { reason: p.reason })}</p>}
            {p.commentIds.length > 0 && (
              <p class="meta">
                {t("consultation.summary.comments", {
                  tags: p.commentIds.map((id) => tagName(ctx, s.authorTags.get(id) ?? "—")).join("、"),
                })}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
