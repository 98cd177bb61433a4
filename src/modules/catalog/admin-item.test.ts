import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { signedInStaff } from "../calendar/testing.ts";
import { actorForToken } from "../identity/service.ts";
import { formPairs, openPage, pairValue, post, summaryLinks, withValue } from "./admin-testing.ts";
import type { DraftContent } from "./content.ts";
import { registerOpenCaseCounter } from "./guards.ts";
import * as service from "./service.ts";
import { itemCode, publishItems, sampleContent } from "./testing.ts";

let t: TestApp;
let cookie: string;
let actor: Parameters<typeof service.getItem>[1];

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  await seedRegionSlice(t.platform.database.db);
  cookie = (await signedInStaff(t, "catalog_manager", "33")).cookie;
  actor = (await actorForToken(t.platform.database.db, cookie.split("=")[1] as string)) as typeof actor;
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const itemUrl = (code: string) => `/catalog/admin/items/${code}`;

/** Posts the form of the item page whose action is `action`, with fields changed. */
async function submit(code: string, action: string, fields: Record<string, string> = {}, query = "") {
  const page = await openPage(t, `${itemUrl(code)}${query}`, cookie);
  let pairs = formPairs(page.html, `action="${action}"`);
  for (const [name, value] of Object.entries(fields)) pairs = withValue(pairs, name, value);
  return post(t, action, pairs, page.cookie);
}

async function draftOf(code: string, content: DraftContent = sampleContent()) {
  await service.createItem(db(), actor, { code, ownerRegionCode: "33", content });
}

describe("publishing and retiring", () => {
  it("publishes the draft, then says what is allowed when there is no draft left", async () => {
    const code = itemCode();
    await draftOf(code);
    const published = await submit(code, `${itemUrl(code)}/publish`);
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`${itemUrl(code)}?done=published`);
    const detail = await service.getItem(db(), actor, code);
    expect(detail.current).toMatchObject({ version: 1, status: "published" });
    const shown = await openPage(t, `${itemUrl(code)}?done=published`, cookie);
    expect(shown.html).toContain("已发布。新的申请和办事指南从现在起使用此版本。");
    expect(shown.html).not.toContain(`action="${itemUrl(code)}/publish"`);

    // A second press (a page left open) is refused with what can be done instead.
    const csrf = pairValue(formPairs(shown.html, `action="${itemUrl(code)}/retire"`), "_csrf") as string;
    const again = await post(t, `${itemUrl(code)}/publish`, [["_csrf", csrf]], shown.cookie);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("该事项没有待发布的草稿：请先编辑生成草稿");
    expect(again.body).toContain("现在可以：编辑草稿、停用。");
  });

  it("refuses to publish an incomplete draft, linking each problem into the editor", async () => {
    const code = itemCode();
    const { summary: _summary, ...incomplete } = sampleContent();
    await draftOf(code, { ...incomplete, name: { zh: "未完成的事项", en: "" } });
    const response = await submit(code, `${itemUrl(code)}/publish`);
    expect(response.statusCode).toBe(400);
    const links = summaryLinks(response.body);
    expect(links).toContainEqual({ href: `${itemUrl(code)}/edit#f-summary-zh`, text: "请填写此项" });
    expect(links).toContainEqual({ href: `${itemUrl(code)}/edit#f-name-en`, text: "发布前请填写英文" });
    expect((await service.getItem(db(), actor, code)).current).toBeNull();
  });

  it("retires with a reason, and asks for one first", async () => {
    const [code] = (await publishItems(db(), [{}])) as [string];
    const blank = await submit(code, `${itemUrl(code)}/retire`, { reason: "  " });
    expect(blank.statusCode).toBe(400);
    expect(summaryLinks(blank.body)).toContainEqual({ href: "#f-reason", text: "请填写此项" });
    expect(blank.body).toContain('aria-invalid="true"');

    const unregister = registerOpenCaseCounter(async () => 2);
    try {
      const busy = await submit(code, `${itemUrl(code)}/retire`, { reason: "并入新事项" });
      expect(busy.statusCode).toBe(409);
      expect(busy.body).toContain("该事项还有 2 件在办案件，不能停用");
      expect(busy.body).toContain("现在可以：编辑草稿、发布。");
      expect(busy.body).toContain("并入新事项");
    } finally {
      unregister();
    }

    const retired = await submit(code, `${itemUrl(code)}/retire`, { reason: "并入新事项" });
    expect(retired.statusCode).toBe(303);
    const detail = await service.getItem(db(), actor, code);
    expect(detail.current?.status).toBe("retired");
    const entry = await db()
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "catalog.retire")
      .where("subject_id", "=", detail.item.id)
      .executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ reason: "并入新事项" });
    const page = await openPage(t, itemUrl(code), cookie);
    expect(page.html).toContain("该事项已停用，不能再编辑、发布或实施。");
    const editor = await t.app.inject({
      url: `${itemUrl(code)}/edit`,
      headers: { cookie, accept: "text/html" },
    });
    expect(editor.statusCode).toBe(409);
  });
});

describe("versions", () => {
  it("shows one version, and compares two by section with before and after side by side", async () => {
    const [code] = (await publishItems(db(), [{}])) as [string];
    const next = sampleContent({ promisedDays: 3 });
    next.materials[0] = {
      ...next.materials[0],
      name: { zh: "食品经营许可申请表", en: "Application form" },
    } as (typeof next.materials)[0];
    await service.saveDraft(db(), actor, code, next);

    const version = await openPage(t, `${itemUrl(code)}/versions/1`, cookie);
    expect(version.html).toContain("食品经营许可申请书");
    expect(version.html).toContain('id="pv-shopName"');

    const item = await openPage(t, itemUrl(code), cookie);
    expect(item.html).toContain(`action="${itemUrl(code)}/compare"`);
    const compared = await openPage(t, `${itemUrl(code)}/compare?from=1&to=2`, cookie);
    const body = compared.html;
    expect(body).toContain("第 1 版与第 2 版对比");
    expect(body).toContain("共有 2 处不同。");
    const materials = body.indexOf('id="h-materials"');
    const time = body.indexOf('id="h-time"');
    expect(materials).toBeGreaterThan(0);
    expect(time).toBeGreaterThan(materials);
    expect(body).toContain("申请材料 › 第 1 项 › 名称 › 中文");
    expect(body).toMatch(/食品经营许可申请书[\s\S]*食品经营许可申请表/);
    expect(body).toContain("承诺办结时限（工作日）");

    const missing = await t.app.inject({
      url: `${itemUrl(code)}/compare?from=1&to=9`,
      headers: { cookie, accept: "text/html" },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe("offerings", () => {
  it("adds an offering in a county of the jurisdiction, refuses a promise beyond the statute, withdraws and restores", async () => {
    const [code] = (await publishItems(db(), [{}])) as [string];
    const bureau = await department(db(), "330523", "market_regulation");

    // Walking down from the province to the county.
    const province = await openPage(t, itemUrl(code), cookie);
    expect(province.html).toContain(`href="${itemUrl(code)}?region=3305#offering-add"`);
    const county = await openPage(t, `${itemUrl(code)}?region=330523`, cookie);
    expect(county.html).toContain(`value="${bureau}"`);

    const action = `${itemUrl(code)}/offerings`;
    const late = await submit(
      code,
      action,
      { "offering.departmentId": bureau, "offering.promisedDays": "30" },
      "?region=330523",
    );
    expect(late.statusCode).toBe(400);
    expect(summaryLinks(late.body)).toContainEqual({
      href: "#f-offering-promisedDays",
      text: "承诺时限（30 个工作日）不能超过法定时限（10 个工作日）",
    });
    expect(pairValue(formPairs(late.body, `action="${action}"`), "offering.promisedDays")).toBe("30");

    const added = await submit(
      code,
      action,
      {
        "offering.departmentId": bureau,
        "offering.promisedDays": "3",
        "offering.hallName": "安吉县行政服务中心",
      },
      "?region=330523",
    );
    expect(added.statusCode).toBe(303);
    const [offering] = await service.listOfferings(db(), actor, code);
    expect(offering).toMatchObject({
      regionCode: "330523",
      promisedDays: 3,
      hallName: "安吉县行政服务中心",
      status: "active",
    });

    const statusAction = `${itemUrl(code)}/offerings/${offering?.id}/status`;
    const withdrawn = await submit(code, statusAction);
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe(`${itemUrl(code)}?done=offering-withdrawn#offerings`);
    const [after] = await service.listOfferings(db(), actor, code);
    expect(after).toMatchObject({ status: "withdrawn", promisedDays: 3, hallName: "安吉县行政服务中心" });

    const restored = await submit(code, statusAction);
    expect(restored.statusCode).toBe(303);
    expect((await service.listOfferings(db(), actor, code))[0]?.status).toBe("active");
  });

  it("offers nothing before the item is published", async () => {
    const code = itemCode();
    await draftOf(code);
    const page = await openPage(t, itemUrl(code), cookie);
    expect(page.html).toContain("事项发布后才能新增实施");
    expect(page.html).not.toContain(`action="${itemUrl(code)}/offerings"`);
  });
});

describe("in English", () => {
  it("says every page in English", async () => {
    const [code] = (await publishItems(db(), [{}])) as [string];
    await service.saveDraft(db(), actor, code, sampleContent({ promisedDays: 4 }));
    const english = `${cookie}; tb_lang=en`;
    const expectations: [string, string][] = [
      ["/catalog/admin", "Service items"],
      ["/catalog/admin/new", "New item"],
      [itemUrl(code), "What you can do now"],
      [`${itemUrl(code)}/edit`, "Preview the form"],
      [`${itemUrl(code)}/versions/1`, "Page 1: The shop"],
      [`${itemUrl(code)}/compare?from=1&to=2`, "Version 1 compared with version 2"],
    ];
    for (const [url, words] of expectations) {
      const page = await openPage(t, url, english);
      expect(page.html, url).toContain('<html lang="en"');
      expect(page.html, url).toContain(words);
      expect(page.html, url).not.toMatch(/>undefined<|"undefined"|catalogAdmin\./);
    }
  });
});
