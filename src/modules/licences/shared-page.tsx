import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { ComponentChildren } from "preact";
import { Type } from "typebox";
import { chinaDateTime } from "../../platform/documents/dates.ts";
import { isAppError } from "../../platform/errors.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, renderDocument } from "../../web/render.tsx";
import { Details, Result } from "./pages.tsx";
import { openShare, type SharedLicence } from "./wallet.ts";

/**
 * A page that holds what only its link should open: kept by no cache, listed by no search engine.
 * (The referrer policy every page has — no-referrer — keeps the token out of the links it leads to.)
 */
export function sendPrivatePage(
  reply: FastifyReply,
  ctx: PageContext,
  title: string,
  body: ComponentChildren,
) {
  return reply
    .header("cache-control", "no-store")
    .header("x-robots-tag", "noindex, nofollow")
    .header("vary", "Cookie")
    .type("text/html; charset=utf-8")
    .send(renderDocument(ctx, title, body));
}

function SharedPage({ ctx, shared, now }: { ctx: PageContext; shared: SharedLicence; now: Date }) {
  const { t } = ctx;
  const checked = shared.verification;
  return (
    <>
      <h1>{t("shared.title")}</h1>
      <p class="kicker">{t("verify.number", { id: checked.licence.id })}</p>
      <p class="lead">{t("shared.lead", { recipient: shared.recipient })}</p>
      <p>{t("shared.expires", { at: chinaDateTime(shared.expiresAt, ctx.locale) })}</p>
      <Result ctx={ctx} checked={checked} />
      {/* An altered record's content is not shown: it would be read as if it were the licence. */}
      {checked.genuine && (
        <Details
          ctx={ctx}
          licence={{ ...checked.licence, holderName: shared.holder.name }}
          identifier={shared.holder.identifierMasked}
        />
      )}
      <p class="meta">{t("verify.checkedAt", { time: chinaDateTime(now, ctx.locale) })}</p>
      <p class="meta">{t("shared.how")}</p>
      <p>
        <a href={`/verify/${checked.licence.id}`}>{t("shared.verifyLink")}</a>
      </p>
    </>
  );
}

function GonePage({ ctx, heading, text }: { ctx: PageContext; heading: string; text: string }) {
  const { t } = ctx;
  return (
    <>
      <h1>{heading}</h1>
      <section class="notice" aria-labelledby="shared-result">
        <h2 id="shared-result">{text}</h2>
        <p>{t("shared.askHolder")}</p>
        <p>{t("shared.aboutVerify")}</p>
      </section>
    </>
  );
}

/**
 * Where a share link leads (/s/{token}): no sign-in, no script. The licence as checked now — genuine
 * and valid, or revoked, expired… — with its content, for whom the holder shared it and until when;
 * each opening is recorded for the holder. A link that ended answers 410 saying why and what to do;
 * one that never existed, 404.
 */
export const sharedPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/s/:token",
    {
      config: { policy: "licence.openShare" },
      schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 100 }) }) },
    },
    async (request, reply) => {
      const now = new Date();
      try {
        const shared = await openShare(
          db,
          request.params.token,
          { userAgent: request.headers["user-agent"], ip: request.ip, via: "page" },
          now,
        );
        const ctx = pageContext(request, reply);
        return sendPrivatePage(
          reply,
          ctx,
          ctx.t("shared.title"),
          <SharedPage ctx={ctx} shared={shared} now={now} />,
        );
      } catch (error) {
        if (!isAppError(error) || (error.status !== 404 && error.status !== 410)) throw error;
        const ctx = pageContext(request, reply);
        const { t } = ctx;
        const date = String(error.extra.params?.date ?? "");
        const [title, text] =
          error.code === "share_revoked"
            ? [t("shared.gone.title"), t("shared.gone.revoked", { date })]
            : error.code === "share_expired"
              ? [t("shared.gone.title"), t("shared.gone.expired", { date })]
              : [t("shared.notFound.title"), t("shared.notFound.text")];
        reply.code(error.status);
        return sendPrivatePage(reply, ctx, title, <GonePage ctx={ctx} heading={title} text={text} />);
      }
    },
  );
};
