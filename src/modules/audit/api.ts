import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { errors } from "../../platform/errors.ts";
import {
  AuditEntry,
  AuditPage,
  DataReadsPage,
  DataReadsQuery,
  SearchQuery,
  Verification,
  VerificationRequest,
} from "./schemas.ts";
import * as service from "./service.ts";
import { verifyForAuditor } from "./verification.ts";

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

  app.post(
    "/audit/verification",
    {
      config: { policy: "audit.verify" },
      schema: {
        tags,
        summary:
          "Verify every chain of the audit trail now, in the request (the audit administrator); a trail too long for that answers 409",
        body: VerificationRequest,
        response: { 200: Verification },
      },
    },
    async (request) => {
      const result = await verifyForAuditor(db, request.actor, { requestId: request.id });
      return {
        ok: result.ok,
        entries: result.entries,
        verifiedAt: result.verifiedAt.toISOString(),
        heads: result.ok ? result.heads : [],
        problem: result.ok ? null : result.problem,
      };
    },
  );

  app.get(
    "/account/data-reads",
    {
      config: { policy: "account.read" },
      schema: {
        tags: ["accounts"],
        summary: "Who read my personal data, when and why (谁查看了我的信息), newest first",
        querystring: DataReadsQuery,
        response: { 200: DataReadsPage },
      },
    },
    async (request) => {
      const { actor } = request;
      if (actor.kind !== "person")
        throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
      const { limit, before } = request.query;
      const reads = await service.whoReadMyData(db, actor.id, { limit, before });
      const last = reads.at(-1);
      return {
        items: reads.map((read) => ({ ...read, at: read.at.toISOString() })),
        nextBefore: reads.length >= limit && last ? last.seq : null,
      };
    },
  );
};
