import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { JobContext } from "../../platform/jobs.ts";
import { createWebhookDeliverJob } from "./jobs.ts";
import { emitWebhookEvent } from "./service.ts";
import * as store from "./store.ts";

let t: TestApp;
let admin: { id: string; cookie: string };
let receiver: { url: string; received: number; close: () => Promise<void> };

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_TLS: "true", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  const member = await staffMember(t.platform.database.db, "administrator", "330523");
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  const cookie = Object.entries(cookiesOf(response))
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  admin = { id: member.id, cookie };
  // A plain-http receiver on this machine, counting what reaches it.
  let received = 0;
  const server = createServer((_req, res) => {
    received += 1;
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    get received() {
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

const subscribe = (url: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/webhooks/subscriptions",
    headers: { cookie: admin.cookie },
    payload: { name: "安吉县数据共享平台", url, regionCode: "330523", events: ["*"] },
  });

describe("webhooks while REQUIRE_TLS is on", () => {
  it("refuse to subscribe an http:// receiver, saying why, and take an https:// one", async () => {
    const plain = await subscribe("http://10.12.0.8:8080/tongban");
    expect(plain.statusCode).toBe(400);
    expect(plain.json()).toMatchObject({
      code: "validation_failed",
      errors: [
        {
          field: "/url",
          message: "must be an https:// URL: REQUIRE_TLS is on, so events are not sent in plain text",
        },
      ],
    });
    expect((await subscribe("https://data.anji.gov.cn/hooks/tongban")).statusCode).toBe(201);
  });

  it("fail at once, unsent, a delivery to an http:// subscription made before it was turned on", async () => {
    const db = t.platform.database.db;
    const job = createWebhookDeliverJob({ allowLoopback: true, timeoutMs: 2000 });
    const context = (requireTls: boolean): JobContext => ({
      db,
      log: t.platform.log,
      config: { ...t.platform.config, requireTls },
      jobs: t.platform.jobs,
    });
    await store.insertSubscription(db, {
      name: "旧的接收方",
      url: receiver.url,
      // Another county than the https subscription above, so each event has one delivery.
      regionCode: "330522",
      events: ["case.decided"],
      createdBy: admin.id,
    });
    const deliver = async (requireTls: boolean) => {
      const { deliveries } = await db.transaction().execute((tx) =>
        emitWebhookEvent(tx, t.platform.jobs, {
          type: "case.decided",
          regionCode: "330522001",
          occurredAt: new Date(),
          data: { state: "decided" },
        }),
      );
      expect(deliveries).toHaveLength(1);
      const id = deliveries[0] as string;
      await job.run({ id }, context(requireTls));
      return store.findDelivery(db, id);
    };

    expect(await deliver(true)).toMatchObject({
      status: "failed",
      lastStatus: null,
      lastError:
        "REQUIRE_TLS is on and the subscription's URL is http://: subscribe its https:// address instead",
    });
    expect(receiver.received).toBe(0);
    // The receiver takes the same delivery when plain text is allowed: it was REQUIRE_TLS that stopped it.
    expect(await deliver(false)).toMatchObject({ status: "delivered", lastStatus: 200 });
    expect(receiver.received).toBe(1);
  });
});
