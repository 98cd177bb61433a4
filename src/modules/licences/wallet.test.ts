import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { creditCode, seedRegionSlice } from "../../../test/factories.ts";
import { as, type Someone, someone } from "../mandates/testing.ts";
import { issueSample, lineStaff, type SignedInStaff } from "./testing.ts";
import { shareLicence } from "./wallet.ts";

let t: TestApp;
let holder: Someone;
let stranger: Someone;
let approver: SignedInStaff;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WECHAT_ON_ANDROID =
  "Mozilla/5.0 (Linux; Android 14; V2243A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47";

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  holder = await someone(t, { name: "王小明" });
  stranger = await someone(t, { name: "李四" });
  approver = await lineStaff(t, "approver", "330523");
});
afterAll(() => t.close());

const mine = (overrides: Parameters<typeof issueSample>[2] = {}) =>
  issueSample(
    t,
    { kind: "person", id: holder.id, name: holder.name, identifierMasked: "3305**********0012" },
    // Issued yesterday unless said, so that a share made "an hour ago" finds it valid.
    { now: new Date(Date.now() - DAY), ...overrides },
  );

const share = (licenceId: string, body: object, who: Someone = holder) =>
  as(t, who, "POST", `/api/v1/licences/${licenceId}/shares`, body);

/** A share made `ago` milliseconds back, through the service, with that instant as "now". */
async function shareMadeAgo(licenceId: string, lifetime: string, ago: number) {
  return shareLicence(
    t.platform.database.db,
    holder.actor,
    licenceId,
    { recipient: "招商银行安吉支行", lifetime },
    { baseUrl: t.platform.config.baseUrl },
    {},
    new Date(Date.now() - ago),
  );
}

const open = (token: string, headers: Record<string, string> = {}, remoteAddress = "203.0.113.77") =>
  t.app.inject({ url: `/api/v1/shares/${token}`, headers, remoteAddress });

describe("the wallet", () => {
  it("lists the person's licences and their organisation's, each with its state and whether it may be shared", async () => {
    const valid = await mine();
    const expired = await mine({
      now: new Date(Date.now() - 400 * DAY),
      validUntil: new Date(Date.now() - DAY),
    });
    const revoked = await mine();
    await as(t, approver, "POST", `/api/v1/licences/${revoked.id}/revocation`, { reason: "以欺骗手段取得" });
    const organisation = (
      await as(t, holder, "POST", "/api/v1/organisations", {
        kind: "enterprise",
        name: "安吉小明餐饮有限公司",
        creditCode: creditCode(),
        regionCode: "330523",
      })
    ).json();
    const theirs = await issueSample(t, {
      kind: "organisation",
      id: organisation.id,
      name: organisation.name,
      identifierMasked: null,
    });

    const response = await as(t, holder, "GET", "/api/v1/wallet");
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { licence: { id: string; state: string }; allowed: string[] }[];
    const byId = new Map(items.map((i) => [i.licence.id, i]));
    expect(byId.get(valid.id)).toMatchObject({ licence: { state: "valid" }, allowed: ["share"], shares: [] });
    expect(byId.get(expired.id)).toMatchObject({ licence: { state: "expired" }, allowed: [] });
    expect(byId.get(revoked.id)).toMatchObject({
      licence: { state: "revoked", revokeReason: "以欺骗手段取得" },
      allowed: [],
    });
    expect(byId.get(theirs.id)).toMatchObject({
      licence: { holder: { kind: "organisation" } },
      allowed: ["share"],
    });

    expect((await as(t, stranger, "GET", "/api/v1/wallet")).json().items).toEqual([]);
  });

  it("asks an anonymous caller to sign in, and tells staff it is not theirs", async () => {
    const anonymous = await t.app.inject("/api/v1/wallet");
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe("unauthenticated");
    expect((await as(t, approver, "GET", "/api/v1/wallet")).statusCode).toBe(403);
  });
});

describe("sharing a licence", () => {
  it("makes a link whose token (256 bits) is kept only as its digest, for 7 days unless said", async () => {
    const licence = await mine();
    const before = Date.now();
    const response = await share(licence.id, { recipient: "  招商银行安吉支行 " });
    expect(response.statusCode).toBe(201);
    const made = response.json();
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.url).toBe(`${t.platform.config.baseUrl.replace(/\/$/, "")}/s/${made.token}`);
    expect(made.share).toMatchObject({
      licenceId: licence.id,
      recipient: "招商银行安吉支行",
      state: "active",
      allowed: ["revoke"],
      opens: { count: 0, recent: [] },
    });
    const lifetime = Date.parse(made.share.expiresAt) - Date.parse(made.share.createdAt);
    expect(lifetime).toBe(7 * DAY);
    expect(Date.parse(made.share.createdAt)).toBeGreaterThanOrEqual(before - 1000);

    const stored = await t.platform.database.db
      .selectFrom("licence_shares")
      .selectAll()
      .where("id", "=", made.share.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_digest).toBe(createHash("sha256").update(made.token).digest("base64url"));
    expect(JSON.stringify(stored)).not.toContain(made.token);

    const audit = await t.platform.database.db
      .selectFrom("audit_log")
      .select(["actor_id", "person_id", "region_code", "details"])
      .where("action", "=", "licence.share")
      .where("subject_id", "=", licence.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: holder.id, person_id: holder.id, region_code: "330523" });
    expect(JSON.stringify(audit.details)).not.toContain(made.token);
  });

  it("lives 1 hour, 1 day, 7 days or 30 days as chosen", async () => {
    const licence = await mine();
    for (const [lifetime, ms] of [
      ["1h", HOUR],
      ["1d", DAY],
      ["7d", 7 * DAY],
      ["30d", 30 * DAY],
    ] as const) {
      const made = (await share(licence.id, { recipient: "用人单位", lifetime })).json();
      expect([lifetime, Date.parse(made.share.expiresAt) - Date.parse(made.share.createdAt)]).toEqual([
        lifetime,
        ms,
      ]);
    }
  });

  it("refuses a lifetime not in the list and an empty recipient, both at once (400)", async () => {
    const licence = await mine();
    const both = await share(licence.id, { recipient: "   ", lifetime: "2d" });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors).toEqual([
      { field: "/recipient", message: expect.stringContaining("100") },
      { field: "/lifetime", message: expect.stringContaining("30 days") },
    ]);
    for (const body of [
      { recipient: "" },
      { recipient: "银".repeat(101) },
      { recipient: "银行", lifetime: "" },
    ]) {
      expect((await share(licence.id, body)).statusCode).toBe(400);
    }
    expect((await share(licence.id, { lifetime: "7d" })).statusCode).toBe(400);
    const count = await t.platform.database.db
      .selectFrom("licence_shares")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("licence_id", "=", licence.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("refuses to share a revoked or an expired licence, saying why (409)", async () => {
    const revoked = await mine();
    await as(t, approver, "POST", `/api/v1/licences/${revoked.id}/revocation`, { reason: "吊销" });
    const refused = await share(revoked.id, { recipient: "招商银行" });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "licence_revoked", allowed: [] });

    const expired = await mine({
      now: new Date(Date.now() - 3 * DAY),
      validUntil: new Date(Date.now() - DAY),
    });
    const late = await share(expired.id, { recipient: "招商银行" });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: "licence_expired", allowed: [] });
    expect(late.json().title).toMatch(/已于 \d{4}-\d{2}-\d{2} 过期/);

    const later = await mine({ now: new Date(), validFrom: new Date(Date.now() + 30 * DAY) });
    expect((await share(later.id, { recipient: "招商银行" })).json().code).toBe("licence_not_yet_valid");
  });

  it("finds no licence of someone else's (404), and tells staff who may read it that sharing is not theirs (403)", async () => {
    const licence = await mine();
    const theirs = await share(licence.id, { recipient: "招商银行" }, stranger);
    expect(theirs.statusCode).toBe(404);
    expect((await share("L00000000000000000000", { recipient: "招商银行" })).statusCode).toBe(404);
    const staff = await as(t, approver, "POST", `/api/v1/licences/${licence.id}/shares`, {
      recipient: "银行",
    });
    expect(staff.statusCode).toBe(403);
    const anonymous = await as(t, undefined, "POST", `/api/v1/licences/${licence.id}/shares`, {
      recipient: "银行",
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("lets an agent of the holding organisation share its licence", async () => {
    const agent = await someone(t, { name: "孙经办" });
    const organisation = (
      await as(t, holder, "POST", "/api/v1/organisations", {
        kind: "enterprise",
        name: "安吉小明茶叶有限公司",
        creditCode: creditCode(),
        regionCode: "330523",
      })
    ).json();
    await as(t, holder, "POST", `/api/v1/organisations/${organisation.id}/agents`, { agent: agent.email });
    const licence = await issueSample(t, {
      kind: "organisation",
      id: organisation.id,
      name: organisation.name,
      identifierMasked: null,
    });
    const made = await share(licence.id, { recipient: "农业银行", lifetime: "1d" }, agent);
    expect(made.statusCode).toBe(201);
    const audit = await t.platform.database.db
      .selectFrom("audit_log")
      .select(["actor_id", "on_behalf_of", "person_id"])
      .where("action", "=", "licence.share")
      .where("subject_id", "=", licence.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_id: agent.id, on_behalf_of: organisation.id, person_id: null });
    expect((await share(licence.id, { recipient: "农业银行" }, stranger)).statusCode).toBe(404);
  });
});

describe("opening a share link", () => {
  it("shows the licence as checked now, for whom and until when, without sign-in; each opening is recorded coarsely", async () => {
    const licence = await mine();
    const made = (await share(licence.id, { recipient: "招商银行安吉支行", lifetime: "1d" })).json();
    const first = await open(made.token, { "user-agent": WECHAT_ON_ANDROID });
    expect(first.statusCode).toBe(200);
    expect(first.headers["cache-control"]).toBe("no-store");
    expect(first.json()).toMatchObject({
      recipient: "招商银行安吉支行",
      expiresAt: made.share.expiresAt,
      holder: { kind: "person", name: "王小明", identifierMasked: "3305**********0012" },
      verification: {
        genuine: true,
        status: "valid",
        licence: { id: licence.id, title: { zh: "食品经营许可证" }, holderName: "王*明" },
      },
    });
    expect(first.body).not.toContain(holder.id);
    await open(made.token, { "user-agent": "curl/8.5.0" }, "2001:db8:1234:5678::9");

    const listed = (await as(t, holder, "GET", "/api/v1/wallet")).json().items;
    const shares = listed.find((i: { licence: { id: string } }) => i.licence.id === licence.id).shares;
    expect(shares[0].opens).toEqual({
      count: 2,
      recent: [
        {
          openedAt: expect.any(String),
          via: "api",
          agent: "script",
          platform: "other",
          network: "2001:db8:1234::/48",
        },
        {
          openedAt: expect.any(String),
          via: "api",
          agent: "wechat",
          platform: "android",
          network: "203.0.113.0/24",
        },
      ],
    });
    const rows = await t.platform.database.db
      .selectFrom("licence_share_opens")
      .selectAll()
      .where("share_id", "=", made.share.id)
      .execute();
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113\.77|5678|MicroMessenger/);
  });

  it("still opens after the licence is revoked, and says it is revoked", async () => {
    const licence = await mine();
    const made = (await share(licence.id, { recipient: "用人单位" })).json();
    await as(t, approver, "POST", `/api/v1/licences/${licence.id}/revocation`, { reason: "许可被撤销" });
    const opened = await open(made.token);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().verification).toMatchObject({
      status: "revoked",
      licence: { revokeReason: "许可被撤销" },
    });
  });

  it("answers 410 after the link expired and after the holder revoked it, and 404 for a token that never was", async () => {
    const licence = await mine();
    const expired = await shareMadeAgo(licence.id, "1h", 2 * HOUR);
    const late = await open(expired.token);
    expect(late.statusCode).toBe(410);
    expect(late.json()).toMatchObject({ code: "share_expired" });

    const made = (await share(licence.id, { recipient: "招商银行" })).json();
    const revoked = await as(t, holder, "DELETE", `/api/v1/licences/${licence.id}/shares/${made.share.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ state: "revoked", allowed: [] });
    const gone = await open(made.token);
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ code: "share_revoked" });

    for (const token of ["A".repeat(43), "not-a-token", `${made.token}x`]) {
      const unknown = await open(token);
      expect([token, unknown.statusCode, unknown.json().code]).toEqual([token, 404, "not_found"]);
    }
    const opens = await t.platform.database.db
      .selectFrom("licence_share_opens")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("share_id", "in", [expired.share.id, made.share.id])
      .executeTakeFirstOrThrow();
    expect(Number(opens.n)).toBe(0);
  });
});

describe("revoking a share link", () => {
  it("is the holder's alone, once; the trail keeps it", async () => {
    const licence = await mine();
    const other = await mine();
    const made = (await share(licence.id, { recipient: "招商银行" })).json();
    const url = `/api/v1/licences/${licence.id}/shares/${made.share.id}`;
    expect((await as(t, stranger, "DELETE", url)).statusCode).toBe(404);
    expect((await as(t, approver, "DELETE", url)).statusCode).toBe(403);
    expect((await as(t, undefined, "DELETE", url)).statusCode).toBe(401);
    expect(
      (await as(t, holder, "DELETE", `/api/v1/licences/${other.id}/shares/${made.share.id}`)).statusCode,
    ).toBe(404);
    expect((await as(t, holder, "DELETE", `/api/v1/licences/${licence.id}/shares/nonsense`)).statusCode).toBe(
      404,
    );
    expect((await as(t, holder, "DELETE", url)).statusCode).toBe(200);
    const again = await as(t, holder, "DELETE", url);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "share_ended", allowed: [] });

    const expired = await shareMadeAgo(licence.id, "1h", 2 * HOUR);
    const late = await as(t, holder, "DELETE", `/api/v1/licences/${licence.id}/shares/${expired.share.id}`);
    expect(late.json().code).toBe("share_ended");

    const entries = await t.platform.database.db
      .selectFrom("audit_log")
      .select(["actor_id", "details"])
      .where("action", "=", "licence.share_revoke")
      .where("subject_id", "=", licence.id)
      .execute();
    expect(entries).toEqual([{ actor_id: holder.id, details: { shareId: made.share.id, ip: "127.0.0.1" } }]);
  });
});
