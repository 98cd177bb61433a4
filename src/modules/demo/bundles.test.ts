import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { DEMO_BUNDLES, seedDemoBundles } from "./bundles.ts";
import { DEMO_COUNTY, seedDemo } from "./seed.ts";

let t: TestApp;

beforeAll(async () => {
  t = await caseTestApp();
  await seedDemo(t.platform.database.db);
}, 120_000);
afterAll(() => t.close());

describe("the demo's bundles", () => {
  it("are defined once, valid against the demo catalogue, and offered in the demo county", async () => {
    expect(await seedDemoBundles(t.platform)).toBe(DEMO_BUNDLES.length);
    expect(await seedDemoBundles(t.platform)).toBe(0);
    const offered = (await call(t, undefined, "GET", `/api/v1/bundles?region=${DEMO_COUNTY}`)).json();
    expect(offered.items.map((b: { code: string }) => b.code).sort()).toEqual(["newborn", "restaurant"]);
    const newborn = offered.items.find((b: { code: string }) => b.code === "newborn");
    // The baby's name is asked once, for the police and for medical insurance alike.
    const asked = Object.keys(newborn.definition.form.schema.properties);
    expect(asked.filter((f: string) => f === "babyName")).toHaveLength(1);
    expect(
      newborn.definition.children.filter((c: { fields: object }) => "babyName" in c.fields),
    ).toHaveLength(2);
  });
});
