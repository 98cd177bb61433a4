import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { readRecord } from "../../exchange/service.ts";
import { staffOfLine } from "../../exchange/testing.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { expectProblem, freshId, type RegistriesWorld, registriesWorld } from "./testing.ts";
import { initialsOf } from "./usage.ts";

/** "My personal data usage": the steward's system asks who read a record, answered from the audit trail. */

let t: TestApp;
let w: RegistriesWorld;
const op = "GET /data/mypersonalDataUsage";
const usage = (query: string, headers: Record<string, string>) =>
  t.app.inject({ method: "GET", url: `/govstack/registries/data/mypersonalDataUsage?${query}`, headers });

beforeAll(async () => {
  t = await createTestApp();
  w = await registriesWorld(t);
});
afterAll(() => t.close());

describeOperation("registries-data", "GET /data/mypersonalDataUsage", () => {
  it("+ lists a native read and a GovStack read, with reader and department", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Anna" });
    const db = t.platform.database.db;
    const deps = { config: t.platform.config, jobs: t.platform.jobs };
    const reader = await staffOfLine(t, "administrator", "civil_affairs");
    const agreement = await db
      .selectFrom("data_agreements")
      .innerJoin("registries", "registries.id", "data_agreements.registry_id")
      .select("data_agreements.id")
      .where("registries.code", "=", "child_register")
      .executeTakeFirstOrThrow();
    await readRecord(
      db,
      deps,
      reader,
      "child_register",
      { key: id },
      { agreementId: agreement.id, reason: "核对" },
    );
    const read = await t.app.inject({
      method: "POST",
      url: `${w.mcts}/read`,
      headers: w.consumerClient.headers,
      payload: { query: { content: { ID: id } } },
    });
    expect(read.statusCode).toBe(200);
    const response = await usage(`userId=${id}&databaseId=MCTS`, w.stewardClient.headers);
    expectSpecResponse("registries-data", op, response);
    const reads = response.json();
    expect(reads).toHaveLength(2);
    const [client, staff] = reads;
    expect(client.readerId).toBe(w.consumerClient.id);
    expect(client.readerApplicationName).toEqual(expect.any(String));
    expect(client.readerInstitutionId).toBe(w.consumerDepartment);
    expect(client.refrences).toEqual([{ ReferenceId: agreement.id }]);
    expect(staff.readerId).toBe((reader as { id: string }).id);
    expect(staff.readerInstitutionId).toBe(w.consumerDepartment);
    expect(staff).not.toHaveProperty("readerApplicationName");
  });

  it("+ answers [] for an unread record and an unknown one", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Unread" });
    for (const userId of [id, "no-such-record"]) {
      const response = await usage(`userId=${userId}&databaseId=MCTS`, w.stewardClient.headers);
      expectSpecResponse("registries-data", op, response);
      expect(response.json()).toEqual([]);
    }
  });

  it("+ takes MyPersonalDataUsage/1.0?userID=&DatabaseID= (the database by name too)", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `/govstack/registries/data/MyPersonalDataUsage/1.0?userID=${freshId()}&DatabaseID=registryname`,
      headers: w.stewardClient.headers,
    });
    expectSpecResponse("registries-data", op, response);
  });

  it("− refuses a missing userId, userId=... and databaseId=... (400)", async () => {
    expectProblem(await usage("databaseId=MCTS", w.stewardClient.headers), 400);
    expectProblem(await usage("userId=...&databaseId=MCTS", w.stewardClient.headers), 400);
    expectProblem(await usage("userId=1&databaseId=...", w.stewardClient.headers), 400);
  });

  it("− answers 404 for an unknown database", async () => {
    expectProblem(await usage("userId=1&databaseId=NOSUCH", w.stewardClient.headers), 404);
  });

  it("− refuses the consumer's client and the steward's without registry.usage (403)", async () => {
    expectProblem(await usage("userId=1&databaseId=MCTS", w.consumerClient.headers), 403);
    expectProblem(await usage("userId=1&databaseId=MCTS", w.publisherOnly.headers), 403);
  });
});

it("takes initials from Chinese and Latin names", () => {
  expect(initialsOf("张三")).toBe("ZS");
  expect(initialsOf("John Smith")).toBe("JS");
  expect(initialsOf(null)).toBe("");
});
