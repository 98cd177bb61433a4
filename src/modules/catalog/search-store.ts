import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { Synonym } from "./analyse.ts";
import type { Audience, Channel, ItemContent, Level, LifeEvent } from "./content.ts";
import type { NearbyOffering, SearchHit } from "./search.ts";

/** All of search's SQL: the index rows, the search itself, offerings near a place, synonyms. */

/** The item and its published version, as the index copies them. */
export interface IndexSource {
  itemId: string;
  code: string;
  version: number;
  content: ItemContent;
}

export interface IndexRow {
  itemId: string;
  version: number;
  code: string;
  name: string;
  nameEn: string;
  nameKey: string;
  summary: string;
  summaryEn: string;
  line: string;
  type: ItemContent["type"];
  audience: Audience[];
  events: LifeEvent[];
  levels: Level[];
  channels: Channel[];
  visits: number;
  fullyOnline: boolean;
  promisedDays: number;
  statutoryDays: number;
  nameTerms: string;
  pinyin: string;
  initials: string;
  keywordTerms: string;
  summaryTerms: string;
  materialTerms: string;
}

/** The published version of an item, if it has one (a retired or never published item has none). */
export async function findIndexSource(db: Executor, itemId: string): Promise<IndexSource | undefined> {
  const row = await db
    .selectFrom("catalog_items as i")
    .innerJoin("catalog_item_versions as v", "v.item_id", "i.id")
    .select(["i.id", "i.code", "v.version", "v.content"])
    .where("i.id", "=", itemId)
    .where("v.status", "=", "published")
    .executeTakeFirst();
  return row && { itemId: row.id, code: row.code, version: row.version, content: row.content as ItemContent };
}

/** Items with a published version after a code, by code, with that version (to rebuild the index). */
export async function publishedItems(db: Executor, after: string, limit: number): Promise<IndexSource[]> {
  const rows = await db
    .selectFrom("catalog_items as i")
    .innerJoin("catalog_item_versions as v", "v.item_id", "i.id")
    .select(["i.id", "i.code", "v.version", "v.content"])
    .where("v.status", "=", "published")
    .where("i.code", ">", after)
    .orderBy("i.code")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    itemId: r.id,
    code: r.code,
    version: r.version,
    content: r.content as ItemContent,
  }));
}

/** Words separated by spaces as a vector: `simple` only positions and lower-cases them. */
const vector = (words: string, weight: "A" | "B" | "C" | "D") =>
  sql`setweight(to_tsvector('simple', ${words}::text), ${sql.lit(weight)})`;

const columns = (r: IndexRow) => ({
  version: r.version,
  code: r.code,
  name: r.name,
  name_en: r.nameEn,
  name_key: r.nameKey,
  summary: r.summary,
  summary_en: r.summaryEn,
  line: r.line,
  type: r.type,
  audience: r.audience,
  events: r.events,
  levels: r.levels,
  channels: r.channels,
  visits: r.visits,
  fully_online: r.fullyOnline,
  promised_days: r.promisedDays,
  statutory_days: r.statutoryDays,
  pinyin: r.pinyin,
  initials: r.initials,
  label: sql<string>`${vector(`${r.nameTerms} ${r.pinyin} ${r.initials}`, "A")} || ${vector(r.keywordTerms, "B")}`,
  document: sql<string>`${vector(`${r.nameTerms} ${r.pinyin} ${r.initials}`, "A")}
    || ${vector(r.keywordTerms, "B")} || ${vector(r.summaryTerms, "C")} || ${vector(r.materialTerms, "D")}`,
});

/** Writes the rows, replacing those of the same items. */
export async function upsertIndexRows(db: Executor, rows: IndexRow[], now = new Date()): Promise<void> {
  if (rows.length === 0) return;
  await db
    .deleteFrom("catalog_search_index")
    .where(
      "item_id",
      "in",
      rows.map((r) => r.itemId),
    )
    .execute();
  await db
    .insertInto("catalog_search_index")
    .values(rows.map((r) => ({ item_id: r.itemId, indexed_at: now, ...columns(r) })))
    .execute();
}

export async function deleteIndexRow(db: Executor, itemId: string): Promise<void> {
  await db.deleteFrom("catalog_search_index").where("item_id", "=", itemId).execute();
}

export interface SearchFilters {
  line?: string | undefined;
  event?: LifeEvent | undefined;
  audience?: Audience | undefined;
  level?: Level | undefined;
  channel?: Channel | undefined;
  zeroVisit?: boolean | undefined;
  /** A place and every region above it: only items with an active offering in one of them. */
  regionCodes?: string[] | undefined;
}

/** tsquery texts: what must match, and the same restricted to the name (weight A). */
export interface Match {
  query: string;
  nameQuery: string;
  /** Normalised names the query names exactly. */
  exact: string[];
  /** Only items with every word in their name or keywords (the looser search's condition). */
  labelsOnly?: boolean;
}

export type IndexedItem = Omit<SearchHit, "nearby">;

/** Beyond this many matches a search says "1000 or more": counting further would read every match. */
export const TOTAL_CAP = 1000;

type IndexQuery = ReturnType<typeof fromIndex>;

function fromIndex(db: Executor, filters: SearchFilters) {
  let query = db.selectFrom("catalog_search_index as s");
  if (filters.line) query = query.where("s.line", "=", filters.line);
  // `@>` rather than `= any(…)`: the form the GIN index on the four lists answers.
  if (filters.event) query = query.where(sql<boolean>`s.events @> array[${filters.event}]::text[]`);
  if (filters.audience) query = query.where(sql<boolean>`s.audience @> array[${filters.audience}]::text[]`);
  if (filters.level) query = query.where(sql<boolean>`s.levels @> array[${filters.level}]::text[]`);
  if (filters.channel) query = query.where(sql<boolean>`s.channels @> array[${filters.channel}]::text[]`);
  if (filters.zeroVisit) query = query.where("s.visits", "=", 0);
  const regionCodes = filters.regionCodes;
  if (regionCodes)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("catalog_offerings as o")
          .select("o.id")
          .whereRef("o.item_id", "=", "s.item_id")
          .where("o.status", "=", "active")
          .where("o.region_code", "in", regionCodes.length > 0 ? regionCodes : [""]),
      ),
    );
  return query;
}

/** How many rows a query has, counting no further than `cap` (all of them without one). */
async function countRows(db: Executor, query: IndexQuery, cap?: number): Promise<number> {
  if (cap !== undefined && cap <= 0) return 0;
  const rows = query.select(sql`1`.as("one"));
  const row = await db
    .selectFrom((cap === undefined ? rows : rows.limit(cap)).as("c"))
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * One page of items, best first, in tiers: every word in the name (or its pinyin or initials) 3; in
 * the name and keywords 2; anywhere in the guide (summary, materials, conditions) 1. Within the first
 * two, half a point for naming the item exactly, then full-text rank (under half a point); then code.
 * Without `match`, the filtered items by code.
 *
 * Names and keywords have a vector of their own (`label`), so the upper tiers are found and ranked
 * among the few items they match; the lowest tier is taken by code and counted only up to TOTAL_CAP.
 * A common word (证明, 营业执照 among the materials) matches most of the catalogue, and ranking every
 * match made such a search read every row.
 */
export async function search(
  db: Executor,
  match: Match | undefined,
  filters: SearchFilters,
  page: { limit: number; offset: number },
  cap = TOTAL_CAP,
): Promise<{ items: IndexedItem[]; total: number; capped: boolean }> {
  const base = fromIndex(db, filters);
  const upper = match ? await upperTiers(db, base, match, page) : { picked: [], count: 0 };
  const lower = match?.labelsOnly
    ? undefined
    : match
      ? base.where(
          sql<boolean>`s.document @@ ${match.query}::tsquery and not s.label @@ ${match.query}::tsquery`,
        )
      : base;
  const picked = [...upper.picked];
  const wanted = page.limit - picked.length;
  const skip = Math.max(page.offset - upper.count, 0);
  // The lowest tier: no more of its matches than it takes to know the total passes the cap, sorted by
  // code and counted in one pass. When there are more, those were any of them, not the first by code:
  // the page is then taken by walking the code index, which many matches fill at once.
  const room = cap + 1 - Math.min(upper.count, cap);
  let rest = 0;
  if (lower) {
    const few = await db
      .selectFrom(lower.select(["s.item_id", "s.code"]).limit(room).as("l"))
      .select(["l.item_id", sql<string | number>`count(*) over ()`.as("n")])
      .orderBy("l.code")
      .limit(Math.max(wanted, 1))
      .offset(skip)
      .execute();
    rest = few.length > 0 ? Number(few[0]?.n) : skip > 0 ? await countRows(db, lower, room) : 0;
    if (wanted > 0 && rest > 0) {
      const rows =
        upper.count + rest > cap
          ? await lower.select("s.item_id").orderBy("s.code").limit(wanted).offset(skip).execute()
          : few;
      picked.push(...rows.map((r) => ({ itemId: r.item_id, score: match ? 1 : 0 })));
    }
  }
  const counted = upper.count + rest;
  return {
    total: Math.min(counted, cap),
    capped: counted > cap,
    items: await present(db, picked),
  };
}

/** The page's share of the items with every word in their name or keywords, ranked; and how many. */
async function upperTiers(
  db: Executor,
  base: IndexQuery,
  match: Match,
  page: { limit: number; offset: number },
): Promise<{ picked: { itemId: string; score: number }[]; count: number }> {
  const labelled = base.where(sql<boolean>`s.label @@ ${match.query}::tsquery`);
  const score = sql<number>`(case when s.label @@ ${match.nameQuery}::tsquery then 3 else 2 end)
    + (case when s.name_key = any(${match.exact}::text[]) then 0.5 else 0 end)
    + 0.49 * ts_rank(s.label, ${match.query}::tsquery, 32)`;
  const rows = await db
    // offset 0 keeps the scoring where the label is read: above the window, PostgreSQL would carry
    // every matching row's label into it.
    .selectFrom(
      labelled
        .select(["s.item_id", "s.code", score.as("score")])
        .offset(0)
        .as("m"),
    )
    .select(["m.item_id", "m.score", sql<string | number>`count(*) over ()`.as("n")])
    .orderBy("m.score", "desc")
    .orderBy("m.code")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = rows.length > 0 ? Number(rows[0]?.n) : page.offset > 0 ? await countRows(db, labelled) : 0;
  return { picked: rows.map((r) => ({ itemId: r.item_id, score: Number(r.score) })), count };
}

/** The picked items as hits, in the order picked. */
async function present(db: Executor, picked: { itemId: string; score: number }[]): Promise<IndexedItem[]> {
  if (picked.length === 0) return [];
  const rows = await db
    .selectFrom("catalog_search_index as s")
    .select([
      "s.item_id",
      "s.code",
      "s.version",
      "s.name",
      "s.name_en",
      "s.summary",
      "s.summary_en",
      "s.line",
      "s.type",
      "s.audience",
      "s.events",
      "s.channels",
      "s.visits",
      "s.fully_online",
      "s.promised_days",
      "s.statutory_days",
    ])
    .where(
      "s.item_id",
      "in",
      picked.map((p) => p.itemId),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.item_id, r]));
  return picked.flatMap(({ itemId, score }) => {
    const r = byId.get(itemId);
    if (!r) return [];
    return [
      {
        itemId: r.item_id,
        code: r.code,
        version: r.version,
        name: { zh: r.name, en: r.name_en },
        summary: { zh: r.summary, en: r.summary_en },
        line: r.line,
        type: r.type,
        audience: r.audience,
        events: r.events,
        channels: r.channels,
        visits: r.visits,
        fullyOnline: r.fully_online,
        promisedDays: r.promised_days,
        statutoryDays: r.statutory_days,
        score: Math.round(score * 10_000) / 10_000,
      },
    ];
  });
}

/** The active offerings of these items in these regions, nearest (deepest region) first. */
export async function nearbyOfferings(
  db: Executor,
  itemIds: string[],
  regionCodes: string[],
): Promise<(NearbyOffering & { itemId: string })[]> {
  if (itemIds.length === 0 || regionCodes.length === 0) return [];
  const rows = await db
    .selectFrom("catalog_offerings as o")
    .innerJoin("regions as r", "r.code", "o.region_code")
    .innerJoin("departments as d", "d.id", "o.department_id")
    .select([
      "o.id",
      "o.item_id",
      "o.region_code",
      "r.name as region_name",
      "d.name as department_name",
      "d.name_en as department_name_en",
      "o.hall_name",
      "o.hall_address",
      "o.hours",
      "o.phone",
    ])
    .where("o.item_id", "in", itemIds)
    .where("o.status", "=", "active")
    .where("o.region_code", "in", regionCodes)
    .orderBy(sql`length(o.region_code)`, "desc")
    .orderBy("o.region_code")
    .orderBy("d.name")
    .execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    offeringId: r.id,
    regionCode: r.region_code,
    regionName: r.region_name,
    departmentName: r.department_name,
    departmentNameEn: r.department_name_en,
    hallName: r.hall_name,
    hallAddress: r.hall_address,
    hours: r.hours,
    phone: r.phone,
  }));
}

// Synonyms -----------------------------------------------------------------------------------------

export interface SynonymRecord extends Synonym {
  updatedBy: { id: string; name: string } | null;
  updatedAt: Date;
}

/** The synonyms whose term occurs in a (normalised) query. The table is small: a scan is cheaper than any index. */
export async function synonymsIn(db: Executor, normalisedText: string): Promise<Synonym[]> {
  if (normalisedText === "") return [];
  return db
    .selectFrom("catalog_synonyms")
    .select(["term", "expansions"])
    .where(sql<boolean>`strpos(${normalisedText}, term) > 0`)
    .execute();
}

function synonymQuery(db: Executor) {
  return db
    .selectFrom("catalog_synonyms as y")
    .leftJoin("staff as st", "st.id", "y.updated_by")
    .select(["y.term", "y.expansions", "y.updated_by", "st.display_name", "y.updated_at"]);
}

type SynonymRow = Awaited<ReturnType<ReturnType<typeof synonymQuery>["executeTakeFirstOrThrow"]>>;
const toSynonym = (r: SynonymRow): SynonymRecord => ({
  term: r.term,
  expansions: r.expansions,
  updatedBy: r.updated_by ? { id: r.updated_by, name: r.display_name ?? "" } : null,
  updatedAt: r.updated_at,
});

export async function listSynonyms(db: Executor): Promise<SynonymRecord[]> {
  return (await synonymQuery(db).orderBy("y.term").execute()).map(toSynonym);
}

export async function findSynonym(db: Executor, term: string): Promise<SynonymRecord | undefined> {
  const row = await synonymQuery(db).where("y.term", "=", term).executeTakeFirst();
  return row && toSynonym(row);
}

export async function upsertSynonym(
  db: Executor,
  synonym: Synonym & { by: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto("catalog_synonyms")
    .values({
      term: synonym.term,
      expansions: synonym.expansions,
      updated_by: synonym.by,
      updated_at: synonym.at,
    })
    .onConflict((c) =>
      c.column("term").doUpdateSet({
        expansions: synonym.expansions,
        updated_by: synonym.by,
        updated_at: synonym.at,
      }),
    )
    .execute();
}

export async function deleteSynonym(db: Executor, term: string): Promise<boolean> {
  const result = await db.deleteFrom("catalog_synonyms").where("term", "=", term).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
