import type { Kysely } from "kysely";

/** Public consultations on draft policies (征求意见) (issue 8). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
