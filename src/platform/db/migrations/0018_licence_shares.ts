import type { Kysely } from "kysely";

/** The e-licence wallet's share links: written by the wallet work (issue 6). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
