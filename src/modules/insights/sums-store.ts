import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { allProvinces } from "../../platform/db/distribution.ts";

/**
 * What every roll-up table is kept by: sums added (signed, so a changed fact takes its old share away),
 * rows left with nothing deleted, and facts recounted by their difference.
 */

/**
 * The head of a rebuild's statements: counting everything again from nothing reads and writes every
 * province at once. The refresh's statements need none: each names the province whose marks it counts.
 */
export const REBUILD = allProvinces("the nightly rebuild counts every province again from nothing");

/** A key column of a roll-up table, with its type for the unnest that deletes emptied rows. */
export type Column = readonly [name: string, type: "text" | "date" | "uuid" | "int"];

/** The region levels a sum is kept at: province, city, county, township, village (code lengths). */
export const LEVELS = sql.raw("(values (2), (4), (6), (9), (12)) as l (len)");

/**
 * Adds the rows of `source` — its key columns and the columns `sums` — into `table`, and deletes the
 * rows left with nothing (every column of `empty` zero): in a second statement, as a statement cannot
 * see the rows its own upsert wrote. Every key begins with `province_code`; `head` is `REBUILD` for a
 * source over every province.
 */
export async function addSums(
  db: Executor,
  table: string,
  key: Column[],
  source: RawBuilder<unknown>,
  sums: readonly string[],
  empty: readonly string[],
  head: RawBuilder<unknown> = sql``,
): Promise<void> {
  const into = sql.table(table);
  const keys = sql.raw(key.map(([name]) => name).join(", "));
  const { rows } = await sql<Record<string, unknown>>`
    ${head} with upserted as (
      insert into ${into} (${keys}, ${sql.raw(sums.join(", "))})
      select ${keys}, ${sql.raw(sums.map((m) => `sum(${m})`).join(", "))} from (${source}) c group by ${keys}
      on conflict (${keys}) do update set ${sql.raw(sums.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(", "))}
      returning ${keys}, ${sql.raw(empty.join(", "))}
    )
    select ${sql.raw(key.map(([name]) => `${name}::text`).join(", "))} from upserted
    where ${sql.raw(empty.map((m) => `${m} = 0`).join(" and "))}`.execute(db);
  if (rows.length === 0) return;
  const arrays = key.map(([name, type]) => sql`${rows.map((r) => r[name])}::${sql.raw(type)}[]`);
  // The emptied rows' provinces, said apart from the row keys so that the delete goes to their shards.
  const provinces = [...new Set(rows.map((r) => r.province_code as string))];
  await sql`
    delete from ${into} m
    using unnest(${sql.join(arrays)}) as u (${keys})
    where m.province_code = any(${provinces}::text[]) and (${sql.raw(key.map(([name]) => `m.${name}`).join(", "))}) = (${sql.raw(key.map(([name]) => `u.${name}`).join(", "))})
      and ${sql.raw(empty.map((m) => `m.${m} = 0`).join(" and "))}`.execute(db);
}

/**
 * Counts rows again: the sums gain the facts that are new and lose the old ones that changed (a fact
 * unchanged would add and take away the same), then the kept facts are replaced.
 */
export async function recountFacts(
  db: Executor,
  facts: { table: string; columns: RawBuilder<unknown>; where: RawBuilder<unknown> },
  fresh: RawBuilder<unknown>,
  apply: (signed: RawBuilder<unknown>) => Promise<void>,
): Promise<void> {
  const table = sql.table(facts.table);
  const prior = sql`select ${facts.columns} from ${table} where ${facts.where}`;
  await apply(sql`
    select 1 as s, * from ((${fresh}) except all (${prior})) a
    union all
    select -1 as s, * from ((${prior}) except all (${fresh})) b`);
  await sql`delete from ${table} where ${facts.where}`.execute(db);
  await sql`insert into ${table} (${facts.columns}) ${fresh}`.execute(db);
}
