import type { Db, Executor } from "../../platform/db/database.ts";
import { AppError, errors, type FieldProblem, isAppError } from "../../platform/errors.ts";
import { maskIdNumber } from "../../platform/personal-data.ts";
import { findPersonByIdentifier, registerInPerson } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { type ApiClient, getClient, listClients } from "../clients/service.ts";
import * as store from "./identities-store.ts";
import { parseMediatorClient } from "./identity.ts";
import { STAND_IN_MOBILE, STAND_IN_NAME, standInIdNumber } from "./stand-in.ts";

export type { GovstackIdentity } from "./identities-store.ts";

/** The identities as a request sees them: the whole table, kept for `ttlMs` like client credentials. */
export interface IdentityDirectory {
  byHeader(mediatorClient: string): Promise<store.GovstackIdentity | undefined>;
  ofClient(clientId: string): Promise<store.GovstackIdentity[]>;
  /** The identity of header-less requests from the mediator's network, if one is marked. */
  mediatorDefault(): Promise<store.GovstackIdentity | undefined>;
}

export function identityDirectory(
  db: Executor,
  options: { ttlMs: number; now?: () => number },
): IdentityDirectory {
  const { ttlMs, now = Date.now } = options;
  let snapshot: { identities: store.GovstackIdentity[]; until: number } | undefined;
  let loading: Promise<store.GovstackIdentity[]> | undefined;

  async function all(): Promise<store.GovstackIdentity[]> {
    if (snapshot && snapshot.until > now()) return snapshot.identities;
    // Concurrent requests at expiry share one read.
    loading ??= store.allIdentities(db).finally(() => {
      loading = undefined;
    });
    const identities = await loading;
    if (ttlMs > 0) snapshot = { identities, until: now() + ttlMs };
    return identities;
  }

  return {
    async byHeader(mediatorClient) {
      return (await all()).find((i) => i.mediatorClient === mediatorClient);
    },
    async ofClient(clientId) {
      return (await all()).filter((i) => i.apiClientId === clientId);
    },
    async mediatorDefault() {
      return (await all()).find((i) => i.mediatorDefault);
    },
  };
}

export interface IdentityInput {
  clientId: string;
  mediatorClient: string;
  viaMediator: boolean;
  mediatorDefault: boolean;
  /** Submissions of this identity are made for one stand-in person (sandboxes and conformance only). */
  standInApplicants: boolean;
}

export interface AddedIdentity {
  identity: store.GovstackIdentity;
  client: ApiClient;
  standIn?: { personId: string; idNumberMasked: string };
}

export interface ListedIdentity extends store.GovstackIdentity {
  client: Pick<ApiClient, "name" | "departmentName" | "regionCode" | "disabledAt"> | undefined;
}

async function clientOf(db: Executor, id: string): Promise<ApiClient | undefined> {
  return getClient(db, "operator", id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") return undefined;
    throw error;
  });
}

/** Every problem of the input at once. */
async function check(
  db: Executor,
  input: IdentityInput,
): Promise<{ problems: FieldProblem[]; client?: ApiClient }> {
  const problems: FieldProblem[] = [];
  const parsed = parseMediatorClient(input.mediatorClient);
  if (parsed === undefined || parsed === null) {
    problems.push({
      field: "/mediatorClient",
      message:
        "must be four parts, INSTANCE/CLASS/MEMBER/SUBSYSTEM, separated by / (e.g. eGovStack/GOV/90000009/eregistrations-dev), without spaces",
    });
  } else {
    const taken = await store.findIdentity(db, parsed);
    if (taken) {
      problems.push({
        field: "/mediatorClient",
        message: `is registered already, to the client ${taken.apiClientId}: remove it first to bind it elsewhere`,
      });
    }
  }
  const client = await clientOf(db, input.clientId);
  if (!client) {
    problems.push({ field: "/clientId", message: "is not an API client's id: see tongban clients list" });
  } else if (client.disabledAt) {
    problems.push({
      field: "/clientId",
      message: "is a disabled client: create a new client for the system",
    });
  }
  if (input.mediatorDefault && !input.viaMediator) {
    problems.push({
      field: "/mediatorDefault",
      message: "needs the identity to come through the mediator too: add --via-mediator",
    });
  } else if (input.mediatorDefault) {
    const current = await store.findDefaultIdentity(db);
    if (current) {
      problems.push({
        field: "/mediatorDefault",
        message: `is ${current.mediatorClient} already: remove that identity first, or add this one without it`,
      });
    }
  }
  return { problems, ...(client ? { client } : {}) };
}

/**
 * Binds an `Information-Mediator-Client` value to an API client, by the server's operator (mediator trust
 * is server configuration: section 2.3). With stand-in applicants, one clearly fake person is made for
 * the identity's submissions.
 */
export async function addIdentity(
  db: Db,
  deps: { personalDataKey: Buffer },
  input: IdentityInput,
): Promise<AddedIdentity> {
  const { problems, client } = await check(db, input);
  if (problems.length > 0 || !client) throw errors.validation(problems);
  return db.transaction().execute(async (tx) => {
    const standIn = input.standInApplicants ? await newStandIn(tx, deps.personalDataKey, client) : undefined;
    const identity = await store
      .insertIdentity(tx, {
        apiClientId: client.id,
        mediatorClient: input.mediatorClient,
        viaMediator: input.viaMediator,
        mediatorDefault: input.mediatorDefault,
        standInPersonId: standIn?.personId ?? null,
      })
      .catch((error: unknown) => {
        // Another operator's add in between: the header or the default is taken now.
        if ((error as { code?: string }).code === "23505") {
          throw errors.validation([
            {
              field: "/mediatorClient",
              message: "was registered by someone else just now: list and try again",
            },
          ]);
        }
        throw error;
      });
    await recordAudit(tx, {
      actorKind: "system",
      action: "govstack.identity_add",
      subjectKind: "govstack_identity",
      subjectId: identity.id,
      regionCode: client.regionCode,
      details: {
        mediatorClient: identity.mediatorClient,
        apiClientId: client.id,
        viaMediator: identity.viaMediator,
        mediatorDefault: identity.mediatorDefault,
        applicants: identity.applicants,
      },
    });
    return { identity, client, ...(standIn ? { standIn } : {}) };
  });
}

/** The stand-in person: a made-up ID number nobody holds, in the client's region. */
async function newStandIn(
  tx: Executor,
  key: Buffer,
  client: ApiClient,
): Promise<{ personId: string; idNumberMasked: string }> {
  for (let sequence = 0; sequence < 1000; sequence++) {
    const idNumber = standInIdNumber(client.regionCode, sequence);
    if (await findPersonByIdentifier(tx, key, idNumber)) continue;
    const personId = await registerInPerson(tx, key, {
      name: STAND_IN_NAME,
      idNumber,
      mobile: STAND_IN_MOBILE,
    });
    await recordAudit(tx, {
      actorKind: "system",
      action: "person.registered_for_govstack",
      subjectKind: "person",
      subjectId: personId,
      personId,
      regionCode: client.regionCode,
      details: {
        apiClientId: client.id,
        reason: "GovStack stand-in applicant (sandboxes and conformance only)",
      },
    });
    return { personId, idNumberMasked: maskIdNumber(idNumber) };
  }
  throw new AppError(
    "govstack_stand_in_exhausted",
    409,
    "Every stand-in ID number of this region is taken: use a client of another region",
  );
}

/** Every identity with its client, for the operator. */
export async function listIdentities(db: Executor): Promise<ListedIdentity[]> {
  const [identities, clients] = await Promise.all([store.allIdentities(db), listClients(db, "operator")]);
  const byId = new Map(clients.map((c) => [c.id, c]));
  return identities.map((identity) => {
    const client = byId.get(identity.apiClientId);
    return {
      ...identity,
      client: client && {
        name: client.name,
        departmentName: client.departmentName,
        regionCode: client.regionCode,
        disabledAt: client.disabledAt,
      },
    };
  });
}

export const identityErrors = {
  notFound: () => errors.notFound("GovStack identity"),
  inUse: () =>
    errors.conflict(
      "Applications were submitted under this identity, and their records name it: it stays. Disable the " +
        "client (tongban clients disable) to stop it",
    ),
};

/** Unbinds a header value; an identity that submissions name stays (their record needs it). */
export async function removeIdentity(db: Db, mediatorClient: string): Promise<store.GovstackIdentity> {
  return db.transaction().execute(async (tx) => {
    const identity = await store.findIdentity(tx, mediatorClient);
    if (!identity) throw identityErrors.notFound();
    if (await store.identityInUse(tx, identity.id)) throw identityErrors.inUse();
    await store.deleteIdentity(tx, identity.id);
    const client = await clientOf(tx, identity.apiClientId);
    await recordAudit(tx, {
      actorKind: "system",
      action: "govstack.identity_remove",
      subjectKind: "govstack_identity",
      subjectId: identity.id,
      regionCode: client?.regionCode ?? null,
      details: { mediatorClient: identity.mediatorClient, apiClientId: identity.apiClientId },
    });
    return identity;
  });
}
