import type { FastifyReply } from "fastify";
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import { assetUrl } from "../../web/assets.ts";
import type { PageContext } from "../../web/layout.tsx";
import type { BoardView } from "./queue.ts";
import type { Site } from "./sites.ts";

/** The name of a site in the reader's language. */
export const siteName = (ctx: PageContext, site: Site) =>
  ctx.locale === "en" && site.nameEn ? site.nameEn : site.name;

/**
 * A page for a hall's own screens (the board, the kiosk) and the ticket a phone follows: big type, no
 * site navigation, a refresh where the page must keep itself current. `refresh` in a noscript only
 * refreshes where JavaScript is off; the board's script then polls instead.
 */
export function sendHallScreen(
  reply: FastifyReply,
  ctx: PageContext,
  options: {
    title: string;
    site: Site;
    body: ComponentChildren;
    refresh?: { seconds: number; onlyWithoutScript: boolean };
    script?: string;
    kind: "board" | "kiosk" | "ticket";
  },
) {
  const { t } = ctx;
  const refresh = options.refresh && <meta http-equiv="refresh" content={String(options.refresh.seconds)} />;
  const otherLang = t("lang.otherCode");
  const html = renderToString(
    <html lang={ctx.locale} class={ctx.elder ? "elder" : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${options.title} · ${siteName(ctx, options.site)}`}</title>
        <link rel="stylesheet" href={assetUrl("app.css")} />
        <link rel="stylesheet" href={assetUrl("hall.css")} />
        {options.refresh?.onlyWithoutScript ? <noscript>{refresh}</noscript> : refresh}
        {options.script ? <script src={assetUrl(options.script)} defer /> : null}
      </head>
      <body class={`hall-screen hall-${options.kind}`}>
        <a class="skip" href="#main">
          {t("a11y.skip")}
        </a>
        <header class="hall-head">
          <span class="hall-site">{siteName(ctx, options.site)}</span>
          <a
            href={`/preferences/lang?to=${encodeURIComponent(otherLang)}&back=${encodeURIComponent(ctx.path)}`}
            lang={otherLang}
            hreflang={otherLang}
          >
            {t("lang.other")}
          </a>
        </header>
        <main id="main" tabindex={-1}>
          {options.body}
        </main>
      </body>
    </html>,
  );
  return reply
    .header("cache-control", "private, no-cache")
    .header("vary", "Cookie")
    .type("text/html; charset=utf-8")
    .send(`<!doctype html>${html}`);
}

/** The board: the latest call large, the calls before it, and how many wait per category. */
export function BoardScreen({ ctx, board }: { ctx: PageContext; board: BoardView }) {
  const { t } = ctx;
  const [latest, ...earlier] = board.calls;
  return (
    <div class="board" data-board={`/api/v1/sites/${board.site.code}/queue`}>
      <h1 class="visually-hidden">{t("queue.board.title")}</h1>
      <section class="board-calls" aria-labelledby="calls-title" aria-live="polite">
        <h2 id="calls-title">{t("queue.board.calls")}</h2>
        <p class="board-latest" data-latest>
          {latest
            ? t("queue.board.call", { number: latest.number, window: latest.windowLabel })
            : board.openNow
              ? t("queue.board.noCalls")
              : t("queue.board.closed")}
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("queue.board.number")}</th>
              <th scope="col">{t("queue.board.window")}</th>
            </tr>
          </thead>
          <tbody data-calls>
            {earlier.map((call) => (
              <tr key={call.number + call.calledAt.toISOString()}>
                <td>{call.number}</td>
                <td>{call.windowLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="board-waiting" aria-labelledby="waiting-title">
        <h2 id="waiting-title">{t("queue.board.waiting")}</h2>
        <ul data-waiting>
          {board.categories.map((c) => (
            <li key={c.prefix} data-prefix={c.prefix}>
              <span>
                {t("queue.category", {
                  prefix: c.prefix,
                  name: ctx.locale === "en" && c.nameEn ? c.nameEn : c.name,
                })}
              </span>
              <strong>{c.waiting}</strong>
            </li>
          ))}
        </ul>
      </section>
      <template data-call-words>{t("queue.board.call", { number: "{number}", window: "{window}" })}</template>
      <template data-no-calls>{t("queue.board.noCalls")}</template>
    </div>
  );
}
