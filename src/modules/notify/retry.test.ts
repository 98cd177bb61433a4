import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../../test/app.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { Jobs } from "../../platform/jobs.ts";
import { createDeliverJob, DELIVER_JOB } from "./jobs.ts";
import { queueNotification } from "./service.ts";
import { startMailSink, waitUntil } from "./testing.ts";

// Three attempts, about 1–2 s and 2–4 s apart (pg-boss backoff), plus its 2 s polling.
const RETRY_LIMIT = 2;

let testDb: TestDatabase;
let jobs: Jobs;
let smtpUrl: string;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  // A port where a mail server was and no longer is: every connection is refused.
  const sink = await startMailSink();
  smtpUrl = sink.url;
  await sink.stop();
  testDb = await createTestDatabase();
  jobs = new Jobs(
    testDb.handle,
    memoryLogger(logs),
    [createDeliverJob({ retryLimit: RETRY_LIMIT })],
    testConfig({ SMTP_URL: smtpUrl }),
  );
  await jobs.start({ work: true });
});
afterAll(async () => {
  await jobs?.stop();
  await testDb?.close();
});

function notification(id: string) {
  return testDb.handle.db
    .selectFrom("notifications")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

describe("when the mail server is down", () => {
  it("records each attempt and its error, and after the last retry marks the notification failed", async () => {
    const { id } = await testDb.handle.db.transaction().execute((tx) =>
      queueNotification(tx, jobs, {
        channel: "email",
        recipient: "unlucky@example.cn",
        template: "account.reset_password",
        locale: "zh-CN",
        params: { name: "孙七", link: "https://tongban.example/account/reset?token=s", minutes: 60 },
      }),
    );

    const first = await waitUntil("the first failed attempt", async () => {
      const row = await notification(id);
      return row.attempts >= 1 ? row : undefined;
    });
    expect(first.last_error).toMatch(/ECONNREFUSED/);
    if (first.attempts < RETRY_LIMIT + 1) {
      expect(first).toMatchObject({ status: "pending", sent_at: null });
      expect(first.params).toMatchObject({ name: "孙七" });
    }

    const last = await waitUntil(
      "the notification to fail",
      async () => {
        const row = await notification(id);
        return row.status === "failed" ? row : undefined;
      },
      { timeoutMs: 40_000 },
    );
    expect(last).toMatchObject({ attempts: RETRY_LIMIT + 1, sent_at: null, params: {} });
    expect(last.last_error).toMatch(/ECONNREFUSED/);

    // pg-boss agrees: the job failed after its retries, and nothing is left to run.
    const states = await waitUntil("the job to fail", async () => {
      const result = await sql<{ state: string; retry_count: number }>`
        select state, retry_count from pgboss.job where name = ${DELIVER_JOB} and data->>'id' = ${id}`.execute(
        testDb.handle.db,
      );
      return result.rows[0]?.state === "failed" ? result.rows : undefined;
    });
    expect(states).toEqual([{ state: "failed", retry_count: RETRY_LIMIT }]);
    expect(
      logs.filter((l) => l.notification === id && l.msg === "notification not delivered: will try again"),
    ).toHaveLength(RETRY_LIMIT);
    expect(logs).toContainEqual(
      expect.objectContaining({
        notification: id,
        level: 50,
        msg: "notification failed for good: it will not be sent",
      }),
    );
  });
});
