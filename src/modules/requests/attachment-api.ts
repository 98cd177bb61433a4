import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { sendStoredFile } from "../../platform/files/serve.ts";
import { type OpenedAttachment, requesterAttachment, staffAttachment } from "./attachments.ts";
import * as s from "./schemas.ts";

const tags = ["requests (12345)"];
const AttachmentParams = Type.Object({
  number: Type.String({ pattern: "^\\d{16}$" }),
  sha256: Type.String({ pattern: "^[0-9a-f]{64}$" }),
});

/**
 * A request's attachments, to its requester and to the staff over it alone: a report (举报) may carry
 * a photograph of whoever it names, so they appear on no public list, reply or Open311 answer.
 */
export const attachmentApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  const send = (reply: Parameters<typeof sendStoredFile>[0], file: OpenedAttachment) =>
    sendStoredFile(reply, {
      stream: file.stream,
      mediaType: file.mediaType,
      displayName: file.name,
      size: file.size,
    });

  app.get(
    "/requests/:number/attachments/:sha256",
    {
      config: { policy: "request.follow" },
      schema: {
        tags,
        summary: "An attachment, to the requester (signed in, or by the follow token); 404 to anyone else",
        params: AttachmentParams,
        querystring: s.TokenQuery,
      },
    },
    async (request, reply) => {
      const { number, sha256 } = request.params;
      const file = await requesterAttachment(db, config, request.actor, number, sha256, request.query.token);
      return send(reply, file);
    },
  );

  app.get(
    "/work/requests/:number/attachments/:sha256",
    {
      config: { policy: "request.read" },
      schema: {
        tags,
        summary: "An attachment, to the staff who may read the request; 404 to other staff",
        params: AttachmentParams,
      },
    },
    async (request, reply) => {
      const { number, sha256 } = request.params;
      return send(reply, await staffAttachment(db, config, request.actor, number, sha256));
    },
  );
};
