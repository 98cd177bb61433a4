import { randomUUID } from "node:crypto";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, can } from "../../platform/policy.ts";
import { type AuditInput, auditActor, recordAudit } from "../audit/service.ts";
import { type Department, getDepartment } from "../departments/service.ts";
import * as store from "./store.ts";
import { newClientToken } from "./token.ts";

export type { ApiClient } from "./store.ts";

/** What a client may be allowed to do; the routes that serve clients check these with `hasScope`. */
export const CLIENT_SCOPES = [
  "registry.read",
  "registry.publish",
  "registry.subscribe",
  // GovStack (docs/govstack-design.md, section 2.5): submit for people, work and decide the department's
  // tasks, see who read a registry's records.
  "application.submit",
  "case.work",
  "case.decide",
  "registry.usage",
] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

/**
 * Who manages clients: an administrator through the API, or the operator who runs the command line on
 * the server — who holds the database already, so no policy could refuse them anything.
 */
export type Manager = Actor | "operator";

export interface Origin {
  requestId?: string;
}

export interface ClientInput {
  name: string;
  departmentId: string;
  scopes: string[];
}

/** A client with its token, which is shown this once and kept nowhere. */
export interface IssuedClient {
  client: store.ApiClient;
  token: string;
}

export const clientErrors = {
  notFound: () => errors.notFound("API client"),
  disabled: () =>
    errors.conflict("This API client is disabled for good: create a new client for the system instead"),
};

/** Refuses anyone but an administrator (of `scope`'s region, when given) or the operator. */
function manage(manager: Manager, scope: { regionCode: string } | "any" = "any"): void {
  if (manager === "operator") return;
  if (manager.kind === "anonymous") throw errors.unauthenticated();
  if (!can(manager, "client.manage", scope)) throw errors.forbidden();
}

function auditBy(manager: Manager): Pick<AuditInput, "actorKind" | "actorId"> {
  return manager === "operator" ? { actorKind: "system" } : auditActor(manager);
}

const staffIdOf = (manager: Manager) =>
  manager !== "operator" && manager.kind === "staff" ? manager.id : null;

/** Every problem of the input at once, the department looked up when its id can be one. */
async function check(
  db: Executor,
  input: ClientInput,
): Promise<{ problems: FieldProblem[]; name: string; scopes: string[]; department?: Department }> {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (name === "" || name.length > 100) {
    problems.push({ field: "/name", message: "must be 1 to 100 characters: say which system this is" });
  }
  if (input.scopes.length === 0) {
    problems.push({ field: "/scopes", message: `must name at least one of ${CLIENT_SCOPES.join(", ")}` });
  }
  input.scopes.forEach((scope, i) => {
    if (!(CLIENT_SCOPES as readonly string[]).includes(scope)) {
      problems.push({
        field: `/scopes/${i}`,
        message: `is not a scope: use one of ${CLIENT_SCOPES.join(", ")}`,
      });
    }
  });
  const department = isUuid(input.departmentId)
    ? await getDepartment(db, input.departmentId).catch(() => undefined)
    : undefined;
  if (!department) {
    problems.push({
      field: "/departmentId",
      message: "is not a known department: find its id with GET /api/v1/departments?region=<region code>",
    });
  }
  return { problems, name, scopes: [...new Set(input.scopes)], ...(department ? { department } : {}) };
}

/** Makes a client of a department within the administrator's jurisdiction, and its first token. */
export async function createClient(
  db: Db,
  manager: Manager,
  input: ClientInput,
  origin: Origin = {},
): Promise<IssuedClient> {
  manage(manager);
  const { problems, name, scopes, department } = await check(db, input);
  if (problems.length > 0 || !department) throw errors.validation(problems);
  // Departments are public: one outside the jurisdiction is refused, not hidden.
  manage(manager, { regionCode: department.regionCode });
  const id = randomUUID();
  const { token, secretHash } = newClientToken(id);
  const client = await db.transaction().execute(async (tx) => {
    await store.insertClient(tx, {
      id,
      name,
      departmentId: department.id,
      scopes,
      secretHash,
      createdBy: staffIdOf(manager),
    });
    await recordAudit(tx, {
      ...auditBy(manager),
      action: "api_client.create",
      subjectKind: "api_client",
      subjectId: id,
      regionCode: department.regionCode,
      requestId: origin.requestId ?? null,
      details: { name, departmentId: department.id, scopes },
    });
    return store.findClient(tx, id);
  });
  if (!client) throw clientErrors.notFound();
  return { client, token };
}

/** The clients of departments within the administrator's jurisdictions (every one, for the operator). */
export async function listClients(db: Executor, manager: Manager): Promise<store.ApiClient[]> {
  manage(manager);
  if (manager === "operator") return store.listClients(db, "all");
  const jurisdictions =
    manager.kind === "staff"
      ? manager.grants.filter((g) => g.role === "administrator").map((g) => g.jurisdictionCode)
      : [];
  return store.listClients(db, jurisdictions);
}

/** A client the manager keeps; anyone else's does not exist. */
export async function getClient(db: Executor, manager: Manager, id: string): Promise<store.ApiClient> {
  manage(manager);
  const client = isUuid(id) ? await store.findClient(db, id) : undefined;
  if (!client || (manager !== "operator" && !can(manager, "client.manage", client))) {
    throw clientErrors.notFound();
  }
  return client;
}

/**
 * A new token for a live client; the old one stops working at once (on other servers, within the few
 * seconds they trust what they know: see credentials.ts).
 */
export async function rotateClient(
  db: Db,
  manager: Manager,
  id: string,
  origin: Origin = {},
): Promise<IssuedClient> {
  const client = await getClient(db, manager, id);
  if (client.disabledAt) throw clientErrors.disabled();
  const { token, secretHash } = newClientToken(client.id);
  const rotated = await db.transaction().execute(async (tx) => {
    if (!(await store.replaceSecret(tx, client.id, secretHash, new Date()))) throw clientErrors.disabled();
    await recordAudit(tx, {
      ...auditBy(manager),
      action: "api_client.rotate",
      subjectKind: "api_client",
      subjectId: client.id,
      regionCode: client.regionCode,
      requestId: origin.requestId ?? null,
      details: { name: client.name },
    });
    return store.findClient(tx, client.id);
  });
  if (!rotated) throw clientErrors.notFound();
  return { client: rotated, token };
}

/** Stops a client for good: its token is refused from now on. */
export async function disableClient(
  db: Db,
  manager: Manager,
  id: string,
  origin: Origin = {},
): Promise<store.ApiClient> {
  const client = await getClient(db, manager, id);
  if (client.disabledAt) throw clientErrors.disabled();
  const disabled = await db.transaction().execute(async (tx) => {
    if (!(await store.disableClient(tx, client.id, staffIdOf(manager), new Date()))) {
      throw clientErrors.disabled();
    }
    await recordAudit(tx, {
      ...auditBy(manager),
      action: "api_client.disable",
      subjectKind: "api_client",
      subjectId: client.id,
      regionCode: client.regionCode,
      requestId: origin.requestId ?? null,
      details: { name: client.name },
    });
    return store.findClient(tx, client.id);
  });
  if (!disabled) throw clientErrors.notFound();
  return disabled;
}
