import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, Submit } from "../applicants/form-kit.tsx";
import { When } from "../cases/work-kit.tsx";
import { AttachmentList } from "./attachment-views.tsx";
import { TextArea } from "./citizen-views.tsx";
import { SATISFACTIONS } from "./tables.ts";
import type { MyRequest, PublicReply, RequestView } from "./views.ts";

const k = (key: string) => key as MessageKey;
const catName = (ctx: PageContext, c: { name: string; nameEn: string }) =>
  ctx.locale === "en" ? c.nameEn : c.name;
const dayText = (ctx: PageContext, at: Date) =>
  new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
  }).format(at);

export function LookupPage({ ctx, notFound }: { ctx: PageContext; notFound: boolean }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("requests.follow.lookup")}</h1>
      <p class="lead">{t("requests.follow.lookupLead")}</p>
      {notFound && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>
            <a href="#number">{t("requests.follow.notFound")}</a>
          </p>
        </div>
      )}
      <form class="stack" method="get" action="/requests/follow">
        <Field id="number" label={t("requests.follow.number")} inputmode="numeric" autocomplete="off" />
        <Field id="token" label={t("requests.filed.token")} autocomplete="off" />
        <Submit>{t("requests.follow.go")}</Submit>
      </form>
    </>
  );
}

/** The request as its requester follows it; the token rides along in the forms, never in a cookie. */
export function FollowPage(props: {
  ctx: PageContext;
  view: RequestView;
  token?: string | undefined;
  filed: boolean;
  errors: FormErrors;
}) {
  const { ctx, view, token, filed, errors } = props;
  const { t } = ctx;
  const path = `/requests/${view.number}`;
  return (
    <>
      <h1>{t("requests.follow.title", { number: view.number })}</h1>
      {filed && (
        <div class="notice" role="status">
          <h2>{t("requests.filed.title")}</h2>
          <p>{t("requests.filed.keep")}</p>
          <dl class="facts">
            <dt>{t("requests.follow.number")}</dt>
            <dd>{view.number}</dd>
            {token && (
              <>
                <dt>{t("requests.filed.token")}</dt>
                <dd>
                  <code>{token}</code>
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
      <ErrorSummary t={t} errors={errors} firstField="reason" />
      <dl class="facts">
        <dt>{t("requests.field.category")}</dt>
        <dd>{catName(ctx, view.category)}</dd>
        <dt>{t("requests.view.state")}</dt>
        <dd>{t(k(`requests.state.${view.state}`))}</dd>
        <dt>{t("requests.view.received")}</dt>
        <dd>
          <When ctx={ctx} at={view.receivedAt} />
        </dd>
        <dt>{t("requests.view.due")}</dt>
        <dd>
          <When ctx={ctx} at={view.dueAt} day /> {view.overdue && t("requests.view.dueOver")}
        </dd>
        {view.holder && (
          <>
            <dt>{t("requests.view.holder")}</dt>
            <dd>{catName(ctx, view.holder)}</dd>
          </>
        )}
      </dl>
      <h2>{t("requests.field.text")}</h2>
      <p class="pre">{view.text}</p>
      <AttachmentList
        ctx={ctx}
        files={view.files}
        href={(f) =>
          `/api/v1${path}/attachments/${f.sha256}${token ? `?token=${encodeURIComponent(token)}` : ""}`
        }
      />
      <h2>{t("requests.view.reply")}</h2>
      {view.reply ? <p class="pre">{view.reply.text}</p> : <p>{t("requests.view.noReply")}</p>}
      {view.satisfaction && (
        <p>
          {t("requests.view.satisfaction", { value: t(k(`requests.satisfaction.${view.satisfaction}`)) })}
        </p>
      )}
      {view.actions.includes("rate") && (
        <form class="stack" method="post" action={`${path}/rate`}>
          <CsrfField token={ctx.csrfToken} />
          {token && <input type="hidden" name="token" value={token} />}
          <fieldset>
            <legend>{t("requests.rate.title")}</legend>
            {SATISFACTIONS.map((s, i) => (
              <div key={s}>
                <input
                  type="radio"
                  id={`satisfaction-${s}`}
                  name="satisfaction"
                  value={s}
                  checked={i === 0}
                />
                <label for={`satisfaction-${s}`}>{t(k(`requests.satisfaction.${s}`))}</label>
              </div>
            ))}
          </fieldset>
          <Submit>{t("requests.rate.submit")}</Submit>
        </form>
      )}
      {view.actions.includes("reopen") && view.reopenUntil && (
        <form class="stack" method="post" action={`${path}/reopen`}>
          <CsrfField token={ctx.csrfToken} />
          {token && <input type="hidden" name="token" value={token} />}
          <h2>{t("requests.reopen.title")}</h2>
          <p class="hint">{t("requests.reopen.until", { date: dayText(ctx, view.reopenUntil) })}</p>
          <TextArea id="reason" label={t("requests.reopen.reason")} error={errors.fields.reason} rows={3} />
          <Submit>{t("requests.reopen.submit")}</Submit>
        </form>
      )}
      <h2>{t("requests.view.history")}</h2>
      <ol>
        {view.events.map((e) => (
          <li key={`${e.at.toISOString()}${e.action}`}>
            <When ctx={ctx} at={e.at} /> {t(k(`requests.action.${e.action}`))}
            {e.department ? ` · ${catName(ctx, e.department)}` : ""}
            {e.reason ? ` · ${e.reason}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}

export function RepliesPage({
  ctx,
  replies,
  next,
}: {
  ctx: PageContext;
  replies: PublicReply[];
  next: string | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("requests.replies.title")}</h1>
      <p class="lead">{t("requests.replies.lead")}</p>
      {replies.length === 0 && <p>{t("requests.replies.none")}</p>}
      {replies.map((r) => (
        <article key={r.number} class="reply">
          <h2>
            {t(k(`requests.kind.${r.kind}`))} · {r.number}
          </h2>
          <p class="meta">
            <When ctx={ctx} at={r.replied_at} />
          </p>
          <p class="pre">{r.reply_public_text}</p>
        </article>
      ))}
      {next && (
        <p>
          <a href={next}>{t("requests.replies.more")}</a>
        </p>
      )}
    </>
  );
}

export function MinePage({ ctx, items }: { ctx: PageContext; items: MyRequest[] }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("requests.mine.title")}</h1>
      {items.length === 0 ? (
        <p>{t("requests.mine.none")}</p>
      ) : (
        <ul>
          {items.map((r) => (
            <li key={r.number}>
              <a href={`/requests/${r.number}`}>{r.number}</a> · {t(k(`requests.state.${r.state}`))} ·{" "}
              <When ctx={ctx} at={r.receivedAt} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/requests/new">{t("requests.new.title")}</a>
      </p>
    </>
  );
}
