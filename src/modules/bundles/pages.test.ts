import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { get, open, type Tab } from "../applications/pages-testing.ts";
import { caseTestApp, TINY_PDF } from "../cases/testing.ts";
import { type BundleWorld, bundleWorld, handleChild } from "./testing.ts";

let t: TestApp;
let w: BundleWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await bundleWorld(t);
});
afterAll(() => t.close());

/** The bundle's form posted as a browser posts it: multipart, the token in the address, files attached. */
function submit(tab: Tab, fields: Record<string, string>, withFile = true) {
  const boundary = `----tongban${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (withFile) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="m_application_form"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      TINY_PDF,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: "POST",
    url: `/bundles/${w.code}/apply?_csrf=${encodeURIComponent(tab.csrf)}`,
    headers: {
      cookie: tab.cookie,
      accept: "text/html",
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat(parts),
  });
}

describe("the bundle pages", () => {
  it("list the bundle and show its one form, in Chinese and English", async () => {
    const list = await open(t, w.applicant, "/bundles");
    expect(list.response.statusCode).toBe(200);
    expect(list.response.body).toContain(`/bundles/${w.code}`);
    const zh = await open(t, w.applicant, `/bundles/${w.code}`);
    expect(zh.response.body).toContain("测试开办企业");
    expect(zh.response.body).toContain('id="f-enterpriseName"');
    expect(zh.response.body).toContain('name="m_application_form"');
    const en = await open(t, w.applicant, `/bundles/${w.code}`, { lang: "en" });
    expect(en.response.body).toContain("Test enterprise start-up");
    expect(en.response.body).toContain("One set of materials");
  });

  it("tell every problem at once on the form, named by the combined field, and open nothing", async () => {
    const { tab } = await open(t, w.applicant, `/bundles/${w.code}`);
    const token = /name="_token" value="([^"]+)"/.exec((await get(t, tab, `/bundles/${w.code}`)).body)?.[1];
    const refused = await submit(
      tab,
      {
        _token: token ?? "",
        enterpriseName: "安吉县递铺街道小明茶叶与农产品贸易有限责任公司",
        area: "45",
        sealCount: "2",
      },
      false,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toContain('href="#f-enterpriseName"');
    expect(refused.body).toContain('href="#m-application_form"');
    const made = await t.platform.database.db
      .selectFrom("bundle_applications")
      .select("id")
      .where("idempotency_key", "=", token ?? "")
      .execute();
    expect(made).toEqual([]);
  });

  it("submit once, then show each child's state, the partial result with what to do next, and the times", async () => {
    const { tab, response } = await open(t, w.applicant, `/bundles/${w.code}`);
    const token = /name="_token" value="([^"]+)"/.exec(response.body)?.[1] ?? "";
    const fields = { _token: token, enterpriseName: "安吉小明茶叶有限公司", area: "45", sealCount: "2" };
    const sent = await submit(tab, fields);
    expect(sent.statusCode, sent.body).toBe(303);
    const where = String(sent.headers.location);
    expect(where).toMatch(/^\/bundles\/applications\/[0-9a-f-]{36}$/);
    // The same form sent again (a double click) makes nothing new.
    expect(String((await submit(tab, fields)).headers.location)).toBe(where);

    const id = where.split("/").at(-1) as string;
    const children = await t.platform.database.db
      .selectFrom("bundle_cases as b")
      .select(["b.case_id", "b.position"])
      .where("b.bundle_application_id", "=", id)
      .orderBy("b.position")
      .execute();
    expect(children).toHaveLength(3);
    const progress = await get(t, tab, where);
    expect(progress.body).toContain("办理中");
    await handleChild(w, children[0]?.case_id as string, "market_regulation", "grant");
    await handleChild(w, children[1]?.case_id as string, "public_security", "deny");
    await handleChild(w, children[2]?.case_id as string, "taxation", "grant");
    const done = await get(t, tab, where);
    expect(done.body).toContain("部分未获批准");
    expect(done.body).toContain("请联系安吉县公安局");
    expect(done.body).toContain("/certificate.pdf");
    expect(done.body).toMatch(/一件事用时 .+；各事项用时合计 .+。/);
    const mine = await get(t, tab, "/bundles/applications");
    expect(mine.body).toContain(where);
  });

  it("keep someone else's bundle application out of sight", async () => {
    const { someone } = await import("../mandates/testing.ts");
    const { tab, response } = await open(t, w.applicant, `/bundles/${w.code}`);
    const token = /name="_token" value="([^"]+)"/.exec(response.body)?.[1] ?? "";
    const sent = await submit(tab, {
      _token: token,
      enterpriseName: "安吉甲公司",
      area: "10",
      sealCount: "1",
    });
    const stranger = await someone(t, { name: "李四" });
    const seen = await open(t, stranger, String(sent.headers.location));
    expect(seen.response.statusCode).toBe(404);
  });
});
