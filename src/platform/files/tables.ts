/** The file store's tables as Kysely sees them (filled in by the work of issue 5). */
export type FilesDatabase = Record<never, never>;
