import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { inRequestScope } from "../../platform/request-scope.ts";
import { recordAudit } from "./service.ts";

let direct: TestApp;
let proxied: TestApp;

beforeAll(async () => {
  direct = await createTestApp();
  // One proxy in front, as TRUST_PROXY=true says: it appends the address it saw.
  proxied = await createTestApp({ env: { TRUST_PROXY: "true" } });
  await seedRegionSlice(direct.platform.database.db);
  await seedRegionSlice(proxied.platform.database.db);
});
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
});

/** Signs a new county supervisor in from `remoteAddress` (and through `forwardedFor`, if given). */
async function signIn(t: TestApp, remoteAddress: string, forwardedFor?: string) {
  const member = await staffMember(t.platform.database.db, "supervisor", "330523");
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    remoteAddress,
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(201);
  return {
    requestId: response.headers["x-request-id"] as string,
    cookie: `tb_session=${cookiesOf(response).tb_session}`,
  };
}

/** The details of the entries a request wrote, by action. */
async function entriesOf(t: TestApp, requestId: string) {
  const rows = await t.platform.database.db
    .selectFrom("audit_log")
    .modifyFront(sql`/* all provinces: a test finds a request's entries in any chain */`)
    .select(["action", "details"])
    .where("request_id", "=", requestId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.action, r.details]));
}

const logLine = (t: TestApp, requestId: string) =>
  t.logs.find((line) => line.requestId === requestId && line.msg === "request completed");

describe("the client address (G24)", () => {
  it("puts the address a request came from in its audit entry and on its log line", async () => {
    const { requestId } = await signIn(direct, "198.51.100.7");
    expect((await entriesOf(direct, requestId))["staff.signin"]).toMatchObject({ ip: "198.51.100.7" });
    expect(logLine(direct, requestId)).toMatchObject({ ip: "198.51.100.7", status: 201 });
  });

  it("records the address the trusted proxy forwarded, never the one the client wrote", async () => {
    const { requestId } = await signIn(proxied, "10.0.0.2", "6.6.6.6, 203.0.113.9");
    expect((await entriesOf(proxied, requestId))["staff.signin"]).toMatchObject({ ip: "203.0.113.9" });
    expect(logLine(proxied, requestId)).toMatchObject({ ip: "203.0.113.9" });
    // Without TRUST_PROXY the forwarded header is the client's own writing: the socket's address counts.
    const unbelieved = await signIn(direct, "10.0.0.2", "6.6.6.6, 203.0.113.9");
    expect((await entriesOf(direct, unbelieved.requestId))["staff.signin"]).toMatchObject({ ip: "10.0.0.2" });
  });

  it("records the address of a failed sign-in under an unknown name, which has no region", async () => {
    const response = await direct.app.inject({
      method: "POST",
      url: "/api/v1/session",
      remoteAddress: "192.0.2.44",
      payload: { username: "nobody.at.all", password: "wrong password entirely" },
    });
    expect(response.statusCode).toBe(401);
    const entry = (await entriesOf(direct, response.headers["x-request-id"] as string))[
      "staff.signin_failed"
    ];
    expect(entry).toMatchObject({ ip: "192.0.2.44", reason: "unknown_account" });
  });

  it("shows the address in the audit search, through the API and on the /audit page", async () => {
    const { cookie, requestId } = await signIn(direct, "198.51.100.8");
    const api = await direct.app.inject({
      url: "/api/v1/audit?action=staff.signin",
      remoteAddress: "198.51.100.8",
      headers: { cookie },
    });
    expect(api.statusCode).toBe(200);
    const mine = api.json().items.find((e: { requestId: string }) => e.requestId === requestId);
    expect(mine.details).toMatchObject({ ip: "198.51.100.8" });
    const page = await direct.app.inject({
      url: "/audit?action=staff.signin",
      remoteAddress: "198.51.100.8",
      headers: { cookie: `${cookie}; tb_lang=en` },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("from 198.51.100.8");
    // The searches are on the trail too, each with the address it came from.
    const searches = await direct.app.inject({
      url: "/api/v1/audit?action=audit.searched",
      headers: { cookie },
    });
    expect(searches.json().items[0].details).toMatchObject({ ip: "198.51.100.8" });
  });

  it("records no address for an entry written outside a request, and keeps one the caller gave", async () => {
    const db = direct.platform.database.db;
    const outside = await db
      .transaction()
      .execute((tx) => recordAudit(tx, { actorKind: "system", action: "test.job", details: { n: 1 } }));
    const inside = await inRequestScope({ ip: "203.0.113.1" }, () =>
      db
        .transaction()
        .execute((tx) =>
          recordAudit(tx, { actorKind: "system", action: "test.given", details: { ip: "192.0.2.1" } }),
        ),
    );
    const details = await db
      .selectFrom("audit_log")
      .select(["seq", "details"])
      .where("province_code", "=", "00")
      .where("seq", "in", [outside?.seq as number, inside?.seq as number])
      .orderBy("seq")
      .execute();
    expect(details.map((d) => d.details)).toEqual([{ n: 1 }, { ip: "192.0.2.1" }]);
  });
});
