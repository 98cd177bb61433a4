import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { createCategory, updateCategory } from "./categories.ts";
import * as s from "./schemas.ts";
import { getCategory } from "./views.ts";

const tags = ["requests (12345)"];

/** The categories' administration: one category, and creating and changing them (never deleting). */
export const categoryApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/request-categories/:code",
    {
      config: { policy: "request.public" },
      schema: {
        tags,
        summary: "One category, retired or not",
        params: s.CategoryParams,
        response: { 200: s.Category },
      },
    },
    async (request) => getCategory(db, request.params.code),
  );

  app.post(
    "/request-categories",
    {
      config: { policy: "request.category.manage" },
      schema: {
        tags,
        summary: "Create a category (administrators of a province or the country); 409 if the code is taken",
        body: s.CategoryCreateBody,
        response: { 201: s.Category },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createCategory(db, request.actor, request.body, { requestId: request.id })),
  );

  app.patch(
    "/request-categories/:code",
    {
      config: { policy: "request.category.manage" },
      schema: {
        tags,
        summary: "Change a category's names, kind, deadline, anonymity, or retire it (active: false)",
        params: s.CategoryParams,
        body: s.CategoryPatchBody,
        response: { 200: s.Category },
      },
    },
    async (request) =>
      updateCategory(db, request.actor, request.params.code, request.body, { requestId: request.id }),
  );
};
