import { type ExpressionBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import type { Database } from "../../platform/db/schema.ts";

/** What public figures are grouped by: a department, an item, a site (hall or service point). */
export type Dimension = "department" | "item" | "site";

const COLUMN = { department: "r.department_id", item: "r.item_code", site: "r.site_id" } as const;

type Eb = ExpressionBuilder<Database & { r: Database["ratings"] }, "r">;
const keyed = (by: Dimension, key: string) => (eb: Eb) => eb(COLUMN[by], "=", key);

export interface RawFigures {
  levels: Record<number, number>;
  bad: number;
  rectified: number;
  onTime: number;
}

export async function figures(db: Executor, by: Dimension, key: string): Promise<RawFigures> {
  const [levels, rect] = await Promise.all([
    db
      .selectFrom("ratings as r")
      .select(["r.level", sql<string>`count(*)`.as("n")])
      .where(keyed(by, key) as never)
      .groupBy("r.level")
      .execute(),
    db
      .selectFrom("ratings as r")
      .leftJoin("rectifications as x", "x.rating_id", "r.id")
      .select([
        sql<string>`count(*)`.as("bad"),
        sql<string>`count(*) filter (where x.state = 'closed')`.as("rectified"),
        sql<string>`count(*) filter (where x.state = 'closed' and x.resolved_on_time)`.as("on_time"),
      ])
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
  level: number;
  tags: string[];
  comment: string;
  channel: string;
  rater_kind: string;
  created_at: Date;
}

export async function recentComments(
  db: Executor,
  by: Dimension,
  key: string,
  limit: number,
): Promise<CommentRow[]> {
  return db
    .selectFrom("ratings as r")
    .select(["r.id", "r.level", "r.tags", "r.comment", "r.channel", "r.rater_kind", "r.created_at"])
    .where(keyed(by, key) as never)
    .where((eb) =>
      eb.or([
        eb("r.comment", "<>", ""),
        eb.exists(eb.selectFrom("rating_additions as a").select("a.id").whereRef("a.rating_id", "=", "r.id")),
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

/** Every department, item or site with ratings, most rated first, with its name. */
export async function groups(db: Executor, by: Dimension, limit: number): Promise<GroupRow[]> {
  const counts = sql<string>`count(*)`;
  const satisfied = sql<string>`count(*) filter (where r.level >= 3)`;
  const rows =
    by === "department"
      ? await db
          .selectFrom("ratings as r")
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

export async function itemName(db: Executor, code: string) {
  return db
    .selectFrom("ratings")
    .select(["item_name", "item_name_en"])
    .where("item_code", "=", code)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Each agent's ratings at a site since a day: the cases they took in there and were rated. */
export async function agentRatings(db: Executor, siteId: string, since: Date) {
  const rows = await db
    .selectFrom("ratings as r")
    .innerJoin("cases as c", "c.id", "r.subject_id")
    .select([
      "c.submitter_id",
      sql<string>`count(*)`.as("total"),
      sql<string>`count(*) filter (where r.level >= 3)`.as("satisfied"),
    ])
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
