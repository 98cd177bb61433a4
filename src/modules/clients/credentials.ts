import type { Logger } from "pino";
import type { Executor } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import * as store from "./store.ts";
import { parseClientToken, secretMatches } from "./token.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Who is behind a bearer token; rotating or disabling a client forgets it here. */
    clientCredentials: ClientCredentials;
  }
}

export interface ClientCredentials {
  /** The client behind a bearer token, or a 401 saying what is wrong with the token. */
  authenticate(token: string): Promise<Actor>;
  /**
   * The client itself, when something other than its token vouches for it (the GovStack Information
   * Mediator's security server): the same cache and last-use note, a 401 for a disabled or unknown client.
   */
  actorOf(clientId: string): Promise<Actor>;
  /** Drops what this server knows of a client: its rotation or disabling takes effect here at once. */
  forget(clientId: string): void;
}

/** A client's last use is written at most this often: never a write per request. */
export const LAST_USED_EVERY_MS = 60_000;

const refused = (why: string) => new AppError("unauthenticated", 401, why);

export const tokenErrors = {
  malformed: () =>
    refused(
      "The bearer token is not a Tongban API client token (tbc_…): send Authorization: Bearer <token> " +
        "exactly as it was shown when the client was created or its token rotated",
    ),
  invalid: () =>
    refused(
      "The bearer token is not valid: it was mistyped, or the client's token was rotated since. Ask an " +
        "administrator of the client's department for the current token",
    ),
  disabled: () =>
    refused(
      "This API client is disabled: its token no longer works. Ask an administrator of its department " +
        "for a new client",
    ),
};

interface Entry {
  credential: store.Credential | undefined;
  until: number;
}

/**
 * Checks bearer tokens against the clients' kept hashes, remembering each client for `ttlMs` (like the
 * session cache), so a busy department system costs no database round trip per request. A client
 * rotated or disabled through another server keeps its old token working here for at most `ttlMs`.
 */
export function clientCredentials(
  db: Executor,
  options: { ttlMs: number; log?: Logger; maxEntries?: number; now?: () => number },
): ClientCredentials {
  const { ttlMs, log, maxEntries = 10_000, now = Date.now } = options;
  const entries = new Map<string, Entry>();

  async function load(clientId: string): Promise<store.Credential | undefined> {
    if (ttlMs <= 0) return store.findCredential(db, clientId);
    const hit = entries.get(clientId);
    if (hit && hit.until > now()) return hit.credential;
    const credential = await store.findCredential(db, clientId);
    // Oldest first out: a Map iterates in insertion order.
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.delete(clientId);
    entries.set(clientId, { credential, until: now() + ttlMs });
    return credential;
  }

  async function noteUse(credential: store.Credential): Promise<void> {
    const at = now();
    if (credential.lastUsedAt && at - credential.lastUsedAt.getTime() < LAST_USED_EVERY_MS) return;
    // Noted on the remembered credential first, so requests in the meantime write nothing.
    credential.lastUsedAt = new Date(at);
    await store.touchClient(db, credential.id, new Date(at), LAST_USED_EVERY_MS).catch((error: unknown) => {
      log?.warn({ err: error, clientId: credential.id }, "could not note an API client's last use");
    });
  }

  async function clientActor(credential: store.Credential): Promise<Actor> {
    if (credential.disabledAt) throw tokenErrors.disabled();
    await noteUse(credential);
    return {
      kind: "client",
      id: credential.id,
      name: credential.name,
      departmentId: credential.departmentId,
      regionCode: credential.regionCode,
      scopes: [...credential.scopes],
    };
  }

  return {
    async authenticate(token) {
      const parsed = parseClientToken(token);
      if (!parsed) throw tokenErrors.malformed();
      const credential = await load(parsed.clientId);
      // An unknown client and a wrong secret answer alike: the answer tells nothing of which ids exist.
      if (!credential || !secretMatches(parsed.secret, credential.secretHash)) throw tokenErrors.invalid();
      return clientActor(credential);
    },
    async actorOf(clientId) {
      const credential = await load(clientId);
      if (!credential) throw tokenErrors.disabled();
      return clientActor(credential);
    },
    forget(clientId) {
      entries.delete(clientId);
    },
  };
}
