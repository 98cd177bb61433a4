import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { pageContext, renderDocument, sendPage } from "../../web/render.tsx";
import { formErrors, problemText, type Values } from "../applicants/form-kit.tsx";
import { qrImage } from "./qr-image.ts";
import { licenceToShare, myWallet, revokeShare, shareLicence } from "./wallet.ts";
import {
  type LicenceHeader,
  ShareFormPage,
  ShareMadePage,
  WalletPage,
  walletPaths,
} from "./wallet-views.tsx";

const LicenceParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const ShareParams = Type.Object({ shareId: Type.String({ maxLength: 40 }) });
const text = Type.Optional(Type.String({ maxLength: 1000 }));

const origin = (request: FastifyRequest) => ({ requestId: request.id });

function signIn(reply: FastifyReply, back: string) {
  return reply.redirect(`/account/signin?next=${encodeURIComponent(back)}`, 303);
}

/**
 * The wallet (证照夹) for a signed-in person: their licences and their organisations', each with its
 * certificate, its public check and its share links; making a link (a form, then the link and its QR
 * code, shown once); ending one. Everything works without JavaScript.
 */
export const walletPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  async function wallet(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { notice?: string; problem?: string },
  ) {
    const entries = await myWallet(db, request.actor);
    const ctx = pageContext(request, reply, true);
    return sendPage(reply, ctx, ctx.t("wallet.title"), <WalletPage ctx={ctx} entries={entries} {...state} />);
  }

  function shareForm(
    request: FastifyRequest,
    reply: FastifyReply,
    licence: LicenceHeader,
    state: { refusal?: string | undefined; values?: Values; errors?: ReturnType<typeof formErrors> },
  ) {
    const ctx = pageContext(request, reply, true);
    const title = state.errors
      ? ctx.t("wallet.errorTitle", { title: ctx.t("wallet.share.title") })
      : ctx.t("wallet.share.title");
    return sendPage(
      reply,
      ctx,
      title,
      <ShareFormPage
        ctx={ctx}
        licence={licence}
        refusal={state.refusal}
        {...(state.values ? { values: state.values } : {})}
        {...(state.errors ? { errors: state.errors } : {})}
      />,
    );
  }

  app.get(
    "/wallet",
    {
      config: { policy: "wallet.read" },
      schema: {
        hide: true,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, walletPaths.wallet);
      const notice = request.query.done === "revoked" ? request.t("wallet.share.revokedNotice") : undefined;
      return wallet(request, reply, notice ? { notice } : {});
    },
  );

  app.get(
    "/wallet/licences/:id/share",
    { config: { policy: "licence.share" }, schema: { hide: true, params: LicenceParams } },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, request.url);
      const { licence, refusal } = await licenceToShare(db, request.actor, request.params.id);
      return shareForm(request, reply, licence, {
        refusal: refusal && problemText(refusal, request.t),
      });
    },
  );

  app.post(
    "/wallet/licences/:id/shares",
    {
      config: { policy: "licence.share" },
      schema: { hide: true, params: LicenceParams, body: Type.Object({ recipient: text, lifetime: text }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, walletPaths.shareForm(request.params.id));
      const values = request.body as Values;
      try {
        const made = await shareLicence(
          db,
          request.actor,
          request.params.id,
          { recipient: values.recipient, lifetime: values.lifetime },
          { baseUrl: config.baseUrl },
          origin(request),
        );
        const ctx = pageContext(request, reply, true);
        const page: ComponentChildren = (
          <ShareMadePage
            ctx={ctx}
            licence={made.licence}
            share={made.share}
            url={made.url}
            qr={await qrImage(made.url)}
          />
        );
        // The token is on this page and nowhere else: no cache, no history copy worth keeping.
        return reply
          .code(201)
          .header("cache-control", "no-store")
          .header("vary", "Cookie")
          .type("text/html; charset=utf-8")
          .send(renderDocument(ctx, ctx.t("wallet.made.title"), page));
      } catch (error) {
        if (!isAppError(error) || (error.status !== 400 && error.status !== 409)) throw error;
        const { licence } = await licenceToShare(db, request.actor, request.params.id);
        reply.code(error.status);
        if (error.status === 409)
          return shareForm(request, reply, licence, { refusal: problemText(error, request.t) });
        return shareForm(request, reply, licence, { values, errors: formErrors(error, request.t) });
      }
    },
  );

  app.post(
    "/wallet/shares/:shareId/revoke",
    { config: { policy: "licence.share" }, schema: { hide: true, params: ShareParams } },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, walletPaths.wallet);
      try {
        const share = await revokeShare(db, request.actor, request.params.shareId, {}, origin(request));
        return reply.redirect(`${walletPaths.wallet}?done=revoked#share-${share.id}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.status !== 409) throw error;
        return wallet(request, reply.code(409), { problem: problemText(error, request.t) });
      }
    },
  );
};
