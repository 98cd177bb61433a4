import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import { presentApplication, presentBundle } from "./present.ts";
import {
  ApplicationId,
  ApplyBody,
  Bundle,
  BundleApplication,
  BundleApplicationList,
  BundleCode,
  BundleList,
  DefineBody,
  IdempotencyHeaders,
  Page,
  RegionQuery,
} from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["bundles"];
/** One submission carries the materials of every child, asked once: the same bound as applying alone. */
const BODY_LIMIT = 30 * 1024 * 1024;

/** One-thing bundles (一件事一次办): definitions, one submission that opens every child, combined status. */
export const bundlesApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Bundle);
  app.addSchema(BundleApplication);
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest) => ({ jobs, config, requestId: request.id });

  app.get(
    "/bundles",
    {
      config: { policy: "bundle.read" },
      schema: {
        tags,
        summary: "Every bundle; with ?region=, those whose every item is offered there (or above it)",
        querystring: RegionQuery,
        response: { 200: BundleList },
      },
    },
    async (request) => ({
      items: (await service.listBundles(db, request.query.region)).map(presentBundle),
    }),
  );

  app.get(
    "/bundles/applications",
    {
      config: { policy: "bundle.apply" },
      schema: {
        tags,
        summary: "My bundle applications, newest first, each with its combined status",
        querystring: Page,
        response: { 200: BundleApplicationList },
      },
    },
    async (request) => ({
      items: (
        await service.myBundleApplications(db, request.actor, {
          limit: request.query.limit ?? 20,
          offset: request.query.offset ?? 0,
        })
      ).map(presentApplication),
    }),
  );

  app.get(
    "/bundles/applications/:id",
    {
      config: { policy: "bundle.track" },
      schema: {
        tags,
        summary:
          "One bundle application: each child case's state, the combined status, what to do next where a child failed, the licences and times",
        params: ApplicationId,
        response: { 200: Type.Ref("BundleApplication") },
      },
    },
    async (request) =>
      presentApplication(await service.getBundleApplication(db, request.actor, request.params.id)),
  );

  app.get(
    "/bundles/:code",
    {
      config: { policy: "bundle.read" },
      schema: {
        tags,
        summary:
          "One bundle: its combined form, materials and children; with ?region=, where each is offered",
        params: BundleCode,
        querystring: RegionQuery,
        response: { 200: Type.Ref("Bundle") },
      },
    },
    async (request) => presentBundle(await service.getBundle(db, request.params.code, request.query.region)),
  );

  app.put(
    "/bundles/:code",
    {
      config: { policy: "bundle.define" },
      schema: {
        tags,
        summary: "Define a bundle, or its next version (administrators of the region that keeps it)",
        params: BundleCode,
        body: DefineBody,
        response: { 200: Type.Ref("Bundle"), 201: Type.Ref("Bundle") },
      },
    },
    async (request, reply) => {
      const saved = await service.defineBundle(db, request.actor, request.params.code, request.body, {
        requestId: request.id,
      });
      return reply
        .code(saved.created ? 201 : 200)
        .send(presentBundle({ bundle: saved.bundle, offerings: null, offered: null }));
    },
  );

  app.post(
    "/bundles/:code/applications",
    {
      bodyLimit: BODY_LIMIT,
      config: { policy: "bundle.apply" },
      schema: {
        tags,
        summary:
          "Apply for a bundle in one request: every child is checked first, then each opens as a case in its department; the Idempotency-Key header is required",
        params: BundleCode,
        headers: IdempotencyHeaders,
        body: ApplyBody,
        response: { 200: Type.Ref("BundleApplication"), 201: Type.Ref("BundleApplication") },
      },
    },
    async (request, reply) => {
      const key = request.headers["idempotency-key"];
      if (!key) throw errors.validation([{ field: "/headers/idempotency-key", message: "is required" }]);
      const body = request.body;
      const result = await service.applyForBundle(
        db,
        deps(request),
        request.actor,
        request.params.code,
        {
          regionCode: body.regionCode,
          applyFor: body.for,
          answers: body.answers,
          materials: body.materials.map((m) => ({
            key: m.key,
            fileName: m.fileName,
            content: Buffer.from(m.contentBase64, "base64"),
          })),
          delivery: body.delivery,
        },
        key,
      );
      const view = await service.getBundleApplication(db, request.actor, result.application.id);
      return reply.code(result.created ? 201 : 200).send(presentApplication(view));
    },
  );
};
