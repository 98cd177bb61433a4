import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../../test/app.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { Jobs } from "../../platform/jobs.ts";
import { deliverJob } from "./jobs.ts";
import { notifyParty, type PartyMessage } from "./party.ts";
import { DELIVER_JOB } from "./service.ts";

let testDb: TestDatabase;
let jobs: Jobs;

beforeAll(async () => {
  testDb = await createTestDatabase();
  jobs = new Jobs(testDb.handle, memoryLogger([]), [deliverJob], testConfig());
  // Queues only: what is queued is read back from the tables, nothing is sent.
  await jobs.start({ work: false });
});
afterAll(async () => {
  await jobs?.stop();
  await testDb?.close();
});

const db = () => testDb.handle.db;
const link = "https://tongban.example/cases/330523-20260701-000123";
const short = "https://tongban.example/c/7KQ2M9XAB4";
const decided = (recipient: PartyMessage["recipient"]): PartyMessage => ({
  recipient,
  template: "case.decided",
  params: {
    "zh-CN": {
      caseNumber: "330523-20260701-000123",
      itemName: "食品经营许可",
      outcome: "准予许可",
      link,
      short,
    },
    en: {
      caseNumber: "330523-20260701-000123",
      itemName: "Food business licence",
      outcome: "granted",
      link,
      short,
    },
  },
  caseId: randomUUID(),
  regionCode: "330523",
});

function notify(message: PartyMessage) {
  return db()
    .transaction()
    .execute((tx) => notifyParty(tx, jobs, message));
}

async function sentTo(recipientId: string) {
  const inbox = await db()
    .selectFrom("inbox_messages")
    .selectAll()
    .where("recipient_id", "=", recipientId)
    .execute();
  return inbox;
}

async function outbox(ids: string[]) {
  if (ids.length === 0) return [];
  return db()
    .selectFrom("notifications")
    .select(["id", "channel", "recipient", "locale", "template", "params"])
    .where("id", "in", ids)
    .orderBy("channel")
    .execute();
}

async function deliveryJobs(ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await sql<{ id: string }>`
    select data->>'id' as id from pgboss.job where name = ${DELIVER_JOB} and data->>'id' = any(${ids})`.execute(
    db(),
  );
  return result.rows.map((r) => r.id).sort();
}

describe("telling a party", () => {
  it("puts it in the inbox in both languages, and queues an e-mail and a text message in theirs", async () => {
    const id = randomUUID();
    const result = await notify(
      decided({ kind: "person", id, locale: "en", email: "ann@example.cn", mobile: "13800138000" }),
    );
    const [message, ...more] = await sentTo(id);
    expect(more).toEqual([]);
    expect(message).toMatchObject({
      id: result.inboxId,
      recipient_kind: "person",
      template: "case.decided",
      link,
    });
    expect(message?.content["zh-CN"].title).toBe("办理结果：食品经营许可");
    expect(message?.content.en.title).toBe("Decision on your application: Food business licence");
    const queued = await outbox(result.queued.map((q) => q.id));
    expect(queued).toEqual([
      expect.objectContaining({ channel: "email", recipient: "ann@example.cn", locale: "en" }),
      expect.objectContaining({ channel: "sms", recipient: "13800138000", locale: "en" }),
    ]);
    expect(queued[0]?.params).toMatchObject({ itemName: "Food business licence", outcome: "granted" });
    expect(await deliveryJobs(result.queued.map((q) => q.id))).toEqual(result.queued.map((q) => q.id).sort());
    expect(result.skipped).toEqual([]);
  });

  it("sends no text message for a template without words for one, and nothing where there is no address", async () => {
    const staffId = randomUUID();
    const assigned: PartyMessage = {
      recipient: {
        kind: "staff",
        id: staffId,
        locale: "zh-CN",
        email: "clerk@anji.gov.cn",
        mobile: "13900139000",
      },
      template: "task.assigned",
      params: {
        "zh-CN": {
          caseNumber: "C-9",
          itemName: "食品经营许可",
          stepName: "现场核查",
          dueDate: "2026年7月10日",
          link,
        },
        en: {
          caseNumber: "C-9",
          itemName: "Food licence",
          stepName: "Site visit",
          dueDate: "10 July 2026",
          link,
        },
      },
    };
    const staff = await notify(assigned);
    expect(staff.queued.map((q) => q.channel)).toEqual(["email"]);
    const bare = randomUUID();
    const inboxOnly = await notify(decided({ kind: "person", id: bare, locale: "zh-CN", email: null }));
    expect(inboxOnly.queued).toEqual([]);
    expect(await sentTo(bare)).toHaveLength(1);
  });

  it("takes the template's link for the inbox when given none, and keeps one given apart", async () => {
    const id = randomUUID();
    await notify({
      ...decided({ kind: "person", id, locale: "zh-CN" }),
      link: "/cases/330523-20260701-000123",
    });
    const other = randomUUID();
    await notify(decided({ kind: "person", id: other, locale: "zh-CN" }));
    expect((await sentTo(id))[0]?.link).toBe("/cases/330523-20260701-000123");
    expect((await sentTo(other))[0]?.link).toBe(link);
  });

  it("skips only the channel whose address on file is not one, still telling the party the rest", async () => {
    const id = randomUUID();
    const result = await notify(
      decided({ kind: "person", id, locale: "zh-CN", email: "not an address", mobile: "12345" }),
    );
    expect(result.queued).toEqual([]);
    expect(result.skipped).toEqual([
      { channel: "email", reason: "must be an e-mail address such as name@example.cn" },
      {
        channel: "sms",
        reason: "must be a mainland mobile number: 11 digits starting with 1, such as 13800138000",
      },
    ]);
    expect(await sentTo(id)).toHaveLength(1);
  });

  it("refuses parameters that do not fit the template, and leaves nothing behind", async () => {
    const id = randomUUID();
    const bad = decided({ kind: "person", id, locale: "zh-CN", email: "ann@example.cn" });
    (bad.params.en as Record<string, string>).outcome = "";
    await expect(notify(bad)).rejects.toMatchObject({
      code: "validation_failed",
      extra: { fields: [{ field: "/params/en/outcome", message: "must be a non-empty text" }] },
    });
    expect(await sentTo(id)).toEqual([]);
  });

  it("commits or rolls back with the change it reports", async () => {
    const id = randomUUID();
    let queued: string[] = [];
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          const result = await notifyParty(
            tx,
            jobs,
            decided({ kind: "person", id, locale: "zh-CN", email: "ann@example.cn", mobile: "13800138000" }),
          );
          queued = result.queued.map((q) => q.id);
          throw new Error("the transition failed");
        }),
    ).rejects.toThrow("the transition failed");
    expect(queued).toHaveLength(2);
    expect(await sentTo(id)).toEqual([]);
    expect(await outbox(queued)).toEqual([]);
    expect(await deliveryJobs(queued)).toEqual([]);
  });

  it("is typed so that a template's parameters must fit it", () => {
    // @ts-expect-error case.accepted needs a dueDate, in every language
    const message: PartyMessage = {
      recipient: { kind: "person", id: randomUUID(), locale: "zh-CN" },
      template: "case.accepted",
      params: {
        "zh-CN": { caseNumber: "C-1", itemName: "食品经营许可", link, short },
        en: { caseNumber: "C-1", itemName: "Food licence", dueDate: "15 July 2026", link, short },
      },
    };
    expect(message.template).toBe("case.accepted");
  });
});
