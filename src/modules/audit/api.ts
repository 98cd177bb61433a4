import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AuditEntry, AuditPage, SearchQuery } from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["audit"];

/** An entry as the API and pages show it. */
export function presentEntry(entry: service.AuditEntry) {
  return { ...entry, at: entry.at.toISOString() };
}

export const auditApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(AuditEntry);
  const db = app.platform.database.db;

  app.get(
    "/audit",
    {
      config: { policy: "audit.search" },
      schema: {
        tags,
        summary: "Search the audit trail within my jurisdiction, newest first (supervisors, administrators)",
        querystring: SearchQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const { limit, before, from, to, ...filters } = request.query;
      const page = await service.searchAudit(
        db,
        request.actor,
        { ...filters, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
        { limit, before },
      );
      return { items: page.items.map(presentEntry), nextBefore: page.nextBefore };
    },
  );
};
