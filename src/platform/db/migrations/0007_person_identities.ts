import type { Kysely } from "kysely";

/** Accounts linked to an external identity provider (OpenID Connect): issuer and subject per person. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
