import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { signedInStaff } from "../calendar/testing.ts";
import { formPairs, openPage, pairValue, post } from "./admin-testing.ts";
import { publishItems } from "./testing.ts";

let t: TestApp;
let code: string;
const cookies: Record<"manager" | "clerk" | "other", string> = { manager: "", clerk: "", other: "" };

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await db
    .insertInto("regions")
    .values({ code: "44", parent_code: null, level: 1, name: "广东省", urban_rural: null })
    .execute();
  [code] = (await publishItems(db, [{}])) as [string];
  cookies.manager = (await signedInStaff(t, "catalog_manager", "33")).cookie;
  cookies.clerk = (await signedInStaff(t, "window_clerk", "330523")).cookie;
  cookies.other = (await signedInStaff(t, "catalog_manager", "44")).cookie;
});
afterAll(() => t.close());

const pages = () => [
  "/catalog/admin",
  "/catalog/admin/new",
  `/catalog/admin/items/${code}`,
  `/catalog/admin/items/${code}/edit`,
  `/catalog/admin/items/${code}/versions/1`,
  `/catalog/admin/items/${code}/compare?from=1&to=1`,
];
const posts = () => [
  "/catalog/admin/new",
  `/catalog/admin/items/${code}/edit`,
  `/catalog/admin/items/${code}/publish`,
  `/catalog/admin/items/${code}/retire`,
  `/catalog/admin/items/${code}/offerings`,
  "/catalog/admin/preview",
];

const get = (url: string, cookie?: string) =>
  t.app.inject({ url, headers: { accept: "text/html", ...(cookie ? { cookie } : {}) } });

describe("who may use the catalogue managers' pages", () => {
  it("sends signed-out visitors to the staff sign-in and back", async () => {
    for (const url of pages()) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toBe(`/signin?next=${encodeURIComponent(url)}`);
    }
  });

  it("refuses staff without the catalogue manager's role with 403, pages and posts alike", async () => {
    for (const url of pages()) expect((await get(url, cookies.clerk)).statusCode, url).toBe(403);
    const page = await openPage(t, "/me", cookies.clerk);
    expect(page.html).not.toContain('href="/catalog/admin"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] as string;
    for (const url of posts()) {
      const response = await post(
        t,
        url,
        [
          ["_csrf", csrf],
          ["reason", "x"],
        ],
        page.cookie,
      );
      expect(response.statusCode, url).toBe(403);
    }
  });

  it("requires the CSRF token on every post", async () => {
    const page = await openPage(t, "/catalog/admin/new", cookies.manager);
    expect(pairValue(formPairs(page.html, 'action="/catalog/admin/new"'), "_csrf")).toBeTruthy();
    for (const url of posts()) {
      const response = await post(t, url, [["reason", "x"]], page.cookie);
      expect(response.statusCode, url).toBe(403);
      expect(response.body, url).toContain("页面已过期");
    }
  });

  it("links the pages from the workspace of catalogue managers", async () => {
    const page = await openPage(t, "/me", cookies.manager);
    expect(page.html).toContain('<a href="/catalog/admin">事项管理</a>');
  });

  it("lets a manager of another province read the item but change nothing", async () => {
    const page = await openPage(t, `/catalog/admin/items/${code}`, cookies.other);
    expect(page.html).toContain("该事项不属于您辖区的省份，您只能查看。");
    expect(page.html).not.toContain(`/catalog/admin/items/${code}/publish`);
    expect((await get(`/catalog/admin/items/${code}/edit`, cookies.other)).statusCode).toBe(403);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] as string;
    const retire = await post(
      t,
      `/catalog/admin/items/${code}/retire`,
      [
        ["_csrf", csrf],
        ["reason", "x"],
      ],
      page.cookie,
    );
    expect(retire.statusCode).toBe(403);
    expect(retire.body).toContain("您没有办理这项操作的权限");
    const created = await post(
      t,
      "/catalog/admin/new",
      [
        ["_csrf", csrf],
        ["code", "330000-OTHER-0001"],
        ["ownerRegionCode", "33"],
        ["name.zh", "别省事项"],
      ],
      page.cookie,
    );
    expect(created.statusCode).toBe(403);
    expect(created.body).toContain("您只能为自己辖区的省份新建事项");
  });
});
