import { type Kysely, sql } from "kysely";

/** The chain's first prev_hash; src/modules/audit/chain.ts says the same. */
const GENESIS_HASH = "0".repeat(64);

/**
 * The audit trail: an append-only, hash-chained log, and its one-row head. Every append locks the head
 * row until its transaction commits, so entries are numbered without gaps in commit order, and the head
 * (the last number and hash) shows when the tail of the log has gone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      seq bigint primary key check (seq > 0),
      at timestamptz not null,
      actor_kind text not null check (actor_kind in ('staff', 'person', 'system', 'anonymous')),
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
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      -- A read of personal data says whose data and why: the person is shown both.
      constraint audit_log_read_purpose check (
        action <> 'personal_data.read' or (person_id is not null and purpose is not null)
      )
    )`.execute(db);
  // The searches: by person (and "who read my data"), by staff member, by case, by jurisdiction, by time.
  await sql`create index audit_log_person_idx on audit_log (person_id, seq) where person_id is not null`.execute(
    db,
  );
  await sql`create index audit_log_actor_idx on audit_log (actor_id, seq) where actor_id is not null`.execute(
    db,
  );
  await sql`create index audit_log_case_idx on audit_log (case_id, seq) where case_id is not null`.execute(
    db,
  );
  await sql`create index audit_log_region_idx on audit_log (region_code text_pattern_ops, seq)`.execute(db);
  await sql`create index audit_log_at_idx on audit_log (at)`.execute(db);

  await sql`
    create table audit_head (
      id smallint primary key check (id = 1),
      seq bigint not null check (seq >= 0),
      hash text not null check (hash ~ '^[0-9a-f]{64}$')
    )`.execute(db);
  await sql`insert into audit_head (id, seq, hash) values (1, 0, ${sql.lit(GENESIS_HASH)})`.execute(db);

  // Append-only for everyone who has not first disabled the triggers, which an audit of the database
  // itself would show. The hash chain catches what gets past them.
  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'Audit entries are never changed or removed; record a new entry instead.';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change()`.execute(db);

  await sql`
    create function audit_head_forward_only() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' or new.seq <= old.seq then
        raise exception 'audit_head only moves forward (% refused)', tg_op
          using errcode = 'insufficient_privilege';
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger audit_head_forward_only before update or delete on audit_head
    for each row execute function audit_head_forward_only()`.execute(db);
  await sql`
    create trigger audit_head_no_truncate before truncate on audit_head
    for each statement execute function audit_head_forward_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_head`.execute(db);
  await sql`drop table audit_log`.execute(db);
  await sql`drop function audit_head_forward_only()`.execute(db);
  await sql`drop function audit_log_refuse_change()`.execute(db);
}
