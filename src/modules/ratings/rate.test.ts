import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { applyOnline, call, caseTestApp } from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import { closedCase, type RatingWorld, ratingWorld, smsToken } from "./testing.ts";

let t: TestApp;
let w: RatingWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await ratingWorld(t);
});
afterAll(() => t.close());

const good = { level: 5, tags: ["efficient", "courteous"], comment: "办得很快" };

describe("rating a closed case online", () => {
  it("keeps the applicant's rating with what it is counted under, once per channel", async () => {
    const { number, caseId } = await closedCase(w);
    const rated = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, good);
    expect(rated.statusCode).toBe(201);
    expect(rated.json()).toMatchObject({ level: 5, channel: "online", rectification: false });
    const row = await t.platform.database.db
      .selectFrom("ratings")
      .selectAll()
      .where("id", "=", rated.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      subject_kind: "case",
      subject_id: caseId,
      rater_kind: "applicant",
      region_code: "330523",
      item_code: w.itemCode,
      case_channel: "online",
      tags: ["efficient", "courteous"],
    });
    expect(row.department_id).not.toBeNull();

    const again = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, {
      level: 1,
      tags: [],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "rating_exists", allowed: ["add"] });
  });

  it("refuses a case that is not closed, saying why", async () => {
    const { number } = await applyOnline(w);
    const response = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, good);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: "rating_case_not_closed" });
    expect(response.json().detail).toMatch(/not closed/);
  });

  it("answers 404 to someone else, staff included, and 401 to the anonymous", async () => {
    const { number } = await closedCase(w);
    const stranger = await someone(t);
    expect((await call(t, stranger, "POST", `/api/v1/cases/${number}/ratings`, good)).statusCode).toBe(404);
    expect((await call(t, w.reviewer, "POST", `/api/v1/cases/${number}/ratings`, good)).statusCode).toBe(404);
    expect((await call(t, undefined, "POST", `/api/v1/cases/${number}/ratings`, good)).statusCode).toBe(401);
    expect((await call(t, w.applicant, "GET", `/api/v1/cases/${number}/ratings`)).json().items).toEqual([]);
  });

  it("lists every bad field at once: an unknown level, an unknown tag, a tag of the other group", async () => {
    const { number } = await closedCase(w);
    const unknown = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, {
      level: 7,
      tags: ["nonsense"],
    });
    expect(unknown.statusCode).toBe(400);
    const fields = unknown.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["/level", "/tags/0"]));

    const wrongGroup = await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, {
      level: 1,
      tags: ["slow", "courteous"],
    });
    expect(wrongGroup.statusCode).toBe(400);
    expect(wrongGroup.json()).toMatchObject({
      code: "validation_failed",
      errors: [{ field: "/tags/1", message: expect.stringMatching(/not a reason for this level/) }],
    });
    // Nothing was kept: a right rating still goes in.
    expect((await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, good)).statusCode).toBe(
      201,
    );
  });

  it("adds to a rating (追评) with its time, the original unchanged, both shown to the rater only", async () => {
    const { number } = await closedCase(w);
    const id = (await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, good)).json().id;
    const added = await call(t, w.applicant, "POST", `/api/v1/ratings/${id}/additions`, {
      text: "证照也已收到",
    });
    expect(added.statusCode).toBe(201);
    const mine = (await call(t, w.applicant, "GET", `/api/v1/ratings/${id}`)).json();
    expect(mine).toMatchObject({
      level: 5,
      comment: "办得很快",
      additions: [{ text: "证照也已收到", createdAt: expect.any(String) }],
    });
    const other = await someone(t);
    expect((await call(t, other, "POST", `/api/v1/ratings/${id}/additions`, { text: "x" })).statusCode).toBe(
      404,
    );
    expect((await call(t, other, "GET", `/api/v1/ratings/${id}`)).statusCode).toBe(404);
  });
});

describe("rating by the text message's link", () => {
  it("invites once when the case closes, rates without signing in, and the used link is gone", async () => {
    const who = await someone(t, { name: "李四", addressRegionCode: "330523001201" });
    const { caseId } = await closedCase(w, who);
    const token = await smsToken(t, who.mobile);
    // Running the job again invites no one twice.
    await smsToken(t, who.mobile);
    const invites = await t.platform.database.db
      .selectFrom("rating_tokens")
      .select("token_hash")
      .where("subject_id", "=", caseId)
      .where("kind", "=", "sms")
      .execute();
    expect(invites).toHaveLength(1);

    const opened = await call(t, undefined, "GET", `/api/v1/rating-links/${token}`);
    expect(opened.json()).toMatchObject({ kind: "case", channel: "sms" });
    const rated = await call(t, undefined, "POST", `/api/v1/rating-links/${token}`, {
      level: 4,
      tags: ["convenient"],
    });
    expect(rated.statusCode).toBe(201);
    expect(rated.json()).toMatchObject({ channel: "sms" });
    expect((await call(t, undefined, "POST", `/api/v1/rating-links/${token}`, good)).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", `/api/v1/rating-links/${token}`)).statusCode).toBe(404);
    // The same case may still be rated online: one per channel.
    const { number } = (await t.platform.database.db
      .selectFrom("cases")
      .select("number")
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow()) as { number: string };
    expect((await call(t, who, "POST", `/api/v1/cases/${number}/ratings`, good)).statusCode).toBe(201);
  });

  it("answers a wrong token 404", async () => {
    const wrong = "A".repeat(24);
    expect((await call(t, undefined, "POST", `/api/v1/rating-links/${wrong}`, good)).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", "/api/v1/rating-links/short")).statusCode).toBe(404);
  });
});

describe("two submissions racing", () => {
  const bad = { level: 1, tags: ["slow"], comment: "等了很久" };
  const countOf = async (table: "ratings" | "rectifications", column: string, id: string) =>
    Number(
      (
        await t.platform.database.db
          .selectFrom(table)
          .select(({ fn }) => fn.countAll<string>().as("n"))
          .where(column as never, "=", id as never)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("one link sent twice at once keeps one rating, a bad one one rectification; the other is refused", async () => {
    for (const body of [good, bad]) {
      const who = await someone(t, { addressRegionCode: "330523001201" });
      const { caseId } = await closedCase(w, who);
      const token = await smsToken(t, who.mobile);
      const answers = await Promise.all(
        [1, 2].map(() => call(t, undefined, "POST", `/api/v1/rating-links/${token}`, body)),
      );
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes[0]).toBe(201);
      expect([404, 409]).toContain(codes[1]);
      expect(await countOf("ratings", "subject_id", caseId)).toBe(1);
      const rating = answers.find((a) => a.statusCode === 201)?.json().id as string;
      expect(await countOf("rectifications", "rating_id", rating)).toBe(body === bad ? 1 : 0);
    }
  });

  it("two online ratings of one case at once: one wins, the other is told it exists", async () => {
    const { number, caseId } = await closedCase(w);
    const answers = await Promise.all(
      [good, bad].map((body) => call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, body)),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(await countOf("ratings", "subject_id", caseId)).toBe(1);
  });
});
