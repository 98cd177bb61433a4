import type { ComponentChildren } from "preact";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, type FormErrors } from "../applicants/form-kit.tsx";
import { CommentPager, type CommentPaging } from "./comment-list.tsx";
import { SummarySection } from "./consultation-page.tsx";
import { Area, Box, type DraftValues, staffPath } from "./staff-views.tsx";
import { ADOPTIONS, HIDE_REASONS } from "./tables.ts";
import type { ConsultationView } from "./view.ts";
import { consultationPath, Lines, Period } from "./views.tsx";

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

/** The page of comments a form was posted from, so the answer shows the same page. */
const PageField = ({ page }: { page: number }) =>
  page > 1 ? <input type="hidden" name="page" value={String(page)} /> : null;

/** One consultation for its department's staff: the draft, or the comments to moderate and the summary. */
export function StaffConsultation({
  ctx,
  v,
  draftForm,
  pointErrors,
  pointValues,
  paging,
}: {
  ctx: PageContext;
  v: ConsultationView;
  draftForm?: ComponentChildren;
  pointErrors: FormErrors;
  pointValues: DraftValues;
  paging: CommentPaging;
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
            <label for="file">{t("consultation.staff.attach")}</label>
            <span class="hint" id="file-hint">
              {t("consultation.staff.attachHint")}
            </span>
            <input
              id="file"
              name="file"
              type="file"
              accept="application/pdf,image/jpeg,image/png"
              aria-describedby="file-hint"
            />
            <div>
              <button class="button" type="submit">
                {t("consultation.staff.attach")}
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
          <h2 id="moderation">{t("consultation.staff.moderate")}</h2>
          {v.comments.length === 0 && paging.page === 1 && <p>{t("consultation.comments.none")}</p>}
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
                    <PageField page={paging.page} />
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
          <CommentPager ctx={ctx} total={v.counts.total} shown={v.comments.length} paging={paging} />
        </>
      )}
      {(v.phase === "upcoming" || v.phase === "open") && (
        <p class="hint">{t("consultation.staff.summaryLater")}</p>
      )}
      {v.phase === "summarised" && <SummarySection ctx={ctx} v={v} />}
      {v.phase === "closed" && (
        <SummaryEditor ctx={ctx} v={v} errors={pointErrors} values={pointValues} page={paging.page} />
      )}
    </>
  );
}

function SummaryEditor({
  ctx,
  v,
  errors,
  values,
  page,
}: {
  ctx: PageContext;
  v: ConsultationView;
  errors: FormErrors;
  values: DraftValues;
  page: number;
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
        <PageField page={page} />
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
