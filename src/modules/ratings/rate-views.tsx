import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { BAD_TAGS, GOOD_TAGS, LEVELS } from "./levels.ts";
import type { RatingView, RectificationView } from "./present.ts";

export interface RatingFormState {
  level?: string | undefined;
  tags?: string[];
  comment?: string | undefined;
  /** Problems by field id (level, tags, comment), and one for the whole form. */
  problems: { id: string; text: string }[];
}

export const levelName = (t: Translate, level: number) => t(`rating.level.${level}` as MessageKey);
export const tagName = (t: Translate, tag: string) => t(`rating.tag.${tag}` as MessageKey);

export const when = (ctx: PageContext, at: Date | string) =>
  new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(at));

function Tags({
  ctx,
  tags,
  legend,
  chosen,
}: {
  ctx: PageContext;
  tags: readonly string[];
  legend: string;
  chosen: string[];
}) {
  return (
    <fieldset id={tags === GOOD_TAGS ? "tags" : undefined}>
      <legend>{legend}</legend>
      {tags.map((tag) => (
        <label key={tag}>
          <input type="checkbox" name="tags" value={tag} checked={chosen.includes(tag)} />{" "}
          {tagName(ctx.t, tag)}
        </label>
      ))}
    </fieldset>
  );
}

/** The rating form: five levels, the reasons of each group, a comment. Works without JavaScript. */
export function RatingForm({
  ctx,
  action,
  subject,
  state,
}: {
  ctx: PageContext;
  action: string;
  subject: string;
  state: RatingFormState;
}) {
  const { t } = ctx;
  const problemOf = (id: string) => state.problems.find((p) => p.id === id)?.text;
  return (
    <>
      <h1>{t("rating.form.title")}</h1>
      <p class="lead">{subject}</p>
      <ProblemSummary title={t("account.errorSummary")} problems={state.problems} />
      <form method="post" action={action} class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <fieldset id="level" class={problemOf("level") ? "field-error" : undefined}>
          <legend>{t("rating.form.level")}</legend>
          {problemOf("level") && <span class="error-message">{problemOf("level")}</span>}
          {LEVELS.map((level) => (
            <label key={level}>
              <input
                type="radio"
                name="level"
                value={String(level)}
                checked={state.level === String(level)}
                required
              />{" "}
              {levelName(t, level)}
            </label>
          ))}
        </fieldset>
        {problemOf("tags") && <span class="error-message">{problemOf("tags")}</span>}
        <Tags ctx={ctx} tags={GOOD_TAGS} legend={t("rating.form.goodTags")} chosen={state.tags ?? []} />
        <Tags ctx={ctx} tags={BAD_TAGS} legend={t("rating.form.badTags")} chosen={state.tags ?? []} />
        <div class={problemOf("comment") ? "field-error" : undefined}>
          <label for="comment">{t("rating.form.comment")}</label>
          <span class="hint" id="comment-hint">
            {t("rating.form.commentHint")}
          </span>
          {problemOf("comment") && <span class="error-message">{problemOf("comment")}</span>}
          <textarea id="comment" name="comment" rows={4} maxlength={1000} aria-describedby="comment-hint">
            {state.comment ?? ""}
          </textarea>
        </div>
        <p class="hint">{t("rating.form.badNote")}</p>
        <div>
          <button class="button" type="submit">
            {t("rating.form.submit")}
          </button>
        </div>
      </form>
    </>
  );
}

/** One's own rating: the original as given, what was added, and its rectification with the rater's steps. */
/** What a rectification has recorded so far, for the rater and for the staff working it alike. */
export function RectificationFacts({ t, r }: { t: Translate; r: RectificationView }) {
  const facts: [MessageKey, string | null | undefined][] = [
    ["rating.rect.callback", r.callback?.note],
    ["rating.rect.outcome", r.outcome],
    ["rating.rect.contestReason", r.contestReason],
    ["rating.rect.reviewNote", r.reviewNote],
  ];
  return (
    <dl class="facts">
      {facts.map(([label, value]) =>
        value ? (
          <>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </>
        ) : null,
      )}
    </dl>
  );
}

export function MyRating({
  ctx,
  rating,
  notice,
}: {
  ctx: PageContext;
  rating: RatingView;
  notice?: string | undefined;
}) {
  const { t } = ctx;
  const r = rating.rectification;
  const base = `/ratings/mine/${rating.id}`;
  return (
    <>
      <h1>{t("rating.mine.title")}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p>
        <strong>{levelName(t, rating.level)}</strong> · {t(`rating.channel.${rating.channel}` as MessageKey)}{" "}
        · {t("rating.mine.rated", { at: when(ctx, rating.createdAt) })}
      </p>
      {rating.tags.length > 0 && <p>{rating.tags.map((tag) => tagName(t, tag)).join("、")}</p>}
      {rating.comment && <blockquote>{rating.comment}</blockquote>}
      {rating.additions.length > 0 && (
        <>
          <h2>{t("rating.mine.additions")}</h2>
          <ul class="list">
            {rating.additions.map((a) => (
              <li key={a.createdAt}>
                <span class="meta">{when(ctx, a.createdAt)}</span> {a.text}
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action={`${base}/additions`} class="stack">
        <CsrfField token={ctx.csrfToken} />
        <label for="text">{t("rating.mine.addLabel")}</label>
        <textarea id="text" name="text" rows={3} maxlength={1000} required />
        <div>
          <button class="button secondary" type="submit">
            {t("rating.mine.addSubmit")}
          </button>
        </div>
      </form>
      {r && (
        <section aria-labelledby="rect-title">
          <h2 id="rect-title">{t("rating.rect.title")}</h2>
          <p>
            {t(`rating.rect.state.${r.state}` as MessageKey)}
            {r.overdue && r.state !== "closed" ? ` · ${t("rating.rect.overdue")}` : ""}
          </p>
          <p class="meta">{t("rating.rect.due", { at: when(ctx, r.dueAt) })}</p>
          <RectificationFacts t={t} r={r} />
          {r.allowed.includes("accept") && (
            <>
              <form method="post" action={`${base}/steps`} class="inline">
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="step" value="accept" />
                <button class="button" type="submit">
                  {t("rating.rect.accept")}
                </button>
              </form>
              <form method="post" action={`${base}/steps`} class="stack">
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="step" value="contest" />
                <label for="reason">{t("rating.rect.contestLabel")}</label>
                <textarea id="reason" name="text" rows={3} maxlength={2000} required />
                <div>
                  <button class="button secondary" type="submit">
                    {t("rating.rect.contest")}
                  </button>
                </div>
              </form>
            </>
          )}
        </section>
      )}
    </>
  );
}
