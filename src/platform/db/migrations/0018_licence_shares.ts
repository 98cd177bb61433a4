import { type Kysely, sql } from "kysely";

/**
 * The e-licence wallet's share links (证照分享): a holder gives a third party (a bank, an employer) a
 * time-limited link to one licence, and sees each time it is opened. The link's token is kept only as
 * its SHA-256 digest, so the table cannot hand out working links; an open keeps only a coarse picture
 * of the client (the kind of browser or program, and the network it came from), never a full address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table licence_shares (
      id uuid primary key default gen_random_uuid(),
      licence_id text not null references licences (id),
      token_digest text not null unique,
      recipient text not null check (char_length(recipient) between 1 and 100),
      created_by uuid not null references persons (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid references persons (id),
      check (expires_at > created_at),
      check ((revoked_at is null) = (revoked_by is null))
    )`.execute(db);
  await sql`create index licence_shares_licence_idx on licence_shares (licence_id, created_at)`.execute(db);

  await sql`
    create table licence_share_opens (
      id uuid primary key default gen_random_uuid(),
      share_id uuid not null references licence_shares (id),
      opened_at timestamptz not null default now(),
      via text not null check (via in ('page', 'api')),
      agent text not null check (char_length(agent) between 1 and 20),
      platform text not null check (char_length(platform) between 1 and 20),
      network text check (char_length(network) <= 50)
    )`.execute(db);
  await sql`create index licence_share_opens_share_idx on licence_share_opens (share_id, opened_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table licence_share_opens`.execute(db);
  await sql`drop table licence_shares`.execute(db);
}
