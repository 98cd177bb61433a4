import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../../test/app.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { Jobs } from "../../platform/jobs.ts";
import { createDeliverJob, DELIVER_JOB } from "./jobs.ts";
import { queueNotification } from "./service.ts";
import { type GatewayAnswer, type SmsGateway, startSmsGateway, waitUntil } from "./testing.ts";
import { createTransports } from "./transports.ts";

// Three attempts, about 1–2 s and 2–4 s apart (pg-boss backoff), plus its 2 s polling.
const RETRY_LIMIT = 2;
const TOKEN = "sms-gateway-token-0123456789abcdefghij";

/** What the gateway does, by recipient: each number plays one story. */
const STORIES: Record<string, GatewayAnswer[]> = {
  "13800000001": [{ status: 200, json: { id: "gw-42" } }],
  "13800000002": [{ status: 500 }, { status: 200, json: { id: "gw-43" } }],
  "13800000003": [
    { status: 400, json: { error: "invalid_mobile", detail: "验证码 390417 发往 13800000003" } },
  ],
  "13800000004": ["hang", { status: 202 }],
};

let gateway: SmsGateway;
let testDb: TestDatabase;
let jobs: Jobs;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  gateway = await startSmsGateway((request, earlier) => {
    const story = STORIES[String(request.body.to)] ?? [{ status: 200 }];
    return story[Math.min(earlier, story.length - 1)] as GatewayAnswer;
  });
  testDb = await createTestDatabase();
  const log = memoryLogger(logs);
  const config = testConfig({ SMS_URL: gateway.url, SMS_TOKEN: TOKEN, SMS_SIGN_NAME: "安吉政务" });
  // The contract's 10 s, shortened so the test of a gateway that never answers takes seconds.
  const transports = createTransports(config, log, { smsTimeoutMs: 1000 });
  jobs = new Jobs(testDb.handle, log, [createDeliverJob({ retryLimit: RETRY_LIMIT, transports })], config);
  await jobs.start({ work: true });
});
afterAll(async () => {
  await jobs?.stop();
  await testDb?.close();
  await gateway?.stop();
});

function queueCode(recipient: string, code: string) {
  return testDb.handle.db.transaction().execute((tx) =>
    queueNotification(tx, jobs, {
      channel: "sms",
      recipient,
      template: "one_time_code",
      locale: "zh-CN",
      params: { code, purpose: "确认授权委托", minutes: 10 },
    }),
  );
}

function notification(id: string) {
  return testDb.handle.db
    .selectFrom("notifications")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

const handled = (id: string) =>
  waitUntil(
    `notification ${id} to be sent or to fail`,
    async () => {
      const row = await notification(id);
      return row.status === "pending" ? undefined : row;
    },
    { timeoutMs: 40_000 },
  );

const requestsTo = (to: string) => gateway.received.filter((r) => r.body.to === to);

async function jobStates(id: string) {
  const result = await sql<{ state: string; retry_count: number }>`
    select state, retry_count from pgboss.job where name = ${DELIVER_JOB} and data->>'id' = ${id}`.execute(
    testDb.handle.db,
  );
  return result.rows;
}

describe("text messages through the SMS gateway", () => {
  it("posts the contract's JSON with the bearer token and the registered signature, and records the gateway's id", async () => {
    const { id } = await queueCode("13800000001", "604213");
    const row = await handled(id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null, params: {} });
    const [request, ...more] = requestsTo("13800000001");
    expect(more).toEqual([]);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(request?.body).toEqual({
      to: "13800000001",
      text: "【安吉政务】您的验证码为 604213，用于确认授权委托，10 分钟内有效。请勿告诉他人。",
      reference: id,
      sign: "安吉政务",
      template: "one_time_code",
      locale: "zh-CN",
      params: { code: "604213", purpose: "确认授权委托", minutes: 10 },
    });
    expect(logs).toContainEqual(
      expect.objectContaining({ notification: id, msg: "notification sent", transportId: "gw-42" }),
    );
  });

  it("tries again after a 500 and delivers once, with the same reference", async () => {
    const { id } = await queueCode("13800000002", "771930");
    const row = await handled(id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, params: {} });
    expect(row.last_error).toMatch(/^the SMS gateway http:\/\/127\.0\.0\.1:\d+ answered 500$/);
    expect(requestsTo("13800000002").map((r) => r.body.reference)).toEqual([id, id]);
    expect(logs).toContainEqual(
      expect.objectContaining({ notification: id, msg: "notification not delivered: will try again" }),
    );
  });

  it("fails for good on a 400, recording the gateway's error code and nothing it echoed", async () => {
    const { id } = await queueCode("13800000003", "390417");
    const row = await handled(id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, sent_at: null, params: {} });
    expect(row.last_error).toMatch(
      /^the SMS gateway http:\/\/127\.0\.0\.1:\d+ answered 400 \(invalid_mobile\)$/,
    );
    expect(requestsTo("13800000003")).toHaveLength(1);
    // The refusal is final: the job is done, not retried.
    const states = await waitUntil("the job to complete", async () => {
      const rows = await jobStates(id);
      return rows[0]?.state === "completed" ? rows : undefined;
    });
    expect(states).toEqual([{ state: "completed", retry_count: 0 }]);
    expect(logs).toContainEqual(
      expect.objectContaining({
        notification: id,
        level: 50,
        msg: "notification failed for good: it will not be sent",
      }),
    );
  });

  it("tries again when the gateway does not answer in time", async () => {
    const { id } = await queueCode("13800000004", "258036");
    const row = await handled(id);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(row.last_error).toMatch(/^the SMS gateway http:\/\/127\.0\.0\.1:\d+ did not answer within 1 s$/);
    expect(requestsTo("13800000004")).toHaveLength(2);
  });

  it("never writes a whole mobile number, a code or the token to the log", async () => {
    await waitUntil("every story to be told", () => gateway.received.length >= 6);
    const written = JSON.stringify(logs);
    for (const secret of [...Object.keys(STORIES), "604213", "771930", "390417", "258036", TOKEN]) {
      expect(written).not.toContain(secret);
    }
  });
});
