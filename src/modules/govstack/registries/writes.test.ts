import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { createSubscription } from "../../webhooks/service.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { expectProblem, freshId, type RegistriesWorld, registriesWorld } from "./testing.ts";

/** The data API's writes: the steward's system publishes through the native functions. */

let t: TestApp;
let w: RegistriesWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await registriesWorld(t);
  await createSubscription(
    t.platform.database.db,
    { config: t.platform.config, jobs: t.platform.jobs },
    w.steward,
    {
      name: "安吉县数据共享平台",
      url: "https://data.anji.gov.cn/hooks/tongban",
      regionCode: "330523",
      events: ["registry.record_changed"],
    },
  );
});
afterAll(() => t.close());

type Method = "POST" | "PUT" | "DELETE";
const send = (method: Method, url: string, headers: Record<string, string>, payload?: object | string) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

/** The record as the steward's own read of the store shows it. */
async function stored(id: string) {
  return t.platform.database.db
    .selectFrom("registry_records")
    .innerJoin("registries", "registries.id", "registry_records.registry_id")
    .select(["registry_records.id", "data", "version", "retracted_at"])
    .where("registries.code", "=", "child_register")
    .where("record_key", "=", id)
    .executeTakeFirst();
}

async function changes(recordId: string) {
  return t.platform.database.db
    .selectFrom("registry_changes")
    .select(["change", "version"])
    .where("record_id", "=", recordId)
    .orderBy("seq")
    .execute();
}

describeOperation("registries-data", "POST /data/{registryName}/{versionNumber}/create", () => {
  const op = "POST /data/{registryName}/{versionNumber}/create";
  it("+ publishes a record: its change in the feed, announced by webhook", async () => {
    const id = freshId();
    const response = await send("POST", `${w.mcts}/create`, w.stewardClient.headers, {
      write: { content: { ID: id, FirstName: "Anna", LastName: "Stock", BirthCertificateID: {} } },
    });
    expectSpecResponse("registries-data", op, response);
    expect(response.json().content).toEqual({ ID: id, FirstName: "Anna", LastName: "Stock" });
    const record = await stored(id);
    expect(record?.data).toEqual({ firstName: "Anna", lastName: "Stock" });
    expect(await changes(record?.id as string)).toEqual([{ change: "published", version: 1 }]);
    const announced = await t.platform.database.db
      .selectFrom("webhook_deliveries")
      .select("payload")
      .where("event_type", "=", "registry.record_changed")
      .execute();
    expect(announced.map((d) => (d.payload as { data: { recordId: string } }).data.recordId)).toContain(
      record?.id,
    );
  });

  it("+ takes a form body, write[content][ID]", async () => {
    const id = freshId();
    const response = await send(
      "POST",
      `${w.mcts}/create`,
      { ...w.stewardClient.headers, "content-type": "application/x-www-form-urlencoded" },
      `write[content][ID]=${id}&write[content][FirstName]=Zofia&write[content][siblings]=2`,
    );
    expectSpecResponse("registries-data", op, response);
    expect((await stored(id))?.data).toEqual({ firstName: "Zofia", siblings: 2 });
  });

  it("− refuses a key that exists (409)", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Elsa" });
    const response = await send("POST", `${w.mcts}/create`, w.stewardClient.headers, {
      write: { content: { ID: id, FirstName: "Other" } },
    });
    expectProblem(response, 409, "govstack_record_exists");
    expect((await stored(id))?.data).toEqual({ firstName: "Elsa" });
  });

  it("− refuses the consumer's client (403)", async () => {
    const headers = { ...w.consumerClient.headers };
    const response = await send("POST", `${w.mcts}/create`, headers, {
      write: { content: { ID: freshId() } },
    });
    expectProblem(response, 403);
  });

  it("− refuses an unknown field, a wrong type, and no write (400)", async () => {
    const unknown = await send("POST", `${w.mcts}/create`, w.stewardClient.headers, {
      write: { content: { ID: freshId(), Nickname: "x" } },
    });
    expectProblem(unknown, 400, "validation_failed");
    expect(unknown.json().errors).toEqual([
      { field: "/write/content/Nickname", message: expect.any(String) },
    ]);
    const wrongType = await send("POST", `${w.mcts}/create`, w.stewardClient.headers, {
      write: { content: { ID: freshId(), siblings: "many" } },
    });
    expectProblem(wrongType, 400, "validation_failed");
    expect(wrongType.json().errors[0].field).toBe("/write/content/siblings");
    expectProblem(await send("POST", `${w.mcts}/create`, w.stewardClient.headers, { other: {} }), 400);
    expectProblem(
      await send("POST", `${w.mcts}/create`, w.stewardClient.headers, {
        write: { content: { FirstName: "x" } },
      }),
      400,
    );
  });
});

describeOperation("registries-data", "POST /data/mcts/createEntries", () => {
  const op = "POST /data/mcts/createEntries";
  it("+ creates every entry, answering 201 with uuid, createdAt and modifiedAt", async () => {
    const ids = [freshId(), freshId()];
    const response = await send("POST", `${w.mcts}/createEntries`, w.stewardClient.headers, {
      write: ids.map((ID, i) => ({ content: { ID, FirstName: `Child ${i}` } })),
    });
    expectSpecResponse("registries-data", op, response);
    const { receive } = response.json();
    expect(receive.map((r: { content: { ID: string } }) => r.content.ID)).toEqual(ids);
    expect(receive[0].uuid).toBe((await stored(ids[0] as string))?.id);
  });

  it("+ takes the spec's own path, /data/mcts/createEntries", async () => {
    const ID = freshId();
    const response = await send(
      "POST",
      "/govstack/registries/data/mcts/createEntries",
      w.stewardClient.headers,
      {
        write: [{ content: { ID, FirstName: "Nick" } }],
      },
    );
    expectSpecResponse("registries-data", op, response);
    expect((await stored(ID))?.data).toEqual({ firstName: "Nick" });
  });

  it("− writes nothing when one entry is bad (400, the entry named)", async () => {
    const ids = [freshId(), freshId()];
    const response = await send("POST", `${w.mcts}/createEntries`, w.stewardClient.headers, {
      write: [{ content: { ID: ids[0], FirstName: "Good" } }, { content: { ID: ids[1], siblings: "x" } }],
    });
    expectProblem(response, 400, "validation_failed");
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "/write/1/content/siblings",
    ]);
    expect(await stored(ids[0] as string)).toBeUndefined();
  });

  it("− writes nothing when one entry exists (409)", async () => {
    const existing = freshId();
    await w.publish(existing, { firstName: "Thomas" });
    const fresh = freshId();
    const response = await send("POST", `${w.mcts}/createEntries`, w.stewardClient.headers, {
      write: [{ content: { ID: fresh } }, { content: { ID: existing } }],
    });
    expectProblem(response, 409, "govstack_record_exists");
    expect(await stored(fresh)).toBeUndefined();
  });
});

describeOperation("registries-data", "PUT /data/{registryName}/{versionNumber}/update", () => {
  const op = "PUT /data/{registryName}/{versionNumber}/update";
  it("+ merges the write into the record, its next version", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Anna", lastName: "Stock" });
    const response = await send("PUT", `${w.mcts}/update`, w.stewardClient.headers, {
      query: { content: { ID: id, FirstName: "Anna" } },
      write: { content: { LastName: "Don" } },
    });
    expectSpecResponse("registries-data", op, response);
    const record = await stored(id);
    expect(record?.data).toEqual({ firstName: "Anna", lastName: "Don" });
    expect(record?.version).toBe(2);
  });

  it("+ takes the suites' shape, the query inside write", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Elsa" });
    const response = await send("PUT", `${w.mcts}/update`, w.stewardClient.headers, {
      write: { query: { content: { ID: id } }, content: { FirstName: "Else" } },
    });
    expectSpecResponse("registries-data", op, response);
    expect((await stored(id))?.data).toEqual({ firstName: "Else" });
  });

  it("− refuses no key (400), a changed key (400), and answers 404 for none", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Nick" });
    expectProblem(
      await send("PUT", `${w.mcts}/update`, w.stewardClient.headers, {
        query: { content: { FirstName: "Nick" } },
        write: { content: { LastName: "x" } },
      }),
      400,
    );
    expectProblem(
      await send("PUT", `${w.mcts}/update`, w.stewardClient.headers, {
        query: { content: { ID: id } },
        write: { content: { ID: "updatedID" } },
      }),
      400,
      "govstack_key_immutable",
    );
    expectProblem(
      await send("PUT", `${w.mcts}/update`, w.stewardClient.headers, {
        query: { content: { ID: freshId() } },
        write: { content: { LastName: "x" } },
      }),
      404,
    );
    expectProblem(
      await send("PUT", `${w.mcts}/update`, w.stewardClient.headers, {
        query: { content: { ID: id, FirstName: "Other" } },
        write: { content: { LastName: "x" } },
      }),
      404,
    );
  });

  it("− refuses the consumer (403)", async () => {
    expectProblem(
      await send("PUT", `${w.mcts}/update`, w.consumerClient.headers, {
        query: { content: { ID: "1" } },
        write: { content: { LastName: "x" } },
      }),
      403,
    );
  });
});

describeOperation("registries-data", "PUT /data/{registryName}/{versionNumber}/updateEntries", () => {
  const op = "PUT /data/{registryName}/{versionNumber}/updateEntries";
  it("+ patches every matching record and counts them", async () => {
    const ids = [freshId(), freshId()];
    for (const id of ids) await w.publish(id, { firstName: "Twin", lastName: "Evans" });
    const response = await send("PUT", `${w.mcts}/updateEntries`, w.stewardClient.headers, {
      query: { content: { FirstName: "Twin" } },
      write: { content: { LastName: "Johnson" } },
    });
    expectSpecResponse("registries-data", op, response);
    expect(response.json().count).toBe(2);
    for (const id of ids)
      expect((await stored(id))?.data).toEqual({ firstName: "Twin", lastName: "Johnson" });
  });

  it("+ answers count 0 when none matches", async () => {
    const response = await send("PUT", `${w.mcts}/updateEntries`, w.stewardClient.headers, {
      query: { content: { FirstName: "Nobody" } },
      write: { content: { LastName: "x" } },
    });
    expectSpecResponse("registries-data", op, response);
    expect(response.json().count).toBe(0);
  });

  it("− refuses a patch naming the key (400)", async () => {
    expectProblem(
      await send("PUT", `${w.mcts}/updateEntries`, w.stewardClient.headers, {
        query: { content: { FirstName: "Twin" } },
        write: { content: { ID: "x" } },
      }),
      400,
      "govstack_key_immutable",
    );
  });
});

describeOperation("registries-data", "POST /data/{registryName}/{versionNumber}/updateOrCreate", () => {
  const op = "POST /data/{registryName}/{versionNumber}/updateOrCreate";
  it("+ updates the record of the key", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Anna", lastName: "Stock" });
    const response = await send("POST", `${w.mcts}/updateOrCreate`, w.stewardClient.headers, {
      query: { content: { ID: id } },
      write: { content: { FirstName: "Anne" } },
    });
    expectSpecResponse("registries-data", op, response);
    expect((await stored(id))?.data).toEqual({ firstName: "Anne", lastName: "Stock" });
  });

  it("+ creates it when there is none, the key taken from write", async () => {
    const id = freshId();
    const response = await send("POST", `${w.mcts}/updateOrCreate`, w.stewardClient.headers, {
      write: { content: { ID: id, FirstName: "New" } },
    });
    expectSpecResponse("registries-data", op, response);
    expect(response.json().content).toEqual({ ID: id, FirstName: "New" });
    expect((await stored(id))?.data).toEqual({ firstName: "New" });
  });

  it("+ with the key alone, leaves an existing record as it is and makes a missing one", async () => {
    const existing = freshId();
    await w.publish(existing, { firstName: "Kept" });
    const kept = await send("POST", `${w.mcts}/updateOrCreate`, w.stewardClient.headers, {
      write: { content: { ID: existing } },
    });
    expectSpecResponse("registries-data", op, kept);
    expect(await stored(existing)).toMatchObject({ data: { firstName: "Kept" }, version: 1 });
    const fresh = freshId();
    const made = await send("POST", `${w.mcts}/updateOrCreate`, w.stewardClient.headers, {
      query: { content: { ID: fresh } },
      write: { content: {} },
    });
    expectSpecResponse("registries-data", op, made);
    expect(await stored(fresh)).toMatchObject({ data: {}, version: 1 });
  });

  it("− refuses no key anywhere (400)", async () => {
    expectProblem(
      await send("POST", `${w.mcts}/updateOrCreate`, w.stewardClient.headers, {
        write: { content: { FirstName: "New" } },
      }),
      400,
    );
  });
});

describeOperation("registries-data", "DELETE /data/{registryName}/{versionNumber}/{id}/delete", () => {
  it("+ retracts by key: 204, then read 404 and the change feed says retracted", async () => {
    const id = freshId();
    const recordId = await w.publish(id, { firstName: "Gone" });
    const response = await send("DELETE", `${w.mcts}/${id}/delete`, w.stewardClient.headers);
    expect(response.statusCode, response.body).toBe(204);
    expect((await changes(recordId)).map((c) => c.change)).toEqual(["published", "retracted"]);
    const read = await send("POST", `${w.mcts}/read`, w.consumerClient.headers, {
      query: { content: { ID: id } },
    });
    expect(read.statusCode).toBe(404);
  });

  it("+ retracts by record uuid", async () => {
    const id = freshId();
    const recordId = await w.publish(id, { firstName: "Gone" });
    const response = await send("DELETE", `${w.mcts}/${recordId}/delete`, w.stewardClient.headers);
    expect(response.statusCode, response.body).toBe(204);
    expect((await stored(id))?.retracted_at).not.toBeNull();
  });

  it("− answers 404 for an unknown or retracted record", async () => {
    expectProblem(await send("DELETE", `${w.mcts}/${freshId()}/delete`, w.stewardClient.headers), 404);
    expectProblem(
      await send("DELETE", `${w.mcts}/00000000-0000-4000-8000-000000000000/delete`, w.stewardClient.headers),
      404,
    );
  });

  it("− refuses the consumer (403)", async () => {
    const id = freshId();
    await w.publish(id, { firstName: "Kept" });
    expectProblem(await send("DELETE", `${w.mcts}/${id}/delete`, w.consumerClient.headers), 403);
    expect((await stored(id))?.retracted_at).toBeNull();
  });
});

describeOperation("registries-data", "POST /data/{registryName}/{versionNumber}/exists", () => {
  it("− answers malformed bodies with a 4xx, never a 5xx, on every write and query", async () => {
    const bodies: (object | string)[] = [
      [],
      { write: "x" },
      { write: { content: [] } },
      { write: { content: { ID: { a: 1 } } } },
      { write: { content: { ID: ["a", "b"], FirstName: { nested: { deep: 1 } } } } },
      { write: [{ content: null }, "x", 3] },
      { query: "x", write: { content: { FirstName: "x" } } },
      { query: { content: { FirstName: ["a", "b"] } }, write: { content: { LastName: "x" } } },
      { query: { content: { ID: "1", siblings: "many" } }, write: { content: { siblings: 1.5 } } },
    ];
    const paths: [Method, string][] = [
      ["POST", "create"],
      ["POST", "createEntries"],
      ["PUT", "update"],
      ["PUT", "updateEntries"],
      ["POST", "updateOrCreate"],
      ["POST", "exists"],
      ["POST", "read"],
    ];
    for (const [method, path] of paths) {
      for (const body of bodies) {
        const response = await send(method, `${w.mcts}/${path}`, w.stewardClient.headers, body);
        expect(
          response.statusCode,
          `${path} ${JSON.stringify(body)}: ${response.body}`,
        ).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, `${path} ${JSON.stringify(body)}: ${response.body}`).toBeLessThan(500);
      }
    }
  });
});
