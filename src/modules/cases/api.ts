import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { sendStoredFile } from "../../platform/files/serve.ts";
import { fileStoreFor } from "../../platform/files/store.ts";
import { wire } from "../../platform/http/wire.ts";
import { sendPdf } from "../../web/render.tsx";
import { caseMaterial, caseReceipt } from "./documents.ts";
import type { WorkItem } from "./lists-store.ts";
import {
  BulkBody,
  BulkResult,
  CaseList,
  CaseParams,
  CaseView,
  DefinitionList,
  Handlers,
  ItemParams,
  LookupBody,
  LookupResult,
  Page,
  ReversalBody,
  SupervisionList,
  SupervisionQuery,
  TaskActionBody,
  TaskParams,
  Timeline,
  WithdrawBody,
  Worklist,
  WorklistQuery,
} from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["cases"];

function colourOf(item: WorkItem, now: Date): "green" | "yellow" | "red" | "none" {
  if (!item.caseDueAt) return "none";
  if (item.overdueAt || now > item.caseDueAt) return "red";
  return item.warnAt && now >= item.warnAt ? "yellow" : "green";
}

function presentWorkItem(item: WorkItem, now: Date) {
  return {
    taskId: item.taskId,
    taskVersion: item.taskVersion,
    taskName: item.taskName,
    stageKind: item.stageKind,
    role: item.role,
    department: { id: item.departmentId, name: { zh: item.departmentName, en: item.departmentNameEn } },
    assignee: item.assigneeId ? { id: item.assigneeId, name: item.assigneeName } : null,
    taskDueAt: item.taskDueAt,
    case: {
      id: item.caseId,
      number: item.caseNumber,
      state: item.caseState,
      itemName: item.itemName,
      applicantName: item.applicantName,
      regionCode: item.regionCode,
      dueAt: item.caseDueAt,
      colour: colourOf(item, now),
      submittedAt: item.submittedAt,
    },
  };
}

/** Cases (办件): the applicant's side, staff worklists and actions, supervision, public lookup. */
export const casesApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CaseView);
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest): service.EngineDeps => ({ jobs, config, requestId: request.id });

  app.get(
    "/cases",
    {
      config: { policy: "case.read" },
      schema: {
        tags,
        summary: "The signed-in person's cases, newest first",
        querystring: Page,
        response: { 200: CaseList },
      },
    },
    async (request) => wire(await service.myCases(db, request.actor, request.query)),
  );

  app.get(
    "/cases/:case",
    {
      config: { policy: "case.read" },
      schema: {
        tags,
        summary: "One case: its stages, clock, materials and what the caller can do next",
        params: CaseParams,
        response: { 200: Type.Ref("CaseView") },
      },
    },
    async (request) => wire(await service.getCase(db, request.actor, request.params.case)),
  );

  app.get(
    "/cases/:case/timeline",
    {
      config: { policy: "case.read" },
      schema: {
        tags,
        summary: "Every step of the case, with departments and times",
        params: CaseParams,
        response: { 200: Timeline },
      },
    },
    async (request) => wire(await service.caseTimeline(db, request.actor, request.params.case)),
  );

  app.post(
    "/cases/:case/withdrawal",
    {
      config: { policy: "case.applicantAct" },
      schema: {
        tags,
        summary: "Withdraw the application (撤回): before the decision only",
        params: CaseParams,
        body: WithdrawBody,
        response: { 200: Type.Ref("CaseView") },
      },
    },
    async (request) => {
      const row = await service.loadCase(db, request.actor, request.params.case);
      const saved = await service.applicantAct(
        db,
        deps(request),
        request.actor,
        row.id,
        "withdraw",
        request.body,
      );
      return wire(await service.getCase(db, request.actor, saved.id));
    },
  );

  app.post(
    "/cases/:case/reversal",
    {
      config: { policy: "case.reverse" },
      schema: {
        tags,
        summary:
          "Reverse a grant instant approval's rules made (秒批): the licence is revoked and an approver decides again (supervisors)",
        params: CaseParams,
        body: ReversalBody,
        response: { 200: Type.Ref("CaseView") },
      },
    },
    async (request) => {
      const row = await service.loadCase(db, request.actor, request.params.case);
      const saved = await service.reverseDecision(
        db,
        deps(request),
        request.actor,
        row.id,
        request.body.reason,
      );
      return wire(await service.getCase(db, request.actor, saved.id));
    },
  );

  app.get(
    "/cases/:case/receipt.pdf",
    {
      config: { policy: "case.read" },
      schema: {
        tags,
        summary: "The printable receipt (PDF) with a QR code to the progress page",
        params: CaseParams,
      },
    },
    async (request, reply) => {
      const { number, pdf } = await caseReceipt(
        db,
        request.actor,
        request.params.case,
        request.locale,
        config.baseUrl,
      );
      return sendPdf(reply, `receipt-${number}.pdf`, pdf);
    },
  );

  app.get(
    "/cases/:case/materials/:key",
    {
      config: { policy: "case.read" },
      schema: {
        tags,
        summary: "A material of the case (always as an attachment, never shown inline)",
        params: Type.Object({
          case: CaseParams.properties.case,
          key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" }),
        }),
      },
    },
    async (request, reply) => {
      const file = await caseMaterial(db, request.actor, request.params.case, request.params.key);
      return sendStoredFile(reply, {
        stream: fileStoreFor(config).stream(file.sha256),
        mediaType: file.mediaType,
        displayName: file.name,
        size: file.size,
      });
    },
  );

  app.post(
    "/case-lookup",
    {
      config: { policy: "case.lookup", rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        summary:
          "Follow a case without signing in: its number and the last 6 characters of the phone or ID number",
        body: LookupBody,
        response: { 200: LookupResult },
      },
    },
    async (request) => {
      const { view, timeline } = await service.lookupProgress(
        db,
        config.personalDataKey,
        request.body.number,
        request.body.tail,
      );
      return wire({ case: view, timeline });
    },
  );

  app.get(
    "/work/tasks",
    {
      config: { policy: "worklist.read" },
      schema: {
        tags,
        summary: "The caller's worklist (待办): open tasks of their roles, what is due first on top",
        querystring: WorklistQuery,
        response: { 200: Worklist },
      },
    },
    async (request) => {
      const q = request.query;
      const list = await service.myWorklist(db, request.actor, {
        assignee: q.assignee,
        stageKind: q.stage,
        includeWaiting: q.waiting,
        assigneeId: q.assigneeId,
        offeringId: q.offering,
        limit: q.limit,
        offset: q.offset,
      });
      const now = new Date();
      return wire({ total: list.total, items: list.items.map((i) => presentWorkItem(i, now)) });
    },
  );

  app.post(
    "/work/tasks/:task/actions",
    {
      config: { policy: "worklist.read" },
      schema: {
        tags,
        summary:
          "Act on a task: claim, accept, ask for a supplement, complete a review, decide, issue, deliver…",
        description:
          "An action the case's state does not allow answers 409 with `allowed`; a stale `version` answers 409 too.",
        params: TaskParams,
        body: TaskActionBody,
        response: { 200: Type.Ref("CaseView") },
      },
    },
    async (request) => {
      const saved = await service.actOnTask(
        db,
        deps(request),
        request.actor,
        request.params.task,
        request.body,
      );
      return wire(await service.getCase(db, request.actor, saved.id));
    },
  );

  app.post(
    "/work/tasks/bulk",
    {
      config: { policy: "worklist.read" },
      schema: {
        tags,
        summary: "The same action on many tasks, each on its own: one refusal does not stop the others",
        body: BulkBody,
        response: { 200: BulkResult },
      },
    },
    async (request) => {
      const results = [];
      for (const taskId of request.body.taskIds) {
        try {
          await service.actOnTask(db, deps(request), request.actor, taskId, {
            action: request.body.action,
            assignee: request.body.assignee,
          });
          results.push({ taskId, status: 200 });
        } catch (error) {
          if (!isAppError(error)) throw error;
          results.push({ taskId, status: error.status, code: error.code });
        }
      }
      return { results };
    },
  );

  app.get(
    "/work/tasks/:task/handlers",
    {
      config: { policy: "worklist.read" },
      schema: {
        tags,
        summary: "Who a task can be assigned or transferred to",
        params: TaskParams,
        response: { 200: Handlers },
      },
    },
    async (request) => service.handlersForTask(db, request.actor, request.params.task),
  );

  app.get(
    "/work/supervision",
    {
      config: { policy: "case.supervise" },
      schema: {
        tags,
        summary: "Overdue (or warned) open cases of the supervisor's jurisdictions (效能监察)",
        querystring: SupervisionQuery,
        response: { 200: SupervisionList },
      },
    },
    async (request) =>
      wire(await service.supervisionList(db, request.actor, request.query.level, request.query)),
  );

  app.get(
    "/catalog/items/:item/process-definitions",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "An item's process definitions, newest first",
        params: ItemParams,
        response: { 200: DefinitionList },
      },
    },
    async (request) => {
      const rows = await service.listProcessDefinitions(db, request.actor, request.params.item);
      return wire(
        rows.map((r) => ({
          id: r.id,
          version: r.version,
          definition: r.definition,
          status: r.status,
          createdAt: r.created_at,
        })),
      );
    },
  );

  app.post(
    "/catalog/items/:item/process-definitions",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "A new version of the item's process: cases opened from now on follow it",
        params: ItemParams,
        body: Type.Record(Type.String(), Type.Unknown()),
        response: { 201: Type.Object({ id: Type.String(), version: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const saved = await service.saveProcessDefinition(
        db,
        request.actor,
        request.params.item,
        request.body,
        {
          requestId: request.id,
        },
      );
      return reply.code(201).send(saved);
    },
  );
};
