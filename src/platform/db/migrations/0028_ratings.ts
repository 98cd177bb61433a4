import type { Kysely } from "kysely";

/** Ratings (好差评) of services and the rectification of bad ones (issue 8). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
