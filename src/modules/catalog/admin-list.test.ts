import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { signedInStaff } from "../calendar/testing.ts";
import {
  createThroughPages,
  formPairs,
  openPage,
  pairValue,
  post,
  summaryLinks,
  withValue,
} from "./admin-testing.ts";
import { publishItems, sampleContent } from "./testing.ts";

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  await seedRegionSlice(t.platform.database.db);
  cookie = (await signedInStaff(t, "catalog_manager", "33")).cookie;
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const edit = (code: string) => `/catalog/admin/items/${code}/edit`;

describe("the list of items", () => {
  it("filters by text, line and status, and pages through", async () => {
    const drafted = await createThroughPages(t, cookie, "测试筛选事项甲");
    const [published] = (await publishItems(db(), [
      {
        content: sampleContent({
          name: { zh: "测试筛选事项乙", en: "Filter test B" },
          line: "civil_affairs",
        }),
      },
    ])) as [string];
    const list = (query: string) => openPage(t, `/catalog/admin?${query}`, cookie).then((p) => p.html);
    const both = await list("q=测试筛选事项");
    expect(both).toContain(drafted);
    expect(both).toContain(published);
    expect(both).toContain("共 2 个事项，第 1 / 1 页");
    const drafts = await list("q=测试筛选事项&status=draft");
    expect(drafts).toContain(drafted);
    expect(drafts).not.toContain(published);
    const line = await list("q=测试筛选事项&line=civil_affairs");
    expect(line).not.toContain(drafted);
    expect(line).toContain(published);

    await publishItems(
      db(),
      Array.from({ length: 20 }, () => ({})),
    );
    const first = await list("");
    expect(first).toContain('href="/catalog/admin?page=2"');
    const second = await list("page=2");
    expect(second).toContain('href="/catalog/admin"');
  });

  it("refuses a malformed code for a new item, keeping what was typed", async () => {
    const page = await openPage(t, "/catalog/admin/new", cookie);
    const pairs = withValue(
      withValue(formPairs(page.html, 'action="/catalog/admin/new"'), "code", "bad code"),
      "name.zh",
      "某事项",
    );
    const refused = await post(t, "/catalog/admin/new", pairs, page.cookie);
    expect(refused.statusCode).toBe(400);
    expect(summaryLinks(refused.body)).toContainEqual({
      href: "#f-code",
      text: "事项编码由大写字母、数字和连字符组成，3 至 40 位，例如 330000-SCJG-0001",
    });
    expect(pairValue(formPairs(refused.body, 'action="/catalog/admin/new"'), "name.zh")).toBe("某事项");
  });
});

describe("the editor's assets", () => {
  it("serves the bundled script and the managers' stylesheet under hashed names, with no inline script", async () => {
    const code = await createThroughPages(t, cookie);
    const page = await openPage(t, edit(code), cookie);
    const script = /<script src="(\/assets\/admin\.[\w-]{10}\.js)" defer><\/script>/.exec(page.html)?.[1];
    const style = /<link rel="stylesheet" href="(\/assets\/admin\.[\w-]{10}\.css)"\/>/.exec(page.html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    expect(page.html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    const js = await t.app.inject({ url: script as string });
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toContain("text/javascript");
    expect(js.headers["cache-control"]).toContain("immutable");
    expect(js.body).toContain("[data-preview]");
    expect(js.body.length).toBeLessThan(4000);
    expect((await t.app.inject({ url: style as string })).statusCode).toBe(200);
    // Pages that edit nothing load no script.
    expect((await openPage(t, "/catalog/admin", cookie)).html).not.toContain("admin.js");
  });
});
