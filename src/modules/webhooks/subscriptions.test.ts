import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { provinceOfId } from "../../platform/db/distribution.ts";
import type { StaffRole } from "../identity/tables.ts";
import { DELIVER_JOB } from "./jobs.ts";
import { emitWebhookEvent } from "./service.ts";
import * as store from "./store.ts";

let t: TestApp;
let anji: Staff;
let changxing: Staff;
let province: Staff;
let clerk: Staff;

interface Staff {
  id: string;
  cookie: string;
}

async function signedIn(role: StaffRole, jurisdiction: string): Promise<Staff> {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  return { id: member.id, cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

function as(who: Staff | undefined, method: "GET" | "POST" | "DELETE", url: string, payload?: object) {
  return t.app.inject({
    method,
    url,
    ...(who ? { headers: { cookie: who.cookie } } : {}),
    ...(payload ? { payload } : {}),
  });
}

const valid = {
  name: "安吉县数据共享平台",
  url: "https://data.anji.gov.cn/hooks/tongban?token=s3cret",
  regionCode: "330523",
  events: ["case.accepted", "case.decided", "case.accepted"],
};

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: "0", RATE_LIMIT_PER_MINUTE: "100000" } });
  await seedRegionSlice(t.platform.database.db);
  anji = await signedIn("administrator", "330523");
  changxing = await signedIn("administrator", "330522");
  province = await signedIn("administrator", "33");
  clerk = await signedIn("window_clerk", "330523");
});
afterAll(() => t.close());

const db = () => t.platform.database.db;

async function auditOf(subjectId: string) {
  const result = await sql<{ action: string; actor_id: string; region_code: string; details: object }>`
    select action, actor_id, region_code, details from audit_log where subject_id = ${subjectId} order by seq`.execute(
    db(),
  );
  return result.rows;
}

describe("subscriptions", () => {
  it("are created by an administrator of the region, the events de-duplicated, and audited", async () => {
    const response = await as(anji, "POST", "/api/v1/webhooks/subscriptions", valid);
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      name: valid.name,
      url: valid.url,
      regionCode: "330523",
      events: ["case.accepted", "case.decided"],
      createdBy: anji.id,
    });
    expect(await auditOf(created.id)).toEqual([
      {
        action: "webhook.subscription_create",
        actor_id: anji.id,
        region_code: "330523",
        // The host only: the token in the query stays out of the audit trail.
        details: {
          name: valid.name,
          host: "data.anji.gov.cn",
          events: ["case.accepted", "case.decided"],
          ip: "127.0.0.1",
        },
      },
    ]);
    // The key receivers verify with is published from the first subscription on.
    const keys = (await as(undefined, "GET", "/api/v1/webhooks/signing-keys")).json().items;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ algorithm: "ed25519", retiredAt: null });
    expect(keys[0].publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(JSON.stringify(keys)).not.toMatch(/PRIVATE/);
  });

  it('take "*" for every event, and stand for the whole subtree', async () => {
    const response = await as(province, "POST", "/api/v1/webhooks/subscriptions", {
      ...valid,
      regionCode: "33",
      events: ["case.closed", "*"],
    });
    expect(response.json().events).toEqual(["*"]);
  });

  it.each([
    ["javascript:alert(1)", "must be an http:// or https:// URL"],
    ["ftp://files.anji.gov.cn/hooks", "must be an http:// or https:// URL"],
    ["http://user:pw@data.anji.gov.cn/hooks", "must not hold a user name or password"],
    ["/hooks/tongban", "must be an absolute http:// or https:// URL"],
    ["http://localhost:8080/hooks", "must not point at this server"],
    ["http://127.0.0.1:8080/hooks", "must not point at a loopback address of this server"],
    ["http://[::1]/hooks", "must not point at a loopback address of this server"],
    [
      "http://169.254.169.254/latest/meta-data",
      "must not point at a link-local, multicast or reserved address",
    ],
    ["http://[::ffff:169.254.169.254]/x", "must not point at a link-local, multicast or reserved address"],
    ["http://0.0.0.0:9000/", "must not point at a link-local, multicast or reserved address"],
  ])("refuse the URL %s", async (url, message) => {
    const response = await as(anji, "POST", "/api/v1/webhooks/subscriptions", { ...valid, url });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: "/url", message: expect.stringContaining(message) }]);
  });

  it("accept a receiver on the government extranet (a private address)", async () => {
    const response = await as(anji, "POST", "/api/v1/webhooks/subscriptions", {
      ...valid,
      url: "http://10.12.0.8:8080/tongban",
    });
    expect(response.statusCode).toBe(201);
  });

  it("refuse unknown event types, no events, a bad name and an unknown region, every problem at once", async () => {
    const response = await as(anji, "POST", "/api/v1/webhooks/subscriptions", {
      ...valid,
      name: "  ",
      url: "ftp://x",
      events: ["case.accepted", "case.exploded", "all"],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "/name",
      "/url",
      "/events/1",
      "/events/2",
    ]);
    const none = await as(anji, "POST", "/api/v1/webhooks/subscriptions", { ...valid, events: [] });
    expect(none.json().errors).toEqual([
      { field: "/events", message: expect.stringContaining("at least one") },
    ]);
    const unknown = await as(anji, "POST", "/api/v1/webhooks/subscriptions", {
      ...valid,
      regionCode: "330599",
    });
    expect(unknown.json().errors).toEqual([{ field: "/regionCode", message: "is not a known region" }]);
    const extra = await as(anji, "POST", "/api/v1/webhooks/subscriptions", { ...valid, secret: "x" });
    expect(extra.statusCode).toBe(400);
  });

  it("are kept only within one's jurisdiction; others' do not exist; non-administrators are refused", async () => {
    const outside = await as(anji, "POST", "/api/v1/webhooks/subscriptions", {
      ...valid,
      regionCode: "330522",
    });
    expect(outside.statusCode).toBe(403);
    expect((await as(clerk, "POST", "/api/v1/webhooks/subscriptions", valid)).statusCode).toBe(403);
    expect((await as(clerk, "GET", "/api/v1/webhooks/subscriptions")).statusCode).toBe(403);
    expect((await as(undefined, "GET", "/api/v1/webhooks/subscriptions")).statusCode).toBe(401);

    const id = (await as(anji, "POST", "/api/v1/webhooks/subscriptions", valid)).json().id as string;
    expect((await as(anji, "GET", `/api/v1/webhooks/subscriptions/${id}`)).statusCode).toBe(200);
    expect((await as(province, "GET", `/api/v1/webhooks/subscriptions/${id}`)).statusCode).toBe(200);
    expect((await as(changxing, "GET", `/api/v1/webhooks/subscriptions/${id}`)).statusCode).toBe(404);
    expect((await as(changxing, "DELETE", `/api/v1/webhooks/subscriptions/${id}`)).statusCode).toBe(404);
    expect((await as(changxing, "GET", `/api/v1/webhooks/subscriptions/${id}/deliveries`)).statusCode).toBe(
      404,
    );

    const listed = (who: Staff) =>
      as(who, "GET", "/api/v1/webhooks/subscriptions").then((r) =>
        r.json().items.map((s: { id: string }) => s.id),
      );
    expect(await listed(anji)).toContain(id);
    expect(await listed(province)).toContain(id);
    expect(await listed(changxing)).not.toContain(id);
  });

  it("are deleted (audited), after which they neither list nor receive events", async () => {
    const id = (
      await as(anji, "POST", "/api/v1/webhooks/subscriptions", { ...valid, events: ["case.withdrawn"] })
    ).json().id as string;
    expect((await as(anji, "DELETE", `/api/v1/webhooks/subscriptions/${id}`)).statusCode).toBe(204);
    expect((await as(anji, "DELETE", `/api/v1/webhooks/subscriptions/${id}`)).statusCode).toBe(404);
    expect((await as(anji, "GET", `/api/v1/webhooks/subscriptions/${id}`)).statusCode).toBe(404);
    expect((await auditOf(id)).map((e) => e.action)).toEqual([
      "webhook.subscription_create",
      "webhook.subscription_delete",
    ]);
    const { deliveries } = await db()
      .transaction()
      .execute((tx) =>
        emitWebhookEvent(tx, t.platform.jobs, {
          type: "case.withdrawn",
          regionCode: "330523",
          occurredAt: new Date(),
          data: {},
        }),
      );
    const mine = await Promise.all(deliveries.map((d) => store.findDelivery(db(), d)));
    expect(mine.filter((d) => d?.subscriptionId === id)).toEqual([]);
  });
});

describe("deliveries", () => {
  it("are listed newest first, page by page, and a failed one can be retried with a fresh count", async () => {
    const id = (
      await as(anji, "POST", "/api/v1/webhooks/subscriptions", { ...valid, events: ["licence.issued"] })
    ).json().id as string;
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await db()
        .transaction()
        .execute((tx) =>
          emitWebhookEvent(tx, t.platform.jobs, {
            type: "licence.issued",
            regionCode: "330523001002",
            occurredAt: new Date(),
            data: { n: i },
          }),
        );
      made.push(...result.deliveries.filter(Boolean));
    }
    const mine = (await Promise.all(made.map((d) => store.findDelivery(db(), d)))).filter(
      (d) => d?.subscriptionId === id,
    );
    expect(mine).toHaveLength(3);

    const first = (await as(anji, "GET", `/api/v1/webhooks/subscriptions/${id}/deliveries?limit=2`)).json();
    expect(first.items.map((d: { payload: { data: { n: number } } }) => d.payload.data.n)).toEqual([2, 1]);
    expect(first.items[0]).toMatchObject({ eventType: "licence.issued", status: "pending", attempts: 0 });
    const second = (
      await as(
        anji,
        "GET",
        `/api/v1/webhooks/subscriptions/${id}/deliveries?limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second.items.map((d: { payload: { data: { n: number } } }) => d.payload.data.n)).toEqual([0]);
    expect(second.nextCursor).toBeNull();

    const target = first.items[0].id as string;
    const pending = await as(anji, "POST", `/api/v1/webhooks/deliveries/${target}/retry`, {});
    expect(pending.statusCode).toBe(409);
    expect(pending.json().code).toBe("webhook_delivery_not_failed");
    await store.recordFailure(db(), provinceOfId(target) as string, target, {
      status: 500,
      error: "HTTP 500",
      maxAttempts: 9,
      final: true,
      counted: true,
    });
    expect((await as(changxing, "POST", `/api/v1/webhooks/deliveries/${target}/retry`, {})).statusCode).toBe(
      404,
    );
    expect((await as(clerk, "POST", `/api/v1/webhooks/deliveries/${target}/retry`, {})).statusCode).toBe(403);
    const retried = await as(anji, "POST", `/api/v1/webhooks/deliveries/${target}/retry`, {});
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({
      id: target,
      status: "pending",
      attempts: 0,
      lastError: "HTTP 500",
    });
    const jobs = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = ${DELIVER_JOB} and data->>'id' = ${target}`.execute(
      db(),
    );
    expect(jobs.rows[0]?.n).toBe(2);
    const failed = (
      await as(anji, "GET", `/api/v1/webhooks/subscriptions/${id}/deliveries?status=failed`)
    ).json();
    expect(failed.items).toEqual([]);
    expect((await as(anji, "POST", `/api/v1/webhooks/deliveries/${randomUUID()}/retry`, {})).statusCode).toBe(
      404,
    );
  });
});
