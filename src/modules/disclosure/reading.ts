import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Department, getDepartment } from "../departments/service.ts";
import { chinaToday, getPublicationRow, validityOf } from "./publications.ts";
import * as store from "./store.ts";
import type { Category, Validity } from "./tables.ts";
import { highlight, type Part, parseSearch, snippet } from "./text.ts";

/** What the public reads: one publication with everything around it, lists, and search. */

export const SEARCH_TEXT_MAX = 100;
export const PAGE_MAX = 50;

export interface Link {
  id: string;
  title: string;
  indexNumber: string;
}

export interface PublicationDetail {
  publication: store.Publication;
  validity: Validity;
  department: Department;
  attachments: Awaited<ReturnType<typeof store.attachmentsOf>>;
  interprets: Link | null;
  amendedBy: Link | null;
  repealedBy: Link | null;
  interpretations: Link[];
  revisions: Awaited<ReturnType<typeof store.revisionsOf>>;
}

const link = (r: { id: string; title: string; index_number: string }): Link => ({
  id: r.id,
  title: r.title,
  indexNumber: r.index_number,
});

export async function publicationDetail(db: Executor, id: string): Promise<PublicationDetail> {
  const p = await getPublicationRow(db, id);
  const ids = [p.interprets_id, p.amended_by, p.repealed_by].filter((x): x is string => x !== null);
  const [department, attachments, linkedRows, interpretations, revisions] = await Promise.all([
    getDepartment(db, p.department_id),
    store.attachmentsOf(db, p.id),
    store.titlesOf(db, ids),
    store.interpretationsOf(db, p.id),
    store.revisionsOf(db, p.id),
  ]);
  const byId = (x: string | null) => {
    const row = x ? linkedRows.find((r) => r.id === x) : undefined;
    return row ? link(row) : null;
  };
  return {
    publication: p,
    validity: validityOf(p, chinaToday()),
    department,
    attachments,
    interprets: byId(p.interprets_id),
    amendedBy: byId(p.amended_by),
    repealedBy: byId(p.repealed_by),
    interpretations: interpretations.map(link),
    revisions,
  };
}

export interface SearchInput {
  text?: string | undefined;
  departmentId?: string | undefined;
  category?: Category | undefined;
  year?: number | undefined;
  validity?: Validity | undefined;
  limit: number;
  offset: number;
}

export interface SearchHit {
  publication: store.Publication;
  validity: Validity;
  title: Part[];
  snippet: Part[];
}

export interface SearchPage {
  hits: SearchHit[];
  total: number;
  terms: string[];
}

/**
 * Search and lists alike: filters, then words (Chinese as jieba cuts it, pinyin, numbers as printed).
 * Text of any shape is answered — too long is refused with 400, symbols alone find nothing — and an
 * unknown department is simply no match, as a filter of a list.
 */
export async function searchPublications(db: Executor, input: SearchInput): Promise<SearchPage> {
  const text = input.text ?? "";
  if ([...text].length > SEARCH_TEXT_MAX)
    throw errors.validation([
      { field: "/q", message: `must NOT have more than ${SEARCH_TEXT_MAX} characters` },
    ]);
  if (input.departmentId !== undefined && !isUuid(input.departmentId))
    return { hits: [], total: 0, terms: [] };
  const page = {
    limit: Math.min(Math.max(Math.trunc(input.limit), 1), PAGE_MAX),
    offset: Math.min(Math.max(Math.trunc(input.offset), 0), 10_000),
  };
  const filters = {
    departmentId: input.departmentId,
    category: input.category,
    year: input.year,
    validity: input.validity,
  };
  let terms: string[] = [];
  let found: Awaited<ReturnType<typeof store.listPublications>>;
  if (text.trim() === "") found = await store.listPublications(db, filters, page);
  else {
    const parsed = await parseSearch(text);
    if (parsed.compact === "") return { hits: [], total: 0, terms: [] };
    terms = parsed.terms;
    found = await store.listPublications(db, filters, page, parsed);
  }
  const today = chinaToday();
  return {
    total: found.total,
    terms,
    hits: found.items.map((p) => ({
      publication: p,
      validity: validityOf(p, today),
      title: highlight(p.title, terms),
      snippet: highlight(snippet(p.body, terms), terms),
    })),
  };
}

/** A publication's attachment, for anyone: public documents. */
export async function attachmentFile(db: Executor, publicationId: string, attachmentId: string) {
  if (!isUuid(publicationId) || !isUuid(attachmentId)) throw errors.notFound("attachment");
  const found = await store.findAttachment(db, publicationId, attachmentId);
  if (!found) throw errors.notFound("attachment");
  return found;
}
