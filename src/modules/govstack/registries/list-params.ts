import { errors } from "../../../platform/errors.ts";
import { fieldParams, intParam, param } from "../parse.ts";
import { fieldNamed, queryParams } from "./content.ts";
import type { Exposed } from "./exposures.ts";
import type { ListQuery } from "./reads.ts";

/** The list operation's parameters (section 8.4), parsed and bounded. Pure. */

/** At most this many records a page: the native search's limit; larger asks are clamped. */
const MAX_PAGE_SIZE = 50;
/** The native search's furthest offset: past it a reader is harvesting, and a filter finds the record. */
const MAX_OFFSET = 10_000;

export function listQueryOf(exposed: Exposed, query: unknown): ListQuery {
  const { key, equals } = queryParams(exposed, fieldParams(query, "query"));
  const search = param(query, "search");
  const filter = param(query, "filter");
  const filterField = filter ? fieldNamed(exposed, filter) : undefined;
  if (filter && filterField?.kind !== "field") {
    throw errors.validation([{ field: "/query/filter", message: "is not a field of this registry" }]);
  }
  const pageSize = Math.min(
    intParam(query, "pageSize", { min: 1, max: 100_000, fallback: 10 }) as number,
    MAX_PAGE_SIZE,
  );
  const lastPage = Math.floor(MAX_OFFSET / pageSize) + 1;
  const page = intParam(query, "page", { min: 1, max: lastPage, fallback: 1 }) as number;
  return {
    key,
    equals,
    // `filter` only says where `search` looks: alone, it is ignored.
    search: search?.trim()
      ? { text: search, field: filterField?.kind === "field" ? filterField.field.name : undefined }
      : undefined,
    order: orderingOf(exposed, param(query, "ordering")),
    page,
    pageSize,
  };
}

/** `asc`/`ascending`/`desc`/`descending` (by key), or `[-]<field>`. */
function orderingOf(exposed: Exposed, ordering: string | undefined): ListQuery["order"] {
  if (ordering === undefined || ordering.trim() === "") return undefined;
  const text = ordering.trim();
  const lower = text.toLowerCase();
  if (lower === "asc" || lower === "ascending") return { direction: "asc" };
  if (lower === "desc" || lower === "descending") return { direction: "desc" };
  const direction = text.startsWith("-") ? "desc" : "asc";
  const named = fieldNamed(exposed, text.replace(/^[-+]/, ""));
  if (!named) {
    throw errors.validation([
      { field: "/query/ordering", message: "asc, desc, or a field name, - before it for descending" },
    ]);
  }
  return named.kind === "key" ? { direction } : { field: named.field.name, direction };
}

/**
 * `next` and `previous` as absolute URIs — the request's own, its `page` replaced — each omitted when
 * there is none (the spec's `x-nullable` is no JSON Schema null).
 */
export function pageLinks(
  requestUrl: URL,
  q: { page: number; pageSize: number },
  count: number,
): { next?: string; previous?: string } {
  const link = (to: number) => {
    const url = new URL(requestUrl);
    for (const name of [...url.searchParams.keys()]) {
      if (name.toLowerCase() === "page") url.searchParams.delete(name);
    }
    url.searchParams.set("page", String(to));
    return url.toString();
  };
  return {
    ...(q.page * q.pageSize < count ? { next: link(q.page + 1) } : {}),
    ...(q.page > 1 && count > 0
      ? { previous: link(Math.min(q.page - 1, Math.ceil(count / q.pageSize))) }
      : {}),
  };
}
