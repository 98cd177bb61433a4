import type { Kysely } from "kysely";

/** Mandates (帮办代办): a person authorizes an agent for services and a period; actions under them are kept. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
