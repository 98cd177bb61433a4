import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { LOCALES } from "../../platform/config.ts";
import { errors } from "../../platform/errors.ts";
import { localPath } from "../../platform/http/request-context.ts";
import { isLocale } from "../../platform/i18n/index.ts";
import { pageContext, sendPage } from "../../web/render.tsx";

const ONE_YEAR = 365 * 24 * 3600;

const Switch = Type.Object({
  to: Type.String({ maxLength: 20 }),
  back: Type.Optional(Type.String({ maxLength: 2000 })),
});

/** Where the public reads what the government publishes and has its say. */
const VOICE = [
  ["/disclosure", "home.disclosure", "home.disclosureText"],
  ["/requests", "home.requests", "home.requestsText"],
  ["/consultations", "home.consultations", "home.consultationsText"],
  ["/ratings", "home.ratings", "home.ratingsText"],
  ["/ranking", "home.ranking", "home.rankingText"],
  ["/open-data", "insights.open.title", "insights.open.homeText"],
] as const;

export async function homePages(app: FastifyInstance): Promise<void> {
  app.get("/", { config: { policy: "public" }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t("nav.home"),
      <>
        <h1>{t("home.title")}</h1>
        <p class="lead">{t("home.lead")}</p>
        <ul class="cards">
          <li class="card">
            <h2>
              <a href="/services">{t("services.nav")}</a>
            </h2>
            <p>{t("services.homeText")}</p>
          </li>
          <li class="card">
            <h2>
              <a href="/regions">{t("home.regions")}</a>
            </h2>
            <p>{t("home.regionsText")}</p>
          </li>
          {VOICE.map(([href, title, text]) => (
            <li class="card" key={href}>
              <h2>
                <a href={href}>{t(title)}</a>
              </h2>
              <p>{t(text)}</p>
            </li>
          ))}
          <li class="card">
            <h2>
              <a href={ctx.actor.kind === "staff" ? "/me" : "/signin"}>{t("home.staff")}</a>
            </h2>
            <p>{t("home.staffText")}</p>
          </li>
          <li class="card">
            <h2>
              <a href="/docs">{t("home.api")}</a>
            </h2>
            <p>{t("home.apiText")}</p>
          </li>
        </ul>
      </>,
    );
  });

  // Plain links, so the switches work without JavaScript; the choice is remembered in a cookie.
  app.get(
    "/preferences/lang",
    { config: { policy: "public" }, schema: { hide: true, querystring: Switch } },
    async (request, reply) => {
      const { to, back } = request.query as { to: string; back?: string };
      if (!isLocale(to))
        throw errors.validation([{ field: "/query/to", message: `must be one of ${LOCALES.join(", ")}` }]);
      app.cookieJar.set(reply, "lang", to, { maxAge: ONE_YEAR });
      return reply.redirect(localPath(back), 303);
    },
  );

  app.get(
    "/preferences/mode",
    { config: { policy: "public" }, schema: { hide: true, querystring: Switch } },
    async (request, reply) => {
      const { to, back } = request.query as { to: string; back?: string };
      if (to !== "elder" && to !== "standard") {
        throw errors.validation([{ field: "/query/to", message: "must be elder or standard" }]);
      }
      app.cookieJar.set(reply, "mode", to, { maxAge: ONE_YEAR });
      return reply.redirect(localPath(back), 303);
    },
  );
}
