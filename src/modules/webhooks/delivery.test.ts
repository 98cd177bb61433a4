import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember } from "../../../test/factories.ts";
import type { JobContext } from "../../platform/jobs.ts";
import { createWebhookDeliverJob, DELIVER_JOB, DELIVER_RETRY_LIMIT } from "./jobs.ts";
import { emitWebhookEvent, rotateSigningKey, type WebhookEvent } from "./service.ts";
import { parseSignatureHeader, verifyDelivery } from "./signing.ts";
import * as store from "./store.ts";

interface PublishedKey {
  id: string;
  publicKey: string;
  retiredAt: string | null;
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1 answering the n-th request (from 0) as `answer` says. */
async function receiver(answer: (n: number, res: ServerResponse, request: Received) => unknown) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      void answer(received.length - 1, res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tongban?token=s3cret`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let t: TestApp;
let adminId: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await seedRegionSlice(t.platform.database.db);
  adminId = (await staffMember(t.platform.database.db, "administrator", "33")).id;
});
afterAll(async () => {
  for (const close of closers) await close();
  await t.close();
});

const db = () => t.platform.database.db;
const context = (): JobContext => ({
  db: db(),
  log: t.platform.log,
  config: t.platform.config,
  jobs: t.platform.jobs,
});

/** A subscription straight into the table: the API refuses loopback URLs, and these receivers are local. */
function subscribe(url: string, regionCode = "330523", events = ["*"]) {
  return store.insertSubscription(db(), { name: "测试接收方", url, regionCode, events, createdBy: adminId });
}

const event = (overrides: Partial<WebhookEvent> = {}): WebhookEvent => ({
  type: "case.accepted",
  regionCode: "330523001",
  occurredAt: new Date("2026-07-01T02:03:04.000Z"),
  data: {
    caseId: "9c7d7c3e-3f6a-4a2e-9d34-0f8f1b0e5c11",
    caseNumber: "330523-20260701-000123",
    state: "review",
  },
  ...overrides,
});

function emit(e: WebhookEvent = event()) {
  return db()
    .transaction()
    .execute((tx) => emitWebhookEvent(tx, t.platform.jobs, e));
}

async function queuedJobs(ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await sql<{ id: string }>`
    select data->>'id' as id from pgboss.job where name = ${DELIVER_JOB} and data->>'id' = any(${ids})`.execute(
    db(),
  );
  return result.rows.map((r) => r.id).sort();
}

const delivery = async (id: string) => (await store.findDelivery(db(), id)) as store.Delivery;

describe("emitting an event", () => {
  it("costs nothing but a query when no subscription takes it", async () => {
    const result = await emit(event({ regionCode: "330522001", type: "licence.revoked" }));
    expect(result.deliveries).toEqual([]);
  });

  it("makes a delivery and a job per live subscription of its region or above that takes its type", async () => {
    const province = await subscribe("https://province.example/hook", "33", ["*"]);
    const county = await subscribe("https://county.example/hook", "330523", [
      "case.accepted",
      "case.decided",
    ]);
    const otherType = await subscribe("https://county.example/other", "330523", ["case.closed"]);
    const otherCounty = await subscribe("https://changxing.example/hook", "330522", ["*"]);
    const below = await subscribe("https://village.example/hook", "330523001201", ["*"]);
    const deleted = await subscribe("https://gone.example/hook", "330523", ["*"]);
    await store.disableSubscription(db(), deleted.id, new Date());

    const result = await emit();
    const rows = await Promise.all(result.deliveries.map(delivery));
    expect(rows.map((r) => r.subscriptionId).sort()).toEqual([province.id, county.id].sort());
    for (const row of rows) {
      expect(row).toMatchObject({
        eventId: result.eventId,
        eventType: "case.accepted",
        status: "pending",
        attempts: 0,
      });
      expect(row.payload).toEqual({
        id: result.eventId,
        type: "case.accepted",
        occurredAt: "2026-07-01T02:03:04.000Z",
        regionCode: "330523001",
        data: event().data,
      });
    }
    expect(await queuedJobs(result.deliveries)).toEqual([...result.deliveries].sort());
    for (const s of [province, county, otherType, otherCounty, below])
      await store.disableSubscription(db(), s.id, new Date());
  });

  it("leaves nothing behind when the change it reports rolls back", async () => {
    const s = await subscribe("https://county.example/rollback");
    let made: string[] = [];
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          made = (await emitWebhookEvent(tx, t.platform.jobs, event())).deliveries;
          throw new Error("the transition failed");
        }),
    ).rejects.toThrow("the transition failed");
    expect(made).toHaveLength(1);
    expect(await store.findDelivery(db(), made[0] as string)).toBeUndefined();
    expect(await queuedJobs(made)).toEqual([]);
    await store.disableSubscription(db(), s.id, new Date());
  });

  it("refuses an unknown event type, a bad region code and data that is not an object", async () => {
    await expect(emit(event({ type: "case.exploded" }))).rejects.toThrow(
      /Unknown webhook event type "case.exploded"/,
    );
    await expect(emit(event({ regionCode: "3305231" }))).rejects.toThrow(/Not a region code/);
    await expect(emit(event({ data: [] as unknown as Record<string, unknown> }))).rejects.toThrow(
      /JSON object/,
    );
  });
});

describe("delivering", () => {
  const job = createWebhookDeliverJob({ allowLoopback: true, timeoutMs: 500 });

  /** One live subscription to `url` (the only one), one event, its one delivery. */
  async function oneDelivery(url: string): Promise<string> {
    await db()
      .updateTable("webhook_subscriptions")
      .set({ disabled_at: new Date() })
      .where("disabled_at", "is", null)
      .execute();
    await subscribe(url, "330523001201", ["case.decided"]);
    const { deliveries } = await emit(event({ type: "case.decided", regionCode: "330523001201" }));
    expect(deliveries).toHaveLength(1);
    return deliveries[0] as string;
  }

  it("signs with the published key, and retries after a 500 until the receiver takes it", async () => {
    // The receiver checks each delivery as an integrator would, with the key Tongban publishes:
    // busy (500) the first time, then 200 for a good signature and 401 for any other.
    const server = await receiver(async (n, res, { headers, body }) => {
      const keys = (await t.app.inject("/api/v1/webhooks/signing-keys")).json().items as PublishedKey[];
      const signature = parseSignatureHeader(String(headers["tongban-signature"]));
      const key = keys.find((k) => k.id === signature?.keyId);
      const good =
        key !== undefined &&
        verifyDelivery(key.publicKey, String(headers["tongban-timestamp"]), body, signature?.signature ?? "");
      res.writeHead(n === 0 ? 500 : good ? 200 : 401).end();
    });
    closers.push(server.close);
    const id = await oneDelivery(server.url);

    await expect(job.run({ id }, context())).rejects.toThrow(/HTTP 500/);
    expect(await delivery(id)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatus: 500,
      lastError: "HTTP 500",
    });
    await job.run({ id }, context());
    const done = await delivery(id);
    expect(done).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null });
    expect(done.deliveredAt).toBeInstanceOf(Date);
    // Delivered once: running the job again sends nothing.
    await job.run({ id }, context());
    expect(server.received).toHaveLength(2);

    const keys = (await t.app.inject("/api/v1/webhooks/signing-keys")).json().items as PublishedKey[];
    for (const { headers, body } of server.received) {
      expect(headers["content-type"]).toBe("application/json");
      expect(headers["tongban-event-id"]).toBe(done.eventId);
      expect(headers["tongban-event-type"]).toBe("case.decided");
      expect(JSON.parse(body)).toEqual(done.payload);
      expect(Object.keys(JSON.parse(body))).toEqual(["id", "type", "occurredAt", "regionCode", "data"]);
      const timestamp = String(headers["tongban-timestamp"]);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      const signature = parseSignatureHeader(String(headers["tongban-signature"]));
      const key = keys.find((k) => k.id === signature?.keyId);
      expect(key?.retiredAt).toBeNull();
      expect(verifyDelivery(key?.publicKey ?? "", timestamp, body, signature?.signature ?? "")).toBe(true);
      // Another body, or another time, does not verify.
      expect(verifyDelivery(key?.publicKey ?? "", timestamp, `${body} `, signature?.signature ?? "")).toBe(
        false,
      );
      expect(
        verifyDelivery(key?.publicKey ?? "", `${Number(timestamp) - 1}`, body, signature?.signature ?? ""),
      ).toBe(false);
    }
  });

  it("gives up after the last retry and marks the delivery failed", async () => {
    const server = await receiver((_n, res) => res.writeHead(503).end());
    closers.push(server.close);
    const id = await oneDelivery(server.url);
    const twice = createWebhookDeliverJob({ allowLoopback: true, timeoutMs: 500, retryLimit: 1 });
    await expect(twice.run({ id }, context())).rejects.toThrow(/HTTP 503/);
    expect(await delivery(id)).toMatchObject({ status: "pending", attempts: 1 });
    await expect(twice.run({ id }, context())).rejects.toThrow(/HTTP 503/);
    expect(await delivery(id)).toMatchObject({ status: "failed", attempts: 2, lastStatus: 503 });
    await twice.run({ id }, context());
    expect(server.received).toHaveLength(2);
  });

  it("lets pg-boss retry with backoff, eight times", async () => {
    const queue = await sql<{ retry_limit: number; retry_backoff: boolean }>`
      select retry_limit, retry_backoff from pgboss.queue where name = ${DELIVER_JOB}`.execute(db());
    expect(queue.rows).toEqual([{ retry_limit: DELIVER_RETRY_LIMIT, retry_backoff: true }]);
    expect(DELIVER_RETRY_LIMIT).toBe(8);
  });

  it("does not follow a redirect: it counts as a failure", async () => {
    const target = await receiver((_n, res) => res.writeHead(200).end());
    closers.push(target.close);
    const server = await receiver((_n, res) => res.writeHead(307, { location: target.url }).end());
    closers.push(server.close);
    const id = await oneDelivery(server.url);
    await expect(job.run({ id }, context())).rejects.toThrow(/HTTP 307/);
    expect(await delivery(id)).toMatchObject({ status: "pending", attempts: 1, lastStatus: 307 });
    expect((await delivery(id)).lastError).toMatch(/redirects are not followed/);
    expect(target.received).toHaveLength(0);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    const server = await receiver(() => {}); // never answers
    closers.push(server.close);
    const id = await oneDelivery(server.url);
    const started = Date.now();
    await expect(job.run({ id }, context())).rejects.toThrow(/no answer within 0.5 s/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await delivery(id)).toMatchObject({ status: "pending", attempts: 1, lastStatus: null });
  });

  it("does not read a 10 MB answer: the connection is dropped once the status is known", async () => {
    let finished = false;
    let closedEarly = false;
    const server = await receiver((_n, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(64 * 1024, 120);
      let left = 160; // 10 MiB
      const write = () => {
        while (left > 0) {
          left--;
          if (!res.write(chunk)) return void res.once("drain", write);
        }
        res.end(() => {
          finished = true;
        });
      };
      res.on("close", () => {
        closedEarly = !finished;
      });
      write();
    });
    closers.push(server.close);
    const id = await oneDelivery(server.url);
    await job.run({ id }, context());
    expect(await delivery(id)).toMatchObject({ status: "delivered", lastStatus: 200 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closedEarly).toBe(true);
    expect(finished).toBe(false);
  });

  it("refuses a loopback address outside tests at once, without retrying", async () => {
    const server = await receiver((_n, res) => res.writeHead(200).end());
    closers.push(server.close);
    const id = await oneDelivery(server.url.replace("127.0.0.1", "localhost"));
    const production = createWebhookDeliverJob();
    await production.run({ id }, context());
    const row = await delivery(id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
    expect(row.lastError).toMatch(/^localhost is (127\.0\.0\.1|::1), a loopback address of this server$/);
    expect(server.received).toHaveLength(0);
  });

  it("sends nothing more to a subscription deleted meanwhile", async () => {
    const server = await receiver((_n, res) => res.writeHead(200).end());
    closers.push(server.close);
    const id = await oneDelivery(server.url);
    await store.disableSubscription(db(), (await delivery(id)).subscriptionId, new Date());
    await job.run({ id }, context());
    expect(await delivery(id)).toMatchObject({
      status: "failed",
      attempts: 0,
      lastError: "the subscription was deleted",
    });
    expect(server.received).toHaveLength(0);
  });

  it("signs with a new key after rotation, the old one staying published as retired", async () => {
    const before = (await t.app.inject("/api/v1/webhooks/signing-keys")).json().items as { id: string }[];
    const newId = await db()
      .transaction()
      .execute((tx) => rotateSigningKey(tx, t.platform.config.personalDataKey));
    const server = await receiver((_n, res) => res.writeHead(204).end());
    closers.push(server.close);
    const id = await oneDelivery(server.url);
    await job.run({ id }, context());
    expect(parseSignatureHeader(String(server.received[0]?.headers["tongban-signature"]))?.keyId).toBe(newId);
    const after = (await t.app.inject("/api/v1/webhooks/signing-keys")).json().items as {
      id: string;
      retiredAt: string | null;
    }[];
    expect(after[0]).toMatchObject({ id: newId, retiredAt: null });
    expect(after.slice(1).map((k) => k.id)).toEqual(before.map((k) => k.id));
    expect(after.slice(1).every((k) => k.retiredAt !== null)).toBe(true);
  });
});
