import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { contentDisposition } from "../../platform/files/serve.ts";
import { EventLogQuery } from "./event-log-schemas.ts";
import { eventLogExport } from "./event-log-service.ts";

/** The event log for process-mining tools: OCEL 2.0 JSON or XES, streamed as it is read. */
export const eventLogApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/insights/event-log",
    {
      config: { policy: "insights.read" },
      schema: {
        tags: ["insights"],
        summary: "The event log of a region's cases as OCEL 2.0 (JSON) or XES, for process-mining tools",
        description:
          "Without `region`, the caller's widest jurisdiction; a region outside it answers 404, as does an unknown " +
          "item or definition version. The body is streamed (any size, constant memory on the server) as a " +
          "download. It holds no personal data: no applicant's name, identifier or address, no actor's id, no reasons.",
        querystring: EventLogQuery,
      },
    },
    async (request, reply) => {
      const download = await eventLogExport(db, request.actor, request.query);
      return reply
        .type(download.mediaType)
        .header("content-disposition", contentDisposition(download.fileName))
        .header("cache-control", "private, no-store")
        .header("x-content-type-options", "nosniff")
        .send(Readable.from(download.chunks, { objectMode: false }));
    },
  );
};
