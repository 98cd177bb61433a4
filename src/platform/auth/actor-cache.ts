import type { Actor } from "../policy.ts";

export interface ActorCache {
  resolve(token: string): Promise<Actor | undefined>;
  /** Drops a token at once: sign-out and sign-in rotation on this server take effect immediately. */
  forget(token: string): void;
  /**
   * Drops every token of one account, for an end made by a session's id, whose token this server never
   * learns: the account's other sessions are looked up afresh, an ended one is found ended.
   */
  forgetActor(kind: "staff" | "person", id: string): void;
}

/**
 * Remembers who is behind a session token for a few seconds, so a signed-in request does not pay a
 * database round trip for it (about 40% of a small API request's cost). The price: a session ended or
 * an account disabled on another server keeps working here for at most `ttlMs`.
 */
export function actorCache(
  load: (token: string) => Promise<Actor | undefined>,
  ttlMs: number,
  maxEntries = 10_000,
  now: () => number = Date.now,
): ActorCache {
  const entries = new Map<string, { actor: Actor | undefined; until: number }>();
  return {
    async resolve(token) {
      if (ttlMs <= 0) return load(token);
      const hit = entries.get(token);
      if (hit && hit.until > now()) return hit.actor;
      const actor = await load(token);
      // Oldest first out: a Map iterates in insertion order.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.delete(token);
      entries.set(token, { actor, until: now() + ttlMs });
      return actor;
    },
    forget(token) {
      entries.delete(token);
    },
    forgetActor(kind, id) {
      for (const [token, entry] of entries) {
        if (entry.actor?.kind === kind && entry.actor.id === id) entries.delete(token);
      }
    },
  };
}
