import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { compressedWeight, location, open, post } from "../applications/pages-testing.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import {
  aComplaint,
  COUNTY,
  fileVia,
  freshAddress,
  type RequestsWorld,
  requestsWorld,
  VILLAGE,
} from "./testing.ts";

let t: TestApp;
let w: RequestsWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await requestsWorld(t);
});
afterAll(async () => {
  await t.close();
});

const SCRIPT = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

describe("the citizen's pages", () => {
  it("choose the place one level at a time and file without JavaScript, then follow with the code", async () => {
    const start = await open(t, undefined, "/requests/new");
    expect(start.response.statusCode).toBe(200);
    expect(start.response.body).toContain(`<option value="${COUNTY}">安吉县</option>`);
    const { response, tab } = await open(t, undefined, `/requests/new?near=${VILLAGE}`);
    expect(response.body).toContain(`name="regionCode" value="${VILLAGE}"`);
    expect(await compressedWeight(t, response.body)).toBeLessThan(30 * 1024);
    const filed = await post(
      t,
      tab,
      "/requests",
      {
        ...{ category: "noise", regionCode: VILLAGE, contactPreference: "sms", phone: "13900002222" },
        text: `夜里施工太吵${SCRIPT}`,
      },
      { remoteAddress: freshAddress() },
    );
    expect(filed.statusCode, filed.body).toBe(303);
    const follow = await open(t, undefined, location(filed));
    expect(follow.response.statusCode).toBe(200);
    // Shown as text, never as markup.
    expect(follow.response.body).toContain("&lt;script>alert");
    expect(follow.response.body).not.toContain("<script>alert");
    // Looked up by number and code from the lookup form.
    const [, number, token] = /\/requests\/(\d{16})\?filed=1&token=([^&]+)/.exec(location(filed)) ?? [];
    const found = await t.app.inject({ url: `/requests/follow?number=${number}&token=${token}` });
    expect(found.statusCode).toBe(303);
    const wrong = await t.app.inject({
      url: `/requests/follow?number=${number}&token=nope`,
      headers: { accept: "text/html" },
    });
    expect(wrong.statusCode).toBe(404);
  });

  it("answer a post with missing fields with every problem, linked to its field, and lose nothing typed", async () => {
    const { tab } = await open(t, undefined, "/requests/new");
    const refused = await post(
      t,
      tab,
      "/requests",
      { text: "短", email: "kept@example.cn", contactPreference: "email" },
      { remoteAddress: freshAddress() },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#category"');
    expect(refused.body).toContain('href="#text"');
    expect(refused.body).toContain('href="#near"');
    expect(refused.body).toContain('value="kept@example.cn"');
  });

  it("say plainly when a category cannot be anonymous", async () => {
    const { tab } = await open(t, undefined, `/requests/new?near=${VILLAGE}`);
    const refused = await post(
      t,
      tab,
      "/requests",
      {
        category: "noise",
        text: "夜里施工太吵，影响休息",
        regionCode: VILLAGE,
        contactPreference: "none",
        anonymous: "true",
      },
      { remoteAddress: freshAddress() },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("不能匿名提交");
  });

  it("let the requester rate the reply and refuse someone else (404)", async () => {
    const person = await someone(t);
    const filed = (await fileVia(t, person, { ...aComplaint, contact: undefined })).json() as {
      number: string;
    };
    await call(t, w.police, "POST", `/api/v1/work/requests/${filed.number}/reply`, { text: "已处理。" });
    const page = await open(t, person, `/requests/${filed.number}`);
    expect(page.response.body).toContain(`requests/${filed.number}/rate`);
    const stranger = await someone(t);
    const theirs = await open(t, stranger, `/requests/${filed.number}`);
    expect(theirs.response.statusCode).toBe(404);
    const strangerTab = await open(t, stranger, "/requests/new");
    expect(
      (await post(t, strangerTab.tab, `/requests/${filed.number}/rate`, { satisfaction: "dissatisfied" }))
        .statusCode,
    ).toBe(404);
    expect((await open(t, person, "/requests/mine")).response.body).toContain(`/requests/${filed.number}`);
    expect((await open(t, stranger, "/requests/mine")).response.body).not.toContain(filed.number);
    const rated = await post(t, page.tab, `/requests/${filed.number}/rate`, { satisfaction: "satisfied" });
    expect(rated.statusCode).toBe(303);
    expect((await open(t, person, `/requests/${filed.number}`)).response.body).toContain("满意");
  });

  it("publish replies as text, masked", async () => {
    const filed = (await fileVia(t, undefined, aComplaint)).json() as { number: string };
    await call(t, w.police, "POST", `/api/v1/work/requests/${filed.number}/reply`, {
      text: `请李四拨打13900001111联系${SCRIPT}`,
      public: true,
    });
    const page = await open(t, undefined, "/requests/replies");
    expect(page.response.body).toContain("139****1111");
    expect(page.response.body).not.toContain("李四");
    expect(page.response.body).toContain("&lt;script>alert");
    expect(page.response.body).not.toContain("<script>alert");
  });
});

describe("the staff's pages", () => {
  it("list the department's requests and take a transfer without a reason back with the problem", async () => {
    const filed = (await fileVia(t, undefined, aComplaint)).json() as { number: string };
    const list = await open(t, w.police, "/work/requests");
    expect(list.response.body).toContain(filed.number);
    const page = await open(t, w.police, `/work/requests/${filed.number}`);
    expect(page.response.body).toContain("13900001111");
    // The departments to send it to are offered by name: the county's.
    expect(page.response.body).toContain(`<option value="${w.marketId}">`);
    const refused = await post(t, page.tab, `/work/requests/${filed.number}/transfer`, {
      departmentId: w.marketId,
      reason: "",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("/reason");
    const done = await post(t, page.tab, `/work/requests/${filed.number}/reply`, {
      text: "已处理",
      public: "true",
    });
    expect(done.statusCode).toBe(303);
    expect((await open(t, w.otherPolice, `/work/requests/${filed.number}`)).response.statusCode).toBe(404);
  });

  it("keep routing rules for administrators", async () => {
    const page = await open(t, w.admin, `/work/requests/routes?region=${COUNTY}`);
    expect(page.response.body).toContain("noise");
    const saved = await post(t, page.tab, `/work/requests/routes?region=${COUNTY}`, {
      regionCode: COUNTY,
      categoryCode: "policy-question",
      departmentId: w.marketId,
    });
    expect(saved.statusCode).toBe(303);
    expect((await open(t, w.admin, `/work/requests/routes?region=${COUNTY}`)).response.body).toContain(
      "policy-question",
    );
  });
});
