import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { call, caseTestApp, type Staff, staffOf } from "../cases/testing.ts";

let t: TestApp;
let publisher: Staff;
let departmentId: string;
let policyId: string;

beforeAll(async () => {
  t = await caseTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  departmentId = await department(db, "330523", "market_regulation");
  publisher = await staffOf(t, "approver");
  const publish = async (body: object) => {
    const r = await call(t, publisher, "POST", "/api/v1/disclosure/publications", { departmentId, ...body });
    if (r.statusCode !== 201) throw new Error(r.body);
    return r.json().id as string;
  };
  policyId = await publish({
    category: "policy",
    title: "安吉县食品安全监督管理办法",
    body: "为加强食品安全监督管理，保障公众身体健康，制定本办法。",
    documentNumber: "安市监发〔2026〕7号",
  });
  await publish({
    category: "notice",
    title: "关于开展春季市场检查的通知 & <更新>",
    body: "各市场主体：请做好准备。",
  });
  await publish({
    category: "statistics",
    title: "2026年一季度市场主体统计",
    body: "新设市场主体 1200 户。",
  });
});
afterAll(() => t.close());

const search = (query: string) => call(t, undefined, "GET", `/api/v1/disclosure/publications?${query}`);

describe("search", () => {
  it("finds Chinese words, pinyin and a document number as printed, and marks the words as text", async () => {
    const words = (await search(`q=${encodeURIComponent("食品安全")}`)).json();
    expect(words.hits.map((h: { id: string }) => h.id)).toContain(policyId);
    const hit = words.hits.find((h: { id: string }) => h.id === policyId);
    expect(hit.title.some((p: { text: string; hit: boolean }) => p.hit && p.text === "食品安全")).toBe(true);
    const pinyin = (await search("q=shipinanquan")).json();
    expect(pinyin.hits.map((h: { id: string }) => h.id)).toContain(policyId);
    const number = (await search(`q=${encodeURIComponent("安市监发〔2026〕7号")}`)).json();
    expect(number.hits.map((h: { id: string }) => h.id)).toEqual([policyId]);
  });

  it("filters by department, category, year and validity", async () => {
    const raw = await search(`category=notice&department=${departmentId}`);
    expect(raw.statusCode, raw.body).toBe(200);
    const notices = raw.json();
    expect(notices.total).toBe(1);
    const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect((await search(`year=${thisYear}&validity=in_force`)).json().total).toBeGreaterThanOrEqual(3);
    expect((await search(`year=${thisYear - 5}`)).json().total).toBe(0);
  });

  it("answers empty, odd and unknown input, and refuses only what is too long (400)", async () => {
    for (const q of ["", "   ", "'; drop table x; --", "<script>", "&|!:*()", "🙂", "%00"]) {
      const r = await search(`q=${encodeURIComponent(q)}`);
      expect(r.statusCode, q).toBe(200);
    }
    expect((await search(`department=not-a-uuid`)).json().total).toBe(0);
    const huge = await search(`q=${"政".repeat(101)}`);
    expect(huge.statusCode).toBe(400);
    const page = await t.app.inject({ method: "GET", url: `/disclosure?q=${"政".repeat(300)}` });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("100");
  });
});

describe("feeds", () => {
  it("serves RSS and Atom with their types, absolute links and escaped text", async () => {
    const rss = await t.app.inject({ method: "GET", url: "/disclosure/rss.xml" });
    expect(rss.statusCode).toBe(200);
    expect(rss.headers["content-type"]).toMatch(/^application\/rss\+xml/);
    expect(rss.body).toContain('<rss version="2.0"');
    expect(rss.body).toContain(`${t.platform.config.baseUrl}/disclosure/publications/${policyId}`);
    expect(rss.body).toContain("&amp; &lt;更新&gt;");
    const atom = await t.app.inject({
      method: "GET",
      url: `/disclosure/atom.xml?department=${departmentId}&category=policy`,
    });
    expect(atom.headers["content-type"]).toMatch(/^application\/atom\+xml/);
    expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atom.body).toContain(`urn:uuid:${policyId}`);
    expect(atom.body).not.toContain("春季市场检查");
  });

  it("answers 304 to a reader that has the feed, and 200 again once something is published", async () => {
    const first = await t.app.inject({ method: "GET", url: "/disclosure/atom.xml" });
    const etag = String(first.headers.etag);
    const again = await t.app.inject({
      method: "GET",
      url: "/disclosure/atom.xml",
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    const since = await t.app.inject({
      method: "GET",
      url: "/disclosure/atom.xml",
      headers: { "if-modified-since": String(first.headers["last-modified"]) },
    });
    expect(since.statusCode).toBe(304);
    await call(t, publisher, "POST", "/api/v1/disclosure/publications", {
      departmentId,
      category: "plan",
      title: "安吉县市场监管“十五五”规划",
      body: "规划正文。",
    });
    const changed = await t.app.inject({
      method: "GET",
      url: "/disclosure/atom.xml",
      headers: { "if-none-match": etag },
    });
    expect(changed.statusCode).toBe(200);
  });

  it("answers 404 for an unknown department or category", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(
      (await t.app.inject({ method: "GET", url: `/disclosure/rss.xml?department=${unknown}` })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: "GET", url: "/disclosure/rss.xml?department=x" })).statusCode).toBe(
      404,
    );
    expect(
      (await t.app.inject({ method: "GET", url: "/disclosure/atom.xml?category=gossip" })).statusCode,
    ).toBe(404);
  });
});

describe("pages", () => {
  it("the home weighs under 30 KB gzipped with its CSS, and works without JavaScript", async () => {
    const home = await t.app.inject({
      method: "GET",
      url: "/disclosure",
      headers: { "accept-encoding": "gzip" },
    });
    expect(home.statusCode).toBe(200);
    const html =
      home.headers["content-encoding"] === "gzip" ? gunzipSync(home.rawPayload).toString() : home.body;
    expect(html).not.toContain("<script");
    const css = html.match(/href="(\/assets\/app\.[^"]+\.css)"/)?.[1] as string;
    const style = await t.app.inject({ method: "GET", url: css, headers: { "accept-encoding": "gzip" } });
    const { gzipSync } = await import("node:zlib");
    const weight = gzipSync(html).length + gzipSync(style.rawPayload.length ? style.body : "").length;
    expect(weight).toBeLessThan(30 * 1024);
    const guide = await t.app.inject({ method: "GET", url: `/disclosure/guides/${departmentId}` });
    expect(guide.statusCode).toBe(200);
    expect(guide.body).toContain("20");
  });
});

describe("validity", () => {
  it("lists a publication past its expiry date as expired, not in force", async () => {
    const r = await call(t, publisher, "POST", "/api/v1/disclosure/publications", {
      departmentId,
      category: "notice",
      title: "关于2020年临时交通管制的通告",
      body: "管制期间绕行。",
      effectiveFrom: "2020-01-01",
      expiresOn: "2020-02-01",
    });
    const id = r.json().id as string;
    expect(r.json().validity).toBe("expired");
    const expired = (await search("validity=expired")).json();
    expect(expired.hits.map((h: { id: string }) => h.id)).toContain(id);
    const inForce = (await search("validity=in_force&limit=50")).json();
    expect(inForce.hits.map((h: { id: string }) => h.id)).not.toContain(id);
  });
});
