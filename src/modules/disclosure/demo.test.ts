import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { listProcessDefinitions } from "../cases/service.ts";
import { seedDemo } from "../demo/seed.ts";
import { staffActor } from "../identity/service.ts";
import { searchPublications } from "./reading.ts";

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDatabase();
  await seedDemo(d.handle.db);
}, 180_000);
afterAll(() => d.close());

it("publishes a dozen documents of two departments across every category, one repealed, one interpreted", async () => {
  const db = d.handle.db;
  const all = await searchPublications(db, { limit: 50, offset: 0 });
  expect(all.total).toBe(12);
  const categories = new Set(all.hits.map((h) => h.publication.category));
  expect(categories.size).toBe(6);
  expect(new Set(all.hits.map((h) => h.publication.department_id)).size).toBe(2);
  const repealed = all.hits.filter((h) => h.validity === "repealed");
  expect(repealed).toHaveLength(1);
  expect(repealed[0]?.publication.repealed_by).not.toBeNull();
  const interpretation = all.hits.find((h) => h.publication.category === "interpretation");
  expect(interpretation?.publication.interprets_id).toBe(repealed[0]?.publication.repealed_by);
  const found = await searchPublications(db, { text: "民宿", limit: 10, offset: 0 });
  expect(found.total).toBeGreaterThanOrEqual(3);
});

it("defines the disclosure-request item's process within its 20 working days, answered by the office", async () => {
  const db = d.handle.db;
  const manager = await staffActor(db, "zj.catalog");
  if (!manager) throw new Error("The demo's catalogue manager is missing");
  const [latest] = await listProcessDefinitions(db, manager, "330000-ZFB-0001");
  if (!latest) throw new Error("The request item has no process");
  const { stages } = latest.definition as {
    stages: { kind: string; tasks: { days: number; line?: string }[] }[];
  };
  expect(stages.map((s) => s.kind)).toEqual(["intake", "review", "decision", "delivery"]);
  expect(stages.flatMap((s) => s.tasks).reduce((sum, t) => sum + t.days, 0)).toBeLessThanOrEqual(20);
  expect(stages[2]?.tasks[0]?.line).toBe("general_office");
  expect(await staffActor(db, "anji.office.approver")).toBeDefined();
  // Seeding again adds nothing.
  await seedDemo(db);
  expect((await searchPublications(db, { limit: 50, offset: 0 })).total).toBe(12);
}, 60_000);
