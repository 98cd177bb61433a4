import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type AppError, errors, isAppError } from "../../platform/errors.ts";
import { can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext } from "../../web/render.tsx";
import { sendWorkPage } from "../cases/work-kit.tsx";
import { type MiningQuery, miningContext, processMap } from "./mining.ts";
import { PROCESS_PAGE, ProcessPage, scopeQuery, WHAT_IF_PAGE } from "./mining-views.tsx";
import { type Change, saveDraft, whatIf } from "./whatif.ts";
import {
  type ChangeFields,
  changesOf,
  WHAT_IF_DRAFTS,
  WhatIfPage,
  type WhatIfView,
} from "./whatif-views.tsx";

const Day = Type.String({ maxLength: 10 });
/** Empty fields come from the forms as empty strings: they mean "not given". */
const ScopeFields = {
  item: Type.Optional(Type.String({ maxLength: 60 })),
  version: Type.Optional(Type.String({ pattern: "^[0-9]{0,5}$" })),
  region: Type.Optional(Type.String({ maxLength: 12 })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
};
const ChangeFieldsSchema = {
  parallel: Type.Optional(Type.String({ maxLength: 90 })),
  remove: Type.Optional(Type.String({ maxLength: 90 })),
  budgetStep: Type.Optional(Type.String({ maxLength: 90 })),
  budgetDays: Type.Optional(Type.String({ maxLength: 5 })),
};

type ScopeInput = { item?: string; version?: string; region?: string; from?: string; to?: string };

const given = (value: string | undefined) =>
  value === undefined || value.trim() === "" ? undefined : value.trim();

function scopeOf(input: ScopeInput): MiningQuery {
  return {
    item: input.item?.trim() ?? "",
    version: given(input.version) === undefined ? undefined : Number(input.version),
    region: given(input.region),
    from: given(input.from),
    to: given(input.to),
  };
}

/** A page for staff who read insight, or the sign-in form for whoever is not signed in as staff. */
function insightContext(request: FastifyRequest, reply: FastifyReply): PageContext | undefined {
  if (request.actor.kind !== "staff") {
    void reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  if (!can(request.actor, "insights.read")) throw errors.forbidden();
  return pageContext(request, reply, true);
}

/** The form's input a refused change came from ("/changes/1/step" → the second change's field). */
function inputOf(changes: Change[], field: string): string {
  const change = changes[Number(/^\/changes\/(\d+)/.exec(field)?.[1] ?? -1)];
  if (!change) return "parallel";
  return change.kind === "budget" ? "budgetStep" : change.kind;
}

/** A refusal with fields (400) is shown on the form; anything else is the error page's. */
const fieldProblems = (error: unknown): error is AppError =>
  isAppError(error) && error.status === 400 && (error.extra.fields?.length ?? 0) > 0;

/** 流程挖掘 and 流程再造假设分析: the process map of an item, and what-if estimates with their drafts. */
export const miningPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    PROCESS_PAGE,
    { config: { policy: "insights.read" }, schema: { hide: true, querystring: Type.Object(ScopeFields) } },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      const q = scopeOf(request.query);
      const map = q.item ? await processMap(db, request.actor, q) : null;
      return sendWorkPage(
        reply,
        ctx,
        ctx.t("insights.process.title"),
        <ProcessPage ctx={ctx} q={q} map={map} />,
      );
    },
  );

  app.get(
    WHAT_IF_PAGE,
    {
      config: { policy: "insights.read" },
      schema: {
        hide: true,
        querystring: Type.Object({
          ...ScopeFields,
          ...ChangeFieldsSchema,
          saved: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      const q = scopeOf(request.query);
      const fields: ChangeFields = request.query;
      const view: WhatIfView = {
        q,
        fields,
        itemName: null,
        steps: [],
        result: null,
        problems: [],
        saved: request.query.saved,
        mayPropose: can(request.actor, "insights.propose"),
      };
      if (q.item) {
        const scope = await miningContext(db, request.actor, q);
        view.itemName = scope.item.name;
        view.steps = scope.definition.process.stages.flatMap((s) => s.tasks.map((x) => `${s.key}.${x.key}`));
        const { changes, problems } = changesOf(fields);
        view.problems = problems.map((id) => ({ id, text: ctx.t(`insights.whatif.problem.${id}`) }));
        if (changes.length > 0 && problems.length === 0) {
          try {
            view.result = await whatIf(db, request.actor, { ...q, changes });
          } catch (error) {
            if (!fieldProblems(error)) throw error;
            view.problems = (error.extra.fields ?? []).map((f) => ({
              id: inputOf(changes, f.field),
              text: `${f.field} ${f.message}`,
            }));
          }
        }
      }
      if (view.problems.length > 0) reply.code(400);
      return sendWorkPage(reply, ctx, ctx.t("insights.whatif.title"), <WhatIfPage ctx={ctx} v={view} />);
    },
  );

  app.post(
    WHAT_IF_DRAFTS,
    {
      config: { policy: "insights.propose" },
      schema: {
        hide: true,
        body: Type.Object({ ...ScopeFields, ...ChangeFieldsSchema, _csrf: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const ctx = insightContext(request, reply);
      if (!ctx) return reply;
      const q = scopeOf(request.body);
      const { changes } = changesOf(request.body);
      const saved = await saveDraft(db, request.actor, { ...q, changes }, { requestId: request.id });
      const { parallel, remove, budgetStep, budgetDays } = request.body;
      const back = scopeQuery({ ...q, parallel, remove, budgetStep, budgetDays });
      return reply.redirect(`${WHAT_IF_PAGE}?${back}&saved=${saved.version}`, 303);
    },
  );
};
