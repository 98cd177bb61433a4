import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { formSession, postForm } from "../applicants/testing.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { type InboxPost, postToInbox } from "./inbox-service.ts";

let t: TestApp;
let ann: Someone;
let bob: Someone;
let clerk: { id: string; cookie: string };

const link = "https://tongban.example/cases/330523-20260701-000123";
const short = "https://tongban.example/c/7KQ2M9XAB4";
const params = (caseNumber: string) => ({
  "zh-CN": { caseNumber, itemName: "食品经营许可", dueDate: "2026年7月15日", link, short },
  en: { caseNumber, itemName: "Food business licence", dueDate: "15 July 2026", link, short },
});

function post(message: Omit<InboxPost, "recipient"> & { recipient?: InboxPost["recipient"] }, to = ann) {
  return t.platform.database.db
    .transaction()
    .execute((tx) => postToInbox(tx, { recipient: { kind: "person", id: to.id }, ...message } as InboxPost));
}

const accepted = (caseNumber: string) =>
  ({ template: "case.accepted", params: params(caseNumber), link, regionCode: "330523" }) as const;

function api(who: { cookie: string } | undefined, method: "GET" | "POST", url: string, lang?: string) {
  const cookie = [who?.cookie, lang ? `tb_lang=${lang}` : undefined].filter(Boolean).join("; ");
  return t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(method === "POST" ? { payload: {} } : {}),
  });
}

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: "0", RATE_LIMIT_PER_MINUTE: "100000" } });
  await seedRegionSlice(t.platform.database.db);
  ann = await someone(t, { name: "安然" });
  bob = await someone(t, { name: "白波" });
  const member = await staffMember(t.platform.database.db, "window_clerk", "330523");
  const signedIn = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  clerk = { id: member.id, cookie: `tb_session=${cookiesOf(signedIn).tb_session}` };
});
afterAll(() => t.close());

describe("posting to an inbox", () => {
  it("keeps the words in both languages, and shows each reader theirs, newest first", async () => {
    await post(accepted("C-1"));
    const submitted = params("C-2");
    await post({
      template: "case.submitted",
      params: {
        "zh-CN": { caseNumber: "C-2", itemName: submitted["zh-CN"].itemName, link, short },
        en: { caseNumber: "C-2", itemName: submitted.en.itemName, link, short },
      },
      caseId: randomUUID(),
    });
    const zh = await api(ann, "GET", "/api/v1/inbox");
    expect(zh.statusCode).toBe(200);
    const body = zh.json();
    expect(body.unreadCount).toBe(2);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((m: { title: string }) => m.title)).toEqual([
      "申请已提交：食品经营许可",
      "申请已受理：食品经营许可",
    ]);
    expect(body.items[1]).toMatchObject({
      template: "case.accepted",
      body: "您申请的“食品经营许可”（办件编号 C-1）已受理，承诺于 2026年7月15日 前办结。",
      link,
      caseId: null,
      readAt: null,
    });
    const en = (await api(ann, "GET", "/api/v1/inbox", "en")).json();
    expect(en.items[1].title).toBe("Application accepted: Food business licence");
    expect(en.items[1].body).toContain("It will be decided by 15 July 2026.");
    // Someone else's inbox, and a staff member's, hold none of it.
    expect((await api(bob, "GET", "/api/v1/inbox")).json()).toEqual({
      items: [],
      nextCursor: null,
      unreadCount: 0,
    });
    expect((await api(clerk, "GET", "/api/v1/inbox")).json().items).toEqual([]);
    expect((await api(undefined, "GET", "/api/v1/inbox")).statusCode).toBe(401);
  });

  it("posts to staff members apart from people, even under the same id", async () => {
    const { short: _zh, ...zh } = params("C-3")["zh-CN"];
    const { short: _en, ...en } = params("C-3").en;
    await post({
      template: "task.warning",
      params: { "zh-CN": zh, en },
      recipient: { kind: "staff", id: clerk.id },
    });
    const items = (await api(clerk, "GET", "/api/v1/inbox")).json().items;
    expect(items.map((m: { template: string }) => m.template)).toEqual(["task.warning"]);
    await post(accepted("C-4"), { ...ann, id: clerk.id });
    expect((await api(clerk, "GET", "/api/v1/inbox")).json().items).toHaveLength(1);
  });

  it("pages through messages posted in the same instant without losing or repeating one", async () => {
    const carl = await someone(t);
    // One transaction: now() is the same for all seven.
    await t.platform.database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 7; i++) {
        await postToInbox(tx, { recipient: { kind: "person", id: carl.id }, ...accepted(`P-${i}`) });
      }
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (
        await api(carl, "GET", `/api/v1/inbox?limit=3${cursor ? `&cursor=${cursor}` : ""}`)
      ).json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect((await api(carl, "GET", "/api/v1/inbox?limit=0")).statusCode).toBe(400);
    expect((await api(carl, "GET", "/api/v1/inbox?cursor=abc")).statusCode).toBe(400);
  });

  it("is undone with the transaction that posted it", async () => {
    const dora = await someone(t);
    await expect(
      t.platform.database.db.transaction().execute(async (tx) => {
        await postToInbox(tx, { recipient: { kind: "person", id: dora.id }, ...accepted("R-1") });
        throw new Error("the case change failed");
      }),
    ).rejects.toThrow("the case change failed");
    expect((await api(dora, "GET", "/api/v1/inbox")).json().items).toEqual([]);
  });

  it("refuses bad input with every problem at once", async () => {
    const bad = {
      recipient: { kind: "robot", id: "nobody" },
      template: "case.accepted",
      params: { "zh-CN": { ...params("X")["zh-CN"], dueDate: "" }, en: { caseNumber: "X" } },
      link: "javascript:alert(1)",
      caseId: "42",
      regionCode: "3305x",
    } as unknown as InboxPost;
    const refusal = await post(bad).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "validation_failed", status: 400 });
    expect((refusal as { extra: { fields: { field: string }[] } }).extra.fields.map((f) => f.field)).toEqual([
      "/recipient/kind",
      "/recipient/id",
      "/params/zh-CN/dueDate",
      "/params/en/itemName",
      "/params/en/link",
      "/params/en/short",
      "/params/en/dueDate",
      "/link",
      "/caseId",
      "/regionCode",
    ]);
    for (const other of ["//evil.example/x", "/\\evil.example", "ftp://files.example/x", "/a b"]) {
      await expect(post({ ...accepted("X"), link: other })).rejects.toMatchObject({
        extra: { fields: [{ field: "/link" }] },
      });
    }
    await expect(
      post({ ...accepted("X"), template: "no.such" } as unknown as InboxPost),
    ).rejects.toMatchObject({
      extra: { fields: [{ field: "/template", message: "is not a known template (no.such)" }] },
    });
    await expect(post({ ...accepted("X"), link: "/cases/X" })).resolves.toHaveProperty("id");
  });
});

describe("marking messages read", () => {
  it("marks one's own message read once, and to anyone else the message does not exist", async () => {
    const erin = await someone(t);
    const { id } = await post(accepted("M-1"), erin);
    expect((await api(undefined, "POST", `/api/v1/inbox/${id}/read`)).statusCode).toBe(401);
    expect((await api(bob, "POST", `/api/v1/inbox/${id}/read`)).statusCode).toBe(404);
    expect((await api(clerk, "POST", `/api/v1/inbox/${id}/read`)).statusCode).toBe(404);
    expect((await api(erin, "POST", `/api/v1/inbox/${randomUUID()}/read`)).statusCode).toBe(404);
    expect((await api(erin, "POST", "/api/v1/inbox/not-an-id/read")).statusCode).toBe(400);
    const first = await api(erin, "POST", `/api/v1/inbox/${id}/read`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id, title: "申请已受理：食品经营许可" });
    const readAt = first.json().readAt as string;
    expect(Date.parse(readAt)).toBeGreaterThan(0);
    // Reading it again keeps the first time.
    expect((await api(erin, "POST", `/api/v1/inbox/${id}/read`)).json().readAt).toBe(readAt);
    const list = (await api(erin, "GET", "/api/v1/inbox?unread=true")).json();
    expect(list).toMatchObject({ items: [], unreadCount: 0 });
  });

  it("marks all of one's own unread messages read, and nobody else's", async () => {
    const fay = await someone(t);
    await post(accepted("A-1"), fay);
    await post(accepted("A-2"), fay);
    await post(accepted("A-3"), bob);
    const before = (await api(bob, "GET", "/api/v1/inbox")).json().unreadCount as number;
    const marked = await api(fay, "POST", "/api/v1/inbox/read-all");
    expect(marked.json()).toEqual({ marked: 2 });
    expect((await api(fay, "POST", "/api/v1/inbox/read-all")).json()).toEqual({ marked: 0 });
    expect((await api(bob, "GET", "/api/v1/inbox")).json().unreadCount).toBe(before);
    expect((await api(undefined, "POST", "/api/v1/inbox/read-all")).statusCode).toBe(401);
  });
});

describe("the inbox page", () => {
  const page = (who: { cookie: string } | undefined, url = "/inbox", lang?: string) =>
    t.app.inject({
      url,
      headers: {
        accept: "text/html",
        ...(who || lang
          ? { cookie: [who?.cookie, lang && `tb_lang=${lang}`].filter(Boolean).join("; ") }
          : {}),
      },
    });

  it("sends strangers to sign in and back", async () => {
    const response = await page(undefined);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/account/signin?next=%2Finbox");
  });

  it("lists the reader's messages with the unread ones marked in words, each with its link, escaped", async () => {
    const gus = await someone(t);
    await post(
      {
        ...accepted("H-1"),
        params: { ...params("H-1"), "zh-CN": { ...params("H-1")["zh-CN"], itemName: "<script>x</script>" } },
      },
      gus,
    );
    await post(
      {
        template: "case.supplement_requested",
        params: {
          "zh-CN": {
            caseNumber: "H-2",
            itemName: "食品经营许可",
            items: "1. 营业执照\n2. 平面图",
            link,
            short,
          },
          en: {
            caseNumber: "H-2",
            itemName: "Food licence",
            items: "1. Licence\n2. Floor plan",
            link,
            short,
          },
        },
        link: "/cases/H-2",
      },
      gus,
    );
    const response = await page(gus);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain("<h1>我的消息</h1>");
    expect(html.match(/<span class="tag">未读<\/span>/g)).toHaveLength(2);
    expect(html).toContain('<a href="/cases/H-2">查看详情</a>');
    expect(html).toContain(`<a href="${link}">查看详情</a>`);
    expect(html).toContain("现一次性告知如下：<br/>1. 营业执照<br/>2. 平面图");
    expect(html).not.toContain("<script>x");
    expect(html).toContain("申请已受理：&lt;script>x&lt;/script>");
    expect(html).toContain("仅看未读（2）");
    const en = await page(gus, "/inbox", "en");
    expect(en.body).toContain("<h1>My messages</h1>");
    expect(en.body).toContain("Please complete your application: Food licence");
  });

  it("marks all read through a form that needs its CSRF token, and says how many", async () => {
    const hal = await someone(t);
    await post(accepted("F-1"), hal);
    await post(accepted("F-2"), hal);
    const session = await formSession(t, "/inbox?unread=1", hal.cookie);
    expect(session.page.body).toContain('action="/inbox/read-all"');
    const forged = await postForm(
      t,
      "/inbox/read-all",
      { back: "/inbox?unread=1" },
      { cookie: session.cookie },
    );
    expect(forged.statusCode).toBe(403);
    expect((await api(hal, "GET", "/api/v1/inbox")).json().unreadCount).toBe(2);
    const done = await postForm(t, "/inbox/read-all", { back: "/inbox?unread=1" }, session);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/inbox?unread=1&done=all&count=2");
    const after = await page(hal, String(done.headers.location));
    expect(after.body).toContain("已将 2 条消息标为已读。");
    expect(after.body).toContain("没有未读消息。");
    expect(after.body).not.toContain('action="/inbox/read-all"');
  });

  it("marks one read through its own form, and refuses someone else's message", async () => {
    const ivy = await someone(t);
    const { id } = await post(accepted("O-1"), ivy);
    const session = await formSession(t, "/inbox", ivy.cookie);
    expect(session.page.body).toContain(`action="/inbox/${id}/read"`);
    const done = await postForm(t, `/inbox/${id}/read`, { back: "https://evil.example/" }, session);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/inbox?done=one");
    expect((await api(ivy, "GET", "/api/v1/inbox")).json().unreadCount).toBe(0);
    const bobs = await formSession(t, "/inbox", bob.cookie);
    expect((await postForm(t, `/inbox/${id}/read`, {}, bobs)).statusCode).toBe(404);
  });
});
