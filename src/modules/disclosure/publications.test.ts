import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { exeBytes } from "../../platform/files/fixtures.ts";
import { call, caseTestApp, multipartFile, type Staff, staffOf, TINY_PDF } from "../cases/testing.ts";

let t: TestApp;
let publisher: Staff;
let otherPublisher: Staff;
let departmentId: string;
let otherDepartmentId: string;

beforeAll(async () => {
  t = await caseTestApp();
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  departmentId = await department(db, "330523", "market_regulation");
  otherDepartmentId = await department(db, "330523", "civil_affairs");
  publisher = await staffOf(t, "approver");
  otherPublisher = await staffOf(t, "approver", { line: "civil_affairs" });
});
afterAll(() => t.close());

let docSeq = 0;
const publication = (extra: object = {}) => ({
  departmentId,
  category: "policy",
  title: "安吉县关于促进民宿经济高质量发展的若干意见",
  body: "为推动民宿经济发展，制定本意见。\n\n一、加强规划引导。各乡镇应当编制民宿发展规划。",
  documentNumber: `安政发〔2026〕${++docSeq}号`,
  writtenOn: "2026-03-01",
  effectiveFrom: "2026-04-01",
  ...extra,
});

async function publish(extra: object = {}, who: Staff = publisher) {
  const response = await call(t, who, "POST", "/api/v1/disclosure/publications", publication(extra));
  if (response.statusCode !== 201) throw new Error(`publish: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; indexNumber: string; href: string };
}

describe("publishing", () => {
  it("assigns an index number of region-line, category, year and a sequence never reused", async () => {
    const a = await publish();
    const b = await publish({ category: "notice" });
    expect(a.indexNumber).toMatch(/^330523-market_regulation\/ZC-\d{4}-\d{5}$/);
    expect(b.indexNumber).toMatch(/^330523-market_regulation\/TZ-\d{4}-\d{5}$/);
    const seq = (n: string) => Number(n.slice(-5));
    expect(seq(b.indexNumber)).toBe(seq(a.indexNumber) + 1);
    await call(t, publisher, "POST", `/api/v1/disclosure/publications/${b.id}/withdrawal`, {
      reason: "发布错误",
    });
    const c = await publish();
    expect(seq(c.indexNumber)).toBe(seq(b.indexNumber) + 1);
  });

  it("shows markup in title and body as text", async () => {
    const p = await publish({
      title: "<script>alert(1)</script>通知",
      body: "<b>粗体</b> <img src=x onerror=alert(1)>",
    });
    const page = await t.app.inject({ method: "GET", url: p.href });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain("<script>alert(1)");
    expect(page.body).toContain("<h1>&lt;script>alert(1)&lt;/script>通知</h1>");
    expect(page.body).not.toContain("<img src=x");
  });

  it("lists every missing field at once, and refuses an unknown category", async () => {
    const missing = await call(t, publisher, "POST", "/api/v1/disclosure/publications", { departmentId });
    expect(missing.statusCode).toBe(400);
    const fields = (missing.json().errors ?? missing.json().fields ?? []).map(
      (f: { field: string }) => f.field,
    );
    expect(missing.body).toContain("category");
    expect(missing.body).toContain("title");
    expect(missing.body).toContain("body");
    expect(fields.length).toBeGreaterThanOrEqual(3);
    const unknown = await call(
      t,
      publisher,
      "POST",
      "/api/v1/disclosure/publications",
      publication({ category: "gossip" }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe("validation_failed");
  });

  it("refuses a document number the department used already (409), not one another department used", async () => {
    await publish({ documentNumber: "安政发〔2026〕99号" });
    const again = await call(
      t,
      publisher,
      "POST",
      "/api/v1/disclosure/publications",
      publication({ documentNumber: "安政发〔2026〕99号" }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("disclosure_document_number_used");
    await publish({ departmentId: otherDepartmentId, documentNumber: "安政发〔2026〕99号" }, otherPublisher);
  });

  it("is the department's staff's alone: another department's staff get 404, the public 401", async () => {
    const foreign = await call(t, otherPublisher, "POST", "/api/v1/disclosure/publications", publication());
    expect(foreign.statusCode).toBe(404);
    const anonymous = await call(t, undefined, "POST", "/api/v1/disclosure/publications", publication());
    expect(anonymous.statusCode).toBe(401);
  });

  it("keeps each correction as a revision, and a withdrawn page says why", async () => {
    const p = await publish();
    const corrected = await call(
      t,
      publisher,
      "POST",
      `/api/v1/disclosure/publications/${p.id}/corrections`,
      {
        body: "更正后的正文。",
        reason: "第二条表述有误",
      },
    );
    expect(corrected.statusCode).toBe(200);
    const body = corrected.json();
    expect(body.revision).toBe(2);
    expect(body.revisions.map((r: { body: string }) => r.body)).toEqual([
      publication().body,
      "更正后的正文。",
    ]);
    const gone = await call(t, publisher, "POST", `/api/v1/disclosure/publications/${p.id}/withdrawal`, {
      reason: "已被新文件替代",
    });
    expect(gone.json().withdrawn.reason).toBe("已被新文件替代");
    const page = await t.app.inject({ method: "GET", url: p.href });
    expect(page.body).toContain("已被新文件替代");
    expect(page.body).toContain(body.indexNumber);
    const again = await call(t, publisher, "POST", `/api/v1/disclosure/publications/${p.id}/corrections`, {
      reason: "x",
      title: "y",
    });
    expect(again.statusCode).toBe(409);
  });

  it("marks what a new publication repeals, and links an interpretation to its policy", async () => {
    const old = await publish();
    const repealing = await publish({ repeals: [old.id] });
    const oldNow = (await call(t, undefined, "GET", `/api/v1/disclosure/publications/${old.id}`)).json();
    expect(oldNow.validity).toBe("repealed");
    expect(oldNow.repealedBy.id).toBe(repealing.id);
    const reading = await publish({
      category: "interpretation",
      interpretsId: repealing.id,
      documentNumber: null,
    });
    const policy = (
      await call(t, undefined, "GET", `/api/v1/disclosure/publications/${repealing.id}`)
    ).json();
    expect(policy.interpretations.map((l: { id: string }) => l.id)).toEqual([reading.id]);
    const bad = await call(
      t,
      publisher,
      "POST",
      "/api/v1/disclosure/publications",
      publication({ category: "interpretation", interpretsId: null }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("interpretsId");
  });

  it("takes a PDF attachment and refuses a program, saying what it is", async () => {
    const p = await publish();
    const pdf = multipartFile("附件.pdf", TINY_PDF);
    const ok = await t.app.inject({
      method: "PUT",
      url: `/api/v1/disclosure/publications/${p.id}/attachments`,
      headers: { cookie: publisher.cookie, ...pdf.headers },
      payload: pdf.payload,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const file = await t.app.inject({ method: "GET", url: ok.json().href });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");
    const exe = multipartFile("附件.pdf", exeBytes());
    const refused = await t.app.inject({
      method: "PUT",
      url: `/api/v1/disclosure/publications/${p.id}/attachments`,
      headers: { cookie: publisher.cookie, ...exe.headers },
      payload: exe.payload,
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(refused.json().code).toMatch(/file|type/);
  });
});
