import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { signedInStaff } from "../calendar/testing.ts";
import { someone } from "../mandates/testing.ts";
import { publishItems, sampleContent } from "./testing.ts";

let t: TestApp;
const callers: Record<string, { cookie: string } | undefined> = {};

const call = (who: string, method: "GET" | "PUT" | "DELETE", url: string, payload?: object) =>
  t.app.inject({
    method,
    url,
    ...(callers[who] ? { headers: { cookie: callers[who].cookie } } : {}),
    ...(payload ? { payload } : {}),
  });

const synonymUrl = (term: string) => `/api/v1/catalog/synonyms/${encodeURIComponent(term)}`;
const searchCodes = async (q: string) =>
  (await call("anonymous", "GET", `/api/v1/catalog/search?q=${encodeURIComponent(q)}`))
    .json()
    .hits.map((h: { code: string }) => h.code);

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", RATE_LIMIT_PER_MINUTE: "100000" } });
  await seedRegionSlice(t.platform.database.db);
  Object.assign(callers, {
    anonymous: undefined,
    person: await someone(t),
    clerk: await signedInStaff(t, "window_clerk", "330523"),
    manager: await signedInStaff(t, "catalog_manager", "33"),
  });
});
afterAll(() => t.close());

describe("synonyms", () => {
  it("come seeded with what people commonly type", async () => {
    const response = await call("manager", "GET", "/api/v1/catalog/synonyms");
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { term: string; expansions: string[]; updatedBy: unknown }[];
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.find((s) => s.term === "开公司")).toMatchObject({
      expansions: ["企业设立", "营业执照"],
      updatedBy: null,
    });
    expect(items.find((s) => s.term === "低保")?.expansions).toEqual(["最低生活保障"]);
  });

  it("widen searches from the moment a manager adds one, and stop when it is removed", async () => {
    const [homestay] = await publishItems(t.platform.database.db, [
      { content: sampleContent({ name: { zh: "民宿经营登记", en: "Homestay registration" }, keywords: [] }) },
    ]);
    expect(await searchCodes("农家乐")).toEqual([]);

    const set = await call("manager", "PUT", synonymUrl("农家乐"), { expansions: ["民宿经营", "民宿经营"] });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      term: "农家乐",
      expansions: ["民宿经营"],
      updatedBy: { id: expect.any(String) },
    });
    expect(await searchCodes("农家乐")).toEqual([homestay]);
    expect(await searchCodes("我想开个农家乐")).toEqual([homestay]);

    const replaced = await call("manager", "PUT", synonymUrl("农家乐"), { expansions: ["乡村旅游"] });
    expect(replaced.json().expansions).toEqual(["乡村旅游"]);
    expect(await searchCodes("农家乐")).toEqual([]);

    expect((await call("manager", "DELETE", synonymUrl("农家乐"))).statusCode).toBe(204);
    expect((await call("manager", "DELETE", synonymUrl("农家乐"))).statusCode).toBe(404);

    const audit = await t.platform.database.db
      .selectFrom("audit_log")
      .select(["action", "subject_id", "details"])
      .where("subject_kind", "=", "catalog_synonym")
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => [a.action, a.subject_id])).toEqual([
      ["catalog.synonym_set", "农家乐"],
      ["catalog.synonym_set", "农家乐"],
      ["catalog.synonym_delete", "农家乐"],
    ]);
    expect(audit[1]?.details).toMatchObject({ expansions: ["乡村旅游"], previous: ["民宿经营"] });
  });

  it("keep terms as searches see them: half-width, lower case", async () => {
    const response = await call("manager", "PUT", synonymUrl("ＹＢ"), { expansions: ["医疗保险"] });
    expect(response.json().term).toBe("yb");
    expect((await call("manager", "DELETE", synonymUrl("YB"))).statusCode).toBe(204);
  });

  it("refuse terms and expansions that would widen nothing, naming each field", async () => {
    const bad = await call("manager", "PUT", synonymUrl("！！"), { expansions: ["营业执照", "***", "！！"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "/term",
      "/expansions/1",
      "/expansions/2",
    ]);
    const same = await call("manager", "PUT", synonymUrl("社保"), { expansions: ["社保"] });
    expect(same.json().errors.map((e: { field: string }) => e.field)).toEqual(["/expansions/0"]);
    expect((await call("manager", "PUT", synonymUrl("社保"), { expansions: [] })).statusCode).toBe(400);
    expect((await call("manager", "PUT", synonymUrl("社保"), {})).statusCode).toBe(400);
    const long = { expansions: ["营业执照"] };
    expect((await call("manager", "PUT", synonymUrl("营".repeat(21)), long)).statusCode).toBe(400);
    expect((await call("manager", "PUT", synonymUrl("营".repeat(20)), long)).statusCode).toBe(200);
  });

  it("are kept by catalogue managers only", async () => {
    const answers: Record<string, number[]> = {};
    for (const who of Object.keys(callers)) {
      answers[who] = [
        (await call(who, "GET", "/api/v1/catalog/synonyms")).statusCode,
        (await call(who, "PUT", synonymUrl("开网店"), { expansions: ["电子商务经营者"] })).statusCode,
        (await call(who, "DELETE", synonymUrl("开网店"))).statusCode,
      ];
    }
    expect(answers).toEqual({
      anonymous: [401, 401, 401],
      person: [403, 403, 403],
      clerk: [403, 403, 403],
      manager: [200, 200, 204],
    });
  });

  it("refuse strangers before looking at what they sent", async () => {
    expect((await call("clerk", "PUT", synonymUrl("开网店"), { expansions: "x" })).statusCode).toBe(403);
    expect((await call("anonymous", "PUT", synonymUrl("开网店"), {})).statusCode).toBe(401);
  });
});
