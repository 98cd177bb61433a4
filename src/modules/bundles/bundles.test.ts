import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { call, caseTestApp, TINY_PDF } from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import { applyForBundle } from "./service.ts";
import {
  applyBundle,
  type BundleWorld,
  bundleWorld,
  GOOD_ANSWERS,
  handleChild,
  sampleBundle,
} from "./testing.ts";

let t: TestApp;
let w: BundleWorld & { admin: { cookie: string } };

beforeAll(async () => {
  t = await caseTestApp();
  w = await bundleWorld(t);
});
afterAll(() => t.close());

const key = () => `bundle-${Math.random().toString(36).slice(2, 12)}`;
const db = () => t.platform.database.db;

async function casesOf(applicationId: string) {
  return db()
    .selectFrom("bundle_cases as b")
    .innerJoin("cases as c", "c.id", "b.case_id")
    .innerJoin("catalog_offerings as o", "o.id", "c.offering_id")
    .innerJoin("departments as d", "d.id", "o.department_id")
    .select(["c.id", "c.item_code", "c.idempotency_key", "d.line", "b.position"])
    .where("b.bundle_application_id", "=", applicationId)
    .orderBy("b.position")
    .execute();
}

describe("applying for a bundle once", () => {
  it("opens one case per child in each child's department, and completes with both times recorded", async () => {
    const response = await applyBundle(w, key());
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ status: "in_progress", bundleCode: w.code, times: null });
    expect(body.children).toHaveLength(3);
    const children = await casesOf(body.id);
    expect(children.map((c) => c.line)).toEqual(w.lines);
    expect(new Set(children.map((c) => c.id)).size).toBe(3);
    // Each child got the combined answers under its own field names.
    const data = await db()
      .selectFrom("cases")
      .select(["item_code", "data"])
      .where(
        "id",
        "in",
        children.map((c) => c.id),
      )
      .execute();
    const byItem = new Map(data.map((d) => [d.item_code, d.data]));
    expect(byItem.get(w.itemCodes[0] as string)).toEqual({ shopName: GOOD_ANSWERS.enterpriseName, area: 45 });
    expect(byItem.get(w.itemCodes[1] as string)).toEqual({
      companyName: GOOD_ANSWERS.enterpriseName,
      sealCount: 2,
    });
    expect(byItem.get(w.itemCodes[2] as string)).toEqual({ taxpayerName: GOOD_ANSWERS.enterpriseName });

    // The departments work in parallel, in any order: the last first.
    for (const c of [...children].reverse()) await handleChild(w, c.id, c.line, "grant");
    const done = (await call(t, w.applicant, "GET", `/api/v1/bundles/applications/${body.id}`)).json();
    expect(done.status).toBe("complete");
    expect(done.children.every((c: { progress: string }) => c.progress === "granted")).toBe(true);
    expect(done.children.every((c: { licence: unknown }) => c.licence !== null)).toBe(true);
    expect(done.children[0].licence.certificateUrl).toMatch(/^\/api\/v1\/licences\/.+\/certificate\.pdf$/);
    expect(done.times).not.toBeNull();
    expect(done.times.bundleSeconds).toBeGreaterThan(0);
    // Parallel, not serial: the bundle waits for its slowest child, not for all of them in a row.
    expect(done.times.bundleSeconds).toBeLessThan(done.times.childrenSeconds);
    const stored = await db()
      .selectFrom("bundle_applications")
      .select(["bundle_seconds", "children_seconds", "settled_at"])
      .where("id", "=", body.id)
      .executeTakeFirstOrThrow();
    expect(stored.bundle_seconds).toBeCloseTo(done.times.bundleSeconds, 6);
    expect(stored.settled_at).not.toBeNull();
  });

  it("shows a denied child as a partial result and tells the applicant what to do next", async () => {
    const body = (await applyBundle(w, key())).json();
    const children = await casesOf(body.id);
    const [first, second] = children as [(typeof children)[number], (typeof children)[number]];
    await handleChild(w, first.id, first.line, "grant");
    await handleChild(w, second.id, second.line, "deny");
    const partial = (await call(t, w.applicant, "GET", `/api/v1/bundles/applications/${body.id}`)).json();
    expect(partial.status).toBe("partial");
    const denied = partial.children.find((c: { caseId: string }) => c.caseId === second.id);
    expect(denied).toMatchObject({ progress: "not_granted", outcome: "denied" });
    expect(denied.nextStep).toEqual({
      kind: "contact_department",
      applyUrl: expect.stringMatching(/^\/apply\//),
    });
    expect(denied.department.zh).toBe("安吉县公安局");
    // The others run on; the times wait for the last child.
    expect(partial.times).toBeNull();
  });

  it("refuses a problem in one child's mapped field, naming the combined field, and opens no case", async () => {
    const before = await db()
      .selectFrom("cases")
      .select(db().fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const long = {
      ...GOOD_ANSWERS,
      enterpriseName: "安吉县递铺街道小明茶叶与农产品贸易有限责任公司",
      sealCount: 0,
    };
    const response = await applyBundle(w, key(), { answers: long });
    expect(response.statusCode, response.body).toBe(400);
    const fields = response.json().errors.map((f: { field: string }) => f.field);
    // Only the seal office limits the name to 20 characters; the combined form's own check catches the count.
    expect(fields).toContain("/answers/enterpriseName");
    expect(fields).toContain("/answers/sealCount");
    expect(fields.every((f: string) => !f.includes("companyName"))).toBe(true);
    const after = await db()
      .selectFrom("cases")
      .select(db().fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(
      await db()
        .selectFrom("bundle_applications")
        .select("id")
        .where("data", "@>", JSON.stringify(long) as never)
        .execute(),
    ).toEqual([]);
  });

  it("answers a retry with the same key with the same bundle and no new case", async () => {
    const k = key();
    const first = await applyBundle(w, k);
    expect(first.statusCode).toBe(201);
    const again = await applyBundle(w, k);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await casesOf(first.json().id)).length).toBe(3);
    // The same key with another request is a client's mistake, not a replay.
    const other = await applyBundle(w, k, { answers: { ...GOOD_ANSWERS, area: 46 } });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe("bundle_idempotency_mismatch");
  });

  it("completes the missing children on a retry after a crash, never duplicating one", async () => {
    const k = key();
    // The process dies while opening the second child: its transaction never commits.
    const real = t.platform.jobs;
    let firstTx: unknown;
    const dying = Object.create(real, {
      send: {
        value: async (name: string, data: object, options: { tx?: unknown } = {}) => {
          firstTx ??= options.tx;
          if (options.tx !== firstTx) throw new Error("crash");
          return real.send(name, data, options as never);
        },
      },
    });
    const input = {
      regionCode: "330523",
      answers: GOOD_ANSWERS,
      materials: [{ key: "application_form", fileName: "申请书.pdf", content: TINY_PDF }],
    };
    await expect(
      applyForBundle(db(), { jobs: dying, config: t.platform.config }, w.applicant.actor, w.code, input, k),
    ).rejects.toThrow("crash");
    const made = await db()
      .selectFrom("bundle_applications")
      .select("id")
      .where("idempotency_key", "=", k)
      .executeTakeFirstOrThrow();
    const before = await casesOf(made.id);
    expect(before.map((c) => c.position)).toEqual([0]);

    const retried = await applyBundle(w, k);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().id).toBe(made.id);
    const after = await casesOf(made.id);
    expect(after.map((c) => c.position)).toEqual([0, 1, 2]);
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after.map((c) => c.idempotency_key)).toEqual([0, 1, 2].map((p) => `bundle:${made.id}:${p}`));
    expect((await applyBundle(w, k)).statusCode).toBe(200);
    expect((await casesOf(made.id)).length).toBe(3);
  });

  it("keeps someone else's bundle application out of sight (404)", async () => {
    const body = (await applyBundle(w, key())).json();
    const stranger = await someone(t, { name: "李四" });
    const response = await call(t, stranger, "GET", `/api/v1/bundles/applications/${body.id}`);
    expect(response.statusCode).toBe(404);
    expect((await call(t, w.clerk, "GET", `/api/v1/bundles/applications/${body.id}`)).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", `/api/v1/bundles/applications/${body.id}`)).statusCode).toBe(401);
    const mine = (await call(t, stranger, "GET", "/api/v1/bundles/applications")).json();
    expect(mine.items).toEqual([]);
    const own = (await call(t, w.applicant, "GET", "/api/v1/bundles/applications")).json();
    expect(own.items.map((i: { id: string }) => i.id)).toContain(body.id);
  });
});

describe("bundle definitions", () => {
  it("are offered in a region only when every child is, and listed publicly", async () => {
    const all = (await call(t, undefined, "GET", "/api/v1/bundles?region=330523")).json();
    const ours = all.items.find((b: { code: string }) => b.code === w.code);
    expect(ours).toMatchObject({ offered: true });
    expect(ours.children.every((c: { offered: boolean }) => c.offered)).toBe(true);
    const elsewhere = (await call(t, undefined, "GET", "/api/v1/bundles?region=330522")).json();
    expect(elsewhere.items.map((b: { code: string }) => b.code)).not.toContain(w.code);
    const refused = await call(
      t,
      w.applicant,
      "POST",
      `/api/v1/bundles/${w.code}/applications`,
      {
        regionCode: "330522",
        answers: GOOD_ANSWERS,
        materials: [],
      },
      { "idempotency-key": key() },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe("/regionCode");
  });

  it("refuses a definition whose mapping names fields that do not exist, every problem at once", async () => {
    const bad = sampleBundle(w.itemCodes);
    bad.children[0] = { ...bad.children[0], fields: { nope: "shopName", area: "floor" } } as never;
    bad.children[2] = { ...bad.children[2], itemCode: "330000-NONE-0001" } as never;
    const response = await call(t, w.admin, "PUT", "/api/v1/bundles/broken-one", {
      ownerRegionCode: "33",
      definition: bad,
    });
    expect(response.statusCode, response.body).toBe(400);
    const fields = response.json().errors.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "/definition/children/0/fields/nope",
        "/definition/children/0/fields/area",
        "/definition/children/2/itemCode",
      ]),
    );
    // Only administrators define bundles.
    expect(
      (
        await call(t, w.applicant, "PUT", `/api/v1/bundles/${w.code}`, {
          ownerRegionCode: "33",
          definition: sampleBundle(w.itemCodes),
        })
      ).statusCode,
    ).toBe(403);
  });

  it("settles times by the job for bundles nobody reads", async () => {
    const { settleBundles } = await import("./service.ts");
    const body = (await applyBundle(w, key())).json();
    for (const c of await casesOf(body.id)) await handleChild(w, c.id, c.line, "grant");
    expect(await settleBundles(db())).toBeGreaterThanOrEqual(1);
    const stored = await db()
      .selectFrom("bundle_applications")
      .select(["bundle_seconds", "children_seconds"])
      .where("id", "=", body.id)
      .executeTakeFirstOrThrow();
    expect(stored.bundle_seconds).not.toBeNull();
    expect(stored.bundle_seconds as number).toBeLessThan(stored.children_seconds as number);
    expect(await settleBundles(db())).toBe(0);
  });
});
