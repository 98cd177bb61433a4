import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { readUpload, registerUploads } from "../../platform/files/multipart.ts";
import { sendStoredFile } from "../../platform/files/serve.ts";
import { fileStoreFor } from "../../platform/files/store.ts";
import { answerRequest, disclosureRequest } from "./answers.ts";
import { ATTACHMENT_MAX_BYTES, attach } from "./attachments.ts";
import { departmentGuide, keepGuide } from "./guides.ts";
import { presentAnswer, presentHit, presentPublication } from "./present.ts";
import { assertMayChange, correct, publish, withdraw } from "./publications.ts";
import { attachmentFile, publicationDetail, searchPublications } from "./reading.ts";
import {
  Answer,
  AnswerBody,
  Attachment,
  AttachmentParams,
  CorrectBody,
  Guide,
  GuideBody,
  GuideParams,
  Publication,
  PublicationParams,
  PublishBody,
  RequestParams,
  RequestStatus,
  SearchQuery,
  SearchResult,
  WithdrawBody,
} from "./schemas.ts";

const tags = ["disclosure"];
const origin = (request: FastifyRequest) => ({ requestId: request.id });

/** Government information disclosure: publications, their search and guides, and answers to requests. */
export const disclosureApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Publication);
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const detail = async (id: string) => presentPublication(await publicationDetail(db, id));
  const one = { 200: Type.Ref("DisclosurePublication") };

  app.get(
    "/disclosure/publications",
    {
      config: { policy: "disclosure.read" },
      schema: {
        tags,
        summary:
          "Search what departments published: words, pinyin or numbers, by department, category, year, validity",
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await searchPublications(db, {
        text: q.q,
        departmentId: q.department,
        category: q.category,
        year: q.year,
        validity: q.validity,
        limit: q.limit,
        offset: q.offset,
      });
      return { total: page.total, terms: page.terms, hits: page.hits.map(presentHit) };
    },
  );

  app.post(
    "/disclosure/publications",
    {
      config: { policy: "disclosure.publish" },
      schema: {
        tags,
        summary: "Publish, with the standard metadata; the index number is assigned (the department's staff)",
        body: PublishBody,
        response: { 201: Type.Ref("DisclosurePublication") },
      },
    },
    async (request, reply) => {
      const p = await publish(db, request.actor, request.body, origin(request));
      return reply.code(201).send(await detail(p.id));
    },
  );

  app.get(
    "/disclosure/publications/:id",
    {
      config: { policy: "disclosure.read" },
      schema: {
        tags,
        summary: "One publication with its links, attachments and revisions",
        params: PublicationParams,
        response: one,
      },
    },
    async (request) => detail(request.params.id),
  );

  app.post(
    "/disclosure/publications/:id/corrections",
    {
      config: { policy: "disclosure.publish" },
      schema: {
        tags,
        summary: "Correct: a new revision with its reason, the earlier text kept",
        params: PublicationParams,
        body: CorrectBody,
        response: one,
      },
    },
    async (request) => {
      await correct(db, request.actor, request.params.id, request.body, origin(request));
      return detail(request.params.id);
    },
  );

  app.post(
    "/disclosure/publications/:id/withdrawal",
    {
      config: { policy: "disclosure.publish" },
      schema: {
        tags,
        summary: "Withdraw with a reason: the page says so, the index number stays",
        params: PublicationParams,
        body: WithdrawBody,
        response: one,
      },
    },
    async (request) => {
      await withdraw(db, request.actor, request.params.id, request.body.reason, origin(request));
      return detail(request.params.id);
    },
  );

  await app.register(async (scope) => {
    await registerUploads(scope);
    // PUT, as the applications' uploads: a multipart POST is a form any site could send (CSRF).
    scope.withTypeProvider<TypeBoxTypeProvider>().put(
      "/disclosure/publications/:id/attachments",
      {
        config: { policy: "disclosure.publish" },
        schema: {
          tags,
          summary: "Attach a PDF, JPEG or PNG (multipart, one file; its content decides its type)",
          params: PublicationParams,
          response: { 201: Attachment },
        },
      },
      async (request, reply) => {
        await assertMayChange(db, request.actor, request.params.id);
        const upload = await readUpload(request, { maxBytes: ATTACHMENT_MAX_BYTES });
        const added = await attach(db, config, request.actor, request.params.id, upload, origin(request));
        return reply.code(201).send({
          ...added,
          href: `/api/v1/disclosure/publications/${request.params.id}/attachments/${added.id}`,
        });
      },
    );
  });

  app.get(
    "/disclosure/publications/:id/attachments/:attachmentId",
    {
      config: { policy: "disclosure.read" },
      schema: { tags, summary: "An attachment's file", params: AttachmentParams },
    },
    async (request, reply) => {
      const a = await attachmentFile(db, request.params.id, request.params.attachmentId);
      return sendStoredFile(reply, {
        stream: fileStoreFor(config).stream(a.file_sha256),
        mediaType: a.media_type,
        displayName: a.name,
        size: a.size,
      });
    },
  );

  app.get(
    "/disclosure/guides/:departmentId",
    {
      config: { policy: "disclosure.read" },
      schema: {
        tags,
        summary: "A department's disclosure guide (公开指南)",
        params: GuideParams,
        response: { 200: Guide },
      },
    },
    async (request) => {
      const { department, guide } = await departmentGuide(db, request.params.departmentId);
      return {
        department: { id: department.id, name: department.name, nameEn: department.nameEn },
        guide: guide && { ...guide, updatedAt: undefined },
      };
    },
  );

  app.put(
    "/disclosure/guides/:departmentId",
    {
      config: { policy: "disclosure.publish" },
      schema: {
        tags,
        summary: "Keep the department's disclosure guide (its staff)",
        params: GuideParams,
        body: GuideBody,
        response: { 200: Guide },
      },
    },
    async (request) => {
      const guide = await keepGuide(
        db,
        request.actor,
        request.params.departmentId,
        { ...request.body, email: request.body.email ?? null },
        origin(request),
      );
      const { department } = await departmentGuide(db, request.params.departmentId);
      return {
        department: { id: department.id, name: department.name, nameEn: department.nameEn },
        guide: { ...guide, updatedAt: undefined },
      };
    },
  );

  app.get(
    "/disclosure/requests/:caseId",
    {
      config: { policy: "case.read" },
      schema: {
        tags,
        summary:
          "A disclosure request (依申请公开): its case's state, clock and answer (who may see the case)",
        params: RequestParams,
        response: { 200: RequestStatus },
      },
    },
    async (request) => {
      const r = await disclosureRequest(db, request.actor, request.params.caseId);
      return {
        caseId: r.caseView.id,
        number: r.caseView.number,
        state: r.caseView.state,
        outcome: r.caseView.outcome,
        dueAt: r.caseView.clock.statutoryDueAt?.toISOString() ?? null,
        statutoryDays: r.caseView.clock.statutoryDays,
        answer: r.answer ? presentAnswer(r.answer) : null,
      };
    },
  );

  app.post(
    "/disclosure/requests/:caseId/answer",
    {
      config: { policy: "disclosure.answer" },
      schema: {
        tags,
        summary:
          "Answer a request: disclosed, partly disclosed, not held or not disclosable (reason and legal ground for the last two); moves the case",
        params: RequestParams,
        body: AnswerBody,
        response: { 201: Answer },
      },
    },
    async (request, reply) => {
      const answer = await answerRequest(
        db,
        { jobs, config, requestId: request.id },
        request.actor,
        request.params.caseId,
        request.body,
      );
      return reply.code(201).send(presentAnswer(answer));
    },
  );
};
