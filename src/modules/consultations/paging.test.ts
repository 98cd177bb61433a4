import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { compressedWeight, location, mainText, open, post } from "../applications/pages-testing.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { commentCounts, insertComment } from "./comment-store.ts";
import { countsOf } from "./comments.ts";
import { type ConsultationWorld, consultationWorld, elapse, publishedConsultation } from "./testing.ts";

let t: TestApp;
let w: ConsultationWorld;
let reader: Someone;
let crowd: Someone;

beforeAll(async () => {
  t = await caseTestApp();
  w = await consultationWorld(t);
  reader = await someone(t, { name: "吴村民" });
  crowd = await someone(t, { name: "郑村民" });
});
afterAll(() => t.close());

const url = (id: string, rest = "") => `/api/v1/consultations/${id}${rest}`;
const listed = (html: string) => [...html.matchAll(/<li id="comment-([0-9a-f-]{36})"/g)].map((m) => m[1]);

/** The comments' clock: each written a second after the last, all in the past. */
let clock = Date.now() - 86_400_000;

/**
 * `n` comments, each newer than every one before it, "意见 0" the oldest; `article` says which article
 * each is on (null: the whole draft). Their ids, oldest first.
 */
async function fill(
  id: string,
  n: number,
  options: { by?: Someone; article?: (i: number) => number | null; words?: string } = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    clock += 1000;
    ids.push(
      await insertComment(t.platform.database.db, {
        consultationId: id,
        articlePosition: options.article?.(i) ?? null,
        personId: (options.by ?? crowd).id,
        body: `意见 ${i}${options.words ?? ""}`,
        at: new Date(clock),
      }),
    );
  }
  return ids;
}

describe("counts", () => {
  it("counts every comment, the hidden ones, the overall ones and each article's, withdrawn ones left out", async () => {
    const id = await publishedConsultation(t, w);
    const ids = await fill(id, 7, { article: (i) => [1, 1, 2, 2, 2, null, null][i] ?? null });
    for (const hidden of [ids[2], ids[5]])
      expect(
        (await call(t, w.admin, "POST", url(id, `/comments/${hidden}/hide`), { reason: "abuse" })).statusCode,
      ).toBe(204);
    const gone = (await call(t, reader, "POST", url(id, "/comments"), { article: 3, text: "撤回" })).json();
    expect((await call(t, reader, "DELETE", url(id, `/comments/${gone.id}`))).statusCode).toBe(204);

    expect(countsOf(await commentCounts(t.platform.database.db, id))).toEqual({
      total: 7,
      hidden: 2,
      overall: 2,
      byArticle: { 1: 2, 2: 3 },
    });
    const detail = (await call(t, undefined, "GET", url(id))).json();
    expect(detail.counts).toEqual({ total: 7, hidden: 2, overall: 2 });
    expect(detail.comments).toBe(7);
    expect(detail.articles.map((a: { comments: number }) => a.comments)).toEqual([2, 3, 0]);
    const list = await call(
      t,
      undefined,
      "GET",
      `/api/v1/consultations?department=${w.departmentId}&limit=100`,
    );
    expect(list.json().items.find((i: { id: string }) => i.id === id).comments).toBe(7);
  });
});

describe("the API's pages", () => {
  let id: string;
  let ids: string[];
  beforeAll(async () => {
    id = await publishedConsultation(t, w);
    ids = await fill(id, 21);
  });

  it("answers newest first, a page at a time, saying the total", async () => {
    const first = (await call(t, undefined, "GET", url(id, "/comments?limit=20"))).json();
    expect(first).toMatchObject({ total: 21, limit: 20, offset: 0, counts: { total: 21 } });
    expect(first.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(1).reverse());
    const second = (await call(t, undefined, "GET", url(id, "/comments?limit=20&offset=20"))).json();
    expect(second.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    const beyond = (await call(t, undefined, "GET", url(id, "/comments?offset=21"))).json();
    expect(beyond).toMatchObject({ total: 21, limit: 50, offset: 21, items: [] });
    const all = (await call(t, undefined, "GET", url(id, "/comments"))).json();
    expect(all.items).toHaveLength(21);
    expect(all.limit).toBe(50);
  });

  it("refuses a bad limit or offset with a problem naming it", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "offset=-1", "offset=1.5", "offset=100001"]) {
      const refused = await call(t, undefined, "GET", url(id, `/comments?${query}`));
      expect(refused.statusCode, query).toBe(400);
      expect(refused.headers["content-type"]).toContain("application/problem+json");
      expect(JSON.stringify(refused.json()), query).toContain(query.split("=")[0]);
    }
  });
});

describe("the page's comments", () => {
  let id: string;
  let ids: string[];
  let mine: string;
  beforeAll(async () => {
    id = await publishedConsultation(t, w);
    // The reader's comment is the oldest: it falls on the last page.
    mine = (await fill(id, 1, { by: reader, words: "：我的意见" }))[0] as string;
    ids = await fill(id, 19);
  });

  it("shows exactly 20 comments on one page, with no other page to go to", async () => {
    const page = await open(t, undefined, `/consultations/${id}`);
    expect(listed(page.response.body)).toHaveLength(20);
    expect(page.response.body).not.toContain("page=2");
  });

  it("pages 21 comments, newest first, links that work without JavaScript, the reader's own on every page", async () => {
    const newest = (await fill(id, 1, { words: "：最新" }))[0] as string;
    const first = await open(t, reader, `/consultations/${id}`);
    expect(listed(first.response.body)).toEqual([newest, ...ids.slice().reverse()]);
    expect(first.response.body).toContain(`href="/consultations/${id}?page=2#comments"`);
    expect(mainText(first.response.body)).toContain("第 1 页，共 2 页");
    // The reader's comment is not on this page, but its withdraw button is.
    expect(listed(first.response.body)).not.toContain(mine);
    expect(first.response.body).toContain(`/consultations/${id}/comments/${mine}/withdraw`);

    const second = await open(t, reader, `/consultations/${id}?page=2`);
    expect(listed(second.response.body)).toEqual([mine]);
    expect(mainText(second.response.body)).toContain("（我的意见）");
    expect(second.response.body).toContain(`href="/consultations/${id}#comments"`);
    expect(second.response.body).toContain(`/consultations/${id}/comments/${mine}/withdraw`);
  });

  it("answers a page past the end with an empty list and a way back, and a bad page with 400", async () => {
    const past = await open(t, undefined, `/consultations/${id}?page=9`);
    expect(past.response.statusCode).toBe(200);
    expect(listed(past.response.body)).toEqual([]);
    expect(mainText(past.response.body)).toContain("第 9 页没有意见");
    expect(past.response.body).toContain(`href="/consultations/${id}?page=2#comments"`);
    for (const page of ["0", "-1", "abc", "10001"])
      expect((await open(t, undefined, `/consultations/${id}?page=${page}`)).response.statusCode, page).toBe(
        400,
      );
  });

  it("keeps the page when a comment is refused, goes to the first when one is posted, back when withdrawn", async () => {
    const { tab } = await open(t, reader, `/consultations/${id}?page=2`);
    const refused = await post(t, tab, `/consultations/${id}/comments`, { page: "2", text: "  " });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('name="page" value="2"');
    expect(listed(refused.body)).toEqual([mine]);
    const posted = await post(t, tab, `/consultations/${id}/comments`, { page: "2", text: "第二页来的意见" });
    expect(location(posted)).toBe(`/consultations/${id}?done=posted#comments`);
    const withdrawn = await post(t, tab, `/consultations/${id}/comments/${mine}/withdraw`, { page: "2" });
    expect(location(withdrawn)).toBe(`/consultations/${id}?page=2&done=withdrawn#comments`);
    // A forged page number is the first page, not an error: nothing typed is lost over it.
    const forged = await post(t, tab, `/consultations/${id}/comments`, { page: "x", text: "" });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).not.toContain('name="page"');
  });

  it("stays light however many comments there are", async () => {
    const busy = await publishedConsultation(t, w);
    await fill(busy, 120, {
      words: "，建议对分类标准作出更细致的规定，并明确各村的收集时间和监督方式。".repeat(3),
    });
    const page = await open(t, undefined, `/consultations/${busy}`);
    expect(listed(page.response.body)).toHaveLength(20);
    expect(mainText(page.response.body)).toContain("共收到 120 条意见");
    expect(await compressedWeight(t, page.response.body)).toBeLessThan(30 * 1024);
  });
});

describe("the summary and the department's page", () => {
  it("names the comments a point cites wherever they are, and pages the moderation list", async () => {
    const id = await publishedConsultation(t, w);
    const ids = await fill(id, 25);
    const cited = ids[0] as string;
    const staff = await open(t, w.admin, `/work/consultations/${id}?page=2`);
    expect(staff.response.body.match(/\/hide"/g) ?? []).toHaveLength(5);
    expect(staff.response.body).toContain(`href="/work/consultations/${id}#moderation"`);
    const hidden = await post(t, staff.tab, `/work/consultations/${id}/comments/${ids[1]}/hide`, {
      page: "2",
      reason: "advertising",
    });
    expect(location(hidden)).toBe(`/work/consultations/${id}?page=2#moderation`);

    await elapse(t, id);
    const closed = await open(t, w.admin, `/work/consultations/${id}?page=2`);
    expect(closed.response.body).toContain(`value="${cited}"`);
    const stray = await post(t, closed.tab, `/work/consultations/${id}/points`, {
      page: "2",
      summary: "建议明确罚则",
      adoption: "adopted",
      comments: ["not-a-comment"],
    });
    expect(stray.statusCode).toBe(400);
    expect(stray.body).toContain('href="#comments"');
    expect(stray.body).toContain(`value="${cited}"`);
    const point = await post(t, closed.tab, `/work/consultations/${id}/points`, {
      page: "2",
      summary: "建议明确罚则",
      adoption: "adopted",
      comments: [cited],
    });
    expect(location(point)).toBe(`/work/consultations/${id}?page=2#moderation`);
    expect((await post(t, closed.tab, `/work/consultations/${id}/summary/publish`, {})).statusCode).toBe(303);

    const citedBy = (await call(t, undefined, "GET", url(id, `/comments?offset=24`))).json().items[0];
    expect(citedBy.id).toBe(cited);
    const page = mainText((await open(t, undefined, `/consultations/${id}`)).response.body);
    expect(page).toContain(`涉及意见：网民 ·${citedBy.author}`);
    expect(page).toContain("另有 1 条意见因违反留言规则被隐藏");
  });
});
