import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces, inProvince } from "../../platform/db/distribution.ts";
import type { Database } from "../../platform/db/schema.ts";

/** What public figures are grouped by: a department, an item, a site (hall or service point). */
export type Dimension = "department" | "item" | "site";

const COLUMN = { department: "r.department_id", item: "r.item_code", site: "r.site_id" } as const;

type Eb = ExpressionBuilder<Database & { r: Database["ratings"] }, "r">;
const keyed = (by: Dimension, key: string) => (eb: Eb) => eb(COLUMN[by], "=", key);

/**
 * The province a subject's ratings lie in, or null for every province: a department's ratings lie in
 * its own (it decides the cases of its region, or serves visits there); an item is rated wherever it is
 * offered, and a service point's cases are handled in their items' provinces, not always its own.
 */
export type RatedIn = string | null;

// biome-ignore lint/suspicious/noExplicitAny: a select over ratings as r, whatever else it joins.
function ratedIn<QB extends SelectQueryBuilder<any, any, any>>(province: RatedIn): (qb: QB) => QB {
  return province === null
    ? (qb) => qb.modifyFront(allProvinces("an item's or a site's ratings lie in every province")) as QB
    : inProvince(province, "r.province_code");
}

export interface RawFigures {
  levels: Record<number, number>;
  bad: number;
  rectified: number;
  onTime: number;
}

export async function figures(
  db: Executor,
  province: RatedIn,
  by: Dimension,
  key: string,
): Promise<RawFigures> {
  const [levels, rect] = await Promise.all([
    db
      .selectFrom("ratings as r")
      .select(["r.level", sql<string>`count(*)`.as("n")])
      .$call(ratedIn(province))
      .where(keyed(by, key) as never)
      .groupBy("r.level")
      .execute(),
    db
      .selectFrom("ratings as r")
      .leftJoin("rectifications as x", (join) =>
        join.onRef("x.rating_id", "=", "r.id").onRef("x.province_code", "=", "r.province_code"),
      )
      .select([
        sql<string>`count(*)`.as("bad"),
        sql<string>`count(*) filter (where x.state = 'closed')`.as("rectified"),
        sql<string>`count(*) filter (where x.state = 'closed' and x.resolved_on_time)`.as("on_time"),
      ])
      .$call(ratedIn(province))
      .where(keyed(by, key) as never)
      .where("r.level", "<=", 2)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    levels: Object.fromEntries(levels.map((l) => [l.level, Number(l.n)])),
    bad: Number(rect.bad),
    rectified: Number(rect.rectified),
    onTime: Number(rect.on_time),
  };
}

export interface CommentRow {
  id: string;
  province_code: string;
  level: number;
  tags: string[];
  comment: string;
  channel: string;
  rater_kind: string;
  created_at: Date;
}

export async function recentComments(
  db: Executor,
  province: RatedIn,
  by: Dimension,
  key: string,
  limit: number,
): Promise<CommentRow[]> {
  return db
    .selectFrom("ratings as r")
    .select([
      "r.id",
      "r.province_code",
      "r.level",
      "r.tags",
      "r.comment",
      "r.channel",
      "r.rater_kind",
      "r.created_at",
    ])
    .$call(ratedIn(province))
    .where(keyed(by, key) as never)
    .where((eb) =>
      eb.or([
        eb("r.comment", "<>", ""),
        eb.exists(
          eb
            .selectFrom("rating_additions as a")
            .select("a.id")
            .whereRef("a.rating_id", "=", "r.id")
            .whereRef("a.province_code", "=", "r.province_code"),
        ),
      ]),
    )
    .orderBy("r.created_at", "desc")
    .limit(limit)
    .execute();
}

export interface GroupRow {
  key: string;
  name: string;
  name_en: string;
  kind: string | null;
  total: number;
  satisfied: number;
}

/** Every department, item or site with ratings, most rated first, with its name: the country's lists. */
export async function groups(db: Executor, by: Dimension, limit: number): Promise<GroupRow[]> {
  const counts = sql<string>`count(*)`;
  const satisfied = sql<string>`count(*) filter (where r.level >= 3)`;
  const national = allProvinces("the public lists of who is rated are the country's");
  const rows =
    by === "department"
      ? await db
          .selectFrom("ratings as r")
          .modifyFront(national)
          .innerJoin("departments as d", "d.id", "r.department_id")
          .select([
            "d.id as key",
            "d.name",
            "d.name_en",
            sql<null>`null`.as("kind"),
            counts.as("total"),
            satisfied.as("satisfied"),
          ])
          .groupBy(["d.id", "d.name", "d.name_en"])
          .orderBy(sql`count(*)`, "desc")
          .limit(limit)
          .execute()
      : by === "site"
        ? await db
            .selectFrom("ratings as r")
            .modifyFront(national)
            .innerJoin("service_sites as s", "s.id", "r.site_id")
            .select([
              "s.code as key",
              "s.name",
              "s.name_en",
              "s.kind",
              counts.as("total"),
              satisfied.as("satisfied"),
            ])
            .groupBy(["s.code", "s.name", "s.name_en", "s.kind"])
            .orderBy(sql`count(*)`, "desc")
            .limit(limit)
            .execute()
        : await db
            .selectFrom("ratings as r")
            .modifyFront(national)
            .select([
              "r.item_code as key",
              sql<string>`max(r.item_name)`.as("name"),
              sql<string>`max(r.item_name_en)`.as("name_en"),
              sql<null>`null`.as("kind"),
              counts.as("total"),
              satisfied.as("satisfied"),
            ])
            .where("r.item_code", "is not", null)
            .groupBy("r.item_code")
            .orderBy(sql`count(*)`, "desc")
            .limit(limit)
            .execute();
  return rows.map((r) => ({
    key: String(r.key),
    name: r.name ?? "",
    name_en: r.name_en ?? "",
    kind: r.kind,
    total: Number(r.total),
    satisfied: Number(r.satisfied),
  }));
}

/** A site's id by its code, and its kind; the public pages name sites by code. */
export async function siteByCode(db: Executor, code: string) {
  return db
    .selectFrom("service_sites")
    .select(["id", "code", "name", "name_en", "kind"])
    .where("code", "=", code)
    .executeTakeFirst();
}

/** An item's name as its latest rating gave it: an item is rated wherever it is offered. */
export async function itemName(db: Executor, code: string) {
  return db
    .selectFrom("ratings")
    .modifyFront(allProvinces("an item's ratings lie in every province"))
    .select(["item_name", "item_name_en"])
    .where("item_code", "=", code)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Each agent's ratings at a site since a day: the cases they took in there and were rated, looked for
 * in the provinces given (the point's and its agents', as its workload is).
 */
export async function agentRatings(db: Executor, provinces: string[], siteId: string, since: Date) {
  if (provinces.length === 0) return [];
  const rows = await db
    .selectFrom("ratings as r")
    .innerJoin("cases as c", (join) =>
      join.onRef("c.id", "=", "r.subject_id").onRef("c.province_code", "=", "r.province_code"),
    )
    .select([
      "c.submitter_id",
      sql<string>`count(*)`.as("total"),
      sql<string>`count(*) filter (where r.level >= 3)`.as("satisfied"),
    ])
    .where("r.province_code", "in", provinces)
    .where("r.subject_kind", "=", "case")
    .where("c.site_id", "=", siteId)
    .where("c.submitter_kind", "=", "person")
    .where("c.submitted_at", ">=", since)
    .groupBy("c.submitter_id")
    .execute();
  return rows.map((r) => ({
    agentId: r.submitter_id,
    total: Number(r.total),
    satisfied: Number(r.satisfied),
  }));
}
