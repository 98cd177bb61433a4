import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import * as lifecycle from "./lifecycle.ts";
import { presentStaffView } from "./present.ts";
import * as s from "./schemas.ts";
import { staffRequest, worklist } from "./views.ts";

const tags = ["requests (12345)"];

/** The staff's side of requests: the worklist, a request with its requester, and the steps on it. */
export const workApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const deps = (requestId: string) => ({ jobs, config, requestId });

  app.get(
    "/work/requests",
    {
      config: { policy: "request.worklist" },
      schema: {
        tags,
        summary: "The requests my departments hold, soonest due first",
        response: { 200: s.WorkList },
      },
    },
    async (request) => ({
      items: (await worklist(db, request.actor)).map((w) => ({
        ...w,
        receivedAt: w.receivedAt.toISOString(),
        dueAt: w.dueAt.toISOString(),
      })),
    }),
  );

  app.get(
    "/work/requests/:number",
    {
      config: { policy: "request.read" },
      schema: {
        tags,
        summary: "A request as its dispatcher and department see it (reading the contact is audited)",
        params: s.NumberParams,
        response: { 200: s.StaffRequestView },
      },
    },
    async (request) =>
      presentStaffView(
        await staffRequest(db, config, request.actor, request.params.number, { requestId: request.id }),
      ),
  );

  const staffStep = (summary: string) => ({
    config: { policy: "request.read" as const },
    schema: { tags, summary, params: s.NumberParams, response: { 200: s.Done } },
  });
  const done = (row: { number: string; state: "received" | "assigned" | "replied" | "closed" }) => ({
    number: row.number,
    state: row.state,
  });
  const assignRoute = staffStep("The dispatcher assigns it to a department");
  app.post(
    "/work/requests/:number/assign",
    { ...assignRoute, schema: { ...assignRoute.schema, body: s.AssignBody } },
    async (request) =>
      done(
        await lifecycle.assign(
          db,
          deps(request.id),
          request.actor,
          request.params.number,
          request.body.departmentId,
        ),
      ),
  );
  const transferRoute = staffStep("Transfer to another department, with a reason");
  app.post(
    "/work/requests/:number/transfer",
    { ...transferRoute, schema: { ...transferRoute.schema, body: s.TransferBody } },
    async (request) =>
      done(
        await lifecycle.transfer(
          db,
          deps(request.id),
          request.actor,
          request.params.number,
          request.body.departmentId,
          request.body.reason,
        ),
      ),
  );
  const returnRoute = staffStep("Return to the dispatcher, with a reason");
  app.post(
    "/work/requests/:number/return",
    { ...returnRoute, schema: { ...returnRoute.schema, body: s.ReturnBody } },
    async (request) =>
      done(
        await lifecycle.returnToDispatcher(
          db,
          deps(request.id),
          request.actor,
          request.params.number,
          request.body.reason,
        ),
      ),
  );
  const replyRoute = staffStep("Reply; optionally made public with personal data masked");
  app.post(
    "/work/requests/:number/reply",
    { ...replyRoute, schema: { ...replyRoute.schema, body: s.ReplyBody } },
    async (request) =>
      done(
        await lifecycle.reply(db, deps(request.id), request.actor, request.params.number, {
          text: request.body.text,
          public: request.body.public,
        }),
      ),
  );
};
