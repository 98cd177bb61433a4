import { withinNetworks } from "../../platform/networks.ts";
import { type Actor, ANONYMOUS, hasScope } from "../../platform/policy.ts";
import type { ClientScope } from "../clients/service.ts";
import { govstackErrors } from "./errors.ts";
import type { IdentityDirectory } from "./identities.ts";
import type { GovstackIdentity } from "./identities-store.ts";

/** Four parts, each 1–255 characters without `/`, whitespace or control characters (section 2.1). */
const MEDIATOR_CLIENT = /^[^/\s\p{Cc}]{1,255}(?:\/[^/\s\p{Cc}]{1,255}){3}$/u;

/**
 * The `Information-Mediator-Client` value: null when absent, undefined when malformed. A header sent
 * twice reaches us as an array, or joined by Node with ", " (a part holds no space, so that comma is
 * Node's): the same value twice is that value, two different ones are malformed.
 */
export function parseMediatorClient(raw: string | readonly string[] | undefined): string | null | undefined {
  if (raw === undefined) return null;
  const values = (typeof raw === "string" ? [raw] : [...raw]).flatMap((value) => value.split(", "));
  const [first] = values;
  if (first === undefined || !MEDIATOR_CLIENT.test(first)) return undefined;
  return values.every((value) => value === first) ? first : undefined;
}

/** What each GovStack route declares about its callers (section 2.4). */
export interface CallerSpec {
  caller: "public" | "client";
  headerRequired: boolean;
  /** Any of these; a resolved client holding none is refused before the body is read. */
  scopes?: readonly ClientScope[];
}

export interface ResolvedCaller {
  actor: Actor;
  identity: GovstackIdentity | null;
  header: string | null;
}

export interface CallerRequest {
  /** The request's actor after the root hooks: a client when a valid bearer token came, else anonymous. */
  actor: Actor;
  header: string | readonly string[] | undefined;
  /** The request's address, after TRUST_PROXY. */
  ip: string;
}

export interface CallerDeps {
  identities: IdentityDirectory;
  /** GOVSTACK_MEDIATOR_NETWORKS; undefined: no request is vouched for by the mediator. */
  mediatorNetworks: readonly string[] | undefined;
  /** The client an identity names, as its token would give it (401 for a disabled client). */
  actorOf(clientId: string): Promise<Actor>;
}

/**
 * Who is calling, by the table of section 2.4: a bad header before missing credentials (the public
 * statistics suite expects 400 for a bad header even without them), the scope check last.
 */
export async function resolveCaller(
  spec: CallerSpec,
  request: CallerRequest,
  deps: CallerDeps,
): Promise<ResolvedCaller> {
  const header = parseMediatorClient(request.header);
  if (header === undefined) throw govstackErrors.headerMalformed();
  const token = request.actor.kind === "client" ? request.actor : undefined;
  if (header === null && spec.headerRequired && !token) throw govstackErrors.headerMissing();

  let resolved: ResolvedCaller;
  if (token) {
    resolved = { actor: token, identity: await identityOfToken(spec, token.id, header, deps), header };
  } else {
    const identity = await mediatorIdentity(request.ip, header, deps);
    if (identity) {
      resolved = { actor: await deps.actorOf(identity.apiClientId), identity, header };
    } else {
      if (spec.caller === "client") throw govstackErrors.unauthenticated();
      // A public read: an unknown header is no error, and the caller stays anonymous.
      resolved = { actor: ANONYMOUS, identity: null, header };
    }
  }
  const scopes = spec.scopes ?? [];
  if (resolved.actor.kind === "client" && scopes.length > 0) {
    const actor = resolved.actor;
    if (!scopes.some((scope) => hasScope(actor, scope))) {
      throw govstackErrors.forbidden();
    }
  }
  return resolved;
}

/** Token mode: the header, when given, must be one of the token's client's identities. */
async function identityOfToken(
  spec: CallerSpec,
  clientId: string,
  header: string | null,
  deps: CallerDeps,
): Promise<GovstackIdentity | null> {
  if (header !== null) {
    const named = await deps.identities.byHeader(header);
    if (!named || named.apiClientId !== clientId) throw govstackErrors.identityMismatch();
    return named;
  }
  const own = await deps.identities.ofClient(clientId);
  if (own.length === 1) return own[0] as GovstackIdentity;
  // A public read needs no identity: the client's own region and scopes are enough.
  if (spec.caller === "public") return null;
  if (own.length > 1) throw govstackErrors.headerAmbiguous();
  throw govstackErrors.notRegistered();
}

/**
 * Mediator mode: from GOVSTACK_MEDIATOR_NETWORKS, the header of an identity marked via-mediator (or,
 * without a header, the default identity) stands for its client — the security server vouches for it.
 */
async function mediatorIdentity(
  ip: string,
  header: string | null,
  deps: CallerDeps,
): Promise<GovstackIdentity | undefined> {
  if (!deps.mediatorNetworks || !withinNetworks(deps.mediatorNetworks, ip)) return undefined;
  const identity =
    header === null ? await deps.identities.mediatorDefault() : await deps.identities.byHeader(header);
  return identity?.viaMediator ? identity : undefined;
}
