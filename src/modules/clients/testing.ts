/** For tests of routes that serve department systems: a client of a department and its bearer header. */
import type { FastifyInstance } from "fastify";
import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, hasScope } from "../../platform/policy.ts";
import { CLIENT_SCOPES, type ClientScope, createClient } from "./service.ts";

export interface TestClient {
  id: string;
  token: string;
  /** Headers to send as this client: `{ ...client.headers }` in an inject. */
  headers: { authorization: string };
}

/** A live client of the department with the scopes given (all of them unless said). */
export async function apiClient(
  db: Db,
  departmentId: string,
  scopes: readonly ClientScope[] = CLIENT_SCOPES,
  name = "测试用部门系统",
): Promise<TestClient> {
  const { client, token } = await createClient(db, "operator", { name, departmentId, scopes: [...scopes] });
  return { id: client.id, token, headers: { authorization: `Bearer ${token}` } };
}

/** The probes' paths, under /api/ like the routes they stand for. */
export const PROBE = {
  registry: "/api/v1/test-probes/registry",
  whoami: "/api/v1/test-probes/whoami",
  form: "/api/v1/test-probes/form",
};

/**
 * Routes for createTestApp's `extend`: one for department systems holding registry.read, checked as the
 * registries API checks; one that says who the caller is; one that takes a form post.
 */
export function mountProbes(app: FastifyInstance): void {
  const hidden = { config: { policy: "public" as const }, schema: { hide: true } };
  app.get(PROBE.registry, hidden, async (request) => {
    const actor = request.actor;
    if (actor.kind === "anonymous") throw errors.unauthenticated();
    if (actor.kind !== "client" || !hasScope(actor, "registry.read")) throw errors.forbidden();
    return { kind: actor.kind, id: actor.id, departmentId: actor.departmentId };
  });
  const who = (actor: Actor) => ({ kind: actor.kind, id: actor.kind === "anonymous" ? null : actor.id });
  app.get(PROBE.whoami, hidden, async (request) => who(request.actor));
  app.post(PROBE.form, hidden, async (request) => ({ ...who(request.actor), body: request.body }));
}
