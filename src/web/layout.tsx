import type { ComponentChildren } from "preact";
import type { Locale } from "../platform/config.ts";
import type { Translate } from "../platform/i18n/index.ts";
import { type Actor, can } from "../platform/policy.ts";
import { assetUrl } from "./assets.ts";

/** What every page needs to know about the request it answers. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  elder: boolean;
  actor: Actor;
  /** Path and query of this page: where the language and mode switches come back to. */
  path: string;
  /** A token for forms on the page; present when the page posts anything. */
  csrfToken: string | undefined;
}

export function CsrfField({ token }: { token: string | undefined }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

function switchHref(kind: "lang" | "mode", to: string, back: string): string {
  return `/preferences/${kind}?to=${encodeURIComponent(to)}&back=${encodeURIComponent(back)}`;
}

export function Layout({
  ctx,
  title,
  children,
  styles = [],
  scripts = [],
}: {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Further stylesheets of src/web/assets, by name, after app.css. */
  styles?: string[];
  /** Enhancement scripts (src/web/scripts, bundled), by name ("admin.js"); the page works without them. */
  scripts?: string[];
}) {
  const { t, actor } = ctx;
  const otherLang = t("lang.otherCode");
  return (
    <html lang={ctx.locale} class={ctx.elder ? "elder" : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t("site.name")}`}</title>
        <link rel="stylesheet" href={assetUrl("app.css")} />
        {styles.map((name) => (
          <link key={name} rel="stylesheet" href={assetUrl(name)} />
        ))}
        {scripts.map((name) => (
          <script key={name} src={assetUrl(name)} defer />
        ))}
        <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t("a11y.skip")}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              {t("site.name")}
              <small>{t("site.tagline")}</small>
            </a>
            <nav class="nav" aria-label={t("a11y.mainNav")}>
              <ul>
                <li>
                  <a href="/">{t("nav.home")}</a>
                </li>
                <li>
                  <a href="/services">{t("services.nav")}</a>
                </li>
                <li>
                  <a href="/disclosure">{t("nav.disclosure")}</a>
                </li>
                <li>
                  <a href="/regions">{t("nav.regions")}</a>
                </li>
                <li>
                  <a href="/docs">{t("nav.apiDocs")}</a>
                </li>
                {actor.kind === "staff" && (
                  <li>
                    <a href="/me">{t("nav.me")}</a>
                  </li>
                )}
                {can(actor, "worklist.read") && (
                  <li>
                    <a href="/work">{t("work.nav")}</a>
                  </li>
                )}
                {actor.kind === "person" && (
                  <li>
                    <a href="/applications">{t("nav.applications")}</a>
                  </li>
                )}
                {actor.kind === "person" && (
                  <li>
                    <a href="/wallet">{t("wallet.nav")}</a>
                  </li>
                )}
                {actor.kind !== "anonymous" && (
                  <li>
                    <a href="/inbox">{t("nav.inbox")}</a>
                  </li>
                )}
                {actor.kind === "person" && (
                  <li>
                    <a href="/account">{t("nav.account")}</a>
                  </li>
                )}
              </ul>
            </nav>
            <ul class="tools">
              <li>
                <a href={switchHref("lang", otherLang, ctx.path)} lang={otherLang} hreflang={otherLang}>
                  {t("lang.other")}
                </a>
              </li>
              <li>
                <a href={switchHref("mode", ctx.elder ? "standard" : "elder", ctx.path)}>
                  {ctx.elder ? t("mode.elder.off") : t("mode.elder.on")}
                </a>
              </li>
              {actor.kind === "anonymous" ? (
                <>
                  <li>
                    <a href="/account/signin">{t("account.nav.signin")}</a>
                  </li>
                  <li>
                    <a href="/account/signup">{t("account.nav.signup")}</a>
                  </li>
                  <li>
                    <a href="/signin">{t("nav.signIn")}</a>
                  </li>
                </>
              ) : (
                <li>
                  <form method="post" action={actor.kind === "staff" ? "/signout" : "/account/signout"}>
                    <CsrfField token={ctx.csrfToken} />
                    <button type="submit" class="link-button">
                      {t("nav.signOut")}
                    </button>
                  </form>
                </li>
              )}
            </ul>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap">{children}</div>
        </main>
        <footer class="site-footer">
          <div class="wrap">{t("footer.text")}</div>
        </footer>
      </body>
    </html>
  );
}

export interface Crumb {
  label: string;
  href?: string;
}

export function Breadcrumb({ ctx, items }: { ctx: PageContext; items: Crumb[] }) {
  return (
    <nav class="breadcrumb" aria-label={ctx.t("a11y.breadcrumb")}>
      <ol>
        {items.map((item, i) => (
          <li key={item.href ?? item.label}>
            {item.href && i < items.length - 1 ? (
              <a href={item.href}>{item.label}</a>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
