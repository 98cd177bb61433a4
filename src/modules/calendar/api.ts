import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import {
  CalendarYear,
  CalendarYearDetail,
  CalendarYearList,
  Coverage,
  Override,
  OverrideBody,
  OverrideList,
  OverrideParams,
  OverrideQuery,
  YearBody,
  YearParams,
} from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["calendar"];

const origin = (request: FastifyRequest): service.Origin => ({ requestId: request.id });

const presentYear = (y: service.YearRecord) => ({
  year: y.year,
  source: y.source,
  enteredAt: y.enteredAt.toISOString(),
  holidays: y.holidays,
  workdays: y.workdays,
});

const presentDetail = (y: service.YearRecord & { days: service.DayRecord[] }) => ({
  year: y.year,
  source: y.source,
  enteredAt: y.enteredAt.toISOString(),
  days: y.days.map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
});

const presentOverride = (o: service.OverrideRecord) => ({
  id: o.id,
  regionCode: o.regionCode,
  regionName: o.regionName,
  date: o.day,
  kind: o.kind,
  reason: o.reason,
});

/** The working-day calendar: years of holidays and make-up working days, regional overrides, coverage. */
export const calendarApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CalendarYear);
  app.addSchema(Override);
  const db = app.platform.database.db;

  app.get(
    "/calendar/coverage",
    {
      config: { policy: "calendar.read" },
      schema: {
        tags,
        summary: "The last year with holiday data, and whether it runs out within 60 days",
        response: { 200: Coverage },
      },
    },
    async () => service.calendarCoverage(db),
  );

  app.get(
    "/calendar/years",
    {
      config: { policy: "calendar.read" },
      schema: {
        tags,
        summary: "The years with holiday data and where each came from",
        response: { 200: CalendarYearList },
      },
    },
    async (request) => ({ items: (await service.listYears(db, request.actor)).map(presentYear) }),
  );

  app.get(
    "/calendar/years/:year",
    {
      config: { policy: "calendar.read" },
      schema: {
        tags,
        summary: "One year's statutory holidays and make-up working days",
        params: YearParams,
        response: { 200: CalendarYearDetail },
      },
    },
    async (request) => presentDetail(await service.getYear(db, request.actor, request.params.year)),
  );

  app.put(
    "/calendar/years/:year",
    {
      config: { policy: "calendar.manage" },
      schema: {
        tags,
        summary:
          "Enter a year's statutory holidays and make-up working days, replacing what it had (administrators of a province or the country)",
        params: YearParams,
        body: YearBody,
        response: { 200: CalendarYearDetail },
      },
    },
    async (request) =>
      presentDetail(
        await service.setYear(db, request.actor, request.params.year, request.body, origin(request)),
      ),
  );

  app.get(
    "/calendar/overrides",
    {
      config: { policy: "calendar.read" },
      schema: {
        tags,
        summary: "The overrides that apply to a region: its own and those of the regions above it",
        querystring: OverrideQuery,
        response: { 200: OverrideList },
      },
    },
    async (request) => ({
      items: (await service.listOverrides(db, request.actor, request.query.region)).map(presentOverride),
    }),
  );

  app.post(
    "/calendar/overrides",
    {
      config: { policy: "calendar.manage" },
      schema: {
        tags,
        summary:
          "Close (a local holiday, a closed hall) or open a day in a region's subtree (its administrators)",
        body: OverrideBody,
        response: { 201: Type.Ref("CalendarOverride") },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(presentOverride(await service.addOverride(db, request.actor, request.body, origin(request)))),
  );

  app.delete(
    "/calendar/overrides/:id",
    {
      config: { policy: "calendar.manage" },
      schema: {
        tags,
        summary: "Remove a regional override",
        params: OverrideParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.removeOverride(db, request.actor, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );
};
