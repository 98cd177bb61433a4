import { type Kysely, sql } from "kysely";

/**
 * China's commercial cryptography, chosen by CRYPTO_SUITE=national (docs/security.md): audit entries
 * hashed with SM3 keep their hash as `sm3:` and 64 hex digits, beside the bare SHA-256 hex of the
 * entries before; a department's signing key says its algorithm, Ed25519 or SM2, so licences signed
 * under either suite keep verifying.
 */
const HASHES = [
  { table: "audit_log", column: "prev_hash" },
  { table: "audit_log", column: "hash" },
  { table: "audit_head", column: "hash" },
  { table: "audit_head", column: "base_hash" },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, column } of HASHES) {
    await dropHashChecks(db, table, column);
    await sql`
      alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_${column}_form`)}
        check (${sql.ref(column)} ~ '^(sm3:)?[0-9a-f]{64}$')`.execute(db);
  }
  await sql`
    alter table department_signing_keys
      add column algorithm text not null default 'Ed25519' check (algorithm in ('Ed25519', 'SM2'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ n: string }>`
    select ((select count(*) from audit_log where starts_with(hash, 'sm3:'))
      + (select count(*) from department_signing_keys where algorithm <> 'Ed25519'))::text as n`.execute(db);
  if (Number(rows[0]?.n ?? 0) > 0) {
    throw new Error(
      "0045_national_crypto cannot be undone once SM3 entries or SM2 keys exist: restore the backup taken before upgrading",
    );
  }
  await sql`alter table department_signing_keys drop column algorithm`.execute(db);
  for (const { table, column } of HASHES) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_${column}_form`)}`.execute(
      db,
    );
    await sql`
      alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_${column}_check`)}
        check (${sql.ref(column)} ~ '^[0-9a-f]{64}$')`.execute(db);
  }
}

/** The unnamed checks the column was made with (their names are PostgreSQL's choice). */
async function dropHashChecks(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select c.conname as name from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
     where c.conrelid = ${table}::regclass and c.contype = 'c' and a.attname = ${column}
       and cardinality(c.conkey) = 1`.execute(db);
  for (const { name } of rows) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(name)}`.execute(db);
  }
}
