import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { assetBody } from "../../web/assets.ts";
import { formSession } from "../applicants/testing.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import * as queue from "../halls/queue.ts";
import { queueWorld } from "../halls/queue-testing.ts";
import { someone } from "../mandates/testing.ts";
import { closedCase, type RatingWorld, ratingWorld, smsToken } from "./testing.ts";

let t: TestApp;
let w: RatingWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await ratingWorld(t);
});
afterAll(() => t.close());

/** Posts a form as a browser would; `fields` may repeat a name (the tags' checkboxes). */
async function post(url: string, fields: [string, string][], cookie?: string, from?: string) {
  const session = await formSession(t, from ?? url.replace(/\/(additions|steps)$/, ""), cookie);
  return t.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: session.cookie,
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
    },
    payload: new URLSearchParams([["_csrf", session.csrf], ...fields]).toString(),
  });
}

describe("the rating pages", () => {
  it("take a rating online on the case's own page, list every problem first, and show the rating after", async () => {
    const { number } = await closedCase(w);
    const casePage = await t.app.inject({ url: `/cases/${number}`, headers: { cookie: w.applicant.cookie } });
    expect(casePage.body).toContain(`href="/cases/${number}/rate"`);
    const form = await t.app.inject({
      url: `/cases/${number}/rate`,
      headers: { cookie: w.applicant.cookie },
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="level"');
    expect(form.body).toContain("非常不满意");

    const refused = await post(
      `/cases/${number}/rate`,
      [
        ["tags", "slow"],
        ["tags", "bogus"],
      ],
      w.applicant.cookie,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toContain('href="#level"');
    expect(refused.body).toContain('href="#tags"');

    const rated = await post(
      `/cases/${number}/rate`,
      [
        ["level", "2"],
        ["tags", "slow"],
        ["comment", "等了很久"],
      ],
      w.applicant.cookie,
    );
    expect(rated.statusCode).toBe(303);
    const mine = String(rated.headers.location);
    expect(mine).toMatch(/^\/ratings\/mine\/[0-9a-f-]{36}\?rated=1$/);
    const page = await t.app.inject({ url: mine, headers: { cookie: w.applicant.cookie } });
    expect(page.body).toContain("不满意");
    expect(page.body).toContain("等了很久");
    expect(page.body).toContain("待回访");

    const added = await post(
      `${mine.split("?")[0]}/additions`,
      [["text", "补充：后来办好了"]],
      w.applicant.cookie,
    );
    expect(added.statusCode).toBe(303);
    const after = await t.app.inject({
      url: mine.split("?")[0] as string,
      headers: { cookie: w.applicant.cookie },
    });
    expect(after.body).toContain("等了很久");
    expect(after.body).toContain("补充：后来办好了");

    // Back to the form: it leads to the rating given, not to a second one.
    const again = await t.app.inject({
      url: `/cases/${number}/rate`,
      headers: { cookie: w.applicant.cookie },
    });
    expect(again.statusCode).toBe(303);
  });

  it("rate by the text message's link without signing in, once", async () => {
    const who = await someone(t, { addressRegionCode: "330523001201" });
    await closedCase(w, who);
    const token = await smsToken(t, who.mobile);
    expect((await t.app.inject({ url: `/rate/${token}` })).statusCode).toBe(200);
    const done = await post(`/rate/${token}`, [
      ["level", "5"],
      ["tags", "efficient"],
    ]);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("感谢您的评价");
    expect((await t.app.inject({ url: `/rate/${token}` })).statusCode).toBe(404);
  });

  it("give the window's pad a link for a served ticket, and the visit is rated there once", async () => {
    const q = await queueWorld(t);
    const db = t.platform.database.db;
    const ticket = await queue.takeTicket(db, ANONYMOUS, q.code, { category: "A", channel: "kiosk" });
    const notYet = await t.app.inject({
      url: `/work/ratings/pad/${q.code}/${ticket.id}`,
      headers: { cookie: q.clerk.cookie },
    });
    expect(notYet.statusCode).toBe(409);
    await queue.callNext(db, q.clerk.actor, q.code, "1");
    await queue.actOnTicket(db, q.clerk.actor, q.code, "1", ticket.id, { action: "done" });
    const pad = await t.app.inject({
      url: `/work/ratings/pad/${q.code}/${ticket.id}`,
      headers: { cookie: q.clerk.cookie },
    });
    expect(pad.statusCode).toBe(303);
    const link = String(pad.headers.location);
    expect(link).toMatch(/^\/rate\/[A-Za-z0-9_-]{24}$/);
    const form = await t.app.inject({ url: link });
    expect(form.body).toContain(ticket.number);
    expect(
      (
        await post(link, [
          ["level", "4"],
          ["tags", "courteous"],
        ])
      ).statusCode,
    ).toBe(200);
    const spent = await t.app.inject({
      method: "POST",
      url: link,
      headers: {
        cookie: form.headers["set-cookie"] ? String(form.headers["set-cookie"]).split(";")[0] : "",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `_csrf=${/name="_csrf" value="([^"]+)"/.exec(form.body)?.[1]}&level=1`,
    });
    expect(spent.statusCode).toBe(404);
    const api = await call(
      t,
      q.clerk,
      "POST",
      `/api/v1/sites/${q.code}/tickets/${ticket.id}/rating-link`,
      {},
    );
    expect(api.statusCode).toBe(200);
    expect((await t.app.inject({ url: new URL(api.json().url).pathname })).statusCode).toBe(404);

    const figures = (await call(t, undefined, "GET", `/api/v1/ratings/figures/site/${q.code}`)).json();
    expect(figures).toMatchObject({ total: 1, satisfaction: 100, siteKind: "hall" });
  });
});

describe("the public figures", () => {
  it("count each level, define satisfaction and rectification, and show comments anonymised, as text", async () => {
    const { number } = await closedCase(w);
    const comment =
      "<script>window.__pwned=1</script>联系我13812345678，邮箱 wang@example.cn，身份证330523199001011234";
    const rated = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, {
      level: 1,
      tags: ["slow"],
      comment,
    });
    expect(rated.statusCode).toBe(201);
    const department = (
      await t.platform.database.db
        .selectFrom("ratings")
        .select("department_id")
        .where("id", "=", rated.json().id)
        .executeTakeFirstOrThrow()
    ).department_id as string;

    const f = (await call(t, undefined, "GET", `/api/v1/ratings/figures/department/${department}`)).json();
    expect(f.total).toBeGreaterThanOrEqual(1);
    expect(f.levels.map((l: { level: number }) => l.level)).toEqual([5, 4, 3, 2, 1]);
    expect(f.bad).toBeGreaterThanOrEqual(1);
    const shown = f.comments.find((c: { text: string }) => c.text.includes("window.__pwned"));
    expect(shown.text).toContain("138****5678");
    expect(shown.text).not.toContain("13812345678");
    expect(shown.text).not.toContain("wang@example.cn");
    expect(shown.text).not.toContain("330523199001011234");
    expect(JSON.stringify(f)).not.toContain(w.applicant.name);

    const page = await t.app.inject({ url: `/ratings/department/${department}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain("<script>window.__pwned");
    expect(page.body).toContain("&lt;script>window.__pwned=1&lt;/script>");
    expect(page.body).toContain("满意率 = ");
    const index = await t.app.inject({ url: "/ratings" });
    expect(index.body).toContain(`/ratings/department/${department}`);
    expect((await t.app.inject({ url: "/ratings/department/not-a-department" })).statusCode).toBe(404);

    // A citizen's page with its stylesheet weighs at most 30 KB compressed.
    const css = gzipSync(assetBody("app.css")).length;
    for (const body of [page.body, index.body])
      expect(gzipSync(body).length + css).toBeLessThanOrEqual(30_000);
  });
});

describe("the staff's rectification pages", () => {
  it("list the department's rectifications and record a callback by form", async () => {
    const { number } = await closedCase(w);
    const rated = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, {
      level: 2,
      tags: [],
    });
    const id = (await call(t, w.applicant, "GET", `/api/v1/ratings/${rated.json().id}`)).json().rectification
      .id;
    const list = await t.app.inject({ url: "/work/rectifications", headers: { cookie: w.reviewer.cookie } });
    expect(list.body).toContain(`/work/rectifications/${id}`);
    const empty = await post(
      `/work/rectifications/${id}/steps`,
      [
        ["step", "callback"],
        ["text", " "],
      ],
      w.reviewer.cookie,
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('class="error-summary"');
    const done = await post(
      `/work/rectifications/${id}/steps`,
      [
        ["step", "callback"],
        ["text", "已电话回访"],
      ],
      w.reviewer.cookie,
    );
    expect(done.statusCode).toBe(303);
    const detail = await t.app.inject({
      url: `/work/rectifications/${id}`,
      headers: { cookie: w.reviewer.cookie },
    });
    expect(detail.body).toContain("已电话回访");
    expect(detail.body).toContain('value="resolve"');
    // The rater reads the same record of the callback on their own rating's page.
    const mine = await t.app.inject({
      url: `/ratings/mine/${rated.json().id}`,
      headers: { cookie: w.applicant.cookie },
    });
    expect(mine.body).toContain("已电话回访");
    const stranger = await someone(t);
    expect(
      (await t.app.inject({ url: `/work/rectifications/${id}`, headers: { cookie: stranger.cookie } }))
        .statusCode,
    ).toBe(303);
  });

  it("let an administrator set the region's period", async () => {
    const page = await t.app.inject({
      url: "/work/rating-settings?region=330523",
      headers: { cookie: w.admin.cookie },
    });
    expect(page.body).toContain("5");
    const saved = await post(
      "/work/rating-settings/330523",
      [["days", "4"]],
      w.admin.cookie,
      "/work/rating-settings?region=330523",
    );
    expect(saved.statusCode).toBe(303);
    expect((await call(t, w.admin, "GET", "/api/v1/rating-settings/330523")).json().days).toBe(4);
    await call(t, w.admin, "PUT", "/api/v1/rating-settings/330523", { days: 5 });
  });
});
