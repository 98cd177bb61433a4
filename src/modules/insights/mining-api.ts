import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { wire } from "../../platform/http/wire.ts";
import { processMap } from "./mining.ts";
import {
  DraftBody,
  DraftSaved,
  ProcessMap,
  ProcessQuery,
  WhatIfBody,
  WhatIfResult,
} from "./mining-schemas.ts";
import { saveDraft, whatIf } from "./whatif.ts";

const tags = ["insights"];

/** Process mining and what-if estimates for integrators; the pages call the same service functions. */
export const miningApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/insights/process",
    {
      config: { policy: "insights.read" },
      schema: {
        tags,
        summary:
          "The process map of one version of an item's process: steps' times, paths, rework, slowest departments",
        description:
          "Times in working days of the region's calendar. Without `region`, the caller's widest jurisdiction; one outside it answers 404. " +
          "Without `version`, the newest with cases; without a period, the year up to today.",
        querystring: ProcessQuery,
        response: { 200: ProcessMap },
      },
    },
    async (request) => wire(await processMap(db, request.actor, request.query)),
  );

  app.post(
    "/insights/what-if",
    {
      config: { policy: "insights.read" },
      schema: {
        tags,
        summary: "The estimated effect of a change to a process on its total time",
        description:
          "With fewer closed cases than `minimumCases` the answer is 200 with `estimate: null` and a `reason` " +
          "(`no_history`, `too_few_cases`) and an explanation: never invented numbers. A change naming an unknown step, " +
          "or stages that do not follow one another, answers 400.",
        body: WhatIfBody,
        response: { 200: WhatIfResult },
      },
    },
    async (request) => wire(await whatIf(db, request.actor, request.body)),
  );

  app.post(
    "/insights/what-if/drafts",
    {
      config: { policy: "insights.propose" },
      schema: {
        tags,
        summary:
          "Saves a what-if proposal as a draft version of the item's process, for the catalogue manager",
        body: DraftBody,
        response: { 201: DraftSaved },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await saveDraft(db, request.actor, request.body, { requestId: request.id })),
  );
};
