import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { idNumber, seedRegionSlice } from "../../../test/factories.ts";
import type { ClientScope } from "../clients/service.ts";
import { apiClient } from "../clients/testing.ts";
import { defineRegistry, publishRecord } from "./service.ts";
import { staffOfLine } from "./testing.ts";

/** `registry.usage` for systems: the steward's own client holding the scope, and no other. */

let t: TestApp;
let steward: string;
let consumer: string;
const key = idNumber("330523", "19700707");

beforeAll(async () => {
  t = await createTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  const admin = await staffOfLine(t, "administrator", "public_security");
  steward = (admin as { grants: { departmentId: string }[] }).grants[0]?.departmentId as string;
  const other = await staffOfLine(t, "administrator", "civil_affairs");
  consumer = (other as { grants: { departmentId: string }[] }).grants[0]?.departmentId as string;
  await defineRegistry(db, admin, {
    code: "resident_register",
    name: { zh: "居民登记", en: "Resident register" },
    departmentId: steward,
    subjectKind: "person",
    keyKind: "id_number",
    fields: [{ name: "name", type: "string", label: { zh: "姓名", en: "Name" } }],
  });
  await publishRecord(db, { config: t.platform.config, jobs: t.platform.jobs }, admin, "resident_register", {
    key,
    data: { name: "王芳" },
  });
});
afterAll(() => t.close());

async function asClient(departmentId: string, scopes: ClientScope[]): Promise<number> {
  const client = await apiClient(t.platform.database.db, departmentId, scopes);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/registries/resident_register/usage",
    headers: client.headers,
    payload: { key },
  });
  return response.statusCode;
}

it.each([
  ["the steward's client with registry.usage", () => steward, ["registry.usage"], 200],
  [
    "the steward's client with every other scope",
    () => steward,
    ["registry.read", "registry.publish", "registry.subscribe"],
    404,
  ],
  ["another department's client with registry.usage", () => consumer, ["registry.usage"], 404],
] as const)("%s → %s", async (_, department, scopes, status) => {
  expect(await asClient(department(), [...scopes] as ClientScope[])).toBe(status);
});
