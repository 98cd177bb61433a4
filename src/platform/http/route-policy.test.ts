import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { type Actor, ANONYMOUS } from "../policy.ts";
import { needsResource, registerRoutePolicy, UndeclaredPolicyError } from "./route-policy.ts";

const supervisor: Actor = {
  kind: "staff",
  id: "s1",
  username: "sup",
  displayName: "Supervisor",
  grants: [{ role: "supervisor", departmentId: "d1", jurisdictionCode: "330523" }],
};

let app: FastifyInstance | undefined;
afterEach(() => app?.close());

function appAs(actor: Actor): FastifyInstance {
  app = Fastify();
  app.decorateRequest("actor", null as never);
  app.addHook("onRequest", (request, _reply, done) => {
    request.actor = actor;
    done();
  });
  registerRoutePolicy(app);
  return app;
}

describe("route policy", () => {
  it("refuses to build an application with a route that declares no policy, naming it", async () => {
    const built = appAs(ANONYMOUS);
    expect(() => built.get("/api/v1/forgotten", async () => "open")).toThrow(UndeclaredPolicyError);
    expect(() => built.post("/somewhere", async () => "open")).toThrow(/POST \/somewhere declares no policy/);
  });

  it("refuses a policy that names no rule", () => {
    const built = appAs(ANONYMOUS);
    expect(() =>
      built.get("/api/v1/typo", { config: { policy: "audit.serch" as "audit.search" } }, async () => "x"),
    ).toThrow(/unknown policy "audit.serch"/);
  });

  it("checks an action about no resource before the body is validated", async () => {
    const route = (built: FastifyInstance) =>
      built.post(
        "/api/v1/search",
        {
          config: { policy: "audit.search" },
          schema: { body: { type: "object", required: ["q"], properties: { q: { type: "string" } } } },
        },
        async () => ({ ok: true }),
      );
    const anonymous = appAs(ANONYMOUS);
    route(anonymous);
    const bad = await anonymous.inject({ method: "POST", url: "/api/v1/search", payload: {} });
    expect(bad.statusCode).toBe(401);
    await anonymous.close();

    const allowed = appAs(supervisor);
    route(allowed);
    expect((await allowed.inject({ method: "POST", url: "/api/v1/search", payload: {} })).statusCode).toBe(
      400,
    );
    expect(
      (await allowed.inject({ method: "POST", url: "/api/v1/search", payload: { q: "x" } })).json(),
    ).toEqual({
      ok: true,
    });
  });

  it("leaves actions about one resource to the service, which knows the resource, once signed in", async () => {
    expect(needsResource("staff.read")).toBe(true);
    expect(needsResource("staff.list")).toBe(false);
    const route = (built: FastifyInstance) =>
      built.post(
        "/api/v1/staff/:id",
        {
          config: { policy: "staff.read" },
          schema: { body: { type: "object", required: ["q"], properties: { q: { type: "string" } } } },
        },
        async () => ({ reached: true }),
      );
    const anonymous = appAs(ANONYMOUS);
    route(anonymous);
    expect((await anonymous.inject({ method: "POST", url: "/api/v1/staff/x", payload: {} })).statusCode).toBe(
      401,
    );
    await anonymous.close();
    const signedIn = appAs(supervisor);
    route(signedIn);
    const reached = await signedIn.inject({ method: "POST", url: "/api/v1/staff/x", payload: { q: "x" } });
    expect(reached.json()).toEqual({ reached: true });
  });

  it("treats the API documentation's own routes as public", async () => {
    const built = appAs(ANONYMOUS);
    built.get("/docs/static/x", async () => "doc");
    expect((await built.inject("/docs/static/x")).body).toBe("doc");
  });
});
