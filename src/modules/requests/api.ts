import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { attachmentApi } from "./attachment-api.ts";
import { allCategories } from "./categories.ts";
import { categoryApi } from "./category-api.ts";
import { fileRequest } from "./filing.ts";
import * as lifecycle from "./lifecycle.ts";
import { FILING_LIMIT, presentReply, presentRoute, presentView } from "./present.ts";
import { listRoutes, putRoute, removeRoute } from "./routing.ts";
import * as s from "./schemas.ts";
import { followRequest, listCategories, myRequests, publicReplies } from "./views.ts";
import { workApi } from "./work-api.ts";

const tags = ["requests (12345)"];

/** Requests from the public: filing, following and rating them; the staff's steps; the routing rules. */
export const requestsApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(workApi);
  await app.register(categoryApi);
  await app.register(attachmentApi);
  const { database, jobs, config } = app.platform;
  const db = database.db;

  app.get(
    "/request-categories",
    {
      config: { policy: "request.public" },
      schema: {
        tags,
        summary: "The categories requests are filed under (the retired ones too, when asked)",
        querystring: s.CategoryListQuery,
        response: { 200: s.CategoryList },
      },
    },
    async (request) => ({
      items: await (request.query.retired ? allCategories(db) : listCategories(db)),
    }),
  );

  app.post(
    "/requests",
    {
      config: { policy: "request.file", rateLimit: FILING_LIMIT },
      bodyLimit: 24 * 1024 * 1024,
      schema: {
        tags,
        summary: "File a request (signed in, with contact details, or anonymously where the category allows)",
        body: s.FileBody,
        response: { 201: s.Filed },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { row, token } = await fileRequest(
        db,
        {
          jobs,
          config,
          channel: request.actor.kind === "client" ? "api" : "web",
          clientId: request.actor.kind === "client" ? request.actor.id : null,
        },
        request.actor,
        {
          ...body,
          attachments: body.attachments?.map((a) => ({
            fileName: a.fileName,
            content: Buffer.from(a.contentBase64, "base64"),
          })),
        },
      );
      return reply.code(201).send({
        number: row.number,
        token,
        state: row.state,
        dueAt: row.due_at.toISOString(),
        follow: `/requests/${row.number}`,
      });
    },
  );

  app.get(
    "/requests/mine",
    {
      config: { policy: "request.mine" },
      schema: { tags, summary: "My requests, newest first", response: { 200: s.MineList } },
    },
    async (request) => ({
      items: (await myRequests(db, request.actor)).map((r) => ({
        ...r,
        receivedAt: r.receivedAt.toISOString(),
      })),
    }),
  );

  app.get(
    "/requests/:number",
    {
      config: { policy: "request.follow" },
      schema: {
        tags,
        summary: "Follow a request: its requester signed in, or by its follow token",
        params: s.NumberParams,
        querystring: s.TokenQuery,
        response: { 200: s.RequestView },
      },
    },
    async (request) =>
      presentView(await followRequest(db, request.actor, request.params.number, request.query.token)),
  );

  app.post(
    "/requests/:number/rating",
    {
      config: { policy: "request.follow" },
      schema: {
        tags,
        summary: "Rate the reply (满意 · 基本满意 · 不满意); closes the request",
        params: s.NumberParams,
        body: s.RateBody,
        response: { 200: s.Done },
      },
    },
    async (request) => {
      const row = await lifecycle.rate(
        db,
        request.actor,
        request.params.number,
        request.body.token,
        request.body.satisfaction,
      );
      return { number: row.number, state: row.state };
    },
  );

  app.post(
    "/requests/:number/reopen",
    {
      config: { policy: "request.follow" },
      schema: {
        tags,
        summary: "Reopen after the reply, within the period, with a reason",
        params: s.NumberParams,
        body: s.ReopenBody,
        response: { 200: s.Done },
      },
    },
    async (request) => {
      const row = await lifecycle.reopen(
        db,
        request.actor,
        request.params.number,
        request.body.token,
        request.body.reason,
      );
      return { number: row.number, state: row.state };
    },
  );

  app.get(
    "/request-replies",
    {
      config: { policy: "request.public" },
      schema: {
        tags,
        summary: "Replies made public, personal data masked, newest first",
        querystring: s.PageQuery,
        response: { 200: s.ReplyList },
      },
    },
    async (request) => ({
      items: (
        await publicReplies(db, { limit: request.query.limit ?? 20, offset: request.query.offset ?? 0 })
      ).map(presentReply),
    }),
  );

  app.get(
    "/request-routes",
    {
      config: { policy: "request.route.read" },
      schema: {
        tags,
        summary: "The routing rules of a region subtree",
        querystring: s.RouteQuery,
        response: { 200: s.RouteList },
      },
    },
    async (request) => ({
      items: (await listRoutes(db, request.actor, request.query.region)).map(presentRoute),
    }),
  );

  app.put(
    "/request-routes",
    {
      config: { policy: "request.route.manage" },
      schema: {
        tags,
        summary: "Set the rule of a region and category (no category: the region's dispatcher)",
        body: s.RouteBody,
        response: { 200: s.RouteParams },
      },
    },
    async (request) => ({ id: await putRoute(db, request.actor, request.body, { requestId: request.id }) }),
  );

  app.delete(
    "/request-routes/:id",
    {
      config: { policy: "request.route.manage" },
      schema: {
        tags,
        summary: "Remove a routing rule",
        params: s.RouteParams,
        response: { 204: s.NoContent },
      },
    },
    async (request, reply) => {
      await removeRoute(db, request.actor, request.params.id, { requestId: request.id });
      return reply.code(204).send(null);
    },
  );
};
