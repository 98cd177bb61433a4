/** The in-app inbox's tables as Kysely sees them (filled in by the work of issue 5). */
export type InboxDatabase = Record<never, never>;
