import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { licenceUnusable, revokeLicence, usableLicence } from "./service.ts";
import { issueSample, lineStaff } from "./testing.ts";

/** What the once-only work (exchange, applications) asks of the library: may this licence stand in? */
let t: TestApp;
let holder: Someone;
let other: Someone;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  holder = await someone(t, { name: "王小明" });
  other = await someone(t, { name: "李四" });
});
afterAll(() => t.close());

const as = (p: Someone) => ({ kind: "person" as const, id: p.id });
const issue = (p: Someone, overrides: Parameters<typeof issueSample>[2] = {}) =>
  issueSample(t, { kind: "person", id: p.id, name: p.name, identifierMasked: null }, overrides);

async function revoke(id: string) {
  const approver = await lineStaff(t, "approver", "330523");
  const actor = {
    kind: "staff" as const,
    id: approver.id,
    username: "approver",
    displayName: "审批人",
    grants: [{ role: "approver" as const, departmentId: approver.departmentId, jurisdictionCode: "330523" }],
  };
  await revokeLicence(t.platform.database.db, actor, id, "以欺骗手段取得许可", {});
}

describe("licenceUnusable", () => {
  it("accepts a valid licence of the holder's own", async () => {
    const licence = await issue(holder);
    expect(await licenceUnusable(t.platform.database.db, licence.id, as(holder))).toBeUndefined();
  });

  it("names why a licence cannot stand in: revoked, expired, not yet valid, someone else's, not found", async () => {
    const db = t.platform.database.db;
    const now = Date.now();
    const revoked = await issue(holder);
    await revoke(revoked.id);
    const expired = await issue(holder, { now: new Date(now - 3 * DAY), validUntil: new Date(now - DAY) });
    const later = await issue(holder, { validFrom: new Date(now + 10 * DAY) });
    const theirs = await issue(other);
    expect(await licenceUnusable(db, revoked.id, as(holder))).toBe("revoked");
    expect(await licenceUnusable(db, expired.id, as(holder))).toBe("expired");
    expect(await licenceUnusable(db, later.id, as(holder))).toBe("not_yet_valid");
    expect(await licenceUnusable(db, theirs.id, as(holder))).toBe("not_holder");
    expect(await licenceUnusable(db, theirs.id, { kind: "organisation", id: other.id })).toBe("not_holder");
    expect(await licenceUnusable(db, "L00000000000000000000", as(holder))).toBe("not_found");
    expect(await licenceUnusable(db, "nonsense", as(holder))).toBe("not_found");
  });

  it("judges at the instant asked: usable then, expired after", async () => {
    const db = t.platform.database.db;
    const now = Date.now();
    const licence = await issue(holder, { now: new Date(now - 10 * DAY), validUntil: new Date(now - DAY) });
    expect(await licenceUnusable(db, licence.id, as(holder), new Date(now - 5 * DAY))).toBeUndefined();
    expect(await licenceUnusable(db, licence.id, as(holder), new Date(now))).toBe("expired");
  });

  it("treats a record altered since it was signed as no licence at all", async () => {
    const db = t.platform.database.db;
    const licence = await issue(holder);
    await db.updateTable("licences").set({ holder_name: "张三" }).where("id", "=", licence.id).execute();
    expect(await licenceUnusable(db, licence.id, as(holder))).toBe("not_found");
  });
});

describe("usableLicence", () => {
  it("is the newest valid licence of the type, passing over revoked, expired, altered and others' ones", async () => {
    const db = t.platform.database.db;
    const person = await someone(t);
    const now = Date.now();
    const type = { type: "household_register_extract" };
    const older = await issue(person, { ...type, now: new Date(now - 20 * DAY) });
    const newer = await issue(person, { ...type, now: new Date(now - 10 * DAY) });
    expect((await usableLicence(db, as(person), "household_register_extract"))?.id).toBe(newer.id);

    const altered = await issue(person, { ...type, now: new Date(now - 5 * DAY) });
    await db.updateTable("licences").set({ holder_name: "张三" }).where("id", "=", altered.id).execute();
    const revoked = await issue(person, { ...type, now: new Date(now - 4 * DAY) });
    await revoke(revoked.id);
    await issue(person, { ...type, now: new Date(now - 3 * DAY), validUntil: new Date(now - DAY) });
    await issue(person, { ...type, validFrom: new Date(now + DAY) });
    await issue(other, type);
    const found = await usableLicence(db, as(person), "household_register_extract");
    expect(found).toMatchObject({ id: newer.id, state: "valid", genuine: true });
    expect(found?.id).not.toBe(older.id);

    await revoke(newer.id);
    expect((await usableLicence(db, as(person), "household_register_extract"))?.id).toBe(older.id);
  });

  it("is nothing when the holder has no licence of the type in force", async () => {
    const db = t.platform.database.db;
    const person = await someone(t);
    expect(await usableLicence(db, as(person), "household_register_extract")).toBeUndefined();
    await issue(person, { type: "real_estate_certificate" });
    expect(await usableLicence(db, as(person), "household_register_extract")).toBeUndefined();
    expect(
      await usableLicence(db, { kind: "person", id: "not-a-uuid" }, "real_estate_certificate"),
    ).toBeUndefined();
    expect((await usableLicence(db, as(person), "real_estate_certificate"))?.type).toBe(
      "real_estate_certificate",
    );
  });
});
