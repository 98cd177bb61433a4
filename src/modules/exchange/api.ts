import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { errors } from "../../platform/errors.ts";
import { wire } from "../../platform/http/wire.ts";
import {
  Agreement,
  AgreementBody,
  AgreementId,
  AgreementList,
  ChangeList,
  ChangesQuery,
  DecisionBody,
  PublishBody,
  ReadBody,
  RecordList,
  RecordUpdateBody,
  RecordUpdates,
  RecordView,
  Registry,
  RegistryBody,
  RegistryCode,
  RegistryList,
  RetractBody,
  SearchBody,
  UsageBody,
  UsageList,
  Written,
} from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["registries"];

const presentRegistry = (r: service.Registry) => ({
  code: r.code,
  name: r.name,
  description: r.description,
  departmentId: r.departmentId,
  subjectKind: r.subjectKind,
  keyKind: r.keyKind,
  fields: r.fields,
});

const presentAgreement = (a: service.Agreement) =>
  wire({
    id: a.id,
    registry: a.registryCode,
    consumerDepartmentId: a.consumerDepartmentId,
    stewardDepartmentId: a.stewardDepartmentId,
    fields: a.fields,
    purpose: a.purpose,
    legalBasis: a.legalBasis,
    status: a.status,
    validUntil: a.validUntil,
    requestedAt: a.requestedAt,
    decidedAt: a.decidedAt,
    decisionNote: a.decisionNote,
  });

/** Registries and data sharing: stewards publish, consumers read under agreements, every read logged. */
export const exchangeApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Registry);
  app.addSchema(RecordView);
  app.addSchema(Agreement);
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest): service.ExchangeDeps => ({ config, jobs, requestId: request.id });

  app.get(
    "/registries",
    {
      config: { policy: "registry.list" },
      schema: {
        tags,
        summary: "The registries published here and their fields",
        response: { 200: RegistryList },
      },
    },
    async (request) => ({ items: (await service.listRegistries(db, request.actor)).map(presentRegistry) }),
  );

  app.post(
    "/registries",
    {
      config: { policy: "registry.define" },
      schema: {
        tags,
        summary: "Define a registry a department publishes (administrators of the steward's region)",
        body: RegistryBody,
        response: { 201: { $ref: "Registry" } },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        presentRegistry(
          await service.defineRegistry(db, request.actor, request.body as service.RegistryInput, {
            requestId: request.id,
          }),
        ),
      ),
  );

  app.get(
    "/registries/:code",
    {
      config: { policy: "registry.list" },
      schema: {
        tags,
        summary: "One registry and its fields",
        params: RegistryCode,
        response: { 200: { $ref: "Registry" } },
      },
    },
    async (request) => presentRegistry(await service.getRegistry(db, request.actor, request.params.code)),
  );

  app.post(
    "/registries/:code/records",
    {
      config: { policy: "registry.publish" },
      schema: {
        tags,
        summary:
          "Publish a record or its next version (the steward's staff, or its system with registry.publish)",
        params: RegistryCode,
        body: PublishBody,
        response: { 200: Written },
      },
    },
    async (request) => {
      const { onlyNew, ...input } = request.body;
      return service.publishRecord(db, deps(request), request.actor, request.params.code, input, {
        onlyNew: onlyNew === true,
      });
    },
  );

  app.post(
    "/registries/:code/record-updates",
    {
      config: { policy: "registry.publish" },
      schema: {
        tags,
        summary:
          "Change some fields of one record (by key or record id) or of every live record with given field values; each record changed is its next version",
        params: RegistryCode,
        body: RecordUpdateBody,
        response: { 200: RecordUpdates },
      },
    },
    async (request) => {
      const { key, recordId, equals, data } = request.body;
      const { code } = request.params;
      const targets = [key, recordId, equals].filter((t) => t !== undefined).length;
      if (targets !== 1) {
        throw errors.validation([
          { field: "", message: "name the records by one of key, recordId or equals" },
        ]);
      }
      if (equals !== undefined) {
        return {
          ...(await service.patchMatching(db, deps(request), request.actor, code, equals, data)),
          items: [],
        };
      }
      const target = key !== undefined ? { key } : { recordId: recordId as string };
      const written = await service.patchRecord(db, deps(request), request.actor, code, target, data);
      return { count: 1, items: [written] };
    },
  );

  app.post(
    "/registries/:code/retractions",
    {
      config: { policy: "registry.publish" },
      schema: {
        tags,
        summary: "Retract a record: it is never read or fetched again",
        params: RegistryCode,
        body: RetractBody,
        response: { 200: Written },
      },
    },
    async (request) => {
      const { key, recordId } = request.body;
      if ((key === undefined) === (recordId === undefined)) {
        throw errors.validation([{ field: "", message: "name the record by its key or its recordId" }]);
      }
      const target = key !== undefined ? { key } : { recordId: recordId as string };
      return service.retractRecord(db, deps(request), request.actor, request.params.code, target);
    },
  );

  app.post(
    "/registries/:code/usage",
    {
      config: { policy: "registry.usage" },
      schema: {
        tags,
        summary:
          "Who read one record, newest first: for the registry's steward (its administrators and approvers, or its system with registry.usage)",
        params: RegistryCode,
        body: UsageBody,
        response: { 200: UsageList },
      },
    },
    async (request) => {
      const { key, limit, before } = request.body;
      const reads = await service.recordUsage(db, deps(request), request.actor, request.params.code, key, {
        limit: limit ?? 50,
        ...(before !== undefined ? { before } : {}),
      });
      return {
        items: wire(
          reads.map((r) => ({
            seq: r.seq,
            at: r.at,
            purpose: r.purpose,
            caseId: r.caseId,
            agreementId: r.agreementId,
            reader: { kind: r.actorKind, id: r.actorId, name: r.readerName, departments: r.departments },
          })),
        ),
      };
    },
  );

  app.post(
    "/registries/:code/reads",
    {
      config: { policy: "registry.read" },
      schema: {
        tags,
        summary:
          "Read one record under your department's agreement, saying why: only the agreement's fields come back, and the read is logged for the person",
        params: RegistryCode,
        body: ReadBody,
        response: { 200: { $ref: "RegistryRecord" } },
      },
    },
    async (request) => {
      const { key, recordId, agreementId, reason, fields } = request.body;
      return wire(
        await service.readRecord(
          db,
          deps(request),
          request.actor,
          request.params.code,
          { ...(key !== undefined ? { key } : {}), ...(recordId !== undefined ? { recordId } : {}) },
          {
            ...(agreementId !== undefined ? { agreementId } : {}),
            ...(reason !== undefined ? { reason } : {}),
            ...(fields !== undefined ? { fields } : {}),
          },
        ),
      );
    },
  );

  app.post(
    "/registries/:code/searches",
    {
      config: { policy: "registry.read" },
      schema: {
        tags,
        summary:
          "Find records by key, by fields your agreement names or by text in them, a page at a time; each record returned is a read, logged",
        params: RegistryCode,
        body: SearchBody,
        response: { 200: RecordList },
      },
    },
    async (request) => {
      const { equals, ...rest } = request.body;
      const found = await service.browseRegistry(db, deps(request), request.actor, request.params.code, {
        ...rest,
        equals: equals ?? {},
      });
      return { items: wire(found.items), total: found.total };
    },
  );

  app.get(
    "/registries/:code/changes",
    {
      config: { policy: "registry.subscribe" },
      schema: {
        tags,
        summary:
          "The registry's changes after a number (which record, its version), for a consumer with an agreement",
        params: RegistryCode,
        querystring: ChangesQuery,
        response: { 200: ChangeList },
      },
    },
    async (request) =>
      wire(
        await service.registryChanges(db, deps(request), request.actor, request.params.code, request.query),
      ),
  );

  app.get(
    "/data-agreements",
    {
      config: { policy: "agreement.list" },
      schema: {
        tags,
        summary: "Agreements your departments consume or steward",
        response: { 200: AgreementList },
      },
    },
    async (request) => ({ items: (await service.listAgreements(db, request.actor)).map(presentAgreement) }),
  );

  app.post(
    "/data-agreements",
    {
      config: { policy: "agreement.request" },
      schema: {
        tags,
        summary: "Ask a registry's steward for a standing agreement: fields, purpose and legal basis",
        body: AgreementBody,
        response: { 201: { $ref: "DataAgreement" } },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentAgreement(
            await service.requestAgreement(db, request.actor, request.body, { requestId: request.id }),
          ),
        ),
  );

  app.get(
    "/data-agreements/:id",
    {
      config: { policy: "agreement.list" },
      schema: {
        tags,
        summary: "One agreement",
        params: AgreementId,
        response: { 200: { $ref: "DataAgreement" } },
      },
    },
    async (request) => presentAgreement(await service.getAgreement(db, request.actor, request.params.id)),
  );

  app.post(
    "/data-agreements/:id/decision",
    {
      config: { policy: "agreement.decide" },
      schema: {
        tags,
        summary: "The steward approves or refuses a requested agreement, or revokes an approved one",
        params: AgreementId,
        body: DecisionBody,
        response: { 200: { $ref: "DataAgreement" } },
      },
    },
    async (request) =>
      presentAgreement(
        await service.decideAgreement(
          db,
          request.actor,
          request.params.id,
          request.body.decision as "approve" | "refuse" | "revoke",
          request.body.note,
          { requestId: request.id },
        ),
      ),
  );
};
