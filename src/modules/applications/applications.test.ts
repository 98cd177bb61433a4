import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import {
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  multipartFile,
  SAMPLE_ANSWERS,
  TINY_PDF,
} from "../cases/testing.ts";
import { sampleContent } from "../catalog/testing.ts";
import { someone } from "../mandates/testing.ts";

let t: TestApp;
let w: CaseWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

async function draft(): Promise<string> {
  const started = await call(t, w.applicant, "POST", "/api/v1/applications", { offering: w.offeringId });
  expect(started.statusCode).toBe(201);
  return started.json().id;
}

function upload(id: string, key: string, name: string, content: Uint8Array, type = "application/pdf") {
  const file = multipartFile(name, content, type);
  return t.app.inject({
    method: "PUT",
    url: `/api/v1/applications/${id}/materials/${key}`,
    headers: { cookie: w.applicant.cookie, ...file.headers },
    payload: file.payload,
  });
}

describe("a draft", () => {
  it("is prefilled from the applicant's last case and says where each answer came from", async () => {
    await applyOnline(w, { answers: { ...SAMPLE_ANSWERS, shopName: "老王面馆" } });
    const id = await draft();
    const view = (await call(t, w.applicant, "GET", `/api/v1/applications/${id}`)).json();
    expect(view.answers).toMatchObject({ shopName: "老王面馆", area: 45 });
    expect(view.prefilled.shopName).toMatch(/^case:330523/);
  });

  it("keeps every answer given, whatever its problems, and lists every problem at submission", async () => {
    const id = await draft();
    const saved = await call(t, w.applicant, "PATCH", `/api/v1/applications/${id}`, {
      answers: { shopName: "x".repeat(61), area: -3 },
    });
    expect(saved.statusCode).toBe(200);
    expect(
      saved
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(["/answers/area", "/answers/shopName"]);
    expect(saved.json().application.answers).toMatchObject({ area: -3 });

    const submitted = await call(t, w.applicant, "POST", `/api/v1/applications/${id}/submission`, {});
    expect(submitted.statusCode).toBe(400);
    const fields = submitted.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(["/answers/area", "/answers/shopName", "/materials/application"]),
    );
    // Nothing was lost: the draft still holds what was typed.
    const view = (await call(t, w.applicant, "GET", `/api/v1/applications/${id}`)).json();
    expect(view.answers.shopName).toHaveLength(61);
  });

  it("refuses answers to fields the form does not have", async () => {
    const id = await draft();
    const saved = await call(t, w.applicant, "PATCH", `/api/v1/applications/${id}`, {
      answers: { isAdmin: true },
    });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().errors[0].field).toBe("/answers/isAdmin");
  });

  it("belongs to its owner alone", async () => {
    const id = await draft();
    const other = await someone(t);
    expect((await call(t, other, "GET", `/api/v1/applications/${id}`)).statusCode).toBe(404);
    expect((await call(t, other, "POST", `/api/v1/applications/${id}/submission`, {})).statusCode).toBe(404);
  });
});

describe("materials", () => {
  it("refuses a program renamed .pdf, by its content", async () => {
    const id = await draft();
    const exe = Buffer.concat([
      Buffer.from("MZ"),
      Buffer.alloc(62),
      Buffer.from("PE\0\0"),
      Buffer.alloc(200),
    ]);
    const response = await upload(id, "application", "申请书.pdf", exe);
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe("file_type_refused");
  });

  it("never uses a file name as a path", async () => {
    const id = await draft();
    const response = await upload(id, "application", "../../etc/passwd", TINY_PDF);
    expect(response.statusCode).toBe(200);
    const material = response.json().materials.find((m: { key: string }) => m.key === "application");
    expect(material.file.name).not.toContain("/");
    expect(material.file.name).toMatch(/\.pdf$/);
  });

  it("refuses a file over the item's limit without reading it all", async () => {
    const id = await draft();
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    TINY_PDF.copy(big);
    const response = await upload(id, "application", "big.pdf", big);
    expect(response.statusCode).toBe(413);
  });

  it("keeps a PDF with script but serves it only as an attachment, never sniffed", async () => {
    const id = await draft();
    const scripted = Buffer.from(
      TINY_PDF.toString("latin1").replace(
        "/Type/Catalog",
        "/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>",
      ),
      "latin1",
    );
    expect((await upload(id, "application", "scripted.pdf", scripted)).statusCode).toBe(200);
    const download = await call(t, w.applicant, "GET", `/api/v1/applications/${id}/materials/application`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-disposition"]).toMatch(/^attachment/);
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("names a material the item does not ask for as unknown", async () => {
    const id = await draft();
    expect((await upload(id, "passport", "p.pdf", TINY_PDF)).statusCode).toBe(404);
  });
});

describe("submission", () => {
  it("makes one case however often a draft is submitted", async () => {
    const id = await draft();
    await call(t, w.applicant, "PATCH", `/api/v1/applications/${id}`, { answers: SAMPLE_ANSWERS });
    await upload(id, "application", "a.pdf", TINY_PDF);
    const [a, b] = await Promise.all([
      call(t, w.applicant, "POST", `/api/v1/applications/${id}/submission`, {}),
      call(t, w.applicant, "POST", `/api/v1/applications/${id}/submission`, {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().caseId).toBe(b.json().caseId);
  });

  it("in one request, replays a retried Idempotency-Key and refuses one reused for something else", async () => {
    const body = {
      offering: w.offeringId,
      answers: SAMPLE_ANSWERS,
      materials: [{ key: "application", fileName: "a.pdf", contentBase64: TINY_PDF.toString("base64") }],
    };
    const headers = { "idempotency-key": `test-${Date.now()}` };
    const first = await call(t, w.applicant, "POST", "/api/v1/submissions", body, headers);
    expect(first.statusCode).toBe(201);
    const retry = await call(t, w.applicant, "POST", "/api/v1/submissions", body, headers);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().number).toBe(first.json().number);
    const other = await call(
      t,
      w.applicant,
      "POST",
      "/api/v1/submissions",
      { ...body, answers: { ...SAMPLE_ANSWERS, area: 99 } },
      headers,
    );
    expect(other.statusCode).toBe(422);
    const missing = await call(t, w.applicant, "POST", "/api/v1/submissions", body);
    expect(missing.statusCode).toBe(400);
  });

  it("takes a signed commitment in place of a material and marks the case for a later check", async () => {
    const { caseId } = await applyOnline(w, { commitment: ["application"] });
    const view = (await call(t, w.applicant, "GET", `/api/v1/cases/${caseId}`)).json();
    expect(view.commitment).toMatchObject({ materials: ["application"], checkDue: true });
    expect(view.commitment.text).toContain("本人承诺");
    expect(view.materials).toEqual([expect.objectContaining({ key: "application", source: "commitment" })]);
  });

  it("gives a receipt as a PDF", async () => {
    const { number } = await applyOnline(w);
    const receipt = await call(t, w.applicant, "GET", `/api/v1/cases/${number}/receipt.pdf`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers["content-type"]).toBe("application/pdf");
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });
});

describe("following a case without signing in", () => {
  it("works with the case number and the last 6 of the phone, and says nothing for a wrong pair", async () => {
    const { number } = await applyOnline(w);
    const found = await call(t, undefined, "POST", "/api/v1/case-lookup", {
      number,
      tail: w.applicant.mobile.slice(-6),
    });
    expect(found.statusCode).toBe(200);
    expect(found.json().case).toMatchObject({ number, state: "intake", data: {}, materials: [] });
    const byId = await call(t, undefined, "POST", "/api/v1/case-lookup", {
      number,
      tail: w.applicant.idNumber.slice(-6),
    });
    expect(byId.statusCode).toBe(200);
    const wrong = await call(t, undefined, "POST", "/api/v1/case-lookup", { number, tail: "000000" });
    expect(wrong.statusCode).toBe(404);
    const unknown = await call(t, undefined, "POST", "/api/v1/case-lookup", {
      number: "330523202601010000001",
      tail: "000000",
    });
    expect(unknown.json().code).toBe(wrong.json().code);
  });

  it("stops someone guessing case numbers", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const guess = `330523202611270000${String(i).padStart(2, "0")}`;
      statuses.push(
        (await call(t, undefined, "POST", "/api/v1/case-lookup", { number: guess, tail: "123456" }))
          .statusCode,
      );
    }
    expect(statuses).toContain(429);
  });
});

describe("a material the online form produces", () => {
  it("asks for no upload, and the case records where it came from", async () => {
    const base = sampleContent();
    const world = await caseWorld(t, {
      materials: base.materials.map((m) =>
        m.key === "application" ? { ...m, form: "electronic" as const, satisfiedBy: { form: true } } : m,
      ),
    });
    const started = await call(t, world.applicant, "POST", "/api/v1/applications", {
      offering: world.offeringId,
    });
    const id = started.json().id as string;
    expect(started.json().materials.find((m: { key: string }) => m.key === "application")).toMatchObject({
      fromForm: true,
    });
    await call(t, world.applicant, "PATCH", `/api/v1/applications/${id}`, { answers: SAMPLE_ANSWERS });
    const submitted = await call(t, world.applicant, "POST", `/api/v1/applications/${id}/submission`, {});
    expect(submitted.statusCode).toBe(201);
    const view = (await call(t, world.applicant, "GET", `/api/v1/cases/${submitted.json().caseId}`)).json();
    expect(view.materials).toEqual([expect.objectContaining({ key: "application", source: "form" })]);
  });
});
