import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../../test/app.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { Executor } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { Jobs } from "../../platform/jobs.ts";
import { DELIVER_JOB, deliverJob } from "./jobs.ts";
import { type NotificationRequest, queueNotification } from "./service.ts";
import { type MailSink, startMailSink, waitUntil } from "./testing.ts";

let sink: MailSink;
let testDb: TestDatabase;
let jobs: Jobs;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  sink = await startMailSink({ refuse: (address) => address.startsWith("nobody-") });
  testDb = await createTestDatabase();
  const config = testConfig({ SMTP_URL: sink.url, MAIL_FROM: "通办测试 <noreply@tongban.example>" });
  jobs = new Jobs(testDb.handle, memoryLogger(logs), [deliverJob], config);
  await jobs.start({ work: true });
});
afterAll(async () => {
  await jobs?.stop();
  await testDb?.close();
  await sink?.stop();
});

const db = () => testDb.handle.db;
const uniqueAddress = (prefix = "person") => `${prefix}-${randomUUID().slice(0, 8)}@example.cn`;
const mailTo = (address: string) => sink.received.filter((m) => m.envelopeTo.includes(address));

function notification(id: string) {
  return db().selectFrom("notifications").selectAll().where("id", "=", id).executeTakeFirst();
}

async function jobsFor(id: string): Promise<string[]> {
  const result = await sql<{ state: string }>`
    select state from pgboss.job where name = ${DELIVER_JOB} and data->>'id' = ${id}`.execute(db());
  return result.rows.map((r) => r.state);
}

function queueCommitted(message: NotificationRequest): Promise<{ id: string }> {
  return db()
    .transaction()
    .execute((tx) => queueNotification(tx, jobs, message));
}

async function sentRow(id: string) {
  return waitUntil(`notification ${id} to be sent`, async () => {
    const row = await notification(id);
    return row?.status === "sent" ? row : undefined;
  });
}

describe("queueing a notification in a committed transaction", () => {
  it("sends one e-mail with the right sender, recipient, subject and Chinese body", async () => {
    const to = uniqueAddress();
    const link = "https://tongban.example/account/verify?token=t0k3n";
    const { id } = await queueCommitted({
      channel: "email",
      recipient: ` ${to} `,
      template: "account.verify_email",
      locale: "zh-CN",
      params: { name: "张三", link },
    });
    const row = await sentRow(id);
    expect(row).toMatchObject({ recipient: to, attempts: 1, last_error: null, params: {} });
    expect(row.sent_at).toBeInstanceOf(Date);

    const [mail, ...more] = mailTo(to);
    expect(more).toEqual([]);
    expect(mail?.envelopeFrom).toBe("noreply@tongban.example");
    expect(mail?.envelopeTo).toEqual([to]);
    expect(mail?.headers.from?.replaceAll('"', "")).toBe("通办测试 <noreply@tongban.example>");
    expect(mail?.headers.to).toBe(to);
    expect(mail?.subject).toBe("请确认您的电子邮箱 — 通办");
    expect(mail?.text).toContain("张三，您好：");
    expect(mail?.text).toContain(link);
    expect(mail?.text).toContain("此邮件由通办系统自动发送");
    expect(mail?.html).toContain(`<a href="${link}"`);
    expect(mail?.html).toContain('<html lang="zh-CN">');
  });

  it("writes the e-mail in English when the recipient reads English", async () => {
    const to = uniqueAddress();
    const { id } = await queueCommitted({
      channel: "email",
      recipient: to,
      template: "account.reset_password",
      locale: "en",
      params: { name: "Li Lei", link: "https://tongban.example/account/reset?token=r", minutes: 60 },
    });
    await sentRow(id);
    const [mail, ...more] = mailTo(to);
    expect(more).toEqual([]);
    expect(mail?.subject).toBe("Reset your Tongban password");
    expect(mail?.text).toContain("Hello Li Lei,");
    expect(mail?.text).toContain("within 60 minutes");
    expect(mail?.text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("opens a transaction of its own when given the database, and still commits row and job together", async () => {
    const to = uniqueAddress();
    const { id } = await queueNotification(db(), jobs, {
      channel: "email",
      recipient: to,
      template: "one_time_code",
      locale: "zh-CN",
      params: { code: "731904", purpose: "确认授权委托", minutes: 10 },
    });
    await sentRow(id);
    expect(mailTo(to)).toHaveLength(1);
    expect(mailTo(to)[0]?.text).toContain("您的验证码：731904");
    expect(mailTo(to)[0]?.subject).not.toContain("731904");
  });
});

describe("a transaction that rolls back", () => {
  it("leaves no notification, no job and sends nothing", async () => {
    const to = uniqueAddress("rolled-back");
    let queuedId: string | undefined;
    const outcome = await db()
      .transaction()
      .execute(async (tx) => {
        ({ id: queuedId } = await queueNotification(tx, jobs, {
          channel: "email",
          recipient: to,
          template: "account.verify_email",
          locale: "zh-CN",
          params: { name: "王五", link: "https://tongban.example/v?token=x" },
        }));
        throw new Error("the change failed");
      })
      .catch((error: Error) => error.message);
    expect(outcome).toBe("the change failed");
    expect(queuedId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await notification(queuedId as string)).toBeUndefined();
    expect(await jobsFor(queuedId as string)).toEqual([]);

    // A later message goes through the same worker and server: had the first been queued, it would be there.
    const after = uniqueAddress("after");
    await sentRow(
      (
        await queueCommitted({
          channel: "email",
          recipient: after,
          template: "account.verify_email",
          locale: "zh-CN",
          params: { name: "王五", link: "https://tongban.example/v?token=y" },
        })
      ).id,
    );
    expect(mailTo(after)).toHaveLength(1);
    expect(mailTo(to)).toEqual([]);
  });
});

describe("delivery", () => {
  it("sends nothing twice when the job is delivered again", async () => {
    const to = uniqueAddress();
    const { id } = await queueCommitted({
      channel: "email",
      recipient: to,
      template: "account.verify_email",
      locale: "en",
      params: { name: "Han Meimei", link: "https://tongban.example/v?token=z" },
    });
    await sentRow(id);
    const again = await jobs.send(DELIVER_JOB, { id });
    await waitUntil(
      "the repeated job to finish",
      async () => (await jobs.find(DELIVER_JOB, again))?.state === "completed",
    );
    expect(mailTo(to)).toHaveLength(1);
    expect(await notification(id)).toMatchObject({ status: "sent", attempts: 1 });
    expect(logs).toContainEqual(
      expect.objectContaining({ notification: id, msg: "notification already handled: not sent again" }),
    );
  });

  it("fails at once, without retrying, when the server refuses the mailbox for good", async () => {
    const to = uniqueAddress("nobody");
    const { id } = await queueCommitted({
      channel: "email",
      recipient: to,
      template: "account.verify_email",
      locale: "en",
      params: { name: "Nobody", link: "https://tongban.example/v?token=n" },
    });
    const row = await waitUntil("the notification to fail", async () => {
      const found = await notification(id);
      return found?.status === "failed" ? found : undefined;
    });
    expect(row).toMatchObject({ attempts: 1, params: {}, sent_at: null });
    expect(row.last_error).toMatch(/No such mailbox here.*\(SMTP 550\)/);
    await waitUntil("the job to complete", async () => (await jobsFor(id))[0] === "completed");
    expect(mailTo(to)).toEqual([]);
  });

  it("writes a text message to the log in the demo, code included, when no SMS gateway is configured", async () => {
    const { id } = await queueCommitted({
      channel: "sms",
      recipient: "13800138000",
      template: "one_time_code",
      locale: "zh-CN",
      params: { code: "582047", purpose: "登录", minutes: 5 },
    });
    await sentRow(id);
    const line = logs.find(
      (l) => l.notification === id && l.msg === "text message written to the log, not sent",
    );
    expect(line).toMatchObject({
      channel: "sms",
      to: "138****8000",
      text: "【通办】您的验证码为 582047，用于登录，5 分钟内有效。请勿告诉他人。",
      masked: false,
    });
    expect(logs.filter((l) => String(l.msg).startsWith("SMS_URL is not set"))).toHaveLength(1);
    expect(logs.filter((l) => String(l.msg).startsWith("SMTP_URL is not set"))).toEqual([]);
  });
});

describe("bad input", () => {
  async function refused(tx: Executor, message: unknown) {
    const error = await queueNotification(tx, jobs, message as NotificationRequest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation_failed");
    return (error as AppError).extra.fields;
  }

  const valid = {
    channel: "email",
    recipient: "someone@example.cn",
    template: "account.verify_email",
    locale: "zh-CN",
    params: { name: "赵六", link: "https://tongban.example/v?token=q" },
  };

  it("refuses a malformed e-mail address, mobile number or template, saying which field is wrong", async () => {
    const before = await db()
      .selectFrom("notifications")
      .select(db().fn.countAll<number>().as("n"))
      .executeTakeFirst();
    for (const recipient of [
      "not-an-address",
      "a@b",
      "two@@example.cn",
      "a b@example.cn",
      "x@example.cn\r\nBcc: y@z.cn",
      "x\u0000y@example.cn",
    ]) {
      expect(await refused(db(), { ...valid, recipient })).toEqual([
        { field: "/recipient", message: "must be an e-mail address such as name@example.cn" },
      ]);
    }
    const sms = {
      ...valid,
      channel: "sms",
      template: "one_time_code",
      params: { code: "1234", purpose: "登录", minutes: 5 },
    };
    for (const recipient of ["12345", "23800138000", "1380013800", "+8613800138000", "12800138000"]) {
      expect(await refused(db(), { ...sms, recipient })).toEqual([
        {
          field: "/recipient",
          message: "must be a mainland mobile number: 11 digits starting with 1, such as 13800138000",
        },
      ]);
    }
    expect(await refused(db(), { ...valid, template: "account.unknown" })).toEqual([
      { field: "/template", message: "is not a known template (account.unknown)" },
    ]);
    expect(await refused(db(), { ...valid, channel: "sms", recipient: "13800138000" })).toEqual([
      { field: "/template", message: "cannot be sent by sms, only by email" },
    ]);
    expect(
      await refused(db(), {
        ...valid,
        channel: "fax",
        locale: "fr",
        params: { name: "赵六", link: "ftp://x" },
      }),
    ).toEqual([
      { field: "/channel", message: "must be one of email, sms" },
      { field: "/locale", message: "must be one of zh-CN, en" },
      { field: "/params/link", message: "must be an http:// or https:// link" },
    ]);
    const after = await db()
      .selectFrom("notifications")
      .select(db().fn.countAll<number>().as("n"))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });
});
