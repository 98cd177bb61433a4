import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { padLink } from "./invite.ts";
import { myRating, myRatingsOfCase } from "./present.ts";
import { addToRating, openToken, type RatingInput, rateByToken, rateCaseOnline, ratersOf } from "./rate.ts";
import { MyRating, RatingForm, type RatingFormState } from "./rate-views.tsx";
import { takeStep } from "./rectify.ts";
import * as store from "./store.ts";

const Number_ = Type.String({ pattern: "^\\d{14,26}$" });
const Uuid = Type.String({ format: "uuid" });
const Token = Type.String({ maxLength: 64 });
const FormBody = Type.Object({
  level: Type.Optional(Type.String({ maxLength: 4 })),
  tags: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 40 }),
      Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
    ]),
  ),
  comment: Type.Optional(Type.String({ maxLength: 4000 })),
});
type Form = {
  level?: string | undefined;
  tags?: string | string[] | undefined;
  comment?: string | undefined;
};

const FIELD_WORDS = {
  level: "rating.problem.level",
  tags: "rating.problem.tag",
  comment: "rating.problem.comment",
} as const;

const inputOf = (body: Form): RatingInput => ({
  level: body.level && /^\d$/.test(body.level) ? Number(body.level) : Number.NaN,
  tags: body.tags === undefined ? [] : Array.isArray(body.tags) ? body.tags : [body.tags],
  comment: body.comment,
});

/** A refused rating in the reader's words: each field's problem once, linked to the field. */
function problemsOf(
  error: unknown,
  t: Translate,
): { status: number; problems: { id: string; text: string }[] } {
  if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
  if (error.code !== "validation_failed")
    return { status: error.status, problems: [{ id: "level", text: problemText(error, t) }] };
  const ids = [...new Set((error.extra.fields ?? []).map((f) => f.field.split("/")[1] ?? "level"))];
  return {
    status: 400,
    problems: ids.map((id) => ({
      id,
      text: t(FIELD_WORDS[id as keyof typeof FIELD_WORDS] ?? "rating.problem.level"),
    })),
  };
}

const signIn = (reply: FastifyReply, back: string) =>
  reply.redirect(`/account/signin?next=${encodeURIComponent(back)}`, 303);

/** Rating pages: online on one's closed case, by a text message's or pad's link, and one's own rating. */
export const ratePages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;

  async function caseForm(
    request: FastifyRequest,
    reply: FastifyReply,
    number: string,
    state: RatingFormState,
  ) {
    const subject = await store.caseSubject(db, store.provinceOfCaseKey(number), number);
    const ctx = pageContext(request, reply, true);
    const words = subject
      ? {
          number: subject.number,
          item: ctx.locale === "en" ? subject.itemName.en || subject.itemName.zh : subject.itemName.zh,
        }
      : { number, item: "" };
    return sendPage(
      reply,
      ctx,
      request.t("rating.form.title"),
      <RatingForm
        ctx={ctx}
        action={`/cases/${number}/rate`}
        subject={request.t("rating.form.case", words)}
        state={state}
      />,
    );
  }

  app.get(
    "/cases/:number/rate",
    { config: { policy: "rating.submit" }, schema: { hide: true, params: Type.Object({ number: Number_ }) } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const subject = await store.caseSubject(
        db,
        store.provinceOfCaseKey(request.params.number),
        request.params.number,
      );
      const mine =
        subject && ratersOf(subject).has(request.actor.id)
          ? await myRatingsOfCase(db, request.actor, subject.id)
          : [];
      const online = mine.find((r) => r.channel === "online");
      if (online) return reply.redirect(`/ratings/mine/${online.id}`, 303);
      return caseForm(request, reply, request.params.number, { problems: [] });
    },
  );

  app.post(
    "/cases/:number/rate",
    {
      config: { policy: "rating.submit" },
      schema: { hide: true, params: Type.Object({ number: Number_ }), body: FormBody },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, `/cases/${request.params.number}/rate`);
      const input = inputOf(request.body);
      try {
        const row = await rateCaseOnline(db, request.actor, request.params.number, input);
        return reply.redirect(`/ratings/mine/${row.id}?rated=1`, 303);
      } catch (error) {
        const { status, problems } = problemsOf(error, request.t);
        reply.code(status);
        return caseForm(request, reply, request.params.number, {
          ...request.body,
          tags: input.tags,
          problems,
        });
      }
    },
  );

  async function tokenForm(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    state: RatingFormState,
  ) {
    const opened = await openToken(db, token);
    const ctx = pageContext(request, reply, true);
    const subject = opened.caseSubject
      ? request.t("rating.form.case", {
          number: opened.caseSubject.number,
          item: opened.caseSubject.itemName.zh,
        })
      : request.t("rating.form.visit", {
          number: opened.visit?.number ?? "",
          site: opened.visit?.siteName ?? "",
        });
    return sendPage(
      reply,
      ctx,
      request.t("rating.form.title"),
      <RatingForm ctx={ctx} action={`/rate/${token}`} subject={subject} state={state} />,
    );
  }

  app.get(
    "/rate/:token",
    {
      config: { policy: "rating.byToken", personal: true },
      schema: { hide: true, params: Type.Object({ token: Token }) },
    },
    async (request, reply) => tokenForm(request, reply, request.params.token, { problems: [] }),
  );

  app.post(
    "/rate/:token",
    {
      config: { policy: "rating.byToken" },
      schema: { hide: true, params: Type.Object({ token: Token }), body: FormBody },
    },
    async (request, reply) => {
      const input = inputOf(request.body);
      try {
        const row = await rateByToken(db, request.params.token, input);
        const ctx = pageContext(request, reply);
        const words = request.t(row.level <= 2 ? "rating.doneBad" : "rating.done");
        return sendPage(
          reply,
          ctx,
          request.t("rating.done"),
          <>
            <h1>{request.t("rating.done")}</h1>
            <p role="status">{words}</p>
          </>,
        );
      } catch (error) {
        const { status, problems } = problemsOf(error, request.t);
        reply.code(status);
        return tokenForm(request, reply, request.params.token, {
          ...request.body,
          tags: input.tags,
          problems,
        });
      }
    },
  );

  async function showMine(request: FastifyRequest, reply: FastifyReply, id: string, notice?: string) {
    const rating = await myRating(db, request.actor, id);
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("rating.mine.title"),
      <MyRating ctx={ctx} rating={rating} notice={notice} />,
    );
  }

  app.get(
    "/ratings/mine/:id",
    {
      config: { policy: "rating.add" },
      schema: {
        hide: true,
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ rated: Type.Optional(Type.String({ maxLength: 2 })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const rating = await myRating(db, request.actor, request.params.id);
      const notice = request.query.rated
        ? request.t(rating.level <= 2 ? "rating.doneBad" : "rating.done")
        : undefined;
      return showMine(request, reply, request.params.id, notice);
    },
  );

  app.post(
    "/ratings/mine/:id/additions",
    {
      config: { policy: "rating.add" },
      schema: {
        hide: true,
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ text: Type.Optional(Type.String({ maxLength: 4000 })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, `/ratings/mine/${request.params.id}`);
      await addToRating(db, request.actor, request.params.id, request.body.text ?? "");
      return reply.redirect(`/ratings/mine/${request.params.id}`, 303);
    },
  );

  app.post(
    "/ratings/mine/:id/steps",
    {
      config: { policy: "rating.add" },
      schema: {
        hide: true,
        params: Type.Object({ id: Uuid }),
        body: Type.Object({
          step: Type.Union([Type.Literal("accept"), Type.Literal("contest")]),
          text: Type.Optional(Type.String({ maxLength: 4000 })),
        }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, `/ratings/mine/${request.params.id}`);
      const rating = await myRating(db, request.actor, request.params.id);
      if (!rating.rectification) return reply.redirect(`/ratings/mine/${rating.id}`, 303);
      await takeStep(
        db,
        { jobs, config, requestId: request.id },
        request.actor,
        rating.rectification.id,
        request.body,
      );
      return reply.redirect(`/ratings/mine/${rating.id}`, 303);
    },
  );

  // What the window's pad opens when the clerk finishes a ticket: the visit's rating form, by its link.
  app.get(
    "/work/ratings/pad/:code/:ticket",
    {
      config: { policy: "rating.padLink" },
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" }), ticket: Uuid }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff")
        return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
      const { token } = await padLink(db, config, request.actor, request.params.code, request.params.ticket);
      return reply.redirect(`/rate/${token}`, 303);
    },
  );
};
