import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { seedRegionSlice } from "../../../../test/factories.ts";
import { defineRegistry } from "../../exchange/service.ts";
import { staffOfLine } from "../../exchange/testing.ts";
import { govstackCommand } from "../cli.ts";
import { govstackClient } from "../testing.ts";

/** `tongban govstack registries expose|list|withdraw`: exposing is the deliberate act it takes. */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: "0" } });
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  const steward = await staffOfLine(t, "administrator", "public_security");
  await defineRegistry(db, steward, {
    code: "vehicle_register",
    name: { zh: "机动车登记", en: "Vehicle register" },
    departmentId: (steward as { grants: { departmentId: string }[] }).grants[0]?.departmentId as string,
    subjectKind: "property",
    keyKind: "number",
    fields: [{ name: "plate", type: "string", label: { zh: "号牌", en: "Plate" } }],
  });
});
afterAll(() => t.close());

async function govstack(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await govstackCommand(
    { open: async () => ({ db: t.platform.database.db, close: async () => {} }), config: t.platform.config },
    args,
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
  );
  return { code, stdout, stderr };
}

it("exposes a registry, lists it, and withdraws it: audited, then 404 to GovStack callers", async () => {
  const db = t.platform.database.db;
  const steward = (await staffOfLine(t, "administrator", "public_security")) as {
    grants: { departmentId: string }[];
  };
  const client = await govstackClient(db, steward.grants[0]?.departmentId as string, {
    scopes: ["registry.read"],
  });
  const exposed = await govstack(
    "registries",
    "expose",
    "vehicle_register",
    "--name",
    "vehicles",
    "--key-field",
    "ID",
    "--field",
    "plate=Plate",
  );
  expect(exposed, exposed.stderr).toMatchObject({ code: 0 });
  expect(exposed.stdout).toContain("/govstack/registries/data/vehicles/1");
  const listed = await govstack("registries", "list");
  expect(listed.stdout).toMatch(/vehicles\/1 {2}VEHICLE_REGISTER {2}vehicle_register {2}key ID/);
  const database = await t.app.inject({
    method: "GET",
    url: "/govstack/registries/databases",
    headers: client.headers,
  });
  expect(database.json().databases[0].schema.properties).toHaveProperty("Plate");
  expect(await govstack("registries", "withdraw", "vehicle_register")).toMatchObject({ code: 0 });
  const gone = await t.app.inject({
    method: "GET",
    url: "/govstack/registries/data/vehicles/1?query.Plate=x",
    headers: client.headers,
  });
  expect(gone.statusCode).toBe(404);
  const audit = await db
    .selectFrom("audit_log")
    .select("action")
    .where("action", "like", "govstack.registry_%")
    .orderBy("seq")
    .execute();
  expect(audit.map((a) => a.action)).toEqual(["govstack.registry_expose", "govstack.registry_withdraw"]);
});

it("refuses an unknown registry, a reserved name, a bad --field and an unknown exposure (exit 2)", async () => {
  expect((await govstack("registries", "expose", "no_such")).code).toBe(2);
  const reserved = await govstack(
    "registries",
    "expose",
    "vehicle_register",
    "--name",
    "MyPersonalDataUsage",
  );
  expect(reserved.code).toBe(2);
  expect(reserved.stderr).toContain("--name");
  expect((await govstack("registries", "expose", "vehicle_register", "--field", "plate")).code).toBe(2);
  expect((await govstack("registries", "withdraw", "nothing")).code).toBe(2);
  expect((await govstack("registries", "frobnicate")).code).toBe(2);
});
