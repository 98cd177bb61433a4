import type { Kysely } from "kysely";

/** Placeholder: hall devices and smart lockers (filled by the devices work). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
