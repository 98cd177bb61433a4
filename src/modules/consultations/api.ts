import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { readUpload, registerUploads } from "../../platform/files/multipart.ts";
import { sendStoredFile } from "../../platform/files/serve.ts";
import { splitDraft } from "./articles.ts";
import { consultationCommentsApi } from "./comments-api.ts";
import type { DraftInput } from "./consultations.ts";
import * as consultations from "./consultations.ts";
import {
  Attachment,
  AttachmentParams,
  Consultation,
  ConsultationList,
  ConsultationParams,
  CreateBody,
  Created,
  type DraftBody,
  ListQuery,
  NoContent,
  RegionParams,
  Setting,
  SettingBody,
  UpdateBody,
} from "./schemas.ts";
import * as settings from "./settings.ts";
import { type ConsultationView, listItem, readConsultation } from "./view.ts";

const tags = ["consultations"];

/** The draft as the service takes it: the articles given, or those split from the pasted text. */
function draftInput(body: DraftBody): DraftInput {
  return {
    title: body.title,
    purpose: body.purpose,
    contact: body.contact,
    opensAt: new Date(body.opensAt),
    closesAt: new Date(body.closesAt),
    shortPeriodReason: body.shortPeriodReason,
    articles: body.articles
      ? body.articles.map((a) => ({ number: a.number, heading: a.heading, body: a.text }))
      : splitDraft(body.text ?? "").articles,
  };
}

function presentConsultation(v: ConsultationView, now: Date) {
  const c = v.consultation;
  return {
    ...listItem({ ...c, comments: v.counts.total }, now),
    purpose: c.purpose,
    contact: c.contact,
    shortPeriodReason: c.shortPeriodReason,
    minimumOpenDays: v.minimumOpenDays,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    summarisedAt: c.summarisedAt?.toISOString() ?? null,
    counts: { total: v.counts.total, hidden: v.counts.hidden, overall: v.counts.overall },
    articles: v.articles,
    attachments: v.attachments.map((a) => ({
      ...a,
      url: `/api/v1/consultations/${c.id}/attachments/${a.sha256}`,
    })),
  };
}

/** Public consultations on draft policies: the drafts, the comments, moderation and the feedback summary. */
export const consultationsApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  const origin = (request: { id: string }) => ({ requestId: request.id });

  app.get(
    "/consultations",
    {
      config: { policy: "consultation.read" },
      schema: {
        tags,
        summary: "Published consultations: open ones first, then those opening soon, then closed ones",
        querystring: ListQuery,
        response: { 200: ConsultationList },
      },
    },
    async (request) => {
      const now = new Date();
      const q = request.query;
      const rows = await consultations.listPublic(
        db,
        { regionCode: q.region, departmentId: q.department, limit: q.limit ?? 50, offset: q.offset ?? 0 },
        now,
      );
      return { items: rows.map((r) => listItem(r, now)) };
    },
  );

  app.get(
    "/consultations/managed",
    {
      config: { policy: "consultation.draft" },
      schema: {
        tags,
        summary: "The consultations of your departments, drafts included (administrators and approvers)",
        response: { 200: ConsultationList },
      },
    },
    async (request) => {
      const now = new Date();
      return {
        items: (await consultations.listManaged(db, request.actor, now)).map((r) => listItem(r, now)),
      };
    },
  );

  app.post(
    "/consultations",
    {
      config: { policy: "consultation.draft" },
      schema: {
        tags,
        summary: "A new draft of one of your departments",
        body: CreateBody,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const id = await consultations.createDraft(
        db,
        request.actor,
        request.body.department,
        draftInput(request.body),
        origin(request),
      );
      return reply.code(201).send({ id });
    },
  );

  app.get(
    "/consultations/:id",
    {
      config: { policy: "consultation.read" },
      schema: {
        tags,
        summary:
          "A consultation: the draft by article, the period, the comment counts (drafts: its department only)",
        params: ConsultationParams,
        response: { 200: Consultation },
      },
    },
    async (request) => {
      const now = new Date();
      return presentConsultation(await readConsultation(db, request.actor, request.params.id, { now }), now);
    },
  );

  app.put(
    "/consultations/:id",
    {
      config: { policy: "consultation.manage" },
      schema: {
        tags,
        summary: "Change a draft (409 once published)",
        params: ConsultationParams,
        body: UpdateBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await consultations.updateDraft(
        db,
        request.actor,
        request.params.id,
        draftInput(request.body),
        origin(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/consultations/:id/publish",
    {
      config: { policy: "consultation.manage" },
      schema: {
        tags,
        summary: "Publish a draft: the period starts (or starts now, if its time has passed)",
        params: ConsultationParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await consultations.publish(db, request.actor, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );

  await app.register(consultationCommentsApi);

  await app.register(async (scope) => {
    await registerUploads(scope);
    // PUT: the same file attached again is the same attachment (files are kept by their content).
    scope.withTypeProvider<TypeBoxTypeProvider>().put(
      "/consultations/:id/attachments",
      {
        config: { policy: "consultation.manage" },
        schema: {
          tags,
          summary: "Attach a PDF, JPEG or PNG to a draft, as multipart/form-data with a `file` part",
          consumes: ["multipart/form-data"],
          params: ConsultationParams,
          response: { 200: Attachment },
        },
      },
      async (request) => {
        await consultations.getManaged(db, request.actor, request.params.id);
        const upload = await readUpload(request, { maxBytes: settings.ATTACHMENT_MAX_BYTES });
        const added = await settings.attach(
          db,
          config,
          request.actor,
          request.params.id,
          upload,
          origin(request),
        );
        return added;
      },
    );
  });

  app.get(
    "/consultations/:id/attachments/:sha256",
    {
      config: { policy: "consultation.read" },
      schema: { tags, summary: "One attachment's file", params: AttachmentParams },
    },
    async (request, reply) => {
      const file = await settings.openAttachment(
        db,
        config,
        request.actor,
        request.params.id,
        request.params.sha256,
      );
      return sendStoredFile(reply, {
        stream: file.stream,
        mediaType: file.mediaType,
        displayName: file.name,
        size: file.size,
      });
    },
  );

  app.get(
    "/consultation-settings/:regionCode",
    {
      config: { policy: "consultation.read" },
      schema: {
        tags,
        summary: "The shortest open period in force for a region (its own, an ancestor's, or 30 days)",
        params: RegionParams,
        response: { 200: Setting },
      },
    },
    async (request) => settings.readMinimum(db, request.params.regionCode),
  );

  app.put(
    "/consultation-settings/:regionCode",
    {
      config: { policy: "consultation.settings" },
      schema: {
        tags,
        summary: "Set a region's shortest open period (administrators over the region)",
        params: RegionParams,
        body: SettingBody,
        response: { 200: Setting },
      },
    },
    async (request) => {
      await settings.setMinimum(
        db,
        request.actor,
        request.params.regionCode,
        request.body.minimumOpenDays,
        origin(request),
      );
      return settings.readMinimum(db, request.params.regionCode);
    },
  );
};
