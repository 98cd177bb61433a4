import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { presentIds, resolveId, setAlias } from "./aliases.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("external ids", () => {
  it("resolves an alias to ours, and presents ours by its alias", async () => {
    const db = database.handle.db;
    const offering = randomUUID();
    await setAlias(db, "service", "42962de0-xxxx-11ed-0000-0242ac120004", offering);
    expect(await resolveId(db, "service", "42962de0-xxxx-11ed-0000-0242ac120004")).toBe(offering);
    // Our own id still answers.
    expect(await resolveId(db, "service", offering)).toBe(offering);
    const other = randomUUID();
    const shown = await presentIds(db, "service", [offering, other]);
    expect(shown.get(offering)).toBe("42962de0-xxxx-11ed-0000-0242ac120004");
    expect(shown.get(other)).toBe(other);
  });

  it("keeps kinds apart: one external string may name a file and a task", async () => {
    const db = database.handle.db;
    const external = "81c4445c-bff6-11ed-afa1-0242ac120002";
    const caseId = randomUUID();
    const taskId = randomUUID();
    await setAlias(db, "file", external, caseId);
    await setAlias(db, "task", external, taskId);
    expect(await resolveId(db, "file", external)).toBe(caseId);
    expect(await resolveId(db, "task", external)).toBe(taskId);
    expect(await resolveId(db, "service", external)).toBe(external);
  });

  it("is one-to-one within a kind: binding again replaces", async () => {
    const db = database.handle.db;
    const first = randomUUID();
    const second = randomUUID();
    await setAlias(db, "eform", "d98a205a-679b-485b-823d-7a32a391e744", "330000-SCJG-0003.v1");
    await setAlias(db, "eform", "d98a205a-679b-485b-823d-7a32a391e744", "330000-SCJG-0004.v2");
    expect(await resolveId(db, "eform", "d98a205a-679b-485b-823d-7a32a391e744")).toBe("330000-SCJG-0004.v2");
    expect((await presentIds(db, "eform", ["330000-SCJG-0003.v1"])).get("330000-SCJG-0003.v1")).toBe(
      "330000-SCJG-0003.v1",
    );
    await setAlias(db, "task", "P2c9280957e579ad7017e58a3399f0068", first);
    await setAlias(db, "task", "abc529c-fe34-11ud-be56-0242ac120002", first);
    expect(await resolveId(db, "task", "P2c9280957e579ad7017e58a3399f0068")).toBeUndefined();
    expect(await resolveId(db, "task", "abc529c-fe34-11ud-be56-0242ac120002")).toBe(first);
    expect(second).not.toBe(first);
  });

  it("takes our own id shapes, and nothing else", async () => {
    const db = database.handle.db;
    expect(await resolveId(db, "eform", "330000-SCJG-0003.v12")).toBe("330000-SCJG-0003.v12");
    expect(await resolveId(db, "file", "20261129330523000001")).toBe("20261129330523000001");
    for (const [kind, id] of [
      ["service", "n0t-ex1st1ng"],
      ["task", "n0t-ex1st1ng-task"],
      ["eform", "330000-SCJG-0003"],
      ["eform", "lower-case.v1"],
      ["file", "123"],
    ] as const) {
      expect(await resolveId(db, kind, id), `${kind} ${id}`).toBeUndefined();
    }
  });
});
