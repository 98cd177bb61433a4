import type { Kysely } from "kysely";

/** Requests from the public (12345-style 诉求) and their Open311 GeoReport v2 API (issue 8). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
