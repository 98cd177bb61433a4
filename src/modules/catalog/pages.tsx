import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { nearestSites } from "../halls/sites.ts";
import {
  browseItems,
  catalogueCounts,
  isAudience,
  isEvent,
  isLine,
  PAGE_SIZE,
  placeChoice,
} from "./browse.ts";
import { CHANNELS, LEVELS } from "./content.ts";
import { BROWSE, browseLabel, FrontPage, ListPage, NotFound } from "./public-browse.tsx";
import { GuidePage, RetiredPage } from "./public-guide.tsx";
import { type Filters, SearchPage, type SearchView, searchTitle } from "./public-search.tsx";
import { MAX_QUERY, textOf } from "./public-views.tsx";
import { searchCatalog } from "./search.ts";
import { offeringsNear, publicItem } from "./service.ts";

const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 }));
const Near = Type.Optional(Type.String({ maxLength: 40 }));
const Filter = Type.Optional(Type.String({ maxLength: 60 }));

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

type FilterQuery = Partial<Record<"line" | "event" | "audience" | "level" | "channel" | "zeroVisit", string>>;

/**
 * The filters of a search address that name something real. The page's own selects only offer those,
 * so anything else was typed or is stale: it is left out, and the page says so.
 */
function knownFilters(query: FilterQuery): { filters: Filters; ignored: boolean } {
  let ignored = false;
  const take = <T extends string>(value: string | undefined, valid: (v: string) => v is T) => {
    if (!value) return undefined;
    if (valid(value)) return value;
    ignored = true;
    return undefined;
  };
  const filters: Filters = {
    line: take(query.line, isLine),
    event: take(query.event, isEvent),
    audience: take(query.audience, isAudience),
    level: take(query.level, (v) => isOneOf(LEVELS, v)),
    channel: take(query.channel, (v) => isOneOf(CHANNELS, v)),
    zeroVisit: query.zeroVisit ? true : undefined,
  };
  return { filters, ignored };
}

/** Not the platform's bare 404: a reader who followed a stale link gets the search box and a way on. */
function notFoundPage(request: FastifyRequest, reply: FastifyReply) {
  const ctx = pageContext(request, reply);
  reply.code(404);
  return sendPage(reply, ctx, ctx.t("services.notFound.title"), <NotFound ctx={ctx} />);
}

const isNotFound = (error: unknown) => isAppError(error) && error.status === 404;

/**
 * The public catalogue: its front page (search, and browsing by life event, department and audience),
 * the lists, the search with its filters and "near me", and the guide page (办事指南). Every page works
 * without JavaScript and prints.
 */
export const catalogPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  const baseUrl = app.platform.config.baseUrl.replace(/\/$/, "");

  app.get(
    "/services",
    { config: { policy: "catalog.read" }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const counts = await catalogueCounts(db);
      return sendPage(reply, ctx, ctx.t("services.title"), <FrontPage ctx={ctx} counts={counts} />);
    },
  );

  for (const kind of ["event", "line", "audience"] as const) {
    app.get(
      `/services/${BROWSE[kind].path}/:value`,
      {
        config: { policy: "catalog.read" },
        schema: {
          hide: true,
          params: Type.Object({ value: Type.String({ maxLength: 60 }) }),
          querystring: Type.Object({ page: Page }),
        },
      },
      async (request, reply) => {
        const { value } = request.params;
        const page = request.query.page ?? 1;
        const found = await browseItems(db, { kind, value }, page, request.locale).catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        });
        if (!found) return notFoundPage(request, reply);
        const ctx = pageContext(request, reply);
        const label = browseLabel(ctx, kind, value);
        return sendPage(reply, ctx, label, <ListPage ctx={ctx} kind={kind} value={value} found={found} />);
      },
    );
  }

  app.get(
    "/services/search",
    {
      config: { policy: "catalog.read" },
      schema: {
        hide: true,
        querystring: Type.Object({
          // No length limit here: a long text is answered by the page with a message, not a 400.
          q: Type.Optional(Type.String()),
          line: Filter,
          event: Filter,
          audience: Filter,
          level: Filter,
          channel: Filter,
          zeroVisit: Filter,
          near: Near,
          page: Page,
        }),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const typed = [...(query.q ?? "").trim()];
      const tooLong = typed.length > MAX_QUERY ? typed.length : undefined;
      const q = typed.slice(0, MAX_QUERY).join("");
      const { filters, ignored } = knownFilters(query);
      const choice = await placeChoice(db, query.near || undefined);
      filters.near = choice.chosen;
      const page = query.page ?? 1;
      const { near: _place, ...searched } = filters;
      const asked = q !== "" || Object.values(filters).some((v) => v !== undefined);
      const result =
        tooLong === undefined && asked
          ? await searchCatalog(db, {
              ...searched,
              text: q || undefined,
              regionCode: choice.chosen,
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
            })
          : undefined;
      const view: SearchView = {
        q,
        tooLong,
        filters,
        ignored,
        result,
        page,
        pages: Math.max(1, Math.ceil((result?.total ?? 0) / PAGE_SIZE)),
        choice,
      };
      const ctx = pageContext(request, reply);
      if (tooLong !== undefined) reply.code(400);
      return sendPage(reply, ctx, searchTitle(ctx, view), <SearchPage ctx={ctx} view={view} />);
    },
  );

  app.get(
    "/services/:code",
    {
      config: { policy: "catalog.read" },
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        querystring: Type.Object({ near: Near, print: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const found = await publicItem(db, code).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      if (!found) return notFoundPage(request, reply);
      const ctx = pageContext(request, reply);
      const { content } = found.version;
      if (found.version.status === "retired") {
        // 410 Gone: the address once held a guide and will not again, which search engines and
        // link checkers act on; people read the page's words, which say what to do instead.
        reply.code(410);
        return sendPage(
          reply,
          ctx,
          textOf(ctx, content.name),
          <RetiredPage ctx={ctx} content={content} retiredAt={found.version.retiredAt} />,
        );
      }
      const choice = await placeChoice(db, request.query.near || undefined);
      const [offerings, nearest] = await Promise.all([
        offeringsNear(db, found.item.id, choice.chosen),
        choice.chosen ? nearestSites(db, choice.chosen) : undefined,
      ]);
      const print = request.query.print === "1";
      return sendPage(
        reply,
        ctx,
        textOf(ctx, content.name),
        <GuidePage
          ctx={ctx}
          view={{ item: found.item, version: found.version, offerings, choice, print, baseUrl, nearest }}
        />,
      );
    },
  );
};
