import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { When } from "../cases/work-kit.tsx";
import { Pager } from "../catalog/public-views.tsx";
import { COMMENTS_PER_PAGE, type PublicComment, pageCount } from "./comments.ts";
import type { ConsultationView } from "./view.ts";
import { consultationPath, Lines } from "./views.tsx";

/** The page of comments shown, and the address of any other page. */
export interface CommentPaging {
  page: number;
  href: (page: number) => string;
}

const tagName = (ctx: PageContext, tag: string) => ctx.t("consultation.pseudonym", { tag });

function CommentLine({
  ctx,
  c,
  articleNumber,
}: {
  ctx: PageContext;
  c: PublicComment;
  articleNumber: string | null;
}) {
  const { t } = ctx;
  const reason = c.hiddenReason ? t(`consultation.hide.${c.hiddenReason}` as MessageKey) : "";
  return (
    <li id={`comment-${c.id}`}>
      <div>
        <p class="meta">
          {tagName(ctx, c.authorTag)} ·{" "}
          {articleNumber
            ? t("consultation.comments.onArticle", { number: articleNumber })
            : t("consultation.comments.overall")}{" "}
          · <When ctx={ctx} at={c.createdAt} />
          {c.mine && <> {t("consultation.comment.mine")}</>}
        </p>
        {c.hiddenReason && (
          <p>
            <em>
              {c.mine
                ? t("consultation.comment.hiddenMine", { reason })
                : t("consultation.comment.hidden", { reason })}
            </em>
          </p>
        )}
        {c.text !== null && <Lines text={c.text} />}
      </div>
    </li>
  );
}

/**
 * Previous and next links, plain links that work without JavaScript. A page past the last (an old
 * link, comments withdrawn since) is no error: it says so and leads back to the last page.
 */
export function CommentPager({
  ctx,
  total,
  shown,
  paging,
}: {
  ctx: PageContext;
  total: number;
  shown: number;
  paging: CommentPaging;
}) {
  const { t } = ctx;
  const pages = pageCount(total);
  if (shown === 0 && paging.page > 1) {
    const last = Math.max(pages, 1);
    return (
      <p>
        {t("consultation.comments.pastEnd", { page: paging.page })}{" "}
        <a href={paging.href(last)}>{t("consultation.comments.back", { page: last })}</a>
      </p>
    );
  }
  if (pages <= 1) return null;
  return (
    <>
      <p class="meta">{t("consultation.comments.order", { size: COMMENTS_PER_PAGE })}</p>
      <Pager ctx={ctx} page={paging.page} pages={pages} href={paging.href} />
    </>
  );
}

/** One page of the comments, newest first, under pseudonyms. */
export function CommentList({
  ctx,
  v,
  paging,
}: {
  ctx: PageContext;
  v: ConsultationView;
  paging: CommentPaging;
}) {
  const numberOf = (position: number | null) =>
    v.articles.find((a) => a.position === position)?.number ?? null;
  return (
    <>
      <h2 id="comments">{ctx.t("consultation.comments")}</h2>
      {v.comments.length > 0 ? (
        <ul class="list">
          {v.comments.map((cm) => (
            <CommentLine key={cm.id} ctx={ctx} c={cm} articleNumber={numberOf(cm.article)} />
          ))}
        </ul>
      ) : (
        paging.page === 1 && <p>{ctx.t("consultation.comments.none")}</p>
      )}
      <CommentPager ctx={ctx} total={v.counts.total} shown={v.comments.length} paging={paging} />
    </>
  );
}

/** The reader's own comments, each with its withdraw button, whichever page of the others is shown. */
export function MyComments({ ctx, v, page }: { ctx: PageContext; v: ConsultationView; page: number }) {
  const { t } = ctx;
  if (v.phase !== "open" || v.mine.length === 0) return null;
  return (
    <>
      <h3>{t("consultation.comments.mine")}</h3>
      <ul class="actions">
        {v.mine.map((cm) => (
          <li key={cm.id}>
            <form
              method="post"
              action={`${consultationPath(v.consultation.id)}/comments/${cm.id}/withdraw`}
              class="inline"
            >
              <CsrfField token={ctx.csrfToken} />
              {page > 1 && <input type="hidden" name="page" value={String(page)} />}
              <button class="link-button" type="submit">
                {t("consultation.comment.withdraw")} · <When ctx={ctx} at={cm.createdAt} />
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
