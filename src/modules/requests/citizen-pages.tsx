import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type FormErrors, formErrors, NO_ERRORS, type Values } from "../applicants/form-kit.tsx";
import { NEW, NewRequestPage } from "./citizen-views.tsx";
import { fileRequest } from "./filing.ts";
import { FollowPage, LookupPage, MinePage, RepliesPage } from "./follow-views.tsx";
import * as lifecycle from "./lifecycle.ts";
import { placeStep } from "./places.ts";
import { FILING_LIMIT } from "./present.ts";
import type { ContactPreference, Satisfaction } from "./tables.ts";
import { followRequest, listCategories, myRequests, publicReplies } from "./views.ts";

const text = Type.Optional(Type.String({ maxLength: 10_000 }));
const Number16 = Type.Object({ number: Type.String({ pattern: "^\\d{16}$" }) });
const TokenQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 64 })),
  filed: Type.Optional(Type.String({ maxLength: 1 })),
});
const FormBody = Type.Object({
  category: text,
  text,
  regionCode: text,
  address: text,
  lat: text,
  long: text,
  contactPreference: text,
  name: text,
  phone: text,
  email: text,
  anonymous: text,
  _csrf: text,
});
const PAGE = 20;

const numberOrNull = (raw: string | undefined) => {
  const value = raw?.trim();
  return value ? Number(value) : null;
};

/** The citizen's pages: the form to file (no script needed), following, rating and reopening, public replies. */
export const citizenPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;

  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    near: string | undefined,
    values: Values,
    errors: FormErrors,
  ) {
    const ctx = pageContext(request, reply, true);
    const [categories, place] = await Promise.all([listCategories(db), placeStep(db, near)]);
    return sendPage(
      reply,
      ctx,
      request.t("requests.new.title"),
      <NewRequestPage ctx={ctx} categories={categories} place={place} values={values} errors={errors} />,
    );
  }

  app.get(
    NEW,
    {
      config: { policy: "request.file" },
      schema: {
        hide: true,
        querystring: Type.Object({ near: Type.Optional(Type.String({ maxLength: 12 })) }),
      },
    },
    async (request, reply) => {
      const near = request.query.near;
      const place = await placeStep(db, near);
      const errors = place.unknown ? { fields: { near: request.t("requests.problem.region") } } : NO_ERRORS;
      return showNew(request, reply.code(place.unknown ? 400 : 200), near, {}, errors);
    },
  );

  app.post(
    "/requests",
    { config: { policy: "request.file", rateLimit: FILING_LIMIT }, schema: { hide: true, body: FormBody } },
    async (request, reply) => {
      const values = request.body as Values;
      try {
        const { row, token } = await fileRequest(db, { jobs, config, channel: "web" }, request.actor, {
          category: values.category ?? "",
          text: values.text ?? "",
          regionCode: values.regionCode ?? "",
          lat: numberOrNull(values.lat),
          long: numberOrNull(values.long),
          address: values.address ?? null,
          contactPreference: (values.contactPreference ?? "none") as ContactPreference,
          anonymous: values.anonymous === "true",
          contact: { name: values.name, phone: values.phone, email: values.email },
        });
        const query =
          request.actor.kind === "person" ? "?filed=1" : `?filed=1&token=${encodeURIComponent(token)}`;
        return reply.redirect(`/requests/${row.number}${query}`, 303);
      } catch (error) {
        const { status, ...errors } = formErrors(error, request.t);
        // The place is chosen above the form: its problem links to the chooser.
        if (errors.fields.regionCode) {
          errors.fields.near = errors.fields.regionCode;
          delete errors.fields.regionCode;
        }
        return showNew(request, reply.code(status), values.regionCode || undefined, values, errors);
      }
    },
  );

  app.get(
    "/requests/mine",
    { config: { policy: "request.mine" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "person")
        return reply.redirect("/account/signin?next=%2Frequests%2Fmine", 303);
      const ctx = pageContext(request, reply);
      const items = await myRequests(db, request.actor);
      return sendPage(reply, ctx, request.t("requests.mine.title"), <MinePage ctx={ctx} items={items} />);
    },
  );

  app.get(
    "/requests/follow",
    {
      config: { policy: "request.follow" },
      schema: { hide: true, querystring: Type.Object({ number: text, token: text }) },
    },
    async (request, reply) => {
      const { number, token } = request.query;
      if (number && /^\d{16}$/.test(number.trim()) && token) {
        const found = await followRequest(db, request.actor, number.trim(), token.trim()).catch(
          () => undefined,
        );
        if (found)
          return reply.redirect(`/requests/${found.number}?token=${encodeURIComponent(token.trim())}`, 303);
      }
      const ctx = pageContext(request, reply);
      const tried = number !== undefined || token !== undefined;
      return sendPage(
        reply.code(tried ? 404 : 200),
        ctx,
        request.t("requests.follow.lookup"),
        <LookupPage ctx={ctx} notFound={tried} />,
      );
    },
  );

  async function showFollow(
    request: FastifyRequest,
    reply: FastifyReply,
    number: string,
    token: string | undefined,
    filed: boolean,
    errors: FormErrors,
  ) {
    const view = await followRequest(db, request.actor, number, token);
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("requests.follow.title", { number }),
      <FollowPage ctx={ctx} view={view} token={token} filed={filed} errors={errors} />,
    );
  }

  app.get(
    "/requests/:number",
    {
      config: { policy: "request.follow" },
      schema: { hide: true, params: Number16, querystring: TokenQuery },
    },
    async (request, reply) =>
      showFollow(
        request,
        reply,
        request.params.number,
        request.query.token,
        request.query.filed === "1",
        NO_ERRORS,
      ),
  );

  const back = (number: string, token: string | undefined) =>
    `/requests/${number}${token ? `?token=${encodeURIComponent(token)}` : ""}`;

  app.post(
    "/requests/:number/rate",
    {
      config: { policy: "request.follow" },
      schema: {
        hide: true,
        params: Number16,
        body: Type.Object({ satisfaction: text, token: text, _csrf: text }),
      },
    },
    async (request, reply) => {
      const { satisfaction, token } = request.body;
      await lifecycle.rate(
        db,
        request.actor,
        request.params.number,
        token,
        (satisfaction ?? "") as Satisfaction,
      );
      return reply.redirect(back(request.params.number, token), 303);
    },
  );

  app.post(
    "/requests/:number/reopen",
    {
      config: { policy: "request.follow" },
      schema: { hide: true, params: Number16, body: Type.Object({ reason: text, token: text, _csrf: text }) },
    },
    async (request, reply) => {
      const { reason, token } = request.body;
      try {
        await lifecycle.reopen(db, request.actor, request.params.number, token, reason);
        return reply.redirect(back(request.params.number, token), 303);
      } catch (error) {
        if (!isAppError(error) || error.status !== 400) throw error;
        return showFollow(request, reply.code(400), request.params.number, token, false, {
          fields: { reason: request.t("requests.reopen.reason") },
        });
      }
    },
  );

  app.get(
    "/requests/replies",
    {
      config: { policy: "request.public" },
      schema: {
        hide: true,
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })) }),
      },
    },
    async (request, reply) => {
      const page = request.query.page ?? 0;
      const replies = await publicReplies(db, { limit: PAGE + 1, offset: page * PAGE });
      const ctx = pageContext(request, reply);
      const next = replies.length > PAGE ? `/requests/replies?page=${page + 1}` : undefined;
      return sendPage(
        reply,
        ctx,
        request.t("requests.replies.title"),
        <RepliesPage ctx={ctx} replies={replies.slice(0, PAGE)} next={next} />,
      );
    },
  );
};
