/** The module's tables as Kysely sees them (filled in by the work of issue 5). */
export type LicencesDatabase = Record<never, never>;
