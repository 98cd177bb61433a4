import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import { readUpload, registerUploads } from "../../platform/files/multipart.ts";
import { sendStoredFile } from "../../platform/files/serve.ts";
import { fileStoreFor } from "../../platform/files/store.ts";
import { wire } from "../../platform/http/wire.ts";
import { type CaseRow, uploadLimit } from "../cases/service.ts";
import { materialFile, putMaterial, removeMaterial } from "./materials.ts";
import { presentApplication } from "./present.ts";
import {
  ApplicationParams,
  ApplicationView,
  CommitmentBody,
  DraftList,
  DraftPatch,
  IdempotencyHeaders,
  MaterialParams,
  NewApplicationBody,
  SavedDraft,
  SubmissionBody,
  Submitted,
} from "./schemas.ts";
import * as service from "./service.ts";
import { resubmitApplication, submitApplication } from "./submit.ts";
import { submitOnce } from "./submit-once.ts";

const tags = ["applications"];

/** The largest upload the one-request submission takes, base64 and all. */
const SUBMISSION_BODY_LIMIT = 30 * 1024 * 1024;

/** Applying online: drafts saved at every page, materials, the commitment, submission. */
export const applicationsApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(ApplicationView);
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest) => ({ jobs, config, requestId: request.id });

  const view = async (request: FastifyRequest, id: string) => {
    const row = await service.loadApplication(db, request.actor, id);
    return presentApplication(db, row, await service.contentOf(db, row));
  };
  const submitted = (reply: FastifyReply, result: { row: CaseRow; created: boolean }) =>
    reply.code(result.created ? 201 : 200).send({
      caseId: result.row.id,
      number: result.row.number,
      receipt: `/api/v1/cases/${result.row.number}/receipt.pdf`,
      progress: `/cases/${result.row.number}`,
    });

  app.get(
    "/applications",
    {
      config: { policy: "application.create" },
      schema: { tags, summary: "The signed-in person's drafts, newest first", response: { 200: DraftList } },
    },
    async (request) => {
      const rows = await service.myDrafts(db, request.actor);
      return wire(
        rows.map((r) => ({
          id: r.id,
          itemId: r.item_id,
          offeringId: r.offering_id,
          name: { zh: r.name, en: r.name_en },
          updatedAt: r.updated_at,
        })),
      );
    },
  );

  app.post(
    "/applications",
    {
      config: { policy: "application.create" },
      schema: {
        tags,
        summary: "Start an application: a draft filled with what Tongban already knows",
        body: NewApplicationBody,
        response: { 201: Type.Ref("ApplicationView") },
      },
    },
    async (request, reply) => {
      const row = await service.startApplication(db, request.actor, {
        offeringId: request.body.offering,
        applyFor: request.body.for,
      });
      return reply.code(201).send(wire(await view(request, row.id)));
    },
  );

  app.get(
    "/applications/:id",
    {
      config: { policy: "application.edit" },
      schema: {
        tags,
        summary: "A draft",
        params: ApplicationParams,
        response: { 200: Type.Ref("ApplicationView") },
      },
    },
    async (request) => wire(await view(request, request.params.id)),
  );

  app.patch(
    "/applications/:id",
    {
      config: { policy: "application.edit" },
      schema: {
        tags,
        summary: "Save answers (a page of them), the page reached, the delivery chosen",
        description:
          "Answers are kept whatever their problems; the problems of the fields sent are returned.",
        params: ApplicationParams,
        body: DraftPatch,
        response: { 200: SavedDraft },
      },
    },
    async (request) => {
      const { problems } = await service.saveDraft(db, request.actor, request.params.id, request.body);
      return wire({ application: await view(request, request.params.id), problems });
    },
  );

  app.delete(
    "/applications/:id",
    {
      config: { policy: "application.edit" },
      schema: { tags, summary: "Give up a draft", params: ApplicationParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await service.abandonApplication(db, request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    "/applications/:id/commitment",
    {
      config: { policy: "application.edit" },
      schema: {
        tags,
        summary: "Sign the commitment (告知承诺) in place of some materials",
        params: ApplicationParams,
        body: CommitmentBody,
        response: { 200: Type.Ref("ApplicationView") },
      },
    },
    async (request) => {
      await service.setCommitment(db, request.actor, request.params.id, request.body.materials);
      return wire(await view(request, request.params.id));
    },
  );

  await app.register(async (scope) => {
    await registerUploads(scope);
    const uploads = scope.withTypeProvider<TypeBoxTypeProvider>();
    uploads.put(
      "/applications/:id/materials/:key",
      {
        config: { policy: "application.edit" },
        schema: {
          tags,
          summary:
            "Upload (or replace) one material: PDF, JPEG or PNG, as multipart/form-data with a `file` part",
          consumes: ["multipart/form-data"],
          params: MaterialParams,
          response: { 200: Type.Ref("ApplicationView") },
        },
      },
      async (request) => {
        const row = await service.loadApplication(db, request.actor, request.params.id);
        const upload = await readUpload(request, { maxBytes: await uploadLimit(db, row.item_id) });
        await putMaterial(db, config, request.actor, request.params.id, request.params.key, upload);
        return wire(await view(request, request.params.id));
      },
    );
  });

  app.delete(
    "/applications/:id/materials/:key",
    {
      config: { policy: "application.edit" },
      schema: {
        tags,
        summary: "Remove an uploaded material",
        params: MaterialParams,
        response: { 200: Type.Ref("ApplicationView") },
      },
    },
    async (request) => {
      await removeMaterial(db, request.actor, request.params.id, request.params.key);
      return wire(await view(request, request.params.id));
    },
  );

  app.get(
    "/applications/:id/materials/:key",
    {
      config: { policy: "application.edit" },
      schema: {
        tags,
        summary: "Download an uploaded material (always as an attachment)",
        params: MaterialParams,
      },
    },
    async (request, reply) => {
      const file = await materialFile(db, request.actor, request.params.id, request.params.key);
      return sendStoredFile(reply, {
        stream: fileStoreFor(config).stream(file.file_sha256),
        mediaType: file.media_type,
        displayName: file.file_name,
        size: file.size,
      });
    },
  );

  app.post(
    "/applications/:id/submission",
    {
      config: { policy: "application.edit" },
      schema: {
        tags,
        summary:
          "Submit (申报): every problem is listed at once; a second submission answers with the same case",
        params: ApplicationParams,
        headers: IdempotencyHeaders,
        response: { 200: Submitted, 201: Submitted },
      },
    },
    async (request, reply) =>
      submitted(
        reply,
        await submitApplication(
          db,
          deps(request),
          request.actor,
          request.params.id,
          request.headers["idempotency-key"] ?? null,
        ),
      ),
  );

  app.post(
    "/applications/:id/resubmission",
    {
      config: { policy: "application.edit" },
      schema: {
        tags,
        summary: "Resubmit the corrected application after a supplement request (补正)",
        params: ApplicationParams,
        response: { 200: Submitted },
      },
    },
    async (request, reply) => {
      const row = await resubmitApplication(db, deps(request), request.actor, request.params.id);
      return submitted(reply, { row, created: false });
    },
  );

  app.post(
    "/submissions",
    {
      bodyLimit: SUBMISSION_BODY_LIMIT,
      config: { policy: "application.submit" },
      schema: {
        tags,
        summary: "Apply in one request, materials base64-encoded; the Idempotency-Key header is required",
        description:
          "A department system (an API client with application.submit) applies for a person it names in " +
          "`for: { idNumber }`; it follows and corrects the case as the person would.",
        headers: IdempotencyHeaders,
        body: SubmissionBody,
        response: { 200: Submitted, 201: Submitted },
      },
    },
    async (request, reply) => {
      const key = request.headers["idempotency-key"];
      if (!key) throw errors.validation([{ field: "/headers/idempotency-key", message: "is required" }]);
      const body = request.body;
      const target = body.for;
      const result = await submitOnce(
        db,
        deps(request),
        request.actor,
        {
          offeringId: body.offering,
          applyFor: target && !("idNumber" in target) ? target : undefined,
          applicantIdNumber: target && "idNumber" in target ? target.idNumber : undefined,
          answers: body.answers,
          materials: body.materials.map((m) => ({
            key: m.key,
            fileName: m.fileName,
            content: Buffer.from(m.contentBase64, "base64"),
          })),
          licences: body.licences,
          commitment: body.commitment,
          delivery: body.delivery,
        },
        key,
      );
      return submitted(reply, result);
    },
  );
};
