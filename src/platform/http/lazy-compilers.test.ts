import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { lazyCompilers } from "./lazy-compilers.ts";

function app() {
  return Fastify({
    ajv: { customOptions: { allErrors: true } },
    schemaController: { compilersFactory: lazyCompilers() },
  });
}

describe("lazy schema compilers", () => {
  it("validate with Ajv and report every error, and serialize by the response schema", async () => {
    const built = app();
    built.post(
      "/things",
      {
        schema: {
          body: {
            type: "object",
            required: ["name", "count"],
            properties: { name: { type: "string" }, count: { type: "integer" } },
          },
          response: { 200: { type: "object", properties: { name: { type: "string" } } } },
        },
      },
      async (request) => ({ ...(request.body as object), secret: "not in the schema" }),
    );
    const bad = await built.inject({ method: "POST", url: "/things", payload: { count: "x" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/name/);
    expect(bad.json().message).toMatch(/count/);
    const good = await built.inject({ method: "POST", url: "/things", payload: { name: "a", count: 1 } });
    expect(good.json()).toEqual({ name: "a" });
    await built.close();
  });

  it("compile a route's schema at its first request, not at start", async () => {
    const built = app();
    built.post("/broken", { schema: { body: { type: "no such type" } } }, async () => "never");
    await built.ready();
    expect((await built.inject({ method: "POST", url: "/broken", payload: {} })).statusCode).toBe(500);
    await built.close();
  });
});
