import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { department, seedRegionSlice } from "../../../../test/factories.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { govstackClient } from "../testing.ts";
import { expectProblem, type RegistriesWorld, registriesWorld } from "./testing.ts";

/** The database API: exposed registries' schemas, read-only. */

let t: TestApp;
let w: RegistriesWorld;
let mctsId: number;
const call = (
  method: "GET" | "DELETE" | "POST",
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => t.app.inject({ method, url: `/govstack/registries${url}`, headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  w = await registriesWorld(t);
  const row = await t.platform.database.db
    .selectFrom("govstack_registries")
    .select("id")
    .where("name", "=", "registryname")
    .executeTakeFirstOrThrow();
  mctsId = Number(row.id);
});
afterAll(() => t.close());

describeOperation("registries-database", "GET /databases", () => {
  it("+ lists the exposed registries", async () => {
    const response = await call("GET", "/databases", w.consumerClient.headers);
    expectSpecResponse("registries-database", "GET /databases", response);
    expect(
      response
        .json()
        .databases.map((d: { name: string }) => d.name)
        .sort(),
    ).toEqual(["household", "registryname"]);
  });

  it("+ answers databases: [] when none is exposed", async () => {
    const other = await createTestApp();
    try {
      const db = other.platform.database.db;
      await seedRegionSlice(db);
      const client = await govstackClient(db, await department(db, "330523"), { scopes: ["registry.read"] });
      const response = await other.app.inject({
        method: "GET",
        url: "/govstack/registries/databases",
        headers: client.headers,
      });
      expectSpecResponse("registries-database", "GET /databases", response);
      expect(response.json().databases).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("− refuses a caller without credentials (401) or a header (400)", async () => {
    expectProblem(
      await call("GET", "/databases", { "information-mediator-client": "eGovStack/GOV/1/x" }),
      401,
    );
    expectProblem(await call("GET", "/databases", {}), 400);
  });
});

describeOperation("registries-database", "GET /database/{id}", () => {
  it("+ describes the registry: GovStack names, types, the key mandatory, operations by scope", async () => {
    const response = await call("GET", `/database/${mctsId}`, {
      ...w.consumerClient.headers,
      "accept-language": "en",
    });
    expectSpecResponse("registries-database", "GET /database/{id}", response);
    const info = response.json();
    expect(info.name).toBe("registryname");
    expect(info.version).toBe("111");
    expect(Object.keys(info.schema.properties)).toEqual([
      "ID",
      "FirstName",
      "LastName",
      "BirthCertificateID",
      "birthDate",
      "siblings",
    ]);
    expect(info.schema.properties.birthDate).toMatchObject({ type: "string", format: "date" });
    expect(info.schema.properties.siblings.type).toBe("integer");
    expect(info.schemaFlags).toEqual([{ name: "mandatory", path: "/ID" }]);
    const visible = info.generic_Services
      .filter((s: { isVisible: boolean }) => s.isVisible)
      .map((s: { name: string }) => s.name);
    expect(visible).toContain("data-read");
    expect(visible).not.toContain("data-create");
  });

  it("− answers 404 for an unknown id and 400 for abc", async () => {
    expectProblem(await call("GET", "/database/999999", w.consumerClient.headers), 404);
    expectProblem(await call("GET", "/database/abc", w.consumerClient.headers), 400);
  });
});

describeOperation("registries-database", "DELETE /database/{id}", () => {
  // What a delete asks for is refused by design; what holds is that the registry stays, whole.
  it("+ leaves the registry and its records readable after the refused delete", async () => {
    await call("DELETE", `/database/${mctsId}`, w.stewardClient.headers);
    const after = await call("GET", `/database/${mctsId}`, w.consumerClient.headers);
    expectSpecResponse("registries-database", "GET /database/{id}", after);
    expect(after.json().name).toBe("registryname");
  });

  it("− answers 405 with Allow: GET for a known database: registries are never deleted", async () => {
    const response = await call("DELETE", `/database/${mctsId}`, w.stewardClient.headers);
    expectProblem(response, 405, "govstack_database_not_deletable");
    expect(response.headers.allow).toBe("GET");
  });

  it("− answers 404 for an unknown one", async () => {
    expectProblem(await call("DELETE", "/database/999999", w.stewardClient.headers), 404);
  });
});

describeOperation("registries-database", "POST /database/modify", () => {
  it("+ leaves the schema as it was after a refused modify", async () => {
    const before = (await call("GET", `/database/${mctsId}`, w.consumerClient.headers)).json();
    await call("POST", "/database/modify", w.stewardClient.headers, {
      type: "object",
      properties: { Extra: { type: "string" } },
    });
    const after = await call("GET", `/database/${mctsId}`, w.consumerClient.headers);
    expectSpecResponse("registries-database", "GET /database/{id}", after);
    expect(after.json().schema).toEqual(before.schema);
  });

  it("− refuses with a body and without (403): schemas are read-only", async () => {
    expectProblem(
      await call("POST", "/database/modify", w.stewardClient.headers, { type: "object" }),
      403,
      "govstack_schema_read_only",
    );
    expectProblem(
      await call("POST", "/database/modify", w.stewardClient.headers),
      403,
      "govstack_schema_read_only",
    );
  });
});
