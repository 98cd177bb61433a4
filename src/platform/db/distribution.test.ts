import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { PARTITIONED } from "../../../test/partition.ts";
import { DISTRIBUTION, type DistributionClass, provinceOf, provinceTables } from "./distribution.ts";

/**
 * The migrated schema read from PostgreSQL's catalogue and held to the rules a Citus cluster sharded by
 * province imposes (docs/scale-out.md): what passes here can be distributed without changing a key.
 */
let database: TestDatabase;
let tables: Map<string, { columns: Map<string, boolean>; checks: string[] }>;
let keys: Array<{ table: string; name: string; columns: string[]; primary: boolean }>;
let foreign: Array<{
  table: string;
  target: string;
  columns: string[];
  targetColumns: string[];
  action: string;
}>;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.handle.db;
  const columns = await sql<{ table: string; column: string; not_null: boolean }>`
    select c.relname as table, a.attname as column, a.attnotnull as not_null
      from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition`.execute(
    db,
  );
  const checks = await sql<{ table: string; definition: string }>`
    select conrelid::regclass::text as table, pg_get_constraintdef(oid) as definition
      from pg_constraint where contype = 'c' and connamespace = 'public'::regnamespace`.execute(db);
  tables = new Map();
  for (const row of columns.rows) {
    const entry = tables.get(row.table) ?? { columns: new Map(), checks: [] };
    entry.columns.set(row.column, row.not_null);
    tables.set(row.table, entry);
  }
  for (const row of checks.rows) tables.get(row.table)?.checks.push(row.definition);

  const unique = await sql<{ table: string; name: string; columns: string[]; primary: boolean }>`
    select t.relname as table, i.relname as name, x.indisprimary as primary,
           array(select a.attname from unnest(x.indkey::int2[]) with ordinality k (attnum, n)
                  join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n)::text[] as columns
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
     where t.relnamespace = 'public'::regnamespace and x.indisunique and not t.relispartition`.execute(db);
  keys = unique.rows;

  const references = await sql<{
    table: string;
    target: string;
    columns: string[];
    target_columns: string[];
    action: string;
  }>`
    select c.conrelid::regclass::text as table, c.confrelid::regclass::text as target, c.confdeltype as action,
           array(select a.attname from unnest(c.conkey) with ordinality k (attnum, n)
                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n)::text[] as columns,
           array(select a.attname from unnest(c.confkey) with ordinality k (attnum, n)
                  join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n)::text[]
             as target_columns
      from pg_constraint c
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace and c.conparentid = 0`.execute(db);
  foreign = references.rows.map((row) => ({
    table: row.table,
    target: row.target,
    columns: row.columns,
    targetColumns: row.target_columns,
    action: row.action,
  }));
});

afterAll(() => database.close());

function classOf(table: string): DistributionClass | undefined {
  return DISTRIBUTION[table];
}

describe("the distribution of the schema", () => {
  it("classifies every table, and names none that is gone", () => {
    const unclassified = [...tables.keys()].filter((table) => !classOf(table));
    const gone = Object.keys(DISTRIBUTION).filter((table) => !tables.has(table));
    expect(unclassified, "add the new table to DISTRIBUTION in distribution.ts").toEqual([]);
    expect(gone).toEqual([]);
  });

  it("gives every province table a province_code, not null, agreeing with its region where it has one", () => {
    const wrong: string[] = [];
    for (const table of provinceTables()) {
      const entry = tables.get(table);
      if (entry?.columns.get("province_code") !== true) {
        wrong.push(`${table}: no province_code not null`);
        continue;
      }
      if (entry.columns.has("region_code")) {
        const agrees = entry.checks.some((check) => /province_code = .*left"?\(region_code, 2\)/.test(check));
        if (!agrees) wrong.push(`${table}: no check that province_code is left(region_code, 2)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("puts the province in every primary key and unique index of a province table", () => {
    const wrong = keys
      .filter((key) => classOf(key.table) === "province" && !key.columns.includes("province_code"))
      .map((key) => `${key.name} (${key.columns.join(", ")})`);
    const noPrimary = provinceTables().filter(
      (table) =>
        !keys.some((key) => key.table === table && key.primary && key.columns.includes("province_code")),
    );
    expect(wrong).toEqual([]);
    expect(noPrimary, "every province table has a primary key, with province_code in it").toEqual([]);
  });

  it("keeps every foreign key to what Citus allows", () => {
    const wrong: string[] = [];
    for (const key of foreign) {
      const from = classOf(key.table);
      const to = classOf(key.target);
      const name = `${key.table} (${key.columns.join(", ")}) → ${key.target}`;
      if (from === "province" && to === "province") {
        const position = key.columns.indexOf("province_code");
        if (position < 0 || key.targetColumns[position] !== "province_code") {
          wrong.push(`${name}: province to province without province_code on both sides`);
        }
      } else if (from === "province" && to !== "reference") {
        wrong.push(`${name}: a province table may point only at its province or at a reference table`);
      } else if (from !== "province" && (to === "province" || to === "own-key")) {
        wrong.push(`${name}: only a co-located table may point into a distributed one`);
      } else if (from === "reference" && to === "coordinator" && key.action === "c") {
        wrong.push(`${name}: a reference table's key to a coordinator table may not cascade`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("the partitioned test run (TEST_PARTITIONED=1)", () => {
  it.runIf(PARTITIONED)("has every province table partitioned by the hash of its province", async () => {
    const { rows } = await sql<{ table: string; key: string }>`
      select c.relname as table, pg_get_partkeydef(c.oid) as key
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'p'`.execute(
      database.handle.db,
    );
    const partitioned = new Map(rows.map((row) => [row.table, row.key]));
    const wrong = provinceTables().filter((table) => partitioned.get(table) !== "HASH (province_code)");
    expect(wrong).toEqual([]);
    expect(partitioned.size).toBe(provinceTables().length);
  });
});

describe("provinceOf", () => {
  it("is the first two digits of a region, or 00 for no region", () => {
    expect(provinceOf("330523")).toBe("33");
    expect(provinceOf("33")).toBe("33");
    expect(provinceOf(null)).toBe("00");
    expect(provinceOf("")).toBe("00");
  });
});
