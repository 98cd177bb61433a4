import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors, isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { isFieldsError } from "../applicants/errors.ts";
import { getRegion } from "../regions/service.ts";
import { dayNumberOf, dayText, yearOf } from "./days.ts";
import { formatEntryText, parseEntryText, problemsOnLines } from "./entry-text.ts";
import { YearParams } from "./schemas.ts";
import * as service from "./service.ts";
import { EditForm, type EditState, ImportResult, Upkeep } from "./upkeep-views.tsx";
import {
  CoverageNotice,
  editPath,
  HOME,
  HolidayTable,
  managesYears,
  Overrides,
  type RegionView,
  YearsTable,
  yearPath,
} from "./views.tsx";

/** Staff pages send visitors to sign in and refuse other staff (403: the calendar itself is public). */
function turnAway(request: FastifyRequest, reply: FastifyReply, back: string) {
  if (request.actor.kind !== "staff") return reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
  if (!managesYears(request.actor)) throw errors.forbidden();
  return undefined;
}

const YearQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 20 })),
  region: Type.Optional(Type.String({ maxLength: 20 })),
});

/** The working-day calendar as people read it, and the pages administrators keep it with. */
export const calendarPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  const crumbs = (ctx: PageContext, year?: number) => [
    { label: ctx.t("calendar.title"), href: HOME },
    ...(year === undefined ? [] : [{ label: ctx.t("calendar.year", { year }), href: yearPath(year) }]),
  ];

  app.get(HOME, { config: { policy: "calendar.read" }, schema: { hide: true } }, async (request, reply) => {
    const [coverage, years] = await Promise.all([
      service.calendarCoverage(db),
      service.listYears(db, request.actor),
    ]);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const next = coverage.lastYear === null ? yearOf(dayNumberOf(new Date())) : coverage.lastYear + 1;
    return sendPage(
      reply,
      ctx,
      t("calendar.title"),
      <>
        <h1>{t("calendar.title")}</h1>
        <p class="lead">{t("calendar.lead")}</p>
        <CoverageNotice ctx={ctx} coverage={coverage} />
        {managesYears(ctx.actor) && <Upkeep ctx={ctx} next={next} />}
        <h2>{t("calendar.years")}</h2>
        <YearsTable ctx={ctx} years={years} />
      </>,
    );
  });

  app.get(
    `${HOME}/enter`,
    {
      config: { policy: "calendar.manage" },
      schema: { hide: true, querystring: Type.Object({ year: YearParams.properties.year }) },
    },
    async (request, reply) =>
      turnAway(request, reply, HOME) ?? reply.redirect(editPath(request.query.year), 303),
  );

  app.get(
    `${HOME}/years/:year`,
    {
      config: { policy: "calendar.read" },
      schema: { hide: true, params: YearParams, querystring: YearQuery },
    },
    async (request, reply) => {
      const { year } = request.params;
      const found = (await service.listYears(db, request.actor)).find((y) => y.year === year);
      const ctx = pageContext(request, reply);
      const { t } = ctx;
      const manage = managesYears(ctx.actor);
      if (!found) {
        return sendPage(
          reply.code(404),
          ctx,
          t("calendar.year.title", { year }),
          <>
            <Breadcrumb ctx={ctx} items={crumbs(ctx, year)} />
            <h1>{t("calendar.year.title", { year })}</h1>
            <p class="lead">{t("calendar.year.missing", { year })}</p>
            <p>
              {manage ? (
                <a href={editPath(year)}>{t("calendar.year.enter", { year })}</a>
              ) : (
                <a href={HOME}>{t("calendar.back")}</a>
              )}
            </p>
          </>,
        );
      }
      const detail = await service.getYear(db, request.actor, year);
      const code = request.query.region?.trim();
      let region: RegionView;
      if (code) {
        try {
          const { name } = await getRegion(db, request.actor, code);
          const all = await service.listOverrides(db, request.actor, code);
          region = { code, name, overrides: all.filter((o) => o.day.startsWith(`${year}-`)) };
        } catch (error) {
          if (!isAppError(error) || error.status !== 404) throw error;
          region = { code, problem: true };
          reply.code(404);
        }
      }
      return sendPage(
        reply,
        ctx,
        t("calendar.year.title", { year }),
        <>
          <Breadcrumb ctx={ctx} items={crumbs(ctx, year)} />
          <h1>{t("calendar.year.title", { year })}</h1>
          {request.query.done === "saved" && <p role="status">{t("calendar.year.saved", { year })}</p>}
          <p class="meta">
            {t(`calendar.year.source.${found.source}`, { day: dayText(dayNumberOf(found.enteredAt)) })}
          </p>
          <HolidayTable ctx={ctx} days={detail.days} />
          {manage && (
            <p>
              <a href={editPath(year)}>{t("calendar.year.edit", { year })}</a>
            </p>
          )}
          <Overrides ctx={ctx} year={year} view={region} />
        </>,
      );
    },
  );

  async function showEdit(request: FastifyRequest, reply: FastifyReply, state: EditState) {
    const ctx = pageContext(request, reply, true);
    const { t } = ctx;
    const title = t("calendar.edit.title", { year: state.year });
    return sendPage(
      reply,
      ctx,
      title,
      <>
        <Breadcrumb ctx={ctx} items={[...crumbs(ctx, state.year), { label: t("calendar.edit.crumb") }]} />
        <h1>{title}</h1>
        <p class="lead">{t("calendar.edit.lead")}</p>
        {state.source === "package" && <p class="notice">{t("calendar.edit.fromPackage")}</p>}
        <EditForm ctx={ctx} state={state} />
      </>,
    );
  }

  const sourceOf = async (actor: Actor, year: number) =>
    (await service.listYears(db, actor)).find((y) => y.year === year)?.source;

  app.get(
    `${HOME}/years/:year/edit`,
    { config: { policy: "calendar.manage" }, schema: { hide: true, params: YearParams } },
    async (request, reply) => {
      const { year } = request.params;
      const away = turnAway(request, reply, editPath(year));
      if (away) return away;
      const source = await sourceOf(request.actor, year);
      const text = source ? formatEntryText((await service.getYear(db, request.actor, year)).days) : "";
      return showEdit(request, reply, { year, text, problems: [], source });
    },
  );

  app.post(
    `${HOME}/years/:year/edit`,
    {
      config: { policy: "calendar.manage" },
      schema: {
        hide: true,
        params: YearParams,
        body: Type.Object({ days: Type.Optional(Type.String({ maxLength: 40_000 })) }),
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const away = turnAway(request, reply, editPath(year));
      if (away) return away;
      const text = request.body.days ?? "";
      const parsed = parseEntryText(text);
      let problems = parsed.problems;
      try {
        if (problems.length === 0) {
          await service.setYear(db, request.actor, year, { days: parsed.days }, { requestId: request.id });
          return reply.redirect(`${yearPath(year)}?done=saved`, 303);
        }
        // The lines that could be read are held to the year's rules too, so every problem shows at once.
        service.checkYear(year, { days: parsed.days });
      } catch (error) {
        if (!isFieldsError(error)) throw error;
        const ruled = problemsOnLines(error.issues, parsed.lineOf);
        // "No holiday at all" is no news while lines that could not be read may hold them.
        problems = [...problems, ...ruled.filter((p) => p.line !== undefined || problems.length === 0)];
      }
      const source = await sourceOf(request.actor, year);
      return showEdit(request, reply.code(400), { year, text, problems, source });
    },
  );

  app.post(
    `${HOME}/import`,
    { config: { policy: "calendar.manage" }, schema: { hide: true } },
    async (request, reply) => {
      const away = turnAway(request, reply, HOME);
      if (away) return away;
      const result = await service.importPackageCalendar(db, { actor: request.actor });
      const coverage = await service.calendarCoverage(db);
      // The language switch comes back here by GET, which only the calendar's own page answers.
      const ctx = { ...pageContext(request, reply), path: HOME };
      const { t } = ctx;
      return sendPage(
        reply,
        ctx,
        t("calendar.import.title"),
        <>
          <Breadcrumb ctx={ctx} items={[...crumbs(ctx), { label: t("calendar.import.title") }]} />
          <h1>{t("calendar.import.title")}</h1>
          <p role="status">
            {t(result.imported.length > 0 ? "calendar.import.done" : "calendar.import.same")}
          </p>
          <ImportResult ctx={ctx} result={result} />
          <CoverageNotice ctx={ctx} coverage={coverage} />
          <p>
            <a href={HOME}>{t("calendar.back")}</a>
          </p>
        </>,
      );
    },
  );
};
