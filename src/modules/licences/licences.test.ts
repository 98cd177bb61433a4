import { createPublicKey, verify } from "node:crypto";
import { gzipSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { creditCode, seedRegionSlice } from "../../../test/factories.ts";
import { cryptoSuite } from "../../platform/crypto.ts";
import { qrMatrix } from "../../platform/documents/qr.ts";
import { drawnQr, pageContents } from "../../platform/documents/testing.ts";
import { assetUrl } from "../../web/assets.ts";
import { as, type Someone, someone } from "../mandates/testing.ts";
import { verifyLicence } from "./service.ts";
import { issueSample, lineStaff, type SignedInStaff } from "./testing.ts";

let t: TestApp;
let holder: Someone;
let stranger: Someone;
let approver: SignedInStaff;
const YEAR = 365 * 86_400_000;
const html = { accept: "text/html" };

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  holder = await someone(t, { name: "张三丰" });
  stranger = await someone(t);
  approver = await lineStaff(t, "approver", "330523");
});
afterAll(() => t.close());

const personHolder = () => ({
  kind: "person" as const,
  id: holder.id,
  name: holder.name,
  identifierMasked: "3305**********1234",
});

/** Canonical JSON written from the guide for integrators, independently of the module's own code. */
function jcs(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(",")}}`;
}

const page = (url: string, headers: Record<string, string> = html) => t.app.inject({ url, headers });

describe("issuing and verifying an e-licence", () => {
  it("signs the licence with the department's key, which any integrator can check offline", async () => {
    const licence = await issueSample(t, personHolder());
    expect(licence.id).toMatch(/^L[0-9A-HJKMNP-TV-Z]{20}$/);
    expect([licence.state, licence.genuine]).toEqual(["valid", true]);

    const full = (await as(t, holder, "GET", `/api/v1/licences/${licence.id}`)).json();
    const keys = (await t.app.inject(`/api/v1/departments/${full.department.id}/signing-keys`)).json();
    const key = keys.keys.find((k: { id: string }) => k.id === full.signature.keyId);
    const signed = {
      format: "tongban.licence.v1",
      id: full.id,
      type: full.type,
      title: full.title,
      caseId: full.caseId,
      regionCode: full.regionCode,
      departmentId: full.department.id,
      holder: full.holder,
      fields: full.fields,
      issuedAt: full.issuedAt,
      validFrom: full.validFrom,
      validUntil: full.validUntil,
      keyId: full.signature.keyId,
    };
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(key.publicKey, "base64").toString("base64url") },
      format: "jwk",
    });
    const signature = Buffer.from(full.signature.value, "base64");
    expect(verify(null, Buffer.from(jcs(signed), "utf8"), publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from(jcs({ ...signed, type: "other" }), "utf8"), publicKey, signature)).toBe(
      false,
    );

    const checked = await t.app.inject(`/api/v1/licences/${licence.id}/verification`);
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({
      genuine: true,
      status: "valid",
      licence: { holderName: "张*丰" },
    });
    expect(JSON.stringify(checked.json())).not.toContain(holder.id);
  });

  it("makes the department's key once and signs every later licence with it", async () => {
    const first = await issueSample(t, personHolder());
    const second = await issueSample(t, personHolder());
    expect(second.keyId).toBe(first.keyId);
    const keys = (await t.app.inject(`/api/v1/departments/${first.department.id}/signing-keys`)).json();
    expect(keys.keys).toHaveLength(1);
    const stored = await t.platform.database.db
      .selectFrom("department_signing_keys")
      .select("private_key_enc")
      .where("id", "=", first.keyId)
      .executeTakeFirstOrThrow();
    expect(stored.private_key_enc).toMatch(cryptoSuite() === "national" ? /^s2\./ : /^v2\./);
    const unknown = await t.app.inject(
      "/api/v1/departments/00000000-0000-4000-8000-000000000000/signing-keys",
    );
    expect(unknown.statusCode).toBe(404);
  });

  it("records the issue in the audit trail, with its case and region", async () => {
    const caseId = "11111111-1111-4111-8111-111111111111";
    const licence = await issueSample(t, personHolder(), { caseId });
    const entry = await t.platform.database.db
      .selectFrom("audit_log")
      .select(["action", "actor_kind", "case_id", "region_code", "person_id"])
      .where("subject_id", "=", licence.id)
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      action: "licence.issue",
      actor_kind: "system",
      case_id: caseId,
      region_code: "330523",
      person_id: holder.id,
    });
  });

  it("tells a record altered in the database from a genuine one, on the API and the page", async () => {
    const db = t.platform.database.db;
    const licence = await issueSample(t, personHolder());
    await db
      .updateTable("licences")
      .set({ data: JSON.stringify([{ label: { zh: "经营项目", en: "Business" }, value: "散装食品销售" }]) })
      .where("id", "=", licence.id)
      .execute();
    expect(await verifyLicence(db, licence.id)).toMatchObject({
      found: true,
      genuine: false,
      status: "valid",
    });
    expect((await t.app.inject(`/api/v1/licences/${licence.id}/verification`)).json().genuine).toBe(false);
    const shown = await page(`/verify/${licence.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain("核验未通过");
    expect(shown.body).not.toContain("散装食品销售");

    const renamed = await issueSample(t, personHolder());
    await db.updateTable("licences").set({ holder_name: "李四" }).where("id", "=", renamed.id).execute();
    expect(await verifyLicence(db, renamed.id)).toMatchObject({ found: true, genuine: false });
  });

  it("says when a licence has expired or is not valid yet", async () => {
    const db = t.platform.database.db;
    const now = Date.now();
    const expired = await issueSample(t, personHolder(), {
      now: new Date(now - 2 * YEAR),
      validUntil: new Date(now - YEAR),
    });
    expect(await verifyLicence(db, expired.id)).toMatchObject({ genuine: true, status: "expired" });
    const expiredPage = await page(`/verify/${expired.id}`);
    expect(expiredPage.body).toContain("已过期");
    expect(expiredPage.body).toContain("有效期已于");

    const later = await issueSample(t, personHolder(), { validFrom: new Date(now + YEAR) });
    expect(await verifyLicence(db, later.id)).toMatchObject({ genuine: true, status: "not_yet_valid" });
    expect((await page(`/verify/${later.id}`, { ...html, cookie: "tb_lang=en" })).body).toContain(
      "Not yet valid",
    );
  });
});

describe("revoking an e-licence", () => {
  it("by an approver of the issuing department: revoked on the API and the page, with when and why", async () => {
    const licence = await issueSample(t, personHolder());
    const before = (await as(t, approver, "GET", `/api/v1/licences/${licence.id}`)).json();
    expect(before.allowed).toEqual(["revoke"]);
    const revoked = await as(t, approver, "POST", `/api/v1/licences/${licence.id}/revocation`, {
      reason: "以欺骗手段取得许可",
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({
      state: "revoked",
      revokeReason: "以欺骗手段取得许可",
      allowed: [],
    });
    const checked = (await t.app.inject(`/api/v1/licences/${licence.id}/verification`)).json();
    expect(checked).toMatchObject({
      genuine: true,
      status: "revoked",
      licence: { revokeReason: "以欺骗手段取得许可" },
    });
    const shown = await page(`/verify/${licence.id}`);
    expect(shown.body).toContain("已撤销");
    expect(shown.body).toMatch(/已于 \d{4}年\d{1,2}月\d{1,2}日 被发证机关撤销/);
    expect(shown.body).toContain("撤销原因：以欺骗手段取得许可");
    const entry = await t.platform.database.db
      .selectFrom("audit_log")
      .select(["actor_id", "region_code"])
      .where("subject_id", "=", licence.id)
      .where("action", "=", "licence.revoke")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor_id: approver.id, region_code: "330523" });
  });

  it("only once: a revoked licence answers 409 with nothing allowed", async () => {
    const licence = await issueSample(t, personHolder());
    const url = `/api/v1/licences/${licence.id}/revocation`;
    expect((await as(t, approver, "POST", url, { reason: "吊销" })).statusCode).toBe(200);
    const again = await as(t, approver, "POST", url, { reason: "再次吊销" });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "licence_revoked", allowed: [] });
  });

  it("needs a reason of 1 to 500 characters", async () => {
    const licence = await issueSample(t, personHolder());
    const url = `/api/v1/licences/${licence.id}/revocation`;
    for (const body of [{ reason: "" }, { reason: "   " }, { reason: "理".repeat(501) }]) {
      const refused = await as(t, approver, "POST", url, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toEqual([{ field: "/reason", message: expect.stringContaining("500") }]);
    }
    expect((await as(t, approver, "POST", url, {})).statusCode).toBe(400);
    expect(await verifyLicence(t.platform.database.db, licence.id)).toMatchObject({ status: "valid" });
  });
});

describe("the certificate (PDF)", () => {
  it("is the holder's, with the QR code of the verification page; another person gets 404", async () => {
    const licence = await issueSample(t, personHolder());
    const response = await as(t, holder, "GET", `/api/v1/licences/${licence.id}/certificate.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    const doc = await PDFDocument.load(response.rawPayload);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe(`食品经营许可证 ${licence.id}`);
    const verifyUrl = `${t.platform.config.baseUrl.replace(/\/$/, "")}/verify/${licence.id}`;
    expect(drawnQr(pageContents(doc)[0] as string)).toEqual(qrMatrix(verifyUrl));
    const stranger404 = await as(t, stranger, "GET", `/api/v1/licences/${licence.id}/certificate.pdf`);
    expect(stranger404.statusCode).toBe(404);
  });

  it("is an organisation's for its legal representative", async () => {
    const created = await as(t, holder, "POST", "/api/v1/organisations", {
      kind: "enterprise",
      name: "安吉甲茶叶有限公司",
      creditCode: creditCode(),
      regionCode: "330523",
    });
    const organisation = created.json();
    const licence = await issueSample(t, {
      kind: "organisation",
      id: organisation.id,
      name: organisation.name,
      identifierMasked: null,
    });
    expect((await as(t, holder, "GET", `/api/v1/licences/${licence.id}/certificate.pdf`)).statusCode).toBe(
      200,
    );
    expect((await as(t, stranger, "GET", `/api/v1/licences/${licence.id}`)).statusCode).toBe(404);
    const mine = (await as(t, holder, "GET", "/api/v1/licences"))
      .json()
      .items.map((l: { id: string }) => l.id);
    expect(mine).toContain(licence.id);
    const theirs = (await as(t, stranger, "GET", "/api/v1/licences")).json().items;
    expect(theirs).toEqual([]);
    const shown = await page(`/verify/${licence.id}`);
    expect(shown.body).toContain("安吉甲茶叶有限公司");
  });
});

describe("the verification page", () => {
  it("answers without sign-in, in Chinese and in English, within 30,000 bytes gzipped", async () => {
    const licence = await issueSample(t, personHolder());
    const zh = await page(`/verify/${licence.id}`);
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain("<h1>电子证照核验</h1>");
    expect(zh.body).toContain("真实有效");
    expect(zh.body).toContain("张*丰");
    expect(zh.body).not.toContain("张三丰");
    expect(zh.body).toContain("食品经营许可证");
    expect(zh.body).toContain("长期有效");
    expect(zh.body).not.toContain("<script");
    const en = await page(`/verify/${licence.id}`, { ...html, cookie: "tb_lang=en" });
    expect(en.body).toContain("Genuine and valid");
    expect(en.body).toContain("Food business licence");
    expect(en.body).toContain("Premises");

    const gzip = { ...html, "accept-encoding": "gzip" };
    const compressed = await page(`/verify/${licence.id}`, gzip);
    const css = await page(assetUrl("app.css"), gzip);
    const weight = compressed.rawPayload.length + css.rawPayload.length;
    expect(compressed.headers["content-encoding"]).toBe("gzip");
    expect(weight).toBeLessThanOrEqual(30_000);
    expect(gzipSync(zh.body).length).toBeLessThan(10_000);
  });

  it("answers a number that does not exist, or is no number at all, with a 404 page saying what to do", async () => {
    for (const id of [
      "L0000000000000000000000",
      "L00000000000000000000",
      "not-a-licence",
      "L%27%20or%201%3D1--",
    ]) {
      const response = await page(`/verify/${id}`);
      expect([id, response.statusCode]).toEqual([id, 404]);
      expect(response.body).toContain("未找到该证照");
      expect(response.body).toContain("请核对证照编号");
      expect(response.body).toContain("12345");
    }
    const en = await page("/verify/L00000000000000000000", { ...html, cookie: "tb_lang=en" });
    expect(en.body).toContain("Licence not found");
    expect((await t.app.inject("/api/v1/licences/nonsense/verification")).statusCode).toBe(404);
  });
});
