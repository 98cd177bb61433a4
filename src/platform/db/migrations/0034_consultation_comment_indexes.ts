import { type Kysely, sql } from "kysely";

/**
 * A consultation's page reads its comments a page at a time, counts them and finds the reader's own
 * (issue 8: consultations). A popular draft has thousands of comments: the counts are read from an
 * index alone (article and hidden kept in it), and a reader's comments are found without visiting the
 * others. Withdrawn comments count nowhere, so neither index keeps them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index consultation_comments_counts_idx
      on consultation_comments (consultation_id, article_position) include (hidden_at)
      where withdrawn_at is null`.execute(db);
  await sql`
    create index consultation_comments_person_idx
      on consultation_comments (consultation_id, person_id)
      where withdrawn_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index consultation_comments_person_idx`.execute(db);
  await sql`drop index consultation_comments_counts_idx`.execute(db);
}
