import { sql } from "kysely";
import { sm2 } from "sm-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { setCryptoSuite } from "../../platform/crypto.ts";
import { as, type Someone, someone } from "../mandates/testing.ts";
import { canonicalBytes } from "./canonical.ts";
import { verifyBytes } from "./keys.ts";
import { verifyLicence } from "./service.ts";
import { issueSample } from "./testing.ts";

let t: TestApp;
let holder: Someone;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  await seedRegionSlice(t.platform.database.db);
  holder = await someone(t, { name: "李四" });
});
afterAll(async () => {
  await t.close();
});

const personHolder = () => ({
  kind: "person" as const,
  id: holder.id,
  name: holder.name,
  identifierMasked: null,
});

interface KeyView {
  id: string;
  algorithm: string;
  publicKey: string;
  retiredAt: string | null;
}

describe("e-licences under the national suite (SM2)", () => {
  it("retires the department's Ed25519 key on the first licence after the switch, and signs with SM2 from then on", async () => {
    setCryptoSuite("international");
    const before = await issueSample(t, personHolder());
    setCryptoSuite("national");
    const after = await issueSample(t, personHolder());
    const again = await issueSample(t, personHolder());
    expect(after.keyId).not.toBe(before.keyId);
    expect(again.keyId).toBe(after.keyId);

    const keys: KeyView[] = (
      await t.app.inject(`/api/v1/departments/${after.department.id}/signing-keys`)
    ).json().keys;
    const byId = new Map(keys.map((k) => [k.id, k]));
    expect(byId.get(before.keyId)).toMatchObject({ algorithm: "Ed25519" });
    expect(byId.get(before.keyId)?.retiredAt).not.toBeNull();
    expect(byId.get(after.keyId)).toMatchObject({ algorithm: "SM2", retiredAt: null });
    expect(Buffer.from(byId.get(after.keyId)?.publicKey ?? "", "base64")).toHaveLength(65);

    // Both licences stay genuine, each under its own key's algorithm.
    for (const licence of [before, after]) {
      const checked = (await t.app.inject(`/api/v1/licences/${licence.id}/verification`)).json();
      expect(checked).toMatchObject({ genuine: true, status: "valid" });
    }
    const full = (await as(t, holder, "GET", `/api/v1/licences/${after.id}`)).json();
    expect(full.signature.algorithm).toBe("SM2");
    expect(Buffer.from(full.signature.value, "base64")).toHaveLength(64);
  });

  it("makes signatures that another SM2 implementation (sm-crypto) checks, with SM3 and the default signer identity", async () => {
    setCryptoSuite("national");
    const licence = await issueSample(t, personHolder());
    const record = await verifyLicence(t.platform.database.db, licence.id);
    expect(record).toMatchObject({ found: true, genuine: true });
    const keys: KeyView[] = (
      await t.app.inject(`/api/v1/departments/${licence.department.id}/signing-keys`)
    ).json().keys;
    const key = keys.find((k) => k.id === licence.keyId) as KeyView;
    const full = (await as(t, holder, "GET", `/api/v1/licences/${licence.id}`)).json();
    const bytes = canonicalBytes({ ...licence, departmentId: licence.department.id });
    const publicHex = Buffer.from(key.publicKey, "base64").toString("hex");
    const signatureHex = Buffer.from(full.signature.value, "base64").toString("hex");
    expect(
      sm2.doVerifySignature(Array.from(bytes), signatureHex, publicHex, {
        hash: true,
        userId: "1234567812345678",
      }),
    ).toBe(true);
    expect(
      sm2.doVerifySignature(Array.from(bytes), signatureHex, publicHex, { hash: true, userId: "other" }),
    ).toBe(false);
  });

  it("finds a licence changed in the database, or its signature swapped, not genuine", async () => {
    setCryptoSuite("national");
    const licence = await issueSample(t, personHolder());
    const db = t.platform.database.db;
    await sql`update licences set holder_name = '王五' where id = ${licence.id}`.execute(db);
    expect((await t.app.inject(`/api/v1/licences/${licence.id}/verification`)).json().genuine).toBe(false);

    const other = await issueSample(t, personHolder());
    await sql`update licences set signature = ${other.signature} where id = ${licence.id}`.execute(db);
    expect((await t.app.inject(`/api/v1/licences/${licence.id}/verification`)).json().genuine).toBe(false);
  });

  it("checks SM2 signatures without throwing on keys or signatures of the wrong shape", () => {
    const pair = sm2.generateKeyPairHex();
    const bytes = new TextEncoder().encode("通办");
    const signature = Buffer.from(
      sm2.doSignature(Array.from(bytes), pair.privateKey, { hash: true }),
      "hex",
    ).toString("base64");
    const publicKey = Buffer.from(pair.publicKey, "hex").toString("base64");
    expect(verifyBytes("SM2", publicKey, bytes, signature)).toBe(true);
    expect(verifyBytes("SM2", publicKey, new TextEncoder().encode("通辦"), signature)).toBe(false);
    expect(verifyBytes("SM2", Buffer.alloc(65).toString("base64"), bytes, signature)).toBe(false);
    expect(verifyBytes("SM2", publicKey.slice(0, 20), bytes, signature)).toBe(false);
    expect(verifyBytes("SM2", publicKey, bytes, "not base64 at all!")).toBe(false);
    expect(verifyBytes("Ed25519", publicKey, bytes, signature)).toBe(false);
  });
});
