import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { expectProblem, freshId, type RegistriesWorld, registriesWorld } from "./testing.ts";

/** The data API's reads: list, exists, read, readValue — each under the agreement, each logged. */

let t: TestApp;
let w: RegistriesWorld;
const children: { id: string; recordId: string; firstName: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  w = await registriesWorld(t);
  for (const [firstName, lastName] of [
    ["Anna", "Stock"],
    ["Zofia", "Don"],
    ["Elsa", "Smith"],
    ["Nick", "Evans"],
    ["Thomas", "Johnson"],
  ] as const) {
    const id = freshId();
    const recordId = await w.publish(id, {
      firstName,
      lastName,
      birthCertificateId: `RR-${id}`,
      birthDate: "2020-01-30",
      siblings: 1,
    });
    children.push({ id, recordId, firstName });
  }
});
afterAll(() => t.close());

type Headers = Record<string, string>;
const get = (url: string, headers: Headers) => t.app.inject({ method: "GET", url, headers });
const post = (url: string, headers: Headers, payload: object) =>
  t.app.inject({ method: "POST", url, headers, payload });

async function entries(action: string) {
  return t.platform.database.db
    .selectFrom("audit_log")
    .select(["details", "actor_id", "subject_id"])
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
}

describeOperation("registries-data", "GET /data/{registryName}/{versionNumber}", () => {
  it("+ lists the property registry a page at a time, with count and next, each record a logged read", async () => {
    const before = (await entries("data_exchange.fetch")).length;
    const response = await get(`${w.mcts}?pageSize=2`, w.consumerClient.headers);
    expectSpecResponse("registries-data", "GET /data/{registryName}/{versionNumber}", response);
    const body = response.json();
    expect(body.count).toBe(5);
    expect(body.results).toHaveLength(2);
    expect(body.results[0]).toEqual({
      ID: children[0]?.id,
      FirstName: "Anna",
      LastName: "Stock",
      BirthCertificateID: `RR-${children[0]?.id}`,
      siblings: 1,
    });
    expect(body.results[0]).not.toHaveProperty("birthDate");
    expect(new URL(body.next).searchParams.get("page")).toBe("2");
    expect(body).not.toHaveProperty("previous");
    const logged = (await entries("data_exchange.fetch")).slice(before);
    expect(logged.map((e) => e.subject_id)).toEqual([children[0]?.recordId, children[1]?.recordId]);
    expect(logged.every((e) => e.actor_id === w.consumerClient.id)).toBe(true);
  });

  it("+ filters by query.FirstName, searches with filter, orders by -FirstName", async () => {
    const byName = await get(`${w.mcts}?query.FirstName=Elsa`, w.consumerClient.headers);
    expectSpecResponse("registries-data", "GET /data/{registryName}/{versionNumber}", byName);
    expect(byName.json().results.map((r: { FirstName: string }) => r.FirstName)).toEqual(["Elsa"]);
    const searched = await get(`${w.mcts}?search=o&filter=lastName`, w.consumerClient.headers);
    expect(
      searched
        .json()
        .results.map((r: { LastName: string }) => r.LastName)
        .sort(),
    ).toEqual(["Don", "Johnson", "Stock"]);
    const regex = await get(`${w.mcts}?search=.*`, w.consumerClient.headers);
    expect(regex.json()).toEqual({ count: 0, results: [] });
    const ordered = await get(`${w.mcts}?ordering=-FirstName&page=2&pageSize=2`, w.consumerClient.headers);
    expectSpecResponse("registries-data", "GET /data/{registryName}/{versionNumber}", ordered);
    expect(ordered.json().results.map((r: { FirstName: string }) => r.FirstName)).toEqual(["Nick", "Elsa"]);
    expect(ordered.json().previous).toContain("page=1");
  });

  it("+ finds a person on the household register by query.id", async () => {
    const [person] = w.people;
    const response = await get(`${w.household}?query.id=${person?.idNumber}`, w.consumerClient.headers);
    expectSpecResponse("registries-data", "GET /data/{registryName}/{versionNumber}", response);
    const [found] = response.json().results;
    expect(found.name).toBe(person?.name);
    expect(found.id).not.toBe(person?.idNumber);
    expect(found.id).toContain("*");
  });

  it("− refuses to list the person register unfiltered (400)", async () => {
    expectProblem(await get(w.household, w.consumerClient.headers), 400, "validation_failed");
  });

  it("− refuses a field outside the agreement (403), and logs the refusal", async () => {
    const before = (await entries("data_exchange.refused")).length;
    const response = await get(`${w.mcts}?query.birthDate=2020-01-30`, w.consumerClient.headers);
    expectProblem(response, 403, "exchange_outside_agreement");
    expect((await entries("data_exchange.refused")).length).toBe(before + 1);
  });

  it("− refuses a department with no agreement (403)", async () => {
    expectProblem(await get(w.mcts, w.strangerClient.headers), 403, "exchange_purpose_required");
  });

  it("− answers 404 for an unknown registry and a wrong version", async () => {
    expectProblem(await get("/govstack/registries/data/nosuch/111", w.consumerClient.headers), 404);
    expectProblem(await get("/govstack/registries/data/registryname/112", w.consumerClient.headers), 404);
  });

  it("− refuses pageSize=abc, a page too far, unknown fields and an unparseable value (400)", async () => {
    expectProblem(await get(`${w.mcts}?pageSize=abc`, w.consumerClient.headers), 400);
    expectProblem(await get(`${w.mcts}?page=1000&pageSize=50`, w.consumerClient.headers), 400);
    expectProblem(await get(`${w.mcts}?ordering=nosuch`, w.consumerClient.headers), 400);
    expectProblem(await get(`${w.mcts}?search=x&filter=nosuch`, w.consumerClient.headers), 400);
    expectProblem(await get(`${w.mcts}?query.nosuch=1`, w.consumerClient.headers), 400);
    expectProblem(await get(`${w.mcts}?query.siblings=many`, w.consumerClient.headers), 400);
  });

  it("− answers nothing matching with count 0 and no results", async () => {
    const response = await get(`${w.mcts}?query.FirstName=Nobody`, w.consumerClient.headers);
    expectSpecResponse("registries-data", "GET /data/{registryName}/{versionNumber}", response);
    expect(response.json()).toEqual({ count: 0, results: [] });
  });

  it("− refuses a client without registry.read (403) and a missing header without a token (400)", async () => {
    expectProblem(await get(w.mcts, w.publisherOnly.headers), 403);
    expectProblem(await get(w.mcts, {}), 400, "govstack_header_missing");
  });
});

describeOperation("registries-data", "POST /data/{registryName}/{versionNumber}/exists", () => {
  it("+ answers true, logged with only the fields asked about, and false", async () => {
    const before = (await entries("data_exchange.fetch")).length;
    const yes = await post(`${w.mcts}/exists`, w.consumerClient.headers, {
      query: { content: { FirstName: "Zofia" } },
    });
    expectSpecResponse("registries-data", "POST /data/{registryName}/{versionNumber}/exists", yes);
    expect(yes.json().answer.status).toBe(true);
    const [logged] = (await entries("data_exchange.fetch")).slice(before);
    expect((logged?.details as { fields: string[] } | undefined)?.fields).toEqual(["firstName"]);
    const no = await post(`${w.mcts}/exists`, w.consumerClient.headers, {
      query: { content: { ID: "no-such-id", FirstName: "Zofia" } },
    });
    expectSpecResponse("registries-data", "POST /data/{registryName}/{versionNumber}/exists", no);
    expect(no.json().answer).toEqual({ status: false, message: expect.any(String) });
  });

  it("− refuses no query and an empty content (400)", async () => {
    expectProblem(await post(`${w.mcts}/exists`, w.consumerClient.headers, { other: 1 }), 400);
    expectProblem(await post(`${w.mcts}/exists`, w.consumerClient.headers, { query: { content: {} } }), 400);
  });

  it("− refuses a field outside the agreement (403)", async () => {
    const response = await post(`${w.mcts}/exists`, w.consumerClient.headers, {
      query: { content: { birthDate: "2020-01-30" } },
    });
    expectProblem(response, 403, "exchange_outside_agreement");
  });
});

describeOperation("registries-data", "POST /data/{registryName}/{versionNumber}/read", () => {
  it("+ reads by key, and by a field other than the key", async () => {
    const byKey = await post(`${w.mcts}/read`, w.consumerClient.headers, {
      query: { content: { ID: children[3]?.id } },
    });
    expectSpecResponse("registries-data", "POST /data/{registryName}/{versionNumber}/read", byKey);
    expect(byKey.json().content.FirstName).toBe("Nick");
    const byField = await post(`${w.mcts}/read`, w.consumerClient.headers, {
      query: { content: { lastName: "Johnson", additionalProp1: {} } },
    });
    expectSpecResponse("registries-data", "POST /data/{registryName}/{versionNumber}/read", byField);
    expect(byField.json().content.ID).toBe(children[4]?.id);
  });

  it("− answers 404 'no record found' when none matches, or the key's record contradicts a field", async () => {
    const none = await post(`${w.mcts}/read`, w.consumerClient.headers, {
      query: { content: { FirstName: "Nobody" } },
    });
    expectSpecResponse("registries-data", "POST /data/{registryName}/{versionNumber}/read", none);
    expect(none.statusCode).toBe(404);
    expect(none.json().detail).toBe("no record found");
    const contradicting = await post(`${w.mcts}/read`, w.consumerClient.headers, {
      query: { content: { ID: children[3]?.id, FirstName: "Anna" } },
    });
    expect(contradicting.statusCode).toBe(404);
  });

  it("− refuses a missing body (400)", async () => {
    expectProblem(
      await t.app.inject({ method: "POST", url: `${w.mcts}/read`, headers: w.consumerClient.headers }),
      400,
    );
  });
});

describeOperation(
  "registries-data",
  "GET /data/{registryName}/{versionNumber}/{uuid}/readValue/{field}.{ext}",
  () => {
    const op = "GET /data/{registryName}/{versionNumber}/{uuid}/readValue/{field}.{ext}";
    it("+ reads one field as JSON, by record id, logged with that field alone", async () => {
      const before = (await entries("data_exchange.fetch")).length;
      const response = await get(
        `${w.mcts}/${children[1]?.recordId}/readValue/FirstName.json`,
        w.consumerClient.headers,
      );
      expectSpecResponse("registries-data", op, response);
      expect(response.json()).toEqual({ value: "Zofia" });
      const [logged] = (await entries("data_exchange.fetch")).slice(before);
      expect((logged?.details as { fields: string[] } | undefined)?.fields).toEqual(["firstName"]);
    });

    it("+ takes the read-value path, a key, a label and .txt", async () => {
      const response = await get(
        `${w.mcts}/${children[2]?.id}/read-value/Last name.txt`,
        w.consumerClient.headers,
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers["content-type"]).toContain("text/plain");
      expect(response.body).toBe("Smith");
    });

    it("− refuses a field outside the agreement (403)", async () => {
      const response = await get(
        `${w.mcts}/${children[1]?.recordId}/readValue/birthDate.json`,
        w.consumerClient.headers,
      );
      expectProblem(response, 403, "exchange_outside_agreement");
    });

    it("− answers 404 for a field without a value, an unknown field and an unknown record", async () => {
      const id = freshId();
      const recordId = await w.publish(id, { firstName: "Only" });
      expectProblem(
        await get(`${w.mcts}/${recordId}/readValue/LastName.json`, w.consumerClient.headers),
        404,
        "govstack_no_value",
      );
      expectProblem(await get(`${w.mcts}/${recordId}/readValue/nosuch.json`, w.consumerClient.headers), 404);
      expectProblem(
        await get(
          `${w.mcts}/00000000-0000-4000-8000-000000000000/readValue/FirstName.json`,
          w.consumerClient.headers,
        ),
        404,
      );
    });

    it("− refuses .xml (400)", async () => {
      expectProblem(
        await get(`${w.mcts}/${children[1]?.recordId}/readValue/FirstName.xml`, w.consumerClient.headers),
        400,
      );
    });
  },
);
