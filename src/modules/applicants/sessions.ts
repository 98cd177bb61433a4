import type { Executor } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";

/** The person behind a session token. Placeholder until person accounts land. */
export async function personActorForToken(_db: Executor, _token: string): Promise<Actor | undefined> {
  return undefined;
}
