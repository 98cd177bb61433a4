import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { CASE_TEST_ENV } from "../cases/testing.ts";
import { formPairs, openPage, post, summaryLinks, withValue } from "../catalog/admin-testing.ts";
import { type MiningWorld, miningWorld } from "./mining-testing.ts";

let t: TestApp;
let m: MiningWorld;
const SCOPE = "from=2026-03-01&to=2026-03-31";

beforeAll(async () => {
  t = await createTestApp({ env: CASE_TEST_ENV });
  m = await miningWorld(t);
}, 120_000);
afterAll(() => t.close());

const page = (url: string, cookie = m.supervisor.cookie) =>
  t.app.inject({ url, headers: { cookie, accept: "text/html" } });

describe("the process page", () => {
  it("draws the map, the steps, the paths, rework and the slowest department, without script", async () => {
    const response = await page(`/work/insights/process?item=${m.w.itemCode}&${SCOPE}&version=&region=`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<svg viewBox="0 0');
    expect(html).toContain("联合审查 · 2");
    expect(html).toContain("受理 → 初审 → 联合审查 → 决定 → 送达");
    expect(html).toContain("补正 → 受理");
    expect(html).toContain("20%");
    expect(html).toContain("卫生健康局");
    expect(html).not.toContain("<script");
  });

  it("shows only the form without an item, sends strangers to sign in and refuses staff without the role", async () => {
    const empty = await page("/work/insights/process");
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('name="item"');
    const anonymous = await t.app.inject({ url: "/work/insights/process", headers: { accept: "text/html" } });
    expect(anonymous.statusCode).toBe(303);
    expect((await page("/work/insights/process", m.health.cookie)).statusCode).toBe(403);
    expect((await page(`/work/insights/process?item=${m.w.itemCode}&region=330522`)).statusCode).toBe(404);
    expect(
      (await page(`/work/insights/process?item=${m.w.itemCode}&from=2026-03-31&to=2026-03-01`)).statusCode,
    ).toBe(400);
  });
});

describe("the what-if page", () => {
  it("explains why there is no estimate, and names a step that does not exist", async () => {
    const none = await page(`/work/insights/what-if?item=${m.w.itemCode}&${SCOPE}&parallel=check,joint`);
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain("少于所需的 30 件");
    const wrong = await page(`/work/insights/what-if?item=${m.w.itemCode}&${SCOPE}&remove=joint.fire`);
    expect(wrong.statusCode).toBe(400);
    expect(summaryLinks(wrong.body)[0]).toMatchObject({ href: "#remove" });
    expect(summaryLinks(wrong.body)[0]?.text).toContain("joint.market, joint.health");
    const days = await page(`/work/insights/what-if?item=${m.w.itemCode}&budgetStep=check&budgetDays=x`);
    expect(summaryLinks(days.body)[0]?.href).toBe("#budgetDays");
  });

  it("lets the catalogue manager save the proposal as a draft, and only them", async () => {
    const url = `/work/insights/what-if?item=${m.w.itemCode}&${SCOPE}&parallel=check,joint`;
    expect((await page(url)).body).not.toContain("/work/insights/what-if/drafts");
    const opened = await openPage(t, url, m.manager.cookie);
    const pairs = formPairs(opened.html, 'action="/work/insights/what-if/drafts"');
    expect(pairs).toContainEqual(["parallel", "check,joint"]);
    const saved = await post(t, "/work/insights/what-if/drafts", pairs, opened.cookie);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toContain("saved=2");
    const back = await page(String(saved.headers.location), m.manager.cookie);
    expect(back.body).toContain("第 2 版流程草稿");
    const refused = await post(
      t,
      "/work/insights/what-if/drafts",
      withValue(pairs, "remove", "intake"),
      opened.cookie,
    );
    expect(refused.statusCode).toBe(400);
  });
});
