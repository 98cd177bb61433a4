import { type Kysely, sql } from "kysely";

/**
 * Audit entries written without waiting for the chain (issue 6). Appending to the hash chain locks its
 * head until the transaction commits — through the commit's WAL flush — so every audited transaction
 * committed after the one before: about 450 a second, machine-wide. Now a change writes its entry here,
 * in its own transaction and without a lock, and a sealer moves pending entries into the chain in
 * batches (numbered, timed as written, hashed), one flush for many. Readers of the trail seal first.
 * Pending entries are append-only like the chain: only the sealer, in the transaction that chains
 * them, removes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_pending (
      id bigint generated always as identity primary key,
      at timestamptz not null default clock_timestamp(),
      actor_kind text not null check (actor_kind in ('staff', 'person', 'system', 'anonymous', 'client')),
      actor_id text,
      on_behalf_of text,
      action text not null check (action ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'),
      subject_kind text,
      subject_id text,
      person_id text,
      case_id text,
      region_code text,
      purpose text,
      request_id text,
      details jsonb not null default '{}',
      constraint audit_pending_read_purpose check (
        action <> 'personal_data.read' or (person_id is not null and purpose is not null)
      )
    )`.execute(db);
  await sql`
    create function audit_pending_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('tongban.audit_sealing', true) = 'on' then
        return old;
      end if;
      raise exception 'audit_pending is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'Pending audit entries leave only by being sealed into audit_log.';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_pending_append_only before update or delete on audit_pending
    for each row execute function audit_pending_guard()`.execute(db);
  await sql`
    create trigger audit_pending_no_truncate before truncate on audit_pending
    for each statement execute function audit_pending_guard()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_pending`.execute(db);
  await sql`drop function audit_pending_guard()`.execute(db);
}
