import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { mainText, open, post } from "../applications/pages-testing.ts";
import { call, caseTestApp, type Staff, staffOf } from "../cases/testing.ts";
import { aComplaint, fileVia, type RequestsWorld, requestsWorld } from "./testing.ts";

let t: TestApp;
let w: RequestsWorld;
/** An administrator of the province: categories are the whole platform's. */
let provinceAdmin: Staff;

beforeAll(async () => {
  t = await caseTestApp();
  w = await requestsWorld(t);
  provinceAdmin = await staffOf(t, "administrator", { line: "government_service", jurisdiction: "33" });
});
afterAll(async () => {
  await t.close();
});

const streetLights = {
  code: "street-lights",
  kind: "help",
  name: "路灯维修",
  nameEn: "Street lights",
  anonymousAllowed: true,
  dueWorkingDays: 7,
};
const codes = async (url: string) =>
  ((await call(t, undefined, "GET", url)).json().items as { code: string }[]).map((c) => c.code);
const services = async () =>
  ((await call(t, undefined, "GET", "/open311/v2/services.json")).json() as { service_code: string }[]).map(
    (s) => s.service_code,
  );
const auditOf = (code: string) =>
  t.platform.database.db
    .selectFrom("audit_log")
    .select(["action", "actor_id"])
    .where("subject_kind", "=", "request_category")
    .where("subject_id", "=", code)
    .orderBy("seq")
    .execute();

describe("the categories' API", () => {
  it("creates a category that the form and Open311 offer at once, with an audit entry", async () => {
    const created = await call(t, provinceAdmin, "POST", "/api/v1/request-categories", streetLights);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: "street-lights", dueWorkingDays: 7, active: true });
    expect(await codes("/api/v1/request-categories")).toContain("street-lights");
    expect(await services()).toContain("street-lights");
    const form = await open(t, undefined, "/requests/new");
    expect(form.response.body).toContain('value="street-lights"');
    expect(await auditOf("street-lights")).toEqual([
      { action: "request.category_create", actor_id: provinceAdmin.id },
    ]);
  });

  it("refuses a taken code (409), a deadline of 0 or over 60 (400), an unknown code (404)", async () => {
    const taken = await call(t, provinceAdmin, "POST", "/api/v1/request-categories", {
      ...streetLights,
      code: "noise",
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe("request_category_exists");
    for (const days of [0, 61, 2.5]) {
      const bad = await call(t, provinceAdmin, "POST", "/api/v1/request-categories", {
        ...streetLights,
        code: `lights-${String(days).replace(".", "")}`,
        dueWorkingDays: days,
      });
      expect(bad.statusCode, `${days}`).toBe(400);
      expect(bad.json().errors[0].field).toContain("dueWorkingDays");
      const patched = await call(t, provinceAdmin, "PATCH", "/api/v1/request-categories/noise", {
        dueWorkingDays: days,
      });
      expect(patched.statusCode).toBe(400);
    }
    const names = await call(t, provinceAdmin, "POST", "/api/v1/request-categories", {
      ...streetLights,
      code: "Bad Code",
      name: "  ",
    });
    expect(names.statusCode).toBe(400);
    expect(names.json().errors.map((e: { field: string }) => e.field)).toEqual(["/code", "/name"]);
    const unknown = await call(t, provinceAdmin, "PATCH", "/api/v1/request-categories/no-such", {
      name: "无",
    });
    expect(unknown.statusCode).toBe(404);
    expect((await call(t, undefined, "GET", "/api/v1/request-categories/no-such")).statusCode).toBe(404);
    // Nothing of the refused ones was kept, and the one that exists is unchanged.
    expect(await codes("/api/v1/request-categories?retired=true")).not.toContain("lights-0");
    const noise = await call(t, undefined, "GET", "/api/v1/request-categories/noise");
    expect(noise.json()).toMatchObject({ dueWorkingDays: 5, name: "噪音扰民" });
  });

  it("is for administrators of a province or the country: a county's administrator and clerks are told no", async () => {
    for (const who of [w.admin, w.police]) {
      expect((await call(t, who, "POST", "/api/v1/request-categories", streetLights)).statusCode).toBe(403);
      expect(
        (await call(t, who, "PATCH", "/api/v1/request-categories/noise", { active: false })).statusCode,
      ).toBe(403);
    }
    expect((await call(t, undefined, "PATCH", "/api/v1/request-categories/noise", {})).statusCode).toBe(401);
  });

  it("retires a category: off the list, the form and Open311, refused to new requests, kept by old ones", async () => {
    await call(t, provinceAdmin, "POST", "/api/v1/request-categories", {
      ...streetLights,
      code: "old-lights",
      kind: "complaint",
    });
    const old = (await fileVia(t, undefined, { ...aComplaint, category: "old-lights" })).json();
    const retired = await call(t, provinceAdmin, "PATCH", "/api/v1/request-categories/old-lights", {
      active: false,
      dueWorkingDays: 20,
      kind: "suggestion",
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ active: false, dueWorkingDays: 20, kind: "suggestion" });
    expect(await codes("/api/v1/request-categories")).not.toContain("old-lights");
    expect(await codes("/api/v1/request-categories?retired=true")).toContain("old-lights");
    expect(await services()).not.toContain("old-lights");
    expect((await call(t, undefined, "GET", "/open311/v2/services/old-lights.json")).statusCode).toBe(404);
    const listed = await call(t, undefined, "GET", "/open311/v2/requests.json?service_code=old-lights");
    expect(listed.json()).toEqual([
      expect.objectContaining({ service_request_id: old.number, service_name: "路灯维修 Street lights" }),
    ]);
    expect((await open(t, undefined, "/requests/new")).response.body).not.toContain('value="old-lights"');
    const refused = await fileVia(t, undefined, { ...aComplaint, category: "old-lights" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe("/category");
    // The old request keeps its category, its kind and the due date it was given.
    const kept = await call(t, undefined, "GET", `/api/v1/requests/${old.number}?token=${old.token}`);
    expect(kept.json().category.code).toBe("old-lights");
    expect(kept.json().dueAt).toBe(old.dueAt);
    const row = await t.platform.database.db
      .selectFrom("public_requests")
      .select("kind")
      .where("number", "=", old.number)
      .executeTakeFirstOrThrow();
    expect(row.kind).toBe("complaint");
    // Brought back, it is offered again.
    await call(t, provinceAdmin, "PATCH", "/api/v1/request-categories/old-lights", { active: true });
    expect(await services()).toContain("old-lights");
    expect((await auditOf("old-lights")).map((a) => a.action)).toEqual([
      "request.category_create",
      "request.category_update",
      "request.category_update",
    ]);
  });
});

describe("the categories' page", () => {
  it("creates and changes categories, and gives a refused form back as it was sent", async () => {
    const page = await open(t, provinceAdmin, "/work/requests/categories");
    expect(page.response.statusCode).toBe(200);
    expect(page.response.body).toContain('action="/work/requests/categories/noise"');
    const tab = page.tab;
    const form = { code: "bins", kind: "help", name: "垃圾桶", nameEn: "Bins", active: "true" };
    const badDays = await post(t, tab, "/work/requests/categories", { ...form, dueWorkingDays: "0" });
    expect(badDays.statusCode).toBe(400);
    expect(badDays.body).toContain('href="#new-dueWorkingDays"');
    expect(badDays.body).toContain('value="垃圾桶"');
    expect(badDays.body).toContain('value="bins"');
    const created = await post(t, tab, "/work/requests/categories", { ...form, dueWorkingDays: "4" });
    expect(created.statusCode, created.body).toBe(303);
    const again = await post(t, tab, "/work/requests/categories", { ...form, dueWorkingDays: "4" });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('id="new-code-error"');
    expect(mainText(again.body)).toContain("代码为 bins 的类别已存在");
    // Saved without "active" ticked: retired.
    const changed = await post(t, tab, "/work/requests/categories/bins", {
      kind: "help",
      name: "垃圾桶满溢",
      nameEn: "Bins overflowing",
      dueWorkingDays: "3",
    });
    expect(changed.statusCode).toBe(303);
    const bins = (await call(t, undefined, "GET", "/api/v1/request-categories/bins")).json();
    expect(bins).toMatchObject({
      name: "垃圾桶满溢",
      dueWorkingDays: 3,
      active: false,
      anonymousAllowed: false,
    });
    const refused = await post(t, tab, "/work/requests/categories/bins", { ...form, dueWorkingDays: "99" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#bins-dueWorkingDays"');
    expect(refused.body).toContain('value="99"');
  });

  it("is refused to a county's administrator, and sends the signed-out to sign in", async () => {
    expect((await open(t, w.admin, "/work/requests/categories")).response.statusCode).toBe(403);
    const signedOut = await open(t, undefined, "/work/requests/categories");
    expect(signedOut.response.statusCode).toBe(303);
    expect(signedOut.response.headers.location).toContain("/signin");
  });
});
