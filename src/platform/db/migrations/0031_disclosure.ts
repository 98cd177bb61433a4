import type { Kysely } from "kysely";

/** Government information disclosure (政务公开): publications, feeds, disclosure requests (issue 8). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
