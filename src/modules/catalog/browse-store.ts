import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { Audience, Channel, LifeEvent, Text } from "./content.ts";

/** A line of a public list: what a person needs to tell items apart before opening one. */
export interface ListedItem {
  code: string;
  name: Text;
  summary: Text;
  promisedDays: number;
  visits: number;
  fullyOnline: boolean;
  channels: Channel[];
}

export interface ListFilter {
  event?: LifeEvent;
  line?: string;
  audience?: Audience;
  /** English pages sort by the English name. */
  locale: "zh-CN" | "en";
  limit: number;
  offset: number;
}

function published(db: Executor) {
  return db
    .selectFrom("catalog_item_versions as v")
    .innerJoin("catalog_items as i", "i.id", "v.item_id")
    .where("v.status", "=", "published");
}

export async function listPublished(
  db: Executor,
  filter: ListFilter,
): Promise<{ items: ListedItem[]; total: number }> {
  let query = published(db);
  if (filter.event) query = query.where(sql<boolean>`${filter.event} = any(v.events)`);
  if (filter.audience) query = query.where(sql<boolean>`${filter.audience} = any(v.audience)`);
  if (filter.line) query = query.where("v.line", "=", filter.line);
  const [rows, count] = await Promise.all([
    query
      .select([
        "i.code",
        "v.name",
        "v.name_en",
        sql<Text | null>`v.content -> 'summary'`.as("summary"),
        "v.promised_days",
        "v.visits",
        "v.fully_online",
        "v.channels",
      ])
      .orderBy(filter.locale === "en" ? sql`lower(v.name_en)` : sql`v.name`)
      .orderBy("i.code")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      code: r.code,
      name: { zh: r.name, en: r.name_en },
      summary: r.summary ?? { zh: "", en: "" },
      promisedDays: r.promised_days ?? 0,
      visits: r.visits ?? 0,
      fullyOnline: r.fully_online ?? false,
      channels: r.channels,
    })),
  };
}

export interface Counts {
  total: number;
  byEvent: Map<string, number>;
  byLine: Map<string, number>;
  byAudience: Map<string, number>;
}

/** How many published items each life event, line and audience has: the front page's numbers. */
export async function countPublished(db: Executor): Promise<Counts> {
  const tally = (rows: { key: string | null; n: string | number }[]) =>
    new Map(rows.filter((r) => r.key !== null).map((r) => [r.key as string, Number(r.n)]));
  const unnested = (column: "events" | "audience") =>
    sql<{ key: string; n: string | number }>`
      select x as key, count(*) as n
      from catalog_item_versions v, unnest(v.${sql.ref(column)}) as x
      where v.status = 'published'
      group by x`.execute(db);
  const [events, audience, lines, total] = await Promise.all([
    unnested("events"),
    unnested("audience"),
    published(db)
      .select((eb) => ["v.line as key", eb.fn.countAll<string | number>().as("n")])
      .groupBy("v.line")
      .execute(),
    published(db)
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    byEvent: tally(events.rows),
    byAudience: tally(audience.rows),
    byLine: tally(lines),
  };
}

/**
 * The counties where some item is offered at county level or below: the places a "near me" choice
 * starts from. Offerings of a province or city alone name no county to start from.
 */
export async function servedCounties(db: Executor): Promise<{ code: string; name: string }[]> {
  return db
    .selectFrom("regions as r")
    .select(["r.code", "r.name"])
    .where("r.code", "in", (eb) =>
      eb
        .selectFrom("catalog_offerings as o")
        .select(sql<string>`left(o.region_code, 6)`.as("county"))
        .where("o.status", "=", "active")
        .where(sql<boolean>`length(o.region_code) >= 6`),
    )
    .orderBy("r.code")
    .execute();
}
