import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { errors } from "../../platform/errors.ts";
import * as comments from "./comments.ts";
import {
  Comment,
  CommentBody,
  CommentList,
  CommentParams,
  CommentQuery,
  ConsultationParams,
  Created,
  HideBody,
  NoContent,
  PointBody,
  PointParams,
  Summary,
} from "./schemas.ts";
import * as summaries from "./summary.ts";
import { readConsultation } from "./view.ts";

const tags = ["consultations"];

export function presentComment(c: comments.PublicComment) {
  return {
    id: c.id,
    article: c.article,
    author: c.authorTag,
    createdAt: c.createdAt.toISOString(),
    text: c.text,
    hiddenReason: c.hiddenReason,
    mine: c.mine,
  };
}

/** The comments on a consultation, their moderation, and the feedback summary. */
export const consultationCommentsApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  const origin = (request: { id: string }) => ({ requestId: request.id });

  app.get(
    "/consultations/:id/comments",
    {
      config: { policy: "consultation.read" },
      schema: {
        tags,
        summary:
          "The comments, newest first, a page at a time under pseudonyms; a hidden one's text only for its author and moderators",
        params: ConsultationParams,
        querystring: CommentQuery,
        response: { 200: CommentList },
      },
    },
    async (request) => {
      const window = { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 };
      const { comments: list, counts } = await comments.readComments(
        db,
        request.actor,
        request.params.id,
        window,
      );
      return {
        counts: { total: counts.total, hidden: counts.hidden, overall: counts.overall },
        total: counts.total,
        ...window,
        items: list.map(presentComment),
      };
    },
  );

  app.post(
    "/consultations/:id/comments",
    {
      config: { policy: "consultation.comment" },
      schema: {
        tags,
        summary: "Comment on one article or the whole draft, while the period is open (people signed in)",
        params: ConsultationParams,
        body: CommentBody,
        response: { 201: Comment },
      },
    },
    async (request, reply) => {
      const id = await comments.postComment(db, request.actor, request.params.id, request.body);
      const posted = await comments.readComment(db, request.actor, request.params.id, id);
      return reply.code(201).send(presentComment(posted));
    },
  );

  app.delete(
    "/consultations/:id/comments/:commentId",
    {
      config: { policy: "consultation.withdraw" },
      schema: {
        tags,
        summary: "Withdraw one's own comment while the period is open",
        params: CommentParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await comments.withdrawComment(db, request.actor, request.params.id, request.params.commentId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/consultations/:id/comments/:commentId/hide",
    {
      config: { policy: "consultation.manage" },
      schema: {
        tags,
        summary:
          "Hide a comment for abuse, personal data, advertising or being unrelated (the department's staff)",
        params: CommentParams,
        body: HideBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { id, commentId } = request.params;
      await comments.hideComment(db, request.actor, id, commentId, request.body.reason, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/consultations/:id/summary",
    {
      config: { policy: "consultation.read" },
      schema: {
        tags,
        summary: "The feedback summary (意见采纳情况) once published; its draft for the department's staff",
        params: ConsultationParams,
        response: { 200: Summary },
      },
    },
    async (request) => {
      const v = await readConsultation(db, request.actor, request.params.id);
      if (!v.summary) throw errors.notFound("summary");
      return {
        published: v.summary.published,
        counts: v.summary.byAdoption,
        hiddenComments: v.counts.hidden,
        points: v.summary.points.map(({ commentIds, ...p }) => ({ ...p, comments: commentIds })),
      };
    },
  );

  app.post(
    "/consultations/:id/summary/points",
    {
      config: { policy: "consultation.manage" },
      schema: {
        tags,
        summary: "Add a point to the feedback summary, after the period closes",
        params: ConsultationParams,
        body: PointBody,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const id = await summaries.addPoint(
        db,
        request.actor,
        request.params.id,
        request.body,
        origin(request),
      );
      return reply.code(201).send({ id });
    },
  );

  app.delete(
    "/consultations/:id/summary/points/:pointId",
    {
      config: { policy: "consultation.manage" },
      schema: {
        tags,
        summary: "Remove a point before the summary is published",
        params: PointParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await summaries.removePoint(
        db,
        request.actor,
        request.params.id,
        request.params.pointId,
        origin(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/consultations/:id/summary/publish",
    {
      config: { policy: "consultation.manage" },
      schema: {
        tags,
        summary: "Publish the feedback summary, once",
        params: ConsultationParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await summaries.publishSummary(db, request.actor, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );
};
