import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { registerErrorHandling } from "./errors.ts";
import { lazyCompilers } from "./lazy-compilers.ts";
import { boundDateFormats, registerInputGuard } from "./validation.ts";

/** An app validating as the real one does, echoing what its handler was given. */
function app() {
  const server = Fastify({
    ajv: { customOptions: { allErrors: true, coerceTypes: "array" }, onCreate: boundDateFormats },
    schemaController: { compilersFactory: lazyCompilers() },
  });
  server.decorateRequest("t", () => "");
  registerErrorHandling(server, () => "");
  registerInputGuard(server);
  const querystring = {
    type: "object",
    properties: {
      offset: { type: "integer", minimum: 0, maximum: 100 },
      from: { type: "string", format: "date-time" },
      day: { type: "string", format: "date" },
    },
  };
  server.get("/things", { schema: { querystring } }, async (request) => request.query);
  server.post("/things/:name", async (request) => request.body);
  return server;
}

const fieldsOf = (response: { json(): unknown }) => (response.json() as { errors?: unknown }).errors;

describe("request validation beyond Ajv's defaults", () => {
  it("refuses digits too many for a number, which Ajv coerced to Infinity past `maximum`", async () => {
    const response = await app().inject({ url: `/things?offset=${"9".repeat(400)}` });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual([
      { field: "/querystring/offset", message: "must be a finite number" },
    ]);
  });

  it("refuses text holding NUL, which PostgreSQL cannot store, wherever it comes, schema or not", async () => {
    const inPath = await app().inject({ method: "POST", url: "/things/a%00b", payload: {} });
    expect(fieldsOf(inPath)).toEqual([
      { field: "/params/name", message: "must not contain the NUL character" },
    ]);
    const inBody = await app().inject({
      method: "POST",
      url: "/things/a",
      payload: { list: ["ok", "a\u0000"] },
    });
    expect(fieldsOf(inBody)).toEqual([{ field: "/list/1", message: "must not contain the NUL character" }]);
  });

  it("still takes what the schema allows", async () => {
    expect((await app().inject({ url: "/things?offset=42" })).json()).toEqual({ offset: 42 });
    const body = { text: "通办 🏛️", n: 1.5 };
    expect((await app().inject({ method: "POST", url: "/things/a", payload: body })).json()).toEqual(body);
  });

  it("refuses dates and instants in years PostgreSQL or time zones get wrong", async () => {
    for (const query of ["from=0000-01-01T00:00:00Z", "day=0001-01-01", "day=9999-12-31"]) {
      expect((await app().inject({ url: `/things?${query}` })).statusCode, query).toBe(400);
    }
    const fine = await app().inject({ url: "/things?from=2026-01-10T08:00:00%2B08:00&day=1949-10-01" });
    expect(fine.statusCode).toBe(200);
  });

  it("keeps the formats' own checks", async () => {
    expect((await app().inject({ url: "/things?day=2026-02-30" })).statusCode).toBe(400);
  });
});
