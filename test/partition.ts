import { sql } from "kysely";
import type { Executor } from "../src/platform/db/database.ts";
import { provinceTables } from "../src/platform/db/distribution.ts";

/**
 * The test run's stand-in for a Citus cluster (docs/scale-out.md): with TEST_PARTITIONED=1 every province
 * table of a freshly migrated database is rebuilt as `partition by hash (province_code)` in four
 * partitions, keeping its columns, checks, defaults, identity, indexes and constraints under their own
 * names, its triggers, and the foreign keys from and to it. PostgreSQL then refuses what a distributed
 * table refuses too: a primary key, unique index, foreign key or `ON CONFLICT` target without the
 * province, and a row inserted without one.
 */
export const PARTITIONED = process.env.TEST_PARTITIONED === "1";
const PARTITIONS = 4;

interface Named {
  table: string;
  name: string;
  definition: string;
}

export async function partitionProvinceTables(db: Executor): Promise<void> {
  const tables = provinceTables();
  const { rows: foreign } = await sql<Named>`
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
      from pg_constraint
     where contype = 'f' and connamespace = 'public'::regnamespace
       and (conrelid::regclass::text = any(${tables}) or confrelid::regclass::text = any(${tables}))`.execute(
    db,
  );
  for (const key of foreign) {
    await sql`alter table ${sql.table(key.table)} drop constraint ${sql.ref(key.name)}`.execute(db);
  }
  for (const table of tables) await partition(db, table);
  for (const key of foreign) {
    await sql`alter table ${sql.table(key.table)} add constraint ${sql.ref(key.name)} ${sql.raw(key.definition)}`.execute(
      db,
    );
  }
}

async function partition(db: Executor, table: string): Promise<void> {
  const { rows: keys } = await sql<Named>`
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
      from pg_constraint where conrelid = ${table}::regclass and contype in ('p', 'u')`.execute(db);
  const { rows: indexes } = await sql<Named>`
    select ${table} as table, i.relname as name, pg_get_indexdef(x.indexrelid) as definition
      from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = ${table}::regclass
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`.execute(db);
  const { rows: triggers } = await sql<Named>`
    select ${table} as table, tgname as name, pg_get_triggerdef(oid) as definition
      from pg_trigger where tgrelid = ${table}::regclass and not tgisinternal`.execute(db);
  const { rows: identities } = await sql<{ column: string }>`
    select attname as column from pg_attribute
     where attrelid = ${table}::regclass and attidentity <> '' and not attisdropped`.execute(db);

  const flat = `${table}__flat`;
  await sql`alter table ${sql.table(table)} rename to ${sql.table(flat)}`.execute(db);
  await sql`
    create table ${sql.table(table)} (like ${sql.table(flat)}
      including defaults including identity including generated including constraints including storage)
    partition by hash (province_code)`.execute(db);
  for (let remainder = 0; remainder < PARTITIONS; remainder++) {
    await sql`
      create table ${sql.table(`${table}__p${remainder}`)} partition of ${sql.table(table)}
      for values with (modulus ${sql.lit(PARTITIONS)}, remainder ${sql.lit(remainder)})`.execute(db);
  }
  await sql`insert into ${sql.table(table)} overriding system value select * from ${sql.table(flat)}`.execute(
    db,
  );
  await sql`drop table ${sql.table(flat)}`.execute(db);

  for (const key of keys) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(key.name)} ${sql.raw(key.definition)}`.execute(
      db,
    );
  }
  for (const index of indexes) await sql.raw(index.definition).execute(db);
  for (const trigger of triggers) await sql.raw(trigger.definition).execute(db);
  for (const { column } of identities) {
    await sql`
      select setval(pg_get_serial_sequence(${table}, ${column}),
        coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
  }
}
