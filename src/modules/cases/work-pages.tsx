import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type AppError, errors, isAppError } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import { can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { calendarFor } from "../calendar/cached.ts";
import { versionContent } from "../catalog/service.ts";
import { staffForTask } from "../identity/service.ts";
import { STAGE_KINDS } from "./definition.ts";
import * as service from "./service.ts";
import type { StaffAction } from "./states.ts";
import type { CaseView } from "./views.ts";
import { CasePage, taskAnchor, type WorkableTask } from "./work-case.tsx";
import {
  type ActionForm,
  actionsFor,
  fieldProblems,
  isStaffAction,
  MAX_ROWS,
  readAction,
  rowsOf,
} from "./work-form.ts";
import { casePath, sendWorkPage, staffContext, WORK, word } from "./work-kit.tsx";
import {
  BULK_ACTIONS,
  type BulkAction,
  type BulkOutcome,
  colourOf,
  WORK_PAGE_SIZE,
  type WorkFilter,
  WorklistPage,
} from "./work-list.tsx";
import { LEVELS, type Level, SUPERVISION_PAGE_SIZE, SupervisionPage } from "./work-supervision.tsx";

const text = Type.Optional(Type.String({ maxLength: 100 }));
const FilterQuery = Type.Object({
  assignee: text,
  stage: text,
  waiting: text,
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const BulkBody = Type.Object({
  task: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 200 })),
  action: text,
  assignee: text,
  stage: text,
  waiting: text,
  page: text,
});
const CaseParams = Type.Object({ case: Type.String({ minLength: 1, maxLength: 40 }) });
const ActionBody = Type.Record(Type.String(), Type.String({ maxLength: 4000 }), { maxProperties: 150 });

/** Actions after which the viewer most likely goes on with the same task. */
const STAYS = new Set<StaffAction>(["claim", "release", "assign", "transfer", "pause", "resume"]);

function readFilter(query: { assignee?: string; stage?: string; waiting?: string; page?: number | string }) {
  const page = Number(query.page ?? 1);
  return {
    assignee: query.assignee === "mine" || query.assignee === "unassigned" ? query.assignee : "",
    stage: (STAGE_KINDS as readonly string[]).includes(query.stage ?? "") ? (query.stage as string) : "",
    waiting: query.waiting === "1" || query.waiting === "on",
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  } satisfies WorkFilter;
}

/** A refusal in the reader's words; the engine's state and action codes named as the pages name them. */
function refusalText(error: AppError, t: Translate): string {
  if (error.code === "case_action_not_allowed" && error.extra.params) {
    const { action, state } = error.extra.params;
    return t("error.case_action_not_allowed", {
      action: word(t, "work.action.", String(action)),
      state: word(t, "work.state.", String(state)),
    });
  }
  return problemText(error, t);
}

/**
 * The staff pages: the worklist with its bulk actions, a case with a form for each action its viewer
 * may take, the link notifications use for a task, and the supervisors' list of overdue cases. Each
 * calls the same service function as the API route that does the same thing.
 */
export const workPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest): service.EngineDeps => ({ jobs, config, requestId: request.id });

  async function showWorklist(
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    filter: WorkFilter,
    bulk?: { action: BulkAction; results: BulkOutcome[] },
  ) {
    const list = await service.myWorklist(db, request.actor, {
      assignee: filter.assignee || undefined,
      stageKind: filter.stage || undefined,
      includeWaiting: filter.waiting,
      limit: WORK_PAGE_SIZE,
      offset: (filter.page - 1) * WORK_PAGE_SIZE,
    });
    const now = new Date();
    const items = await Promise.all(
      list.items.map(async (item) => {
        const colour = colourOf(item, now);
        const running = item.caseDueAt && colour !== "paused";
        const daysLeft = running
          ? (await calendarFor(db, item.regionCode)).workingDaysBetween(now, item.caseDueAt as Date).days
          : null;
        return { ...item, colour, daysLeft };
      }),
    );
    return sendWorkPage(
      reply,
      ctx,
      ctx.t("work.title"),
      <WorklistPage ctx={ctx} filter={filter} items={items} total={list.total} bulk={bulk} />,
    );
  }

  /** The names of the staff holding the case's tasks, from those who hold each task's role. */
  async function holderNames(view: CaseView): Promise<Map<string, string>> {
    const held = (view.tasks ?? []).filter((task) => task.assigneeId !== null);
    const groups = [...new Map(held.map((task) => [`${task.role}|${task.department.id}`, task])).values()];
    const lists = await Promise.all(
      groups.map((task) =>
        staffForTask(
          db,
          { role: task.role, departmentId: task.department.id, regionCode: view.regionCode },
          500,
        ),
      ),
    );
    return new Map(lists.flat().map((s) => [s.id, s.displayName]));
  }

  async function showCase(
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    idOrNumber: string,
    extra: { done?: string; conflict?: string; form?: ActionForm } = {},
  ) {
    const { actor } = request;
    if (actor.kind !== "staff") throw errors.forbidden();
    const view = await service.getCase(db, actor, idOrNumber);
    const [timeline, content, names] = await Promise.all([
      service.caseTimeline(db, actor, view.id),
      versionContent(db, view.item.id, view.item.version),
      holderNames(view),
    ]);
    const current = (view.tasks ?? []).filter(
      (task) =>
        task.status === "open" &&
        task.stageIndex === view.stageIndex &&
        can(actor, "task.work", {
          role: task.role,
          departmentId: task.department.id,
          regionCode: view.regionCode,
        }),
    );
    const workable: WorkableTask[] = await Promise.all(
      current.map(async (task) => {
        const actions = actionsFor(view, task, actor.id);
        const handing = actions.includes("assign") || actions.includes("transfer");
        const handlers = handing
          ? (await service.handlersForTask(db, actor, task.id)).map((h) => ({
              value: h.id,
              label: h.displayName,
            }))
          : [];
        return { task, actions, handlers };
      }),
    );
    return sendWorkPage(
      reply,
      ctx,
      ctx.t("work.case.title", { number: view.number }),
      <CasePage
        ctx={ctx}
        view={view}
        timeline={timeline}
        content={content}
        workable={workable}
        names={names}
        form={extra.form}
        done={extra.done}
        conflict={extra.conflict}
      />,
    );
  }

  app.get(
    WORK,
    { config: { policy: "worklist.read" }, schema: { hide: true, querystring: FilterQuery } },
    async (request, reply) => {
      const ctx = staffContext(request, reply, "worklist.read");
      if (!ctx) return reply;
      return showWorklist(request, reply, ctx, readFilter(request.query));
    },
  );

  app.post(
    `${WORK}/bulk`,
    { config: { policy: "worklist.read" }, schema: { hide: true, body: BulkBody } },
    async (request, reply) => {
      const ctx = staffContext(request, reply, "worklist.read", WORK);
      if (!ctx) return reply;
      const { t } = ctx;
      const action = request.body.action as BulkAction;
      if (!(BULK_ACTIONS as readonly string[]).includes(action)) {
        throw errors.validation([{ field: "/action", message: "must be claim, release or accept" }]);
      }
      const filter = readFilter(request.body);
      const results: BulkOutcome[] = [];
      // Each task on its own, as the API's bulk route does: one refusal does not stop the others.
      for (const picked of request.body.task ?? []) {
        const [taskId = "", version] = picked.split(":");
        const input = { action, version: /^\d{1,9}$/.test(version ?? "") ? Number(version) : undefined };
        try {
          const saved = await service.actOnTask(db, deps(request), request.actor, taskId, input);
          results.push({ taskId, caseNumber: saved.number, ok: true, message: "" });
        } catch (error) {
          if (!isAppError(error) || error.status >= 500) throw error;
          results.push({
            taskId,
            caseNumber: await numberOf(request, taskId),
            ok: false,
            message: refusalText(error, t),
          });
        }
      }
      return showWorklist(request, reply, ctx, filter, { action, results });
    },
  );

  /** The number of the case a task belongs to, for whoever may see it. */
  async function numberOf(request: FastifyRequest, taskId: string): Promise<string | null> {
    return service.caseOfTask(db, request.actor, taskId).then(
      (row) => row.number,
      () => null,
    );
  }

  app.get(
    `${WORK}/cases/:case`,
    {
      config: { policy: "case.read" },
      schema: {
        hide: true,
        params: CaseParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 30 })) }),
      },
    },
    async (request, reply) => {
      const ctx = staffContext(request, reply, undefined);
      if (!ctx) return reply;
      const done = isStaffAction(request.query.done) ? request.query.done : undefined;
      return showCase(request, reply, ctx, request.params.case, done ? { done } : {});
    },
  );

  app.post(
    `${WORK}/cases/:case/tasks/:task`,
    {
      config: { policy: "worklist.read" },
      schema: {
        hide: true,
        params: Type.Object({ case: CaseParams.properties.case, task: Type.String({ maxLength: 40 }) }),
        body: ActionBody,
      },
    },
    async (request, reply) => {
      const ctx = staffContext(request, reply, undefined, casePath(request.params.case));
      if (!ctx) return reply;
      const body = request.body;
      const action = body.action;
      if (!isStaffAction(action)) {
        throw errors.validation([{ field: "/action", message: "is not an action of a task" }]);
      }
      const view = await service.getCase(db, request.actor, request.params.case);
      const task = view.tasks?.find((x) => x.id === request.params.task);
      if (!task) throw errors.notFound("task");
      const { _csrf, more, ...values } = body;
      const { input, problems } = readAction(action, values);
      const rows = Math.min(MAX_ROWS, rowsOf(values) + (more ? 3 : 0));
      const form: ActionForm = { taskId: task.id, action, values, errors: problems, rows };
      if (more) return showCase(request, reply, ctx, view.id, { form: { ...form, errors: {} } });
      if (Object.keys(problems).length > 0) return showCase(request, reply.code(400), ctx, view.id, { form });
      try {
        await service.actOnTask(db, deps(request), request.actor, task.id, input);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        const fields = fieldProblems(error, action);
        if (fields)
          return showCase(request, reply.code(400), ctx, view.id, { form: { ...form, errors: fields } });
        // Someone acted first, or the case moved on: show the case as it is now, nothing applied.
        if (error.status === 409) {
          return showCase(request, reply.code(409), ctx, view.id, { conflict: refusalText(error, ctx.t) });
        }
        throw error;
      }
      const anchor = STAYS.has(action) ? `#${taskAnchor(task.id)}` : "";
      return reply.redirect(`${casePath(view.id)}?done=${action}${anchor}`, 303);
    },
  );

  // Notifications link a task here: its case, at the task.
  app.get(
    `${WORK}/tasks/:task`,
    {
      config: { policy: "worklist.read" },
      schema: { hide: true, params: Type.Object({ task: Type.String({ maxLength: 40 }) }) },
    },
    async (request, reply) => {
      const ctx = staffContext(request, reply, undefined);
      if (!ctx) return reply;
      const row = await service.caseOfTask(db, request.actor, request.params.task);
      return reply.redirect(`${casePath(row.id)}#${taskAnchor(request.params.task)}`, 303);
    },
  );

  app.get(
    `${WORK}/supervision`,
    {
      config: { policy: "case.supervise" },
      schema: {
        hide: true,
        querystring: Type.Object({
          level: text,
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const ctx = staffContext(request, reply, "case.supervise");
      if (!ctx) return reply;
      const level: Level = (LEVELS as readonly string[]).includes(request.query.level ?? "")
        ? (request.query.level as Level)
        : "overdue";
      const page = request.query.page ?? 1;
      const found = await service.supervisionList(db, request.actor, level, {
        limit: SUPERVISION_PAGE_SIZE + 1,
        offset: (page - 1) * SUPERVISION_PAGE_SIZE,
      });
      const rows = await Promise.all(
        found.slice(0, SUPERVISION_PAGE_SIZE).map(async (c) => {
          const view = await service.getCase(db, request.actor, c.caseId);
          const stage = view.stages.find((s) => s.status === "current");
          return {
            ...c,
            colour: view.clock.colour,
            daysLeft: view.clock.daysLeft,
            departments: stage?.departments ?? [],
          };
        }),
      );
      return sendWorkPage(
        reply,
        ctx,
        ctx.t("work.supervision.title"),
        <SupervisionPage
          ctx={ctx}
          level={level}
          page={page}
          rows={rows}
          hasNext={found.length > SUPERVISION_PAGE_SIZE}
        />,
      );
    },
  );
};
