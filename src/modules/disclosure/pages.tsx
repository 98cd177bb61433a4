import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { searchCatalog } from "../catalog/search.ts";
import { atom, type FeedText, feedItems, feedScope, feedValidator, notModified, rss } from "./feeds.ts";
import { GuidePage } from "./guide-view.tsx";
import { departmentGuide } from "./guides.ts";
import { PAGE_MAX, publicationDetail, type SearchPage, searchPublications } from "./reading.ts";
import { disclosureStaffPages } from "./staff-pages.tsx";
import { CATEGORIES, type Category, VALIDITIES, type Validity } from "./tables.ts";
import { categoryName, DisclosureHome, PublicationPage, type SearchForm } from "./views.tsx";

const Uuid = Type.String({ format: "uuid" });
const PAGE_SIZE = 20;

/** The public pages of 政务公开, its feeds, and (registered from here) the staff's pages. */
export const disclosurePages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;
  await app.register(disclosureStaffPages);

  /** Where to apply for information: the guide of the catalogue's disclosure-request item, if offered. */
  async function requestHref(): Promise<string | null> {
    const found = await searchCatalog(db, { event: "information", limit: 1, offset: 0 });
    const hit = found.hits[0];
    return hit ? `/services/${hit.code}` : null;
  }

  app.get(
    "/disclosure",
    {
      config: { policy: "disclosure.read" },
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 1000 })),
          category: Type.Optional(Type.String({ maxLength: 20 })),
          year: Type.Optional(Type.String({ maxLength: 4 })),
          validity: Type.Optional(Type.String({ maxLength: 20 })),
          department: Type.Optional(Type.String({ maxLength: 36 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      // A form's odd values are dropped rather than refused: the page always answers with a list.
      const category = (CATEGORIES as readonly string[]).includes(q.category ?? "")
        ? (q.category as Category)
        : undefined;
      const validity = (VALIDITIES as readonly string[]).includes(q.validity ?? "")
        ? (q.validity as Validity)
        : undefined;
      const year = /^\d{4}$/.test(q.year ?? "") ? Number(q.year) : undefined;
      const form: SearchForm = {
        q: q.q ?? "",
        category: category ?? "",
        year: year ? String(year) : "",
        validity: validity ?? "",
        department: q.department ?? "",
        offset: q.offset ?? 0,
        limit: PAGE_SIZE,
      };
      let page: SearchPage = { hits: [], total: 0, terms: [] };
      try {
        page = await searchPublications(db, {
          text: form.q,
          departmentId: q.department || undefined,
          category,
          year,
          validity,
          limit: Math.min(PAGE_SIZE, PAGE_MAX),
          offset: form.offset,
        });
      } catch (error) {
        if (!isAppError(error) || error.status !== 400) throw error;
        form.problem = request.t("disclosure.search.tooLong");
        reply.code(400);
      }
      const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
      const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        request.t("disclosure.title"),
        <DisclosureHome ctx={ctx} form={form} page={page} years={years} requestHref={await requestHref()} />,
      );
    },
  );

  app.get(
    "/disclosure/publications/:id",
    { config: { policy: "disclosure.read" }, schema: { hide: true, params: Type.Object({ id: Uuid }) } },
    async (request, reply) => {
      const d = await publicationDetail(db, request.params.id);
      const ctx = pageContext(request, reply);
      return sendPage(reply, ctx, d.publication.title, <PublicationPage ctx={ctx} d={d} />);
    },
  );

  app.get(
    "/disclosure/guides/:departmentId",
    {
      config: { policy: "disclosure.read" },
      schema: { hide: true, params: Type.Object({ departmentId: Uuid }) },
    },
    async (request, reply) => {
      const { department, guide } = await departmentGuide(db, request.params.departmentId);
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        request.t("disclosure.guide"),
        <GuidePage ctx={ctx} department={department} guide={guide} requestHref={await requestHref()} />,
      );
    },
  );

  const FeedQuery = Type.Object({
    department: Type.Optional(Type.String({ maxLength: 36 })),
    category: Type.Optional(Type.String({ maxLength: 20 })),
  });

  async function sendFeed(
    request: FastifyRequest<{ Querystring: { department?: string; category?: string } }>,
    reply: FastifyReply,
    format: "rss" | "atom",
  ) {
    const scope = await feedScope(db, request.query.department, request.query.category);
    const validator = await feedValidator(db, scope, `${format}|${request.locale}`);
    reply
      .header("etag", validator.etag)
      .header("last-modified", validator.lastModified.toUTCString())
      .header("cache-control", "public, max-age=300")
      .header("vary", "Accept-Language, Cookie");
    if (notModified(request.headers, validator)) return reply.code(304).send();
    const { t } = request;
    const departmentName =
      scope.department && (request.locale === "en" ? scope.department.nameEn : scope.department.name);
    const parts = [
      departmentName,
      scope.category && t(`disclosure.category.${scope.category}`),
      t("disclosure.title"),
    ];
    const text: FeedText = {
      title: parts.filter(Boolean).join(" · "),
      description: t("disclosure.lead"),
      language: request.locale,
      categoryName: (c) => t(`disclosure.category.${c}`),
    };
    const self = `${config.baseUrl}${request.url}`;
    const items = await feedItems(db, scope);
    const build = format === "rss" ? rss : atom;
    return reply
      .type(format === "rss" ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8")
      .send(build(config.baseUrl, self, text, items, validator.lastModified));
  }

  app.get(
    "/disclosure/rss.xml",
    { config: { policy: "disclosure.read" }, schema: { hide: true, querystring: FeedQuery } },
    (request, reply) => sendFeed(request, reply, "rss"),
  );
  app.get(
    "/disclosure/atom.xml",
    { config: { policy: "disclosure.read" }, schema: { hide: true, querystring: FeedQuery } },
    (request, reply) => sendFeed(request, reply, "atom"),
  );
};

export { categoryName };
