import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { errors } from "../../platform/errors.ts";
import * as agents from "./agents.ts";
import { takeIn } from "./intake.ts";
import {
  AddAgentBody,
  Agent,
  AgentList,
  AgentParams,
  IdempotencyHeaders,
  IntakeBody,
  NoContent,
  PageQuery,
  PointCaseList,
  PointCode,
  Submitted,
  Workload,
  WorkloadQuery,
} from "./schemas.ts";
import { agentWorklist, pointWorkload } from "./work.ts";

const tags = ["service points"];
/** An intake's materials travel in its one request, as in a one-request submission. */
const INTAKE_BODY_LIMIT = 30 * 1024 * 1024;

const presentAgent = (a: agents.AgentRecord) => ({
  personId: a.personId,
  name: a.name,
  idNumberMasked: a.idNumberMasked,
  addedAt: a.addedAt.toISOString(),
});

/** Village and community service points: their agents, the agents' intake and worklist, their workload. */
export const pointsApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;

  app.get(
    "/sites/:code/agents",
    {
      config: { policy: "point.oversee" },
      schema: {
        tags,
        summary: "A point's agents (staff over the point)",
        params: PointCode,
        response: { 200: AgentList },
      },
    },
    async (request) => ({
      items: (await agents.listAgents(db, request.actor, request.params.code)).map(presentAgent),
    }),
  );

  app.post(
    "/sites/:code/agents",
    {
      config: { policy: "site.manage" },
      schema: {
        tags,
        summary: "Name a person an agent of the point, by their ID number (administrators over it)",
        params: PointCode,
        body: AddAgentBody,
        response: { 201: Agent },
      },
    },
    async (request, reply) => {
      const added = await agents.addAgent(
        db,
        config,
        request.actor,
        request.params.code,
        request.body.idNumber,
        {
          requestId: request.id,
        },
      );
      return reply.code(201).send(presentAgent(added));
    },
  );

  app.delete(
    "/sites/:code/agents/:personId",
    {
      config: { policy: "site.manage" },
      schema: {
        tags,
        summary: "End a person's work as the point's agent",
        params: AgentParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await agents.removeAgent(db, request.actor, request.params.code, request.params.personId, {
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/sites/:code/workload",
    {
      config: { policy: "point.oversee" },
      schema: {
        tags,
        summary: "Each agent's cases and times over the last days (staff over the point)",
        params: PointCode,
        querystring: WorkloadQuery,
        response: { 200: Workload },
      },
    },
    async (request) => {
      const load = await pointWorkload(db, request.actor, request.params.code, request.query.days ?? 30);
      return {
        since: load.since.toISOString(),
        agents: load.agents.map(({ agentId, ...rest }) => ({ personId: agentId, ...rest })),
      };
    },
  );

  app.get(
    "/points/:code/cases",
    {
      config: { policy: "point.act" },
      schema: {
        tags,
        summary: "The agent's worklist: the cases they took in at the point, newest first",
        params: PointCode,
        querystring: PageQuery,
        response: { 200: PointCaseList },
      },
    },
    async (request) => ({
      items: (
        await agentWorklist(db, request.actor, request.params.code, {
          limit: request.query.limit ?? 50,
          offset: request.query.offset ?? 0,
        })
      ).map((c) => ({
        ...c,
        submittedAt: c.submittedAt.toISOString(),
        acceptedAt: c.acceptedAt?.toISOString() ?? null,
        closedAt: c.closedAt?.toISOString() ?? null,
      })),
    }),
  );

  app.post(
    "/points/:code/intakes",
    {
      bodyLimit: INTAKE_BODY_LIMIT,
      config: { policy: "point.act" },
      schema: {
        tags,
        summary:
          "An agent's intake for a villager (收件 → 转办), with their consent; the Idempotency-Key header is required",
        params: PointCode,
        headers: IdempotencyHeaders,
        body: IntakeBody,
        response: { 200: Submitted, 201: Submitted },
      },
    },
    async (request, reply) => {
      const key = request.headers["idempotency-key"];
      if (!key) throw errors.validation([{ field: "/headers/idempotency-key", message: "is required" }]);
      const body = request.body;
      const result = await takeIn(
        db,
        { jobs, config, requestId: request.id },
        request.actor,
        request.params.code,
        {
          principal: body.principal,
          signature: body.signatureBase64 ? Buffer.from(body.signatureBase64, "base64") : undefined,
          offeringId: body.offering,
          answers: body.answers,
          materials: body.materials.map((m) => ({
            key: m.key,
            fileName: m.fileName,
            content: Buffer.from(m.contentBase64, "base64"),
          })),
          delivery: body.delivery,
        },
        key,
      );
      return reply.code(result.created ? 201 : 200).send({
        caseId: result.row.id,
        number: result.row.number,
        receipt: `/api/v1/cases/${result.row.number}/receipt.pdf`,
        progress: `/cases/${result.row.number}`,
      });
    },
  );
};
