import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { EXIF_SEGMENT, exeBytes, JPEG, jpegWith, PNG, SECRET } from "../../platform/files/fixtures.ts";
import { fileStoreFor } from "../../platform/files/store.ts";
import { call, caseTestApp, nationalStaff } from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import { sweepRequests } from "./sweep.ts";
import { aComplaint, COUNTY, fileVia, type RequestsWorld, requestsWorld, VILLAGE } from "./testing.ts";
import { worklist } from "./views.ts";

let t: TestApp;
let w: RequestsWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await requestsWorld(t);
});
afterAll(async () => {
  await t.close();
});

const db = () => t.platform.database.db;

async function file(payload: Record<string, unknown> = aComplaint, who?: { cookie: string }) {
  const response = await fileVia(t, who, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { number: string; token: string; state: string; dueAt: string };
}

describe("filing a request", () => {
  it("routes by category × region to the department, due in the category's working days, and texts the requester", async () => {
    const filed = await file();
    expect(filed.state).toBe("assigned");
    const row = await db()
      .selectFrom("public_requests")
      .selectAll()
      .where("number", "=", filed.number)
      .executeTakeFirstOrThrow();
    expect(row.department_id).toBe(w.policeId);
    expect(row.dispatcher_id).toBe(w.dispatcherId);
    // Contact details are kept encrypted, never in the clear.
    expect(row.contact_phone_enc).not.toContain("13900001111");
    expect(row.public_text).not.toContain("13900001111");
    const sms = await db()
      .selectFrom("notifications")
      .select(["recipient", "template"])
      .where("recipient", "=", "13900001111")
      .execute();
    expect(sms.map((n) => n.template)).toContain("request.received");
    // Five working days: at least five calendar days later, and the calendar says which.
    expect(new Date(filed.dueAt).getTime() - Date.now()).toBeGreaterThan(5 * 86_400_000 - 86_400_000);
  });

  it("sends a request without a rule to the dispatcher of the nearest region that has one", async () => {
    const filed = await file({
      category: "policy-question",
      text: "请问老年人高龄补贴怎么申请？",
      regionCode: VILLAGE,
      contactPreference: "none",
      anonymous: true,
    });
    expect(filed.state).toBe("received");
  });

  it("takes the most specific region's rule: the township's road-repair rule, not the county's dispatcher", async () => {
    const filed = await file({ ...aComplaint, category: "road-repair", text: "村口道路有大坑，雨天积水。" });
    expect(filed.state).toBe("assigned");
    const row = await db()
      .selectFrom("public_requests")
      .select("department_id")
      .where("number", "=", filed.number)
      .executeTakeFirstOrThrow();
    expect(row.department_id).toBe(w.transportId);
  });

  it("lists every bad field at once", async () => {
    const response = await fileVia(t, undefined, {
      category: "no-such",
      text: "短",
      regionCode: "999999",
      lat: 30.6,
      contactPreference: "email",
      contact: { phone: "12345", email: "not-an-address" },
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(["/category", "/email", "/long", "/phone", "/regionCode", "/text"]);
  });

  it("refuses coordinates out of range", async () => {
    const response = await fileVia(t, undefined, { ...aComplaint, lat: 91, long: 200 });
    expect(response.statusCode).toBe(400);
    // The schema names each field (once per way it could have been valid): both are there, nothing else.
    expect(new Set((response.json().errors as { field: string }[]).map((e) => e.field))).toEqual(
      new Set(["/lat", "/long"]),
    );
  });

  it("refuses anonymity where the category does not allow it, and takes it where it does", async () => {
    const refused = await fileVia(t, undefined, {
      ...aComplaint,
      contact: undefined,
      contactPreference: "none",
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("request_anonymous_not_allowed");
    const asked = await fileVia(t, undefined, { ...aComplaint, anonymous: true, contactPreference: "none" });
    expect(asked.json().code).toBe("request_anonymous_not_allowed");
    const report = await file({
      category: "food-safety",
      text: "某超市出售过期牛奶，联系电话13812345678。",
      regionCode: VILLAGE,
      contactPreference: "none",
      anonymous: true,
    });
    expect(report.state).toBe("assigned");
  });

  it("keeps attachments whose content is an image or a PDF, without their metadata, and refuses a program", async () => {
    const photo = jpegWith(JPEG, EXIF_SEGMENT);
    const filed = await file({
      ...aComplaint,
      attachments: [{ fileName: "现场.jpg", contentBase64: photo.toString("base64") }],
    });
    const row = await db()
      .selectFrom("public_requests")
      .select("attachments")
      .where("number", "=", filed.number)
      .executeTakeFirstOrThrow();
    expect(row.attachments).toHaveLength(1);
    const kept = await fileStoreFor(t.platform.config).read(row.attachments[0] as string);
    expect(kept.includes(Buffer.from(SECRET))).toBe(false);
    const program = await fileVia(t, undefined, {
      ...aComplaint,
      attachments: [{ fileName: "照片.jpg", contentBase64: exeBytes().toString("base64") }],
    });
    expect(program.statusCode).toBe(415);
    expect(program.json().code).toBe("file_type_refused");
    const tooMany = await fileVia(t, undefined, {
      ...aComplaint,
      attachments: Array.from({ length: 4 }, () => ({ contentBase64: PNG.toString("base64") })),
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it("limits a flood from one client address with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await fileVia(t, undefined, aComplaint, "10.99.0.1")).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    const last = await fileVia(t, undefined, aComplaint, "10.99.0.1");
    expect(last.statusCode).toBe(429);
    expect(last.json().code).toBe("rate_limited");
    expect(Number(last.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not held back by this one.
    expect((await fileVia(t, undefined, aComplaint, "10.99.0.2")).statusCode).toBe(201);
  });
});

describe("following a request", () => {
  it("is seen with its token or by its requester signed in, and by no one else (404)", async () => {
    const person = await someone(t, { name: "赵六" });
    const mine = await file({ ...aComplaint, contact: undefined }, person);
    expect((await call(t, person, "GET", `/api/v1/requests/${mine.number}`)).statusCode).toBe(200);
    expect(
      (await call(t, undefined, "GET", `/api/v1/requests/${mine.number}?token=${mine.token}`)).statusCode,
    ).toBe(200);
    const stranger = await someone(t);
    expect((await call(t, stranger, "GET", `/api/v1/requests/${mine.number}`)).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", `/api/v1/requests/${mine.number}?token=wrong`)).statusCode).toBe(
      404,
    );
    expect(
      (
        await call(t, stranger, "POST", `/api/v1/requests/${mine.number}/rating`, {
          satisfaction: "satisfied",
        })
      ).statusCode,
    ).toBe(404);
    // Staff of another county do not see it either.
    expect((await call(t, w.otherPolice, "GET", `/api/v1/work/requests/${mine.number}`)).statusCode).toBe(
      404,
    );
  });
});

describe("the lifecycle", () => {
  it("goes transfer → return → assign → reply (public, masked) → rating, with reasons required", async () => {
    const filed = await file({
      ...aComplaint,
      text: "李四家门口的广场舞每晚噪音很大，我的电话13900001111，邮箱li4@example.cn。",
    });
    const url = `/api/v1/work/requests/${filed.number}`;
    // A transfer or return without a reason is refused, and nothing changes.
    const noReason = await call(t, w.police, "POST", `${url}/transfer`, { departmentId: w.marketId });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe("/reason");
    expect((await call(t, w.police, "POST", `${url}/return`, {})).statusCode).toBe(400);
    // The dispatcher may see it but not act for the department.
    expect((await call(t, w.dispatcher, "POST", `${url}/reply`, { text: "已处理" })).statusCode).toBe(403);
    expect(
      (
        await call(t, w.police, "POST", `${url}/transfer`, {
          departmentId: w.marketId,
          reason: "涉及经营场所，转市场监管",
        })
      ).json().state,
    ).toBe("assigned");
    expect((await call(t, w.police, "POST", `${url}/reply`, { text: "x" })).statusCode).toBe(404);
    expect(
      (await call(t, w.market, "POST", `${url}/return`, { reason: "不属于本部门职责" })).json().state,
    ).toBe("received");
    // Assigning is the dispatcher's; a department not of the place is refused.
    expect(
      (await call(t, w.dispatcher, "POST", `${url}/assign`, { departmentId: w.otherPolice.id })).statusCode,
    ).toBe(400);
    expect(
      (await call(t, w.dispatcher, "POST", `${url}/assign`, { departmentId: w.policeId })).json().state,
    ).toBe("assigned");
    const replied = await call(t, w.police, "POST", `${url}/reply`, {
      text: "经核查，李四已整改。如有问题请拨打13900001111或发邮件至li4@example.cn，<script>alert(1)</script>",
      public: true,
    });
    expect(replied.json().state).toBe("replied");
    // A step the state does not allow: 409 listing what it does.
    const again = await call(t, w.police, "POST", `${url}/transfer`, {
      departmentId: w.marketId,
      reason: "x",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().allowed).toEqual(["rate", "reopen"]);
    const published = (await call(t, undefined, "GET", "/api/v1/request-replies")).json().items as {
      number: string;
      reply: string;
    }[];
    const mine = published.find((p) => p.number === filed.number);
    expect(mine?.reply).toContain("李*");
    expect(mine?.reply).not.toContain("李四");
    expect(mine?.reply).not.toContain("13900001111");
    expect(mine?.reply).not.toContain("li4@example.cn");
    const follow = (
      await call(t, undefined, "GET", `/api/v1/requests/${filed.number}?token=${filed.token}`)
    ).json();
    expect(follow.actions).toEqual(["rate", "reopen"]);
    expect(follow.events.map((e: { action: string }) => e.action)).toEqual([
      "receive",
      "transfer",
      "return",
      "assign",
      "reply",
    ]);
    const rated = await call(t, undefined, "POST", `/api/v1/requests/${filed.number}/rating`, {
      satisfaction: "basically",
      token: filed.token,
    });
    expect(rated.json().state).toBe("closed");
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "request.%")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["request.transfer", "request.return", "request.assign", "request.reply"]),
    );
  });

  it("reopens within the period with a reason, back to the department that replied, and not after", async () => {
    const filed = await file();
    const url = `/api/v1/work/requests/${filed.number}`;
    await call(t, w.police, "POST", `${url}/reply`, { text: "已联系饭店整改。" });
    const noReason = await call(t, undefined, "POST", `/api/v1/requests/${filed.number}/reopen`, {
      token: filed.token,
    });
    expect(noReason.statusCode).toBe(400);
    const reopened = await call(t, undefined, "POST", `/api/v1/requests/${filed.number}/reopen`, {
      token: filed.token,
      reason: "噪音仍在",
    });
    expect(reopened.json().state).toBe("assigned");
    await call(t, w.police, "POST", `${url}/reply`, { text: "再次核查并处罚。" });
    await db()
      .updateTable("public_requests")
      .set({ reopen_until: new Date(Date.now() - 1000) })
      .where("number", "=", filed.number)
      .execute();
    const late = await call(t, undefined, "POST", `/api/v1/requests/${filed.number}/reopen`, {
      token: filed.token,
      reason: "还是吵",
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("request_reopen_period_over");
    // The sweep closes a reply left unrated past the period.
    const swept = await sweepRequests(db());
    expect(swept.closed).toBeGreaterThanOrEqual(1);
    const row = await db()
      .selectFrom("public_requests")
      .select("state")
      .where("number", "=", filed.number)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe("closed");
  });

  it("marks requests past their due date overdue", async () => {
    const filed = await file();
    await db()
      .updateTable("public_requests")
      .set({ due_at: new Date(Date.now() - 1000) })
      .where("number", "=", filed.number)
      .execute();
    await sweepRequests(db());
    const row = await db()
      .selectFrom("public_requests")
      .select("overdue_at")
      .where("number", "=", filed.number)
      .executeTakeFirstOrThrow();
    expect(row.overdue_at).not.toBeNull();
  });

  it("shows the department's worklist, soonest due first", async () => {
    const filed = await file();
    const items = (await call(t, w.police, "GET", "/api/v1/work/requests")).json().items as {
      number: string;
      dueAt: string;
    }[];
    expect(items.map((i) => i.number)).toContain(filed.number);
    const dues = items.map((i) => i.dueAt);
    expect([...dues].sort()).toEqual(dues);
    expect((await call(t, w.otherPolice, "GET", "/api/v1/work/requests")).json().items).toEqual([]);
  });

  it("shows the department's worklist to its staff over the whole country, whatever the province", async () => {
    const filed = await file();
    const items = await worklist(db(), nationalStaff("reviewer", w.policeId));
    expect(items.map((i) => i.number)).toContain(filed.number);
  });
});

describe("routing rules", () => {
  it("are kept by administrators over the region, with the department checked", async () => {
    const put = await call(t, w.admin, "PUT", "/api/v1/request-routes", {
      regionCode: COUNTY,
      categoryCode: "policy-question",
      departmentId: w.marketId,
    });
    expect(put.statusCode).toBe(200);
    const list = (await call(t, w.police, "GET", `/api/v1/request-routes?region=${COUNTY}`)).json().items as {
      categoryCode: string | null;
    }[];
    expect(list.map((r) => r.categoryCode)).toContain("policy-question");
    expect(
      (
        await call(t, w.police, "PUT", "/api/v1/request-routes", {
          regionCode: COUNTY,
          categoryCode: null,
          departmentId: w.marketId,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await call(t, w.admin, "PUT", "/api/v1/request-routes", {
      regionCode: "330522",
      categoryCode: "nope",
      departmentId: w.marketId,
    });
    expect(bad.statusCode).toBe(404);
    const id = put.json().id as string;
    expect((await call(t, w.admin, "DELETE", `/api/v1/request-routes/${id}`)).statusCode).toBe(204);
  });
});
