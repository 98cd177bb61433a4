import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { department } from "../../../../test/factories.ts";
import type { Db } from "../../../platform/db/database.ts";
import { TINY_PDF } from "../../cases/testing.ts";
import { publishItems, sampleContent } from "../../catalog/testing.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { BASE, type RegistrationWorld, registrationWorld, send, submitSample, uploadPdf } from "./testing.ts";

let w: RegistrationWorld;
let db: Db;

beforeAll(async () => {
  w = await registrationWorld();
  db = w.t.platform.database.db;
});
afterAll(() => w?.t.close());

const departmentOf = (region: string, line = "government_service") => department(db, region, line);

const SUBMIT = "POST /services/{serviceId}/applications";

describeOperation("registration", "POST /services/{serviceId}/applications", () => {
  it("+ makes a real case from JSON: on the clerk's worklist, channel api, submitted by the client", async () => {
    const response = await submitSample(w);
    expectSpecResponse("registration", SUBMIT, response);
    const file = response.json();
    expect(file).toMatchObject({
      serviceId: w.offeringId,
      serviceName: "食品经营许可",
      status: { code: "PENDING", title: "待受理" },
      ended: false,
      applicationData: {
        applicantId: "sgh123h5-bdb2-11ed-9397-0242ac120004",
        applicationName: "小明面馆",
        formData: { eFormId: "FORM", data: { shopName: { value: "小明面馆" }, area: { value: 45 } } },
      },
    });
    expect(file.applicationData.documentUrls).toEqual([
      expect.stringMatching(/\/govstack\/registration\/documents\//),
    ]);
    const row = await db
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", file.fileId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "api", submitter_kind: "client", submitter_id: w.portal.id });
    const [first] = await db
      .selectFrom("case_events")
      .select(["actor_kind", "actor_id"])
      .where("case_id", "=", file.fileId)
      .orderBy("seq")
      .execute();
    expect(first).toMatchObject({ actor_kind: "client", actor_id: w.portal.id });
    const worklist = await w.t.app.inject({
      method: "GET",
      url: "/api/v1/work/tasks",
      headers: { cookie: w.clerk.cookie },
    });
    expect(JSON.stringify(worklist.json())).toContain(file.fileId);
    const materials = await db
      .selectFrom("case_materials")
      .selectAll()
      .where("case_id", "=", file.fileId)
      .execute();
    expect(materials).toContainEqual(
      expect.objectContaining({ material_key: "application", source: "upload" }),
    );
  });

  it("+ takes a form-urlencoded body", async () => {
    const url = await uploadPdf(w.t, w.portal, "application");
    const form = new URLSearchParams({
      applicantId: "form-applicant",
      "formData[data][shopName]": "表单面馆",
      "formData[data][area]": "30",
      documentUrls: url,
    });
    const response = await send(
      w.t,
      "POST",
      `/services/${w.offeringId}/applications`,
      { ...w.portal.headers, "content-type": "application/x-www-form-urlencoded" },
      form.toString(),
    );
    // A form's values are text: the native form check refuses "30" for a number, naming the field.
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: "/answers/area" })]);
    const json = new URLSearchParams({
      applicantId: "form-applicant",
      formData: JSON.stringify({ data: { shopName: "表单面馆", area: 30 } }),
      documentUrls: await uploadPdf(w.t, w.portal, "application"),
    });
    const ok = await send(
      w.t,
      "POST",
      `/services/${w.offeringId}/applications`,
      { ...w.portal.headers, "content-type": "application/x-www-form-urlencoded" },
      json.toString(),
    );
    expectSpecResponse("registration", SUBMIT, ok);
    expect(ok.json().applicationData).toMatchObject({
      applicantId: "form-applicant",
      formData: { data: { area: { value: 30 } } },
    });
  });

  it("+ applies for a person with an account by their ID number (identified mode)", async () => {
    const response = await submitSample(w, w.identified, { applicantId: w.applicant.idNumber });
    expectSpecResponse("registration", SUBMIT, response);
    const row = await db
      .selectFrom("cases")
      .select(["applicant_id"])
      .where("id", "=", response.json().fileId)
      .executeTakeFirstOrThrow();
    expect(row.applicant_id).toBe(w.applicant.id);
    expect(response.json().applicationData.applicantId).toBe(w.applicant.idNumber);
  });

  it("+ answers a retry with the same Idempotency-Key with the same file", async () => {
    const url = await uploadPdf(w.t, w.portal, "application");
    const body = {
      applicantId: "retry",
      formData: { data: { shopName: "重试面馆", area: 10 } },
      documentUrls: [url],
    };
    const headers = { ...w.portal.headers, "idempotency-key": `retry-${randomUUID()}` };
    const first = await send(w.t, "POST", `/services/${w.offeringId}/applications`, headers, body);
    const again = await send(w.t, "POST", `/services/${w.offeringId}/applications`, headers, body);
    expectSpecResponse("registration", SUBMIT, again);
    expect(again.json().fileId).toBe(first.json().fileId);
    const reused = await send(w.t, "POST", `/services/${w.offeringId}/applications`, headers, {
      ...body,
      formData: { data: { shopName: "别的面馆", area: 10 } },
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("− answers an unknown service and a withdrawn offering with 404", async () => {
    const missing = await send(w.t, "POST", `/services/${randomUUID()}/applications`, w.portal.headers, {
      applicantId: "x",
    });
    expect(missing.statusCode).toBe(404);
    expectSpecResponse("registration", "POST /services/{serviceId}/applications", missing);
    const garbage = await send(w.t, "POST", "/services/n0t-a-service/applications", w.portal.headers, {
      applicantId: "x",
    });
    expect(garbage.statusCode).toBe(404);
    const [code] = (await publishItems(db, [
      {
        content: sampleContent(),
        offerings: [
          { regionCode: "330523", departmentId: await departmentOf("330523", "market_regulation") },
        ],
      },
    ])) as [string];
    const offering = await db
      .selectFrom("catalog_offerings as o")
      .innerJoin("catalog_items as i", "i.id", "o.item_id")
      .select("o.id")
      .where("i.code", "=", code)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("catalog_offerings")
      .set({ status: "withdrawn" })
      .where("id", "=", offering.id)
      .execute();
    const withdrawn = await submitSample(w, w.portal, {}, {}, offering.id);
    expect(withdrawn.statusCode).toBe(404);
    expect(withdrawn.json()).toMatchObject({ code: "govstack_service_not_offered" });
  });

  it("− refuses a missing body, a missing applicantId and a bad created (400)", async () => {
    const url = `/services/${w.offeringId}/applications`;
    const none = await send(w.t, "POST", url, { ...w.portal.headers, "content-type": "application/json" });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ code: "govstack_body_missing" });
    const noApplicant = await send(w.t, "POST", url, w.portal.headers, { created: "yesterday" });
    expect(noApplicant.statusCode).toBe(400);
    expect(noApplicant.json().errors).toEqual([
      { field: "/applicantId", message: "is required" },
      { field: "/created", message: "must be an RFC 3339 date-time" },
    ]);
  });

  it("− answers malformed bodies with 4xx, never a 5xx", async () => {
    const url = `/services/${w.offeringId}/applications`;
    const bodies: unknown[] = [
      [],
      "just text",
      { applicantId: 42 },
      { applicantId: { value: ["x"] } },
      { applicantId: "x".repeat(201) },
      { applicantId: "x", created: 17 },
      { applicantId: "x", created: "0000-01-01T00:00:00Z" },
      { applicantId: "x", formData: [] },
      { applicantId: "x", formData: { data: "shopName" } },
      { applicantId: "x", formData: { eFormId: { nested: true } } },
      { applicantId: "x", documentUrls: [1, 2] },
      { applicantId: "x", documentUrls: Array.from({ length: 61 }, () => "u") },
      { applicantId: "x", formData: { data: { shopName: { value: { deep: [1, { x: null }] } } } } },
    ];
    for (const body of bodies) {
      const response = await send(
        w.t,
        "POST",
        url,
        { ...w.portal.headers, "content-type": "application/json" },
        JSON.stringify(body),
      );
      expect(response.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, JSON.stringify(body)).toBeLessThan(500);
    }
    const broken = await send(
      w.t,
      "POST",
      url,
      { ...w.portal.headers, "content-type": "application/json" },
      "{not json",
    );
    expect(broken.statusCode).toBe(400);
  });

  it("− lists every problem of the answers and the missing material at once (400)", async () => {
    const response = await send(w.t, "POST", `/services/${w.offeringId}/applications`, w.portal.headers, {
      applicantId: "bad-answers",
      formData: { data: { area: -1, unknown: "x" } },
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "/answers/unknown",
        "/answers/shopName",
        "/answers/area",
        "/materials/application",
      ]),
    );
  });

  it("− refuses an ID number without an account (identified mode, 400)", async () => {
    const response = await submitSample(w, w.identified, { applicantId: "110101199003077777" });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: "/applicantId" })]);
  });

  it("− refuses a client without application.submit (403), no credentials (401), a bad token (401)", async () => {
    const url = `/services/${w.offeringId}/applications`;
    const body = { applicantId: "x" };
    expect((await send(w.t, "POST", url, w.intake.headers, body)).statusCode).toBe(403);
    expect((await send(w.t, "POST", url, w.portal.mediatorHeaders, body)).statusCode).toBe(401);
    const bad = await send(
      w.t,
      "POST",
      url,
      { ...w.portal.headers, authorization: "Bearer tbc_nonsense" },
      body,
    );
    expect(bad.statusCode).toBe(401);
  });

  it("− refuses another client's header (403) and text/plain (415)", async () => {
    const url = `/services/${w.offeringId}/applications`;
    const mismatch = await send(
      w.t,
      "POST",
      url,
      { ...w.portal.headers, "information-mediator-client": w.identified.mediatorClient },
      {
        applicantId: "x",
      },
    );
    expect(mismatch.statusCode).toBe(403);
    const text = await send(
      w.t,
      "POST",
      url,
      { ...w.portal.headers, "content-type": "text/plain" },
      "applicantId=x",
    );
    expect(text.statusCode).toBe(415);
  });
});

const UPLOAD = "POST /documents";

describeOperation("registration", "POST /documents", () => {
  const multipart = (parts: { name: string; filename?: string; content: Buffer | string }[]) => {
    const boundary = `----govstack${randomUUID()}`;
    const chunks = parts.flatMap((p) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n${p.filename ? "Content-Type: application/octet-stream\r\n" : ""}\r\n`,
      ),
      Buffer.from(p.content),
      Buffer.from("\r\n"),
    ]);
    return {
      payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    };
  };

  it("+ takes a multipart file part", async () => {
    const body = multipart([{ name: "file", filename: "申请书.pdf", content: TINY_PDF }]);
    const response = await send(
      w.t,
      "POST",
      "/documents",
      { ...w.portal.headers, ...body.headers },
      body.payload,
    );
    expectSpecResponse("registration", UPLOAD, response);
    expect(response.json()).toMatchObject({
      code: 200,
      type: "application/pdf",
      url: expect.stringContaining(`${BASE}/documents/`),
    });
  });

  it("+ takes base64 in a form and in JSON", async () => {
    const form = await send(
      w.t,
      "POST",
      "/documents",
      { ...w.portal.headers, "content-type": "application/x-www-form-urlencoded" },
      new URLSearchParams({ file: TINY_PDF.toString("base64") }).toString(),
    );
    expectSpecResponse("registration", UPLOAD, form);
    const json = await send(w.t, "POST", "/documents", w.portal.headers, {
      file: [TINY_PDF.toString("base64")],
    });
    expectSpecResponse("registration", UPLOAD, json);
  });

  it("+ assigns the material additionalMetadata names", async () => {
    const layout = await uploadPdf(w.t, w.portal, "layout");
    const application = await uploadPdf(w.t, w.portal, "material=application");
    const response = await send(w.t, "POST", `/services/${w.offeringId}/applications`, w.portal.headers, {
      applicantId: "materials",
      formData: { data: { shopName: "两份材料", area: 20 } },
      documentUrls: [layout, application, "https://elsewhere.example/never-fetched.pdf"],
    });
    expectSpecResponse("registration", SUBMIT, response);
    expect(response.json().applicationData.documentUrls).toEqual([
      expect.any(String),
      expect.any(String),
      "https://elsewhere.example/never-fetched.pdf",
    ]);
    const materials = await db
      .selectFrom("case_materials")
      .select("material_key")
      .where("case_id", "=", response.json().fileId)
      .where("source", "=", "upload")
      .execute();
    expect(materials.map((m) => m.material_key).sort()).toEqual(["application", "layout"]);
  });

  it("− refuses a request without a payload with the spec's 400 systemError", async () => {
    for (const payload of [undefined, {}]) {
      const response = await send(
        w.t,
        "POST",
        "/documents",
        { ...w.portal.headers, "content-type": "application/json" },
        payload,
      );
      expect(response.statusCode).toBe(400);
      expectSpecResponse("registration", UPLOAD, response);
      expect(response.json()).toMatchObject({ code: "govstack_body_missing" });
    }
  });

  it("− refuses what is not a PDF, JPEG or PNG, bad base64, two files and over 10 MiB (400)", async () => {
    const cases: [object, string][] = [
      [{ file: Buffer.from("just some text, not a picture").toString("base64") }, "file_type_refused"],
      [{ file: "%%%not base64%%%" }, "govstack_document_invalid"],
      [{ file: [TINY_PDF.toString("base64"), TINY_PDF.toString("base64")] }, "govstack_document_invalid"],
      [
        { file: Buffer.concat([TINY_PDF, Buffer.alloc(10 * 1024 * 1024)]).toString("base64") },
        "file_too_large",
      ],
    ];
    for (const [payload, code] of cases) {
      const response = await send(w.t, "POST", "/documents", w.portal.headers, payload);
      expect(response.statusCode, code).toBe(400);
      expect(response.json().code).toBe(code);
      expectSpecResponse("registration", UPLOAD, response);
    }
    const two = multipart([
      { name: "file", filename: "a.pdf", content: TINY_PDF },
      { name: "file", filename: "b.pdf", content: TINY_PDF },
    ]);
    const response = await send(
      w.t,
      "POST",
      "/documents",
      { ...w.portal.headers, ...two.headers },
      two.payload,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("govstack_document_invalid");
    // A type the route takes no body of: the spec's 400 here, not 415.
    const text = await send(
      w.t,
      "POST",
      "/documents",
      { ...w.portal.headers, "content-type": "text/plain" },
      "file",
    );
    expect(text.statusCode).toBe(400);
    expectSpecResponse("registration", "POST /documents", text);
  });

  it("− refuses an upload without credentials (401)", async () => {
    const response = await send(
      w.t,
      "POST",
      "/documents",
      { "content-type": "application/json" },
      { file: TINY_PDF.toString("base64") },
    );
    expect(response.statusCode).toBe(401);
  });
});
