import type { Kysely } from "kysely";

/** Placeholder: queue tickets, appointment slots and appointments (filled by the queue work). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
