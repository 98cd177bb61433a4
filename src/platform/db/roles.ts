import { sql } from "kysely";
import type { Db } from "./database.ts";

/**
 * Two PostgreSQL roles (DATABASE_OWNER_URL): an owner that makes and migrates the schema, and the role
 * of DATABASE_URL that serves requests. The serving role is granted what the code does with the data
 * and no more: it cannot ALTER, DROP or TRUNCATE a table, nor turn off the triggers that keep the audit
 * trail and the case events append-only — those are the owner's alone.
 */

/** The schemas Tongban keeps: its tables, and pg-boss's (jobs.ts). */
export const SCHEMAS = ["public", "pgboss"] as const;

/**
 * Tables the serving role may write less of than every other, and what it may do there. The rest of
 * the code's tables get SELECT, INSERT, UPDATE and DELETE.
 * - audit_log, case_events: append-only (their triggers refuse the rest; now the grants do first).
 * - audit_pending: the sealer removes the entries it has chained (audit/chain-store.ts `sealPending`).
 * - audit_head: a province's head is made at its first entry, and its number and hash move forward.
 * - the migrator's bookkeeping: read (the backup manifest names the newest migration), never written.
 */
export const NARROW: Record<string, { table: string[]; columns?: { update: string[] } }> = {
  audit_log: { table: ["select", "insert"] },
  case_events: { table: ["select", "insert"] },
  audit_pending: { table: ["select", "insert", "delete"] },
  audit_head: { table: ["select", "insert"], columns: { update: ["seq", "hash"] } },
  kysely_migration: { table: ["select"] },
  kysely_migration_lock: { table: ["select"] },
};

/** An identifier as SQL text: a role's name comes from the operator, never from a request. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The statements that give `role` exactly the serving role's privileges in `schema`, whatever it held
 * before: run in one transaction, the wide grant and its narrowing land together. Idempotent, and
 * written over every table there is now, so a table a later migration adds is covered at the next start.
 */
export function servingGrants(role: string, schema: (typeof SCHEMAS)[number]): string[] {
  const r = quoteIdent(role);
  const s = quoteIdent(schema);
  const statements = [
    `grant usage on schema ${s} to ${r}`,
    `revoke create on schema ${s} from ${r}`,
    `grant select, insert, update, delete on all tables in schema ${s} to ${r}`,
    `revoke truncate, references, trigger on all tables in schema ${s} from ${r}`,
    `grant usage, select on all sequences in schema ${s} to ${r}`,
    `revoke update on all sequences in schema ${s} from ${r}`,
    `grant execute on all functions in schema ${s} to ${r}`,
  ];
  if (schema !== "public") return statements;
  for (const [table, allowed] of Object.entries(NARROW)) {
    const t = `${s}.${quoteIdent(table)}`;
    // Revoking a table's privilege revokes its column privileges too: the columns are granted after.
    statements.push(`revoke all on ${t} from ${r}`, `grant ${allowed.table.join(", ")} on ${t} to ${r}`);
    if (allowed.columns) {
      const columns = allowed.columns.update.map(quoteIdent).join(", ");
      statements.push(`grant update (${columns}) on ${t} to ${r}`);
    }
  }
  return statements;
}

/** The role a connection signs in as: with certificate authentication the URL may not say. */
export async function currentRole(db: Db): Promise<string> {
  const { rows } = await sql<{ role: string }>`select current_user as role`.execute(db);
  return (rows[0] as { role: string }).role;
}

/**
 * Grants the serving role its privileges in every schema of Tongban's that exists, as the owner, in one
 * transaction. Servers starting together take turns (an advisory lock): two GRANTs on one table at once
 * fail with "tuple concurrently updated".
 */
export async function grantServing(owner: Db, role: string): Promise<void> {
  await owner.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('tongban.serving_grants'))`.execute(tx);
    const { rows } = await sql<{ nspname: string }>`
      select nspname from pg_namespace where nspname = any(${[...SCHEMAS]}::text[])`.execute(tx);
    const present = new Set(rows.map((r) => r.nspname));
    for (const schema of SCHEMAS) {
      if (!present.has(schema)) continue;
      for (const statement of servingGrants(role, schema)) await sql.raw(statement).execute(tx);
    }
  });
}

interface RoleFacts {
  role: string;
  superuser: boolean;
  createrole: boolean;
  owns_database: boolean;
  owned_schemas: string[];
  owned_tables: string[];
  creates_in: string[];
}

/**
 * What the connection's role could do beyond serving, each as a sentence; none for a proper serving
 * role. Membership counts as ownership: a member of the owner's role may SET ROLE to it. CREATEROLE
 * could grant itself that membership (before PostgreSQL 16); the database's owner owns the public
 * schema, and a schema's owner may drop any table in it; CREATE in a schema lets one plant a function
 * there that the owner's next migration might call.
 */
export async function servingRoleProblems(serving: Db): Promise<string[]> {
  const { rows } = await sql<RoleFacts>`
    select current_user as role, r.rolsuper as superuser, r.rolcreaterole as createrole,
      (select pg_has_role(current_user, d.datdba, 'MEMBER') from pg_database d
        where d.datname = current_database()) as owns_database,
      array(select n.nspname::text from pg_namespace n
        where n.nspname = any(${[...SCHEMAS]}::text[]) and pg_has_role(current_user, n.nspowner, 'MEMBER')
        order by 1) as owned_schemas,
      array(select (n.nspname || '.' || c.relname)::text from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = any(${[...SCHEMAS]}::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
          and pg_has_role(current_user, c.relowner, 'MEMBER')
        order by n.nspname <> 'public', 1) as owned_tables,
      array(select n.nspname::text from pg_namespace n
        where n.nspname = any(${[...SCHEMAS]}::text[]) and has_schema_privilege(n.oid, 'CREATE')
        order by 1) as creates_in
    from pg_roles r where r.rolname = current_user`.execute(serving);
  const facts = rows[0] as RoleFacts;
  const problems: string[] = [];
  if (facts.superuser) problems.push("is a superuser");
  if (facts.createrole) problems.push("has CREATEROLE");
  if (facts.owns_database) problems.push("owns the database (or is a member of its owner)");
  if (facts.owned_schemas.length > 0) problems.push(`owns the schema ${facts.owned_schemas.join(", ")}`);
  if (facts.owned_tables.length > 0) {
    const shown = facts.owned_tables.slice(0, 5).join(", ");
    const more = facts.owned_tables.length > 5 ? ` and ${facts.owned_tables.length - 5} more` : "";
    problems.push(`owns ${shown}${more} (or is a member of the role that does)`);
  }
  if (facts.creates_in.length > 0)
    problems.push(`may create objects in the schema ${facts.creates_in.join(", ")}`);
  return problems;
}

export interface RoleNames {
  owner: string;
  serving: string;
  database: string;
}

/**
 * The SQL an operator runs once, as a superuser, to make the two roles and the database: printed by
 * `tongban db roles`. No password is written: the operator sets one (`\password`) or signs the roles in
 * by certificate (docs/operations.md, "Two database roles").
 */
export function rolesScript(names: RoleNames): string {
  const owner = quoteIdent(names.owner);
  const serving = quoteIdent(names.serving);
  const database = quoteIdent(names.database);
  return `-- Run once as a superuser (psql -U postgres -f roles.sql); then give each role a password
-- (\\password ${names.owner}, \\password ${names.serving}) or a client certificate whose CN is its name.
create role ${owner} login;
create role ${serving} login nosuperuser nocreatedb nocreaterole noinherit;
create database ${database} owner ${owner};
\\connect ${database}
-- Before PostgreSQL 15 everyone may create objects in public; the serving role must not.
revoke create on schema public from public;
grant connect on database ${database} to ${serving};
-- Tongban grants the serving role its privileges on the tables itself, after every migration, as
-- ${names.owner} (DATABASE_OWNER_URL): tongban db grants prints them.
`;
}
