/** For tests of the GovStack façades: a client with an identity, its headers, and probe routes. */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import type { Db } from "../../platform/db/database.ts";
import type { ClientScope } from "../clients/service.ts";
import { apiClient } from "../clients/testing.ts";
import { addIdentity, identityDirectory } from "./identities.ts";
import { base64Bytes, fieldParams, intParam, param, requiredBody } from "./parse.ts";
import { govstackRoute } from "./route.ts";
import { govstackScope } from "./scope.ts";

export interface GovstackTestClient {
  id: string;
  token: string;
  identityId: string;
  mediatorClient: string;
  standInPersonId: string | null;
  /** Token and header: `{ ...client.headers }` in an inject. */
  headers: { authorization: string; "information-mediator-client": string };
  /** The header alone, as the Information Mediator's security server sends it. */
  mediatorHeaders: { "information-mediator-client": string };
}

/** A header value no other test uses. */
export function uniqueMediatorClient(subsystem = "tongban-test"): string {
  return `eGovStack/GOV/${randomBytes(5).toString("hex")}/${subsystem}`;
}

/** A live client of the department with the scopes given and one GovStack identity. */
export async function govstackClient(
  db: Db,
  departmentId: string,
  options: {
    scopes?: readonly ClientScope[];
    viaMediator?: boolean;
    mediatorDefault?: boolean;
    /** Needed for stand-in applicants: the key their made-up ID number is kept under. */
    personalDataKey?: Buffer;
    mediatorClient?: string;
  } = {},
): Promise<GovstackTestClient> {
  const client = await apiClient(db, departmentId, options.scopes);
  const mediatorClient = options.mediatorClient ?? uniqueMediatorClient();
  const { identity } = await addIdentity(
    db,
    { personalDataKey: options.personalDataKey ?? Buffer.alloc(32) },
    {
      clientId: client.id,
      mediatorClient,
      viaMediator: options.viaMediator === true,
      mediatorDefault: options.mediatorDefault === true,
      standInApplicants: options.personalDataKey !== undefined,
    },
  );
  return {
    id: client.id,
    token: client.token,
    identityId: identity.id,
    mediatorClient,
    standInPersonId: identity.standInPersonId,
    headers: { ...client.headers, "information-mediator-client": mediatorClient },
    mediatorHeaders: { "information-mediator-client": mediatorClient },
  };
}

/** The probes' paths: a GovStack scope of their own, as a façade has. */
export const GOVSTACK_PROBE = {
  prefix: "/govstack/test-probes",
  /** Public, header optional (GET /services). */
  public: "/govstack/test-probes/public",
  /** Public, header required (the statistics). */
  publicHeader: "/govstack/test-probes/public-header",
  /** A client with `application.submit`, header required (POST …/applications). */
  submit: "/govstack/test-probes/submit",
  /** A client with any scope, header optional (GET /tasks). */
  client: "/govstack/test-probes/client",
  /** Echoes the parsed body and parameters (a client, header optional). */
  echo: "/govstack/test-probes/echo",
  /** As `echo`, with the upload route's errors (POST /documents). */
  upload: "/govstack/test-probes/upload",
};

const who = (request: FastifyRequest) => {
  const { actor, identity, header } = request.govstack;
  return {
    kind: actor.kind,
    id: actor.kind === "anonymous" ? null : actor.id,
    identity: identity?.mediatorClient ?? null,
    header,
  };
};

const probes: FastifyPluginAsync = async (app) => {
  const { database, config } = app.platform;
  govstackScope(app, {
    identities: identityDirectory(database.db, { ttlMs: config.sessionCacheSeconds * 1000 }),
  });
  app.get(
    "/public",
    govstackRoute({ operation: "probePublic", caller: "public", headerRequired: false }),
    async (request) => who(request),
  );
  app.post(
    "/public",
    govstackRoute({ operation: "probePublicPost", caller: "public", headerRequired: false }),
    async (request) => ({ ...who(request), body: request.body ?? null }),
  );
  app.get(
    "/public-header",
    govstackRoute({ operation: "probePublicHeader", caller: "public", headerRequired: true }),
    async (request) => who(request),
  );
  app.get(
    "/submit",
    govstackRoute({
      operation: "probeSubmit",
      caller: "client",
      headerRequired: true,
      scopes: ["application.submit"],
    }),
    async (request) => who(request),
  );
  app.get(
    "/client",
    govstackRoute({ operation: "probeClient", caller: "client", headerRequired: false }),
    async (request) => who(request),
  );
  const echo = async (request: FastifyRequest) => ({
    ...who(request),
    body: requiredBody(request),
    name: param(request.query, "name") ?? null,
    max: intParam(request.query, "maxResult", { min: 1, max: 100, fallback: 20 }) ?? null,
    fields: fieldParams(request.query, "query"),
    fileBytes:
      (request.body as { file?: unknown } | undefined)?.file === undefined
        ? null
        : base64Bytes((request.body as { file?: unknown }).file).length,
  });
  app.post("/echo", govstackRoute({ operation: "probeEcho", caller: "client", headerRequired: false }), echo);
  app.post(
    "/upload",
    govstackRoute({
      operation: "probeUpload",
      caller: "client",
      headerRequired: false,
      scopes: ["application.submit"],
      uploadErrorsAs400: true,
    }),
    echo,
  );
};

/** For createTestApp's `extend`: the probes under a GovStack scope. */
export function mountGovstackProbes(app: FastifyInstance): void {
  app.register(probes, { prefix: GOVSTACK_PROBE.prefix });
}
