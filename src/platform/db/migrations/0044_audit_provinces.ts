import { type Kysely, sql } from "kysely";

/**
 * A hash chain per province (docs/scale-out.md, "The audit chain"): an entry is numbered and linked
 * after the last entry of its own province, and `audit_head` holds one row per province, made when the
 * province's first entry is chained. Appending and sealing then lock one province's head, on its shard.
 *
 * The entries already written form one chain for the country and cannot be renumbered or relinked (that
 * is what the chain forbids). They stay as they are, and every province's chain goes on from their end:
 * `base_seq` and `base_hash` name the entry a province's chain begins after (entry 0 and the genesis
 * hash on a database with no entries), and `tongban audit verify` walks the shared part once, then each
 * province's own. Every province's base is the national head's here, and a province's first head copies
 * it, so its numbers begin after every number taken before.
 *
 * Besides: the holders of licences are noted in `party_provinces`, so that a wallet, read in the
 * provinces where its holder has rows, finds every licence.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_head
      add column base_seq bigint not null default 0 check (base_seq >= 0),
      add column base_hash text not null default repeat('0', 64) check (base_hash ~ '^[0-9a-f]{64}$'),
      add constraint audit_head_after_base check (seq >= base_seq)`.execute(db);
  // Setting the base leaves the head where it is, which the forward-only guard refuses.
  await sql`alter table audit_head disable trigger audit_head_forward_only`.execute(db);
  await sql`update audit_head set base_seq = seq, base_hash = hash`.execute(db);
  await sql`alter table audit_head enable trigger audit_head_forward_only`.execute(db);

  // A holder's wallet is read in the provinces of their rows (party_provinces, 0043), which a licence
  // issued without a case (a migrated or demo one) may be the only one of.
  await sql`
    insert into party_provinces (party_kind, party_id, province_code)
    select distinct holder_kind, holder_id, province_code from licences
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ n: string }>`
    select count(*)::text as n from audit_head where province_code <> '00'`.execute(db);
  if (Number(rows[0]?.n ?? 0) > 0) {
    throw new Error(
      "0044_audit_provinces cannot be undone once a province has its own chain: restore the backup taken before upgrading",
    );
  }
  // The national chain alone goes on from the shared entries by number and link: one chain again.
  await sql`
    alter table audit_head drop constraint audit_head_after_base, drop column base_seq, drop column base_hash`.execute(
    db,
  );
}
