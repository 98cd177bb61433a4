import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { creditCode, department } from "../../../test/factories.ts";
import { type CaseWorld, call, caseTestApp, caseWorld, SAMPLE_ANSWERS, TINY_PDF } from "../cases/testing.ts";
import { publishItems, sampleContent } from "../catalog/testing.ts";
import { day, someone } from "../mandates/testing.ts";
import {
  compressedWeight,
  get,
  location,
  mainText,
  open,
  post,
  postFile,
  type Tab,
} from "./pages-testing.ts";

let t: TestApp;
let w: CaseWorld;
let tab: Tab;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  tab = (await open(t, w.applicant, `/apply/${w.offeringId}`)).tab;
});
afterAll(() => t.close());

/** Starts an application for oneself through the start page; its id. */
async function start(): Promise<string> {
  const started = await post(t, tab, `/apply/${w.offeringId}`, { for: "self" });
  expect(started.statusCode).toBe(303);
  const id = /^\/applications\/([0-9a-f-]{36})\/pages\/1$/.exec(location(started))?.[1];
  expect(id).toBeDefined();
  return id as string;
}

/** Fills both pages of the sample form, uploads the application form and chooses download. */
async function fill(id: string): Promise<void> {
  const first = await post(t, tab, `/applications/${id}/pages/1`, {
    shopName: SAMPLE_ANSWERS.shopName,
    area: String(SAMPLE_ANSWERS.area),
    _action: "next",
  });
  expect(location(first)).toBe(`/applications/${id}/pages/2`);
  const second = await post(t, tab, `/applications/${id}/pages/2`, {
    kinds: SAMPLE_ANSWERS.kinds,
    _action: "next",
  });
  expect(location(second)).toBe(`/applications/${id}/materials`);
  const uploaded = await postFile(
    t,
    tab,
    `/applications/${id}/materials/application`,
    "申请书.pdf",
    TINY_PDF,
  );
  expect(uploaded.statusCode).toBe(303);
  const delivery = await post(t, tab, `/applications/${id}/delivery`, { method: "download" });
  expect(location(delivery)).toBe(`/applications/${id}/check`);
}

const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? "";

describe("applying through the pages alone", () => {
  it("goes from the guide's button to a receipt, with forms posted as a browser posts them", async () => {
    const chooser = await get(t, tab, `/services/${w.itemCode}/apply`);
    expect(chooser.statusCode).toBe(303);
    expect(location(chooser)).toBe(`/apply/${w.offeringId}`);
    const startPage = await get(t, tab, `/apply/${w.offeringId}`);
    expect(mainText(startPage.body)).toContain("为我自己申请");

    const id = await start();
    const first = await get(t, tab, `/applications/${id}/pages/1`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<form method="post" action="/applications/');
    expect(first.body).toContain('id="f-shopName"');
    await fill(id);

    const check = await get(t, tab, `/applications/${id}/check`);
    const text = mainText(check.body);
    expect(text).toContain(`店铺名称 ${SAMPLE_ANSWERS.shopName}`);
    expect(text).toContain("经营面积（平方米） 45");
    expect(text).toContain("申请书.pdf");
    expect(text).toContain("网上下载");
    expect(check.body).not.toContain('class="notice" aria-labelledby="problems-title"');
    expect(check.body).toContain(`href="/applications/${id}/pages/1#f-shopName"`);

    const submitted = await post(t, tab, `/applications/${id}/submission`, {
      version: versionOf(check.body),
    });
    expect(submitted.statusCode).toBe(303);
    const number = /^\/cases\/(\d+)\/receipt$/.exec(location(submitted))?.[1] as string;
    expect(number).toMatch(/^330523/);
    const receipt = await get(t, tab, location(submitted));
    expect(receipt.statusCode).toBe(200);
    expect(mainText(receipt.body)).toContain(number);
    expect(receipt.body).toContain(`href="/api/v1/cases/${number}/receipt.pdf"`);
    const progress = await get(t, tab, `/cases/${number}`);
    expect(mainText(progress.body)).toContain("等待受理");

    const mine = await get(t, tab, "/applications");
    expect(mainText(mine.body)).toContain(number);
  });

  it("offers whom the reader may apply for: themselves, a principal, an organisation they represent", async () => {
    const principal = await someone(t, { name: "王秀英", addressRegionCode: "330523001201" });
    const granted = await call(t, principal, "POST", "/api/v1/mandates", {
      agent: w.applicant.email,
      agentName: w.applicant.name,
      validUntil: day(180),
    });
    expect(granted.statusCode).toBe(201);
    const org = await call(t, w.applicant, "POST", "/api/v1/organisations", {
      kind: "social_organisation",
      name: "安吉县餐饮协会",
      creditCode: creditCode("51"),
      regionCode: "330523",
    });
    expect(org.statusCode).toBe(201);
    const page = await get(t, tab, `/apply/${w.offeringId}`);
    expect(page.body).toContain(`value="principal:${principal.id}"`);
    expect(page.body).toContain(`value="organisation:${org.json().id}"`);
    expect(mainText(page.body)).toContain("代 王秀英 申请");
    expect(mainText(page.body)).toContain("为 安吉县餐饮协会 申请");
    const started = await post(t, tab, `/apply/${w.offeringId}`, { for: `principal:${principal.id}` });
    const id = location(started).split("/")[2] as string;
    const draft = (await call(t, w.applicant, "GET", `/api/v1/applications/${id}`)).json();
    expect(draft.applicant).toEqual({ kind: "person", id: principal.id });
    const stranger = await post(t, tab, `/apply/${w.offeringId}`, { for: `principal:${w.applicant.id}0` });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.body).toMatch(/class="error-summary" role="alert"/);
  });

  it("lets the reader choose where to apply when several places take it, nearest first", async () => {
    const db = t.platform.database.db;
    const [code] = await publishItems(db, [
      {
        content: sampleContent(),
        offerings: [
          { regionCode: "330523", departmentId: await department(db, "330523", "market_regulation") },
          {
            regionCode: "330523001",
            departmentId: await department(db, "330523001"),
            hallName: "递铺街道便民服务中心",
          },
        ],
      },
    ]);
    const chooser = await get(t, tab, `/services/${code}/apply`);
    expect(chooser.statusCode).toBe(200);
    const text = mainText(chooser.body);
    expect(text.indexOf("递铺街道便民服务中心")).toBeLessThan(text.indexOf("安吉县市场监督管理局"));
    expect([...chooser.body.matchAll(/href="\/apply\/[0-9a-f-]{36}"/g)]).toHaveLength(2);
  });

  it("asks an anonymous reader to sign in and brings them back", async () => {
    const response = await t.app.inject({ url: `/apply/${w.offeringId}`, headers: { accept: "text/html" } });
    expect(response.statusCode).toBe(303);
    expect(location(response)).toBe(`/account/signin?next=${encodeURIComponent(`/apply/${w.offeringId}`)}`);
  });

  it("refuses a form, or a file, posted without its token", async () => {
    const id = await start();
    const response = await post(t, tab, `/applications/${id}/pages/1`, { shopName: "x" }, { csrf: false });
    expect(response.statusCode).toBe(403);
    const file = await postFile(
      t,
      { ...tab, csrf: "" },
      `/applications/${id}/materials/application`,
      "a.pdf",
      TINY_PDF,
    );
    expect(file.statusCode).toBe(403);
    const forged = await postFile(
      t,
      { ...tab, csrf: "forged" },
      `/applications/${id}/materials/application`,
      "a.pdf",
      TINY_PDF,
    );
    expect(forged.statusCode).toBe(403);
  });
});

describe("a page with problems", () => {
  it("keeps every answer, lists each problem linked to its field, and focuses the list", async () => {
    const id = await start();
    const response = await post(t, tab, `/applications/${id}/pages/1`, {
      shopName: "",
      area: "45平方",
      _action: "next",
    });
    expect(response.statusCode).toBe(400);
    const body = response.body;
    expect(body).toMatch(/<title>错误：店铺/);
    expect(body).toMatch(/class="error-summary" role="alert"[^>]*autofocus/);
    expect(body).toContain('<a href="#f-shopName">请填写“店铺名称”</a>');
    expect(body).toContain('<a href="#f-area">“经营面积（平方米）”请填写数字，例如 45 或 12.5</a>');
    expect(body).toMatch(/id="f-area"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-area"/);
    expect(body).toContain('value="45平方"');
    // Saved whatever its problems: another device sees what was typed.
    const draft = (await call(t, w.applicant, "GET", `/api/v1/applications/${id}`)).json();
    expect(draft.answers.area).toBe("45平方");
  });

  it("converts numbers, lists of ticked boxes and clears an emptied field", async () => {
    const id = await start();
    await post(t, tab, `/applications/${id}/pages/1`, { shopName: "面馆", area: "12.5", _action: "next" });
    await post(t, tab, `/applications/${id}/pages/2`, {
      kinds: ["预包装食品销售", "散装食品销售"],
      _action: "next",
    });
    let answers = (await call(t, w.applicant, "GET", `/api/v1/applications/${id}`)).json().answers;
    expect(answers).toMatchObject({ area: 12.5, kinds: ["预包装食品销售", "散装食品销售"] });
    await post(t, tab, `/applications/${id}/pages/2`, { _action: "next" });
    answers = (await call(t, w.applicant, "GET", `/api/v1/applications/${id}`)).json().answers;
    expect(answers.kinds).toBeUndefined();
  });

  it("saves and comes back later from the list, where the page says it was saved", async () => {
    const id = await start();
    const saved = await post(t, tab, `/applications/${id}/pages/1`, { shopName: "", _action: "save" });
    expect(location(saved)).toBe(`/applications?saved=${id}`);
    const list = await get(t, tab, location(saved));
    expect(mainText(list.body)).toContain("已保存");
    expect(list.body).toContain(`href="/applications/${id}"`);
    const resume = await get(t, tab, `/applications/${id}`);
    expect(location(resume)).toBe(`/applications/${id}/pages/1`);
  });

  it("lists what still stops submission on the check page, each linked to where it is fixed", async () => {
    const id = await start();
    const check = await get(t, tab, `/applications/${id}/check`);
    expect(check.body).toContain(`href="/applications/${id}/pages/1#f-area"`);
    expect(check.body).toContain(`href="/applications/${id}/materials#m-application"`);
    const refused = await post(t, tab, `/applications/${id}/submission`, { version: versionOf(check.body) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/class="error-summary" role="alert"/);
    expect(mainText(refused.body)).toContain("请上传《");
  });
});

describe("answers Tongban already knows", () => {
  it("are filled in and say where they came from; one the law fixes is shown but cannot be changed", async () => {
    const sample = sampleContent();
    const fixed = await caseWorld(t, {
      form: {
        schema: {
          type: "object",
          properties: {
            applicantName: { type: "string", title: "申请人姓名", readOnly: true },
            mobile: { type: "string", title: "联系电话", maxLength: 20 },
            shopName: { type: "string", title: "店铺名称", maxLength: 60 },
          },
          required: ["shopName"],
        },
      },
      materials: sample.materials,
    });
    const mine = (await open(t, fixed.applicant, `/apply/${fixed.offeringId}`)).tab;
    const started = await post(t, mine, `/apply/${fixed.offeringId}`, { for: "self" });
    const id = location(started).split("/")[2] as string;
    const page = await get(t, mine, `/applications/${id}/pages/1`);
    expect(page.body).not.toContain('id="f-applicantName"');
    expect(mainText(page.body)).toContain(
      "申请人姓名 王小明 来自您的个人资料。 此项依法以登记信息为准，不能修改。",
    );
    expect(page.body).toContain(`value="${fixed.applicant.mobile}"`);
    expect(mainText(page.body)).toContain("已按您的个人资料预先填写，可以修改。");
    // A posted value for the fixed field is not taken.
    await post(t, mine, `/applications/${id}/pages/1`, {
      applicantName: "别人",
      shopName: "面馆",
      _action: "next",
    });
    const draft = (await call(t, fixed.applicant, "GET", `/api/v1/applications/${id}`)).json();
    expect(draft.answers).toMatchObject({ applicantName: "王小明", shopName: "面馆" });
  });
});

describe("materials, commitment and delivery", () => {
  it("shows a refused file's reason next to its material, by content and by size", async () => {
    const id = await start();
    const exe = Buffer.concat([
      Buffer.from("MZ"),
      Buffer.alloc(62),
      Buffer.from("PE\0\0"),
      Buffer.alloc(200),
    ]);
    const typed = await postFile(t, tab, `/applications/${id}/materials/application`, "a.pdf", exe);
    expect(typed.statusCode).toBe(415);
    expect(typed.body).toContain('id="m-application-error"');
    expect(mainText(typed.body)).toContain("不能上传");
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    TINY_PDF.copy(big);
    const large = await postFile(t, tab, `/applications/${id}/materials/application`, "b.pdf", big);
    expect(large.statusCode).toBe(413);
    expect(mainText(large.body)).toContain("10 MB");
  });

  it("uploads, replaces and removes a file", async () => {
    const id = await start();
    await postFile(t, tab, `/applications/${id}/materials/application`, "一.pdf", TINY_PDF);
    const page = await get(t, tab, `/applications/${id}/materials?uploaded=application`);
    expect(mainText(page.body)).toContain("已上传：一.pdf");
    expect(page.body).toContain('enctype="multipart/form-data"');
    const removed = await post(t, tab, `/applications/${id}/materials/application/remove`, {});
    expect(location(removed)).toBe(`/applications/${id}/materials?removed=application#m-application`);
    expect(mainText((await get(t, tab, `/applications/${id}/materials`)).body)).toContain("尚未上传");
  });

  it("signs the commitment only with the box ticked, and shows its full text", async () => {
    const id = await start();
    const page = await get(t, tab, `/applications/${id}/materials`);
    expect(mainText(page.body)).toContain("本人承诺");
    const unsigned = await post(t, tab, `/applications/${id}/commitment`, { materials: "application" });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.body).toContain('<a href="#c-sign">');
    const signed = await post(t, tab, `/applications/${id}/commitment`, {
      materials: "application",
      sign: "yes",
    });
    expect(signed.statusCode).toBe(303);
    const after = mainText((await get(t, tab, `/applications/${id}/materials`)).body);
    expect(after).toContain("已用告知承诺代替");
    expect(after).toContain("《食品经营许可申请书》");
  });

  it("asks for the address when the result is posted", async () => {
    const id = await start();
    const refused = await post(t, tab, `/applications/${id}/delivery`, {
      method: "post",
      recipient: "王小明",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<a href="#d-address">');
    expect(refused.body).toContain('value="王小明"');
    const noMethod = await post(t, tab, `/applications/${id}/delivery`, {});
    expect(noMethod.body).toContain('<a href="#d-method">请选择领取方式</a>');
  });
});

describe("submitting", () => {
  it("makes one case of a double click, and both presses land on the same receipt", async () => {
    const id = await start();
    await fill(id);
    const version = versionOf((await get(t, tab, `/applications/${id}/check`)).body);
    const [a, b] = await Promise.all([
      post(t, tab, `/applications/${id}/submission`, { version }),
      post(t, tab, `/applications/${id}/submission`, { version }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    expect(location(a)).toBe(location(b));
    const again = await post(t, tab, `/applications/${id}/submission`, { version });
    expect(location(again)).toBe(location(a));
    const cases = (await call(t, w.applicant, "GET", "/api/v1/cases?limit=100")).json();
    const number = location(a).split("/")[2];
    expect(cases.filter((c: { number: string }) => c.number === number)).toHaveLength(1);
  });

  it("says so when the application changed after the check page was drawn", async () => {
    const id = await start();
    await fill(id);
    const version = versionOf((await get(t, tab, `/applications/${id}/check`)).body);
    await post(t, tab, `/applications/${id}/delivery`, { method: "pickup" });
    const stale = await post(t, tab, `/applications/${id}/submission`, { version });
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain("有了改动");
  });
});

describe("who may see what", () => {
  it("answers a stranger 404 on someone else's application and case", async () => {
    const id = await start();
    const stranger = (await open(t, await someone(t), "/applications")).tab;
    for (const url of [
      `/applications/${id}`,
      `/applications/${id}/pages/1`,
      `/applications/${id}/materials`,
      `/applications/${id}/check`,
    ]) {
      expect((await get(t, stranger, url)).statusCode, url).toBe(404);
    }
    expect((await post(t, stranger, `/applications/${id}/pages/1`, { shopName: "x" })).statusCode).toBe(404);
  });

  it("sends an address that no longer takes applications to where the item is offered now (410)", async () => {
    const db = t.platform.database.db;
    await db
      .updateTable("catalog_offerings")
      .set({ status: "withdrawn" })
      .where("id", "=", w.offeringId)
      .execute();
    try {
      const gone = await get(t, tab, `/apply/${w.offeringId}`);
      expect(gone.statusCode).toBe(410);
      expect(mainText(gone.body)).toContain("这里已不再受理这项申请");
      expect(gone.body).toContain(`href="/services/${w.itemCode}"`);
    } finally {
      await db
        .updateTable("catalog_offerings")
        .set({ status: "active" })
        .where("id", "=", w.offeringId)
        .execute();
    }
  });
});

describe("every page", () => {
  it("renders in Chinese and English, light enough for a slow link", async () => {
    const id = await start();
    await fill(id);
    const pages = [
      `/apply/${w.offeringId}`,
      `/applications/${id}/pages/1`,
      `/applications/${id}/pages/2`,
      `/applications/${id}/materials`,
      `/applications/${id}/delivery`,
      `/applications/${id}/check`,
      "/applications",
    ];
    const english = { cookie: `${tab.cookie}; tb_lang=en` };
    for (const url of pages) {
      const zh = await get(t, tab, url);
      expect(zh.statusCode, url).toBe(200);
      expect(zh.body).toContain('<html lang="zh-CN"');
      const en = await get(t, { ...tab, ...english }, url);
      expect(en.statusCode, url).toBe(200);
      expect(en.body).toContain('<html lang="en"');
      expect(en.body).not.toMatch(/<h1>[^<]*[\u4e00-\u9fff]/);
      expect(await compressedWeight(t, zh.body), url).toBeLessThan(30 * 1024);
      expect(zh.body).not.toContain("<script");
    }
    const en = mainText((await get(t, { ...tab, ...english }, `/applications/${id}/check`)).body);
    expect(en).toContain("Check and submit");
    expect(en).toContain("Download it online");
  });
});
