import { ConfigError } from "../config-error.ts";

/**
 * DATABASE_OWNER_URL goes with DATABASE_URL, to the same database, as another role: an owner URL that
 * reached another database, or signed in as the serving role, would leave the tables served from owned
 * by whoever serves them, which is what the setting is for preventing.
 */
export function databaseOwnerUrl(
  ownerUrl: string | undefined,
  databaseUrl: string | undefined,
): string | undefined {
  if (ownerUrl === undefined) return undefined;
  if (databaseUrl === undefined) {
    throw new ConfigError(
      "DATABASE_OWNER_URL is set but DATABASE_URL is not: the embedded database (PGlite) has one role and " +
        "nothing to keep apart; set DATABASE_URL to the serving role's connection, or unset DATABASE_OWNER_URL",
    );
  }
  const owner = new URL(ownerUrl);
  const serving = new URL(databaseUrl);
  const databaseOf = (u: URL) => decodeURIComponent(u.pathname.slice(1));
  if (databaseOf(owner) !== databaseOf(serving)) {
    throw new ConfigError(
      `DATABASE_OWNER_URL names the database "${databaseOf(owner)}" and DATABASE_URL "${databaseOf(serving)}": ` +
        "the owner migrates the database Tongban serves from, so both must name the same one",
    );
  }
  if (owner.username !== "" && owner.username === serving.username) {
    throw new ConfigError(
      `DATABASE_OWNER_URL and DATABASE_URL both sign in as "${decodeURIComponent(owner.username)}": the serving ` +
        "role must be another role, one that owns no table (tongban db roles prints the SQL that makes it)",
    );
  }
  return ownerUrl;
}
