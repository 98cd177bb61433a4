import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { CsrfField } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { rectifySetting, setRectifyDays } from "./settings.ts";

/** The page where an administrator sets a region's rectification period. */
export const ratingSettingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  const signIn = (reply: FastifyReply, back: string) =>
    reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);

  async function settingsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    region: string | undefined,
    problem?: string,
  ) {
    const ctx = pageContext(request, reply, true);
    const { t } = ctx;
    const current = region ? await rectifySetting(db, request.actor, region) : undefined;
    const source = current
      ? current.source === "inherited"
        ? t("rating.settings.inherited", { from: current.fromRegionCode ?? "" })
        : t(`rating.settings.${current.source}`)
      : "";
    return sendPage(
      reply,
      ctx,
      t("rating.settings.title"),
      <>
        <h1>{t("rating.settings.title")}</h1>
        <ProblemSummary
          title={t("account.errorSummary")}
          problems={problem ? [{ id: "days", text: problem }] : []}
        />
        {current && (
          <p role="status">
            {t("rating.settings.current", { region: current.regionCode, days: current.days, source })}
          </p>
        )}
        <form method="get" action="/work/rating-settings" class="inline">
          <label for="region">{t("rating.settings.region")}</label>
          <input type="text" id="region" name="region" value={region ?? ""} inputmode="numeric" />
          <button class="button secondary" type="submit">
            {t("rating.work.open")}
          </button>
        </form>
        {current && (
          <form method="post" action={`/work/rating-settings/${current.regionCode}`} class="stack">
            <CsrfField token={ctx.csrfToken} />
            <label for="days">{t("rating.settings.days")}</label>
            <input
              type="number"
              id="days"
              name="days"
              min={1}
              max={60}
              value={String(current.days)}
              required
            />
            <div>
              <button class="button" type="submit">
                {t("rating.settings.save")}
              </button>
            </div>
          </form>
        )}
      </>,
      { styles: ["work.css"] },
    );
  }

  app.get(
    "/work/rating-settings",
    {
      config: { policy: "rating.settings" },
      schema: {
        hide: true,
        querystring: Type.Object({ region: Type.Optional(Type.String({ pattern: "^\\d{2,12}$" })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      const region =
        request.query.region ??
        request.actor.grants.find((g) => g.role === "administrator")?.jurisdictionCode;
      return settingsPage(request, reply, region);
    },
  );

  app.post(
    "/work/rating-settings/:region",
    {
      config: { policy: "rating.settings" },
      schema: {
        hide: true,
        params: Type.Object({ region: Type.String({ pattern: "^\\d{2,12}$" }) }),
        body: Type.Object({ days: Type.Optional(Type.String({ maxLength: 4 })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, "/work/rating-settings");
      const days = /^\d{1,2}$/.test(request.body.days ?? "") ? Number(request.body.days) : 0;
      try {
        await setRectifyDays(db, request.actor, request.params.region, days, { requestId: request.id });
        return reply.redirect(`/work/rating-settings?region=${request.params.region}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.status !== 400) throw error;
        reply.code(400);
        return settingsPage(request, reply, request.params.region, request.t("rating.settings.days"));
      }
    },
  );
};
