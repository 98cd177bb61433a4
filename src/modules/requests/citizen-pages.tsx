import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type FormErrors, NO_ERRORS } from "../applicants/form-kit.tsx";
import { FollowPage, LookupPage, MinePage, RepliesPage } from "./follow-views.tsx";
import * as lifecycle from "./lifecycle.ts";
import type { Satisfaction } from "./tables.ts";
import { followRequest, myRequests, publicReplies } from "./views.ts";

const text = Type.Optional(Type.String({ maxLength: 10_000 }));
const Number16 = Type.Object({ number: Type.String({ pattern: "^\\d{16}$" }) });
const TokenQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 64 })),
  filed: Type.Optional(Type.String({ maxLength: 1 })),
});
const PAGE = 20;

/** The citizen's pages: following, rating and reopening, public replies (the form: new-request-pages.tsx). */
export const citizenPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.platform;
  const db = database.db;

  app.get(
    "/requests/mine",
    { config: { policy: "request.mine" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "person")
        return reply.redirect("/account/signin?next=%2Frequests%2Fmine", 303);
      const ctx = pageContext(request, reply);
      const items = await myRequests(db, request.actor);
      return sendPage(reply, ctx, request.t("requests.mine.title"), <MinePage ctx={ctx} items={items} />);
    },
  );

  app.get(
    "/requests/follow",
    {
      config: { policy: "request.follow", personal: true },
      schema: { hide: true, querystring: Type.Object({ number: text, token: text }) },
    },
    async (request, reply) => {
      const { number, token } = request.query;
      if (number && /^\d{16}$/.test(number.trim()) && token) {
        const found = await followRequest(db, request.actor, number.trim(), token.trim()).catch(
          () => undefined,
        );
        if (found)
          return reply.redirect(`/requests/${found.number}?token=${encodeURIComponent(token.trim())}`, 303);
      }
      const ctx = pageContext(request, reply);
      const tried = number !== undefined || token !== undefined;
      return sendPage(
        reply.code(tried ? 404 : 200),
        ctx,
        request.t("requests.follow.lookup"),
        <LookupPage ctx={ctx} notFound={tried} />,
      );
    },
  );

  async function showFollow(
    request: FastifyRequest,
    reply: FastifyReply,
    number: string,
    token: string | undefined,
    filed: boolean,
    errors: FormErrors,
  ) {
    const view = await followRequest(db, request.actor, number, token);
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("requests.follow.title", { number }),
      <FollowPage ctx={ctx} view={view} token={token} filed={filed} errors={errors} />,
    );
  }

  app.get(
    "/requests/:number",
    {
      config: { policy: "request.follow", personal: true },
      schema: { hide: true, params: Number16, querystring: TokenQuery },
    },
    async (request, reply) =>
      showFollow(
        request,
        reply,
        request.params.number,
        request.query.token,
        request.query.filed === "1",
        NO_ERRORS,
      ),
  );

  const back = (number: string, token: string | undefined) =>
    `/requests/${number}${token ? `?token=${encodeURIComponent(token)}` : ""}`;

  app.post(
    "/requests/:number/rate",
    {
      config: { policy: "request.follow" },
      schema: {
        hide: true,
        params: Number16,
        body: Type.Object({ satisfaction: text, token: text, _csrf: text }),
      },
    },
    async (request, reply) => {
      const { satisfaction, token } = request.body;
      await lifecycle.rate(
        db,
        request.actor,
        request.params.number,
        token,
        (satisfaction ?? "") as Satisfaction,
      );
      return reply.redirect(back(request.params.number, token), 303);
    },
  );

  app.post(
    "/requests/:number/reopen",
    {
      config: { policy: "request.follow" },
      schema: { hide: true, params: Number16, body: Type.Object({ reason: text, token: text, _csrf: text }) },
    },
    async (request, reply) => {
      const { reason, token } = request.body;
      try {
        await lifecycle.reopen(db, request.actor, request.params.number, token, reason);
        return reply.redirect(back(request.params.number, token), 303);
      } catch (error) {
        if (!isAppError(error) || error.status !== 400) throw error;
        return showFollow(request, reply.code(400), request.params.number, token, false, {
          fields: { reason: request.t("requests.reopen.reason") },
        });
      }
    },
  );

  app.get(
    "/requests/replies",
    {
      config: { policy: "request.public" },
      schema: {
        hide: true,
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })) }),
      },
    },
    async (request, reply) => {
      const page = request.query.page ?? 0;
      const replies = await publicReplies(db, { limit: PAGE + 1, offset: page * PAGE });
      const ctx = pageContext(request, reply);
      const next = replies.length > PAGE ? `/requests/replies?page=${page + 1}` : undefined;
      return sendPage(
        reply,
        ctx,
        request.t("requests.replies.title"),
        <RepliesPage ctx={ctx} replies={replies.slice(0, PAGE)} next={next} />,
      );
    },
  );
};
