import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { publicFigures, publicGroups } from "./figures.ts";
import { padLink } from "./invite.ts";
import { myRating, myRatingsOfCase, presentRectification } from "./present.ts";
import { addToRating, openToken, type RatingInput, rateByToken, rateCaseOnline } from "./rate.ts";
import { loadRectification, rectificationWorklist, takeStep } from "./rectify.ts";
import {
  Addition,
  AdditionBody,
  ByParams,
  CaseParams,
  FigureParams,
  Figures,
  Groups,
  IdParams,
  LinkSubject,
  PadLink,
  Rating,
  RatingBody,
  RatingList,
  Rectification,
  StepBody,
  Submitted,
  TicketParams,
  TokenParams,
  WorkList,
  WorkQuery,
} from "./schemas.ts";
import type { RatingRow, RectificationState } from "./tables.ts";

const tags = ["ratings"];
const submitted = (row: RatingRow) => ({
  id: row.id,
  level: row.level,
  channel: row.channel,
  rectification: row.level <= 2,
});
const input = (body: { level: number; tags?: string[]; comment?: string | undefined }): RatingInput => ({
  level: body.level,
  tags: body.tags ?? [],
  comment: body.comment,
});
const OPEN_STATES: RectificationState[] = ["open", "called_back", "resolved", "contested"];

/** Ratings (好差评): rating online and by link, additions, rectification, settings, public figures. */
export const ratingsApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;

  app.post(
    "/cases/:number/ratings",
    {
      config: { policy: "rating.submit" },
      schema: {
        tags,
        summary: "Rate one's closed case (the applicant, or their agent)",
        params: CaseParams,
        body: RatingBody,
        response: { 201: Submitted },
      },
    },
    async (request, reply) => {
      const row = await rateCaseOnline(db, request.actor, request.params.number, input(request.body));
      return reply.code(201).send(submitted(row));
    },
  );

  app.get(
    "/cases/:number/ratings",
    {
      config: { policy: "rating.submit" },
      schema: {
        tags,
        summary: "One's own ratings of a case, with additions and rectification",
        params: CaseParams,
        response: { 200: RatingList },
      },
    },
    async (request) => ({ items: await myRatingsOfCase(db, request.actor, request.params.number) }),
  );

  app.get(
    "/rating-links/:token",
    {
      config: { policy: "rating.byToken" },
      schema: {
        tags,
        summary: "What a rating link (text message or pad) rates; 404 once used",
        params: TokenParams,
        response: { 200: LinkSubject },
      },
    },
    async (request) => {
      const opened = await openToken(db, request.params.token);
      return {
        kind: opened.kind,
        channel: opened.channel,
        caseNumber: opened.caseSubject?.number ?? null,
        itemName: opened.caseSubject?.itemName.zh ?? null,
        siteName: opened.visit?.siteName ?? null,
        ticketNumber: opened.visit?.number ?? null,
      };
    },
  );

  app.post(
    "/rating-links/:token",
    {
      config: { policy: "rating.byToken" },
      schema: {
        tags,
        summary: "Rate by a text message's or pad's link, without signing in (once)",
        params: TokenParams,
        body: RatingBody,
        response: { 201: Submitted },
      },
    },
    async (request, reply) => {
      const row = await rateByToken(db, request.params.token, input(request.body));
      return reply.code(201).send(submitted(row));
    },
  );

  app.get(
    "/ratings/:id",
    {
      config: { policy: "rating.add" },
      schema: {
        tags,
        summary: "One's own rating, with additions and its rectification",
        params: IdParams,
        response: { 200: Rating },
      },
    },
    async (request) => myRating(db, request.actor, request.params.id),
  );

  app.post(
    "/ratings/:id/additions",
    {
      config: { policy: "rating.add" },
      schema: {
        tags,
        summary: "Add to one's rating (追评); the rating itself stays as it was",
        params: IdParams,
        body: AdditionBody,
        response: { 201: Addition },
      },
    },
    async (request, reply) => {
      const added = await addToRating(db, request.actor, request.params.id, request.body.text);
      return reply.code(201).send({ text: added.text, createdAt: added.created_at.toISOString() });
    },
  );

  app.post(
    "/sites/:code/tickets/:id/rating-link",
    {
      config: { policy: "rating.padLink" },
      schema: {
        tags,
        summary: "The window pad's rating link for a served ticket (window clerks)",
        params: TicketParams,
        response: { 200: PadLink },
      },
    },
    async (request) => ({
      url: (await padLink(db, config, request.actor, request.params.code, request.params.id)).url,
    }),
  );

  app.get(
    "/rectifications",
    {
      config: { policy: "rectification.list" },
      schema: {
        tags,
        summary: "Rectifications of one's departments, and those one supervises",
        querystring: WorkQuery,
        response: { 200: WorkList },
      },
    },
    async (request) => {
      const states = request.query.state ? [request.query.state] : OPEN_STATES;
      const rows = await rectificationWorklist(db, request.actor, states);
      return {
        items: rows.map((r) => ({
          ...presentRectification(r),
          level: r.level,
          comment: r.comment,
          tags: r.tags,
        })),
      };
    },
  );

  app.get(
    "/rectifications/:id",
    {
      config: { policy: "rectification.read" },
      schema: {
        tags,
        summary: "One rectification (its department, its rater, supervisors)",
        params: IdParams,
        response: { 200: Rectification },
      },
    },
    async (request) =>
      presentRectification((await loadRectification(db, request.actor, request.params.id)).rectification),
  );

  app.post(
    "/rectifications/:id/steps",
    {
      config: { policy: "rectification.read" },
      schema: {
        tags,
        summary:
          "A step: callback, resolve (department); accept, contest (rater); uphold, send_back (supervisor)",
        params: IdParams,
        body: StepBody,
        response: { 200: Rectification },
      },
    },
    async (request) =>
      presentRectification(
        await takeStep(
          db,
          { jobs, config, requestId: request.id },
          request.actor,
          request.params.id,
          request.body,
        ),
      ),
  );

  app.get(
    "/ratings/figures/:by",
    {
      config: { policy: "rating.read" },
      schema: {
        tags,
        summary: "Departments, items or sites with ratings, and their satisfaction",
        params: ByParams,
        response: { 200: Groups },
      },
    },
    async (request) => ({ items: await publicGroups(db, request.params.by) }),
  );

  app.get(
    "/ratings/figures/:by/:key",
    {
      config: { policy: "rating.read" },
      schema: {
        tags,
        summary: "A department's, item's or site's public figures and anonymised comments",
        params: FigureParams,
        response: { 200: Figures },
      },
    },
    async (request) => {
      const f = await publicFigures(db, request.params.by, request.params.key);
      return {
        ...f,
        comments: f.comments.map((c) => ({
          ...c,
          at: c.at.toISOString(),
          additions: c.additions.map((a) => ({ text: a.text, at: a.at.toISOString() })),
        })),
      };
    },
  );
};
