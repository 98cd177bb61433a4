import { type Selectable, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { DraftContent } from "./content.ts";
import type { CatalogItemVersionTable, VersionStatus } from "./tables.ts";

export interface ItemRecord {
  id: string;
  code: string;
  ownerRegionCode: string | null;
  createdAt: Date;
}

export interface VersionRecord {
  itemId: string;
  version: number;
  status: VersionStatus;
  content: DraftContent;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  retiredAt: Date | null;
}

/** A line of the managers' list: an item with its newest version's name and where it stands. */
export interface ItemSummary {
  id: string;
  code: string;
  ownerRegionCode: string | null;
  name: string;
  nameEn: string;
  line: string | null;
  /** The version the public reads (published or retired), if any. */
  current: { version: number; status: "published" | "retired" } | null;
  /** The draft being written, if any. */
  draft: number | null;
  updatedAt: Date;
}

/** The columns lists and filters read, copied from the content so they never disagree with it. */
function columnsOf(content: DraftContent) {
  return {
    name: content.name?.zh ?? "",
    name_en: content.name?.en ?? "",
    line: content.line ?? null,
    type: content.type ?? null,
    audience: content.audience ?? [],
    events: content.events ?? [],
    levels: content.levels ?? [],
    channels: content.channels ?? [],
    visits: content.visits ?? null,
    fully_online: content.fullyOnline ?? null,
    statutory_days: content.statutoryDays ?? null,
    promised_days: content.promisedDays ?? null,
  } satisfies Partial<Record<keyof CatalogItemVersionTable, unknown>>;
}

/** The new item's id, or undefined when the code is taken (by a concurrent creation too). */
export async function insertItem(
  db: Executor,
  item: { code: string; ownerRegionCode: string | null; createdBy: string | null },
): Promise<string | undefined> {
  const row = await db
    .insertInto("catalog_items")
    .values({ code: item.code, owner_region_code: item.ownerRegionCode, created_by: item.createdBy })
    .onConflict((c) => c.column("code").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

const ITEM = ["id", "code", "owner_region_code", "created_at"] as const;
const toItem = (r: { id: string; code: string; owner_region_code: string | null; created_at: Date }) => ({
  id: r.id,
  code: r.code,
  ownerRegionCode: r.owner_region_code,
  createdAt: r.created_at,
});

export async function findItem(db: Executor, idOrCode: string): Promise<ItemRecord | undefined> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
  const row = await db
    .selectFrom("catalog_items")
    .select(ITEM)
    .where(uuid ? "id" : "code", "=", idOrCode)
    .executeTakeFirst();
  return row && toItem(row);
}

/** Takes the item's row lock: publishing, drafting and retiring one item happen one at a time. */
export async function lockItem(db: Executor, id: string): Promise<void> {
  await db.selectFrom("catalog_items").select("id").where("id", "=", id).forUpdate().execute();
}

const VERSION = [
  "item_id",
  "version",
  "status",
  "content",
  "created_by",
  "created_at",
  "updated_at",
  "published_at",
  "retired_at",
] as const;
type VersionRow = Selectable<Pick<CatalogItemVersionTable, (typeof VERSION)[number]>>;
const toVersion = (r: VersionRow): VersionRecord => ({
  itemId: r.item_id,
  version: r.version,
  status: r.status,
  content: r.content,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
  retiredAt: r.retired_at,
});

export async function insertVersion(
  db: Executor,
  v: { itemId: string; version: number; content: DraftContent; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto("catalog_item_versions")
    .values({
      item_id: v.itemId,
      version: v.version,
      status: "draft",
      content: JSON.stringify(v.content),
      created_by: v.createdBy,
      ...columnsOf(v.content),
    })
    .execute();
}

export async function updateDraft(
  db: Executor,
  itemId: string,
  content: DraftContent,
  now: Date,
): Promise<void> {
  await db
    .updateTable("catalog_item_versions")
    .set({ content: JSON.stringify(content), updated_at: now, ...columnsOf(content) })
    .where("item_id", "=", itemId)
    .where("status", "=", "draft")
    .execute();
}

export async function setStatus(
  db: Executor,
  itemId: string,
  version: number,
  status: VersionStatus,
  change: { by?: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable("catalog_item_versions")
    .set({
      status,
      updated_at: change.at,
      ...(status === "published" ? { published_at: change.at, published_by: change.by ?? null } : {}),
      ...(status === "retired" ? { retired_at: change.at } : {}),
    })
    .where("item_id", "=", itemId)
    .where("version", "=", version)
    .execute();
}

export async function findVersion(
  db: Executor,
  itemId: string,
  version: number,
): Promise<VersionRecord | undefined> {
  const row = await db
    .selectFrom("catalog_item_versions")
    .select(VERSION)
    .where("item_id", "=", itemId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row && toVersion(row);
}

/** Newest first. */
export async function listVersions(db: Executor, itemId: string): Promise<VersionRecord[]> {
  const rows = await db
    .selectFrom("catalog_item_versions")
    .select(VERSION)
    .where("item_id", "=", itemId)
    .orderBy("version", "desc")
    .execute();
  return rows.map(toVersion);
}

export interface ItemFilter {
  ownerRegionCodes?: (string | null)[];
  line?: string;
  status?: "draft" | "published" | "retired";
  /** Part of the code or the Chinese or English name. */
  text?: string;
  limit: number;
  offset: number;
}

/** Items for the managers' list, newest change first. */
export async function listItems(
  db: Executor,
  filter: ItemFilter,
): Promise<{ items: ItemSummary[]; total: number }> {
  let query = db
    .selectFrom("catalog_items as i")
    .innerJoin("catalog_item_versions as v", (join) =>
      join
        .onRef("v.item_id", "=", "i.id")
        .on(
          sql<boolean>`v.version = (select max(n.version) from catalog_item_versions n where n.item_id = i.id)`,
        ),
    );
  if (filter.ownerRegionCodes) {
    const codes = filter.ownerRegionCodes.filter((c): c is string => c !== null);
    const national = filter.ownerRegionCodes.includes(null);
    query = query.where((eb) =>
      eb.or([
        ...(codes.length > 0 ? [eb("i.owner_region_code", "in", codes)] : []),
        ...(national ? [eb("i.owner_region_code", "is", null)] : []),
        ...(codes.length === 0 && !national ? [sql<boolean>`false`] : []),
      ]),
    );
  }
  if (filter.line) query = query.where("v.line", "=", filter.line);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("i.code", "ilike", pattern),
        eb("v.name", "ilike", pattern),
        eb("v.name_en", "ilike", pattern),
      ]),
    );
  }
  if (filter.status === "draft")
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("catalog_item_versions as d")
          .whereRef("d.item_id", "=", "i.id")
          .where("d.status", "=", "draft")
          .select("d.version"),
      ),
    );
  else if (filter.status)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("catalog_item_versions as c")
          .whereRef("c.item_id", "=", "i.id")
          .where("c.status", "=", filter.status as "published" | "retired")
          .select("c.version"),
      ),
    );
  const [rows, count] = await Promise.all([
    query
      .select((eb) => [
        "i.id",
        "i.code",
        "i.owner_region_code",
        "v.name",
        "v.name_en",
        "v.line",
        "v.updated_at",
        eb
          .selectFrom("catalog_item_versions as c")
          .whereRef("c.item_id", "=", "i.id")
          .where("c.status", "in", ["published", "retired"])
          .select(sql<string>`c.version || ':' || c.status`.as("s"))
          .as("current"),
        eb
          .selectFrom("catalog_item_versions as d")
          .whereRef("d.item_id", "=", "i.id")
          .where("d.status", "=", "draft")
          .select("d.version")
          .as("draft"),
      ])
      .orderBy("v.updated_at", "desc")
      .orderBy("i.code")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => {
      const [version, status] = r.current ? r.current.split(":") : [];
      return {
        id: r.id,
        code: r.code,
        ownerRegionCode: r.owner_region_code,
        name: r.name,
        nameEn: r.name_en,
        line: r.line,
        current: r.current ? { version: Number(version), status: status as "published" | "retired" } : null,
        draft: r.draft ?? null,
        updatedAt: r.updated_at,
      };
    }),
  };
}

/** The version the public reads: published, or retired (so a retired item's page can say so). */
export async function currentVersion(db: Executor, itemId: string): Promise<VersionRecord | undefined> {
  const row = await db
    .selectFrom("catalog_item_versions")
    .select(VERSION)
    .where("item_id", "=", itemId)
    .where("status", "in", ["published", "retired"])
    .executeTakeFirst();
  return row && toVersion(row);
}

export async function draftVersion(db: Executor, itemId: string): Promise<VersionRecord | undefined> {
  const row = await db
    .selectFrom("catalog_item_versions")
    .select(VERSION)
    .where("item_id", "=", itemId)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return row && toVersion(row);
}

export async function latestVersionNumber(db: Executor, itemId: string): Promise<number> {
  const row = await db
    .selectFrom("catalog_item_versions")
    .select((eb) => eb.fn.max("version").as("m"))
    .where("item_id", "=", itemId)
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

/**
 * The items an outside system names by code (exactly) or by the name of their published version (the
 * Chinese or English, whole, in any case): one when the code matches, else every item so named.
 */
export async function itemsNamed(db: Executor, nameOrCode: string): Promise<{ id: string; code: string }[]> {
  const byCode = await db
    .selectFrom("catalog_items")
    .select(["id", "code"])
    .where("code", "=", nameOrCode)
    .execute();
  if (byCode.length > 0) return byCode;
  const name = nameOrCode.trim().toLowerCase();
  if (name === "") return [];
  return db
    .selectFrom("catalog_items as i")
    .innerJoin("catalog_item_versions as v", "v.item_id", "i.id")
    .select(["i.id", "i.code"])
    .where("v.status", "=", "published")
    .where((eb) => eb.or([eb(sql`lower(v.name)`, "=", name), eb(sql`lower(v.name_en)`, "=", name)]))
    .orderBy("i.code")
    .execute();
}
