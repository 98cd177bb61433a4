/** The tables of this module, as Kysely sees them. */
// biome-ignore lint/complexity/noBannedTypes: filled as the module's tables are made
export type DisclosureDatabase = {};
