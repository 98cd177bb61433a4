import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { exeBytes } from "../../platform/files/fixtures.ts";
import { call, caseTestApp, multipartFile, TINY_PDF } from "../cases/testing.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { splitDraft } from "./articles.ts";
import {
  type ConsultationWorld,
  consultationWorld,
  DAY,
  draftBody,
  elapse,
  publishedConsultation,
  SAMPLE_DRAFT,
} from "./testing.ts";

let t: TestApp;
let w: ConsultationWorld;
let citizen: Someone;
let other: Someone;

beforeAll(async () => {
  t = await caseTestApp();
  w = await consultationWorld(t);
  citizen = await someone(t, { name: "李村民" });
  other = await someone(t, { name: "赵村民" });
});
afterAll(() => t.close());

const url = (id: string, rest = "") => `/api/v1/consultations/${id}${rest}`;

describe("splitting a pasted draft", () => {
  it("starts an article at each line beginning 第X条, keeps 【】 headings and the preamble apart", () => {
    const { preamble, articles } = splitDraft(SAMPLE_DRAFT);
    expect(preamble).toBe("安吉县农村生活垃圾分类管理办法（征求意见稿）");
    expect(articles.map((a) => [a.number, a.heading])).toEqual([
      ["第一条", "目的"],
      ["第二条", null],
      ["第三条", "责任"],
    ]);
    expect(articles[1]?.body).toBe(
      "本办法适用于本县行政区域内的农村生活垃圾分类投放、收集和处理。\n村民委员会应当组织村民开展分类。",
    );
  });
});

describe("drafting and publishing", () => {
  it("keeps a draft to its department's staff until published, then shows it to everyone", async () => {
    const created = await call(t, w.admin, "POST", "/api/v1/consultations", draftBody(w));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await call(t, undefined, "GET", url(id))).statusCode).toBe(404);
    expect((await call(t, citizen, "GET", url(id))).statusCode).toBe(404);
    expect((await call(t, w.outsider, "GET", url(id))).statusCode).toBe(404);
    const seen = await call(t, w.approver, "GET", url(id));
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ phase: "draft", minimumOpenDays: 30, counts: { total: 0 } });
    expect(seen.json().articles.map((a: { number: string }) => a.number)).toEqual([
      "第一条",
      "第二条",
      "第三条",
    ]);

    // A comment on a draft not published: as if it did not exist.
    const early = await call(t, citizen, "POST", url(id, "/comments"), { text: "提前发表" });
    expect(early.statusCode).toBe(404);

    const edited = await call(t, w.admin, "PUT", url(id), {
      ...draftBody(w),
      department: undefined,
      articles: [{ number: "第一条", heading: null, text: "只剩一条。" }],
    });
    expect(edited.statusCode, edited.body).toBe(204);
    expect((await call(t, w.admin, "POST", url(id, "/publish"), {})).statusCode).toBe(204);
    const published = await call(t, undefined, "GET", url(id));
    expect(published.json()).toMatchObject({
      phase: "open",
      daysLeft: 30,
      articles: [{ text: "只剩一条。" }],
    });
    const list = await call(t, undefined, "GET", "/api/v1/consultations?region=330523");
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await call(t, undefined, "GET", "/api/v1/consultations?region=330522")).json().items).toEqual([]);

    const again = await call(t, w.admin, "PUT", url(id), { ...draftBody(w), department: undefined });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "consultation_not_draft", allowed: ["hide"] });
    expect((await call(t, w.admin, "POST", url(id, "/publish"), {})).json().code).toBe(
      "consultation_not_draft",
    );
    const audit = await t.platform.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "consultation.create",
      "consultation.publish",
      "consultation.update",
    ]);
  });

  it("refuses a period shorter than the minimum without a reason, listing every field", async () => {
    const short = await call(t, w.admin, "POST", "/api/v1/consultations", {
      ...draftBody(w, { days: 10 }),
      title: " ",
      text: "没有条文",
    });
    expect(short.statusCode).toBe(400);
    expect(
      short
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["/articles", "/shortPeriodReason", "/title"]);
    const withReason = await call(
      t,
      w.admin,
      "POST",
      "/api/v1/consultations",
      draftBody(w, { days: 10, reason: "上级要求年底前出台" }),
    );
    expect(withReason.statusCode, withReason.body).toBe(201);
    const backwards = await call(t, w.admin, "POST", "/api/v1/consultations", draftBody(w, { days: -1 }));
    expect(backwards.json().errors).toEqual([{ field: "/closesAt", message: expect.any(String) }]);
  });

  it("follows a region's own minimum, set by its administrator", async () => {
    const set = await call(t, w.admin, "PUT", "/api/v1/consultation-settings/330523", {
      minimumOpenDays: 45,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await call(t, undefined, "GET", "/api/v1/consultation-settings/330523001")).json()).toEqual({
      regionCode: "330523001",
      minimumOpenDays: 45,
    });
    expect(
      (await call(t, w.outsider, "PUT", "/api/v1/consultation-settings/330523", { minimumOpenDays: 5 }))
        .statusCode,
    ).toBe(404);
    const refused = await call(t, w.admin, "POST", "/api/v1/consultations", draftBody(w, { days: 40 }));
    expect(refused.json().errors[0].field).toBe("/shortPeriodReason");
    await call(t, w.admin, "PUT", "/api/v1/consultation-settings/330523", { minimumOpenDays: 30 });
  });

  it("attaches files to a draft, checked by their bytes, and serves them once published", async () => {
    const id = (await call(t, w.admin, "POST", "/api/v1/consultations", draftBody(w))).json().id;
    const put = (who: { cookie: string }, name: string, bytes: Uint8Array) => {
      const file = multipartFile(name, bytes);
      return t.app.inject({
        method: "PUT",
        url: url(id, "/attachments"),
        headers: { cookie: who.cookie, ...file.headers },
        payload: file.payload,
      });
    };
    expect((await put(w.outsider, "说明.pdf", TINY_PDF)).statusCode).toBe(404);
    const refused = await put(w.admin, "说明.pdf", exeBytes());
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const added = await put(w.admin, "起草说明.pdf", TINY_PDF);
    expect(added.statusCode, added.body).toBe(200);
    const { sha256 } = added.json();
    const fileUrl = url(id, `/attachments/${sha256}`);
    expect((await call(t, undefined, "GET", fileUrl)).statusCode).toBe(404);
    await call(t, w.admin, "POST", url(id, "/publish"), {});
    const served = await call(t, undefined, "GET", fileUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("application/pdf");
    expect((await call(t, undefined, "GET", url(id))).json().attachments).toEqual([
      expect.objectContaining({ sha256, name: "起草说明.pdf", url: fileUrl }),
    ]);
    expect((await put(w.admin, "再来.pdf", TINY_PDF)).json().code).toBe("consultation_not_draft");
  });

  it("lets only administrators and approvers of the department draft", async () => {
    expect((await call(t, citizen, "POST", "/api/v1/consultations", draftBody(w))).statusCode).toBe(403);
    expect((await call(t, undefined, "POST", "/api/v1/consultations", draftBody(w))).statusCode).toBe(401);
    const elsewhere = await call(t, w.outsider, "POST", "/api/v1/consultations", draftBody(w));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors[0].field).toBe("/department");
  });
});

describe("commenting", () => {
  let id: string;
  beforeAll(async () => {
    id = await publishedConsultation(t, w);
  });

  it("takes comments from people signed in, on an article or the whole draft, under a stable pseudonym", async () => {
    const first = await call(t, citizen, "POST", url(id, "/comments"), {
      article: 2,
      text: "建议增加奖励措施。",
    });
    expect(first.statusCode, first.body).toBe(201);
    await call(t, citizen, "POST", url(id, "/comments"), { text: "总体赞成。" });
    await call(t, other, "POST", url(id, "/comments"), { article: 2, text: "<script>alert(1)</script>" });
    const list = (await call(t, undefined, "GET", url(id, "/comments"))).json();
    expect(list.counts).toEqual({ total: 3, hidden: 0, overall: 1 });
    const [c, b, a] = list.items; // newest first
    expect(a.author).toMatch(/^[0-9a-f]{4}$/);
    expect(a.author).toBe(b.author);
    expect(c.author).not.toBe(a.author);
    expect(c.text).toBe("<script>alert(1)</script>");
    expect(JSON.stringify(list)).not.toContain(citizen.id);
    const detail = (await call(t, undefined, "GET", url(id))).json();
    expect(detail.articles.find((x: { position: number }) => x.position === 2).comments).toBe(2);
  });

  it("refuses bad comments with a clear answer", async () => {
    expect((await call(t, undefined, "POST", url(id, "/comments"), { text: "匿名" })).statusCode).toBe(401);
    const noArticle = await call(t, citizen, "POST", url(id, "/comments"), {
      article: 99,
      text: "第九十九条",
    });
    expect(noArticle.statusCode).toBe(400);
    expect(noArticle.json().errors).toEqual([{ field: "/article", message: "The draft has no article 99" }]);
    const blank = await call(t, citizen, "POST", url(id, "/comments"), { text: "   " });
    expect(blank.json().errors).toEqual([{ field: "/text", message: "Write your comment" }]);
    expect((await call(t, citizen, "POST", url(id, "/comments"), { text: "" })).statusCode).toBe(400);
    const long = await call(t, citizen, "POST", url(id, "/comments"), { text: "长".repeat(3001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe("/text");
  });

  it("lets the author withdraw their own comment, and no one else", async () => {
    const posted = (await call(t, citizen, "POST", url(id, "/comments"), { text: "想撤回的意见" })).json();
    expect((await call(t, other, "DELETE", url(id, `/comments/${posted.id}`))).statusCode).toBe(404);
    expect((await call(t, w.admin, "DELETE", url(id, `/comments/${posted.id}`))).statusCode).toBe(404);
    expect((await call(t, citizen, "DELETE", url(id, `/comments/${posted.id}`))).statusCode).toBe(204);
    const ids = (await call(t, undefined, "GET", url(id, "/comments")))
      .json()
      .items.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(posted.id);
  });

  it("hides abuse with a reason, still counting it, and shows the author their own hidden comment", async () => {
    const posted = (await call(t, other, "POST", url(id, "/comments"), { text: "你们都是骗子！" })).json();
    const hide = (who: { cookie: string }) =>
      call(t, who, "POST", url(id, `/comments/${posted.id}/hide`), { reason: "abuse" });
    expect((await hide(w.outsider)).statusCode).toBe(404);
    expect((await hide(citizen)).statusCode).toBe(404);
    expect((await hide(w.approver)).statusCode).toBe(204);
    expect((await hide(w.admin)).json().code).toBe("consultation_comment_hidden");
    const bad = await call(t, w.admin, "POST", url(id, `/comments/${posted.id}/hide`), {
      reason: "disagrees",
    });
    expect(bad.statusCode).toBe(400);
    const seenBy = async (who?: { cookie: string }) =>
      (await call(t, who, "GET", url(id, "/comments")))
        .json()
        .items.find((c: { id: string }) => c.id === posted.id);
    expect(await seenBy()).toMatchObject({ text: null, hiddenReason: "abuse", mine: false });
    expect(await seenBy(other)).toMatchObject({ text: "你们都是骗子！", hiddenReason: "abuse", mine: true });
    expect((await call(t, undefined, "GET", url(id, "/comments"))).json().counts).toMatchObject({
      total: 4,
      hidden: 1,
    });
  });

  it("refuses comments before the period opens", async () => {
    const later = await publishedConsultation(t, w, { opensIn: 3 });
    const early = await call(t, citizen, "POST", url(later, "/comments"), { text: "太早了" });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("consultation_not_open");
    expect((await call(t, undefined, "GET", url(later))).json().phase).toBe("upcoming");
  });

  it("closes by time alone, answering 409 with the closing time", async () => {
    const kept = (await call(t, citizen, "POST", url(id, "/comments"), { text: "截止前的意见" })).json();
    await elapse(t, id);
    const closed = (await call(t, undefined, "GET", url(id))).json();
    expect(closed).toMatchObject({ phase: "closed", daysLeft: 0 });
    const late = await call(t, citizen, "POST", url(id, "/comments"), { text: "迟到的意见" });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("consultation_closed");
    expect(late.json().detail).toContain(closed.closesAt);
    expect(late.json().title).toContain(closed.closesAt);
    const withdrawal = await call(t, citizen, "DELETE", url(id, `/comments/${kept.id}`));
    expect(withdrawal.statusCode).toBe(409);
    expect(withdrawal.json().code).toBe("consultation_closed");
  });
});

describe("the feedback summary", () => {
  it("is written after closing, each point linked to comments, and published once", async () => {
    const id = await publishedConsultation(t, w);
    const comment = (
      await call(t, citizen, "POST", url(id, "/comments"), { article: 1, text: "请明确罚则。" })
    ).json();
    const point = { summary: "建议明确罚则", adoption: "adopted", comments: [comment.id] };
    const early = await call(t, w.admin, "POST", url(id, "/summary/points"), point);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("consultation_still_open");
    expect((await call(t, w.admin, "POST", url(id, "/summary/publish"), {})).statusCode).toBe(409);
    await elapse(t, id);

    expect((await call(t, w.admin, "POST", url(id, "/summary/publish"), {})).json().code).toBe(
      "consultation_summary_empty",
    );
    const noReason = await call(t, w.admin, "POST", url(id, "/summary/points"), {
      summary: "删除第三条",
      adoption: "not_adopted",
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([
      { field: "/reason", message: "A point not adopted needs a reason" },
    ]);
    const stranger = await call(t, w.admin, "POST", url(id, "/summary/points"), {
      ...point,
      comments: [crypto.randomUUID()],
    });
    expect(stranger.json().errors[0].field).toBe("/comments");
    expect((await call(t, w.outsider, "POST", url(id, "/summary/points"), point)).statusCode).toBe(404);

    expect((await call(t, w.admin, "POST", url(id, "/summary/points"), point)).statusCode).toBe(201);
    const second = await call(t, w.admin, "POST", url(id, "/summary/points"), {
      summary: "删除第三条",
      adoption: "not_adopted",
      reason: "乡镇职责由上位法规定",
    });
    const removable = await call(t, w.admin, "POST", url(id, "/summary/points"), {
      summary: "重复",
      adoption: "partly_adopted",
    });
    expect(
      (await call(t, w.admin, "DELETE", url(id, `/summary/points/${removable.json().id}`))).statusCode,
    ).toBe(204);
    expect(second.statusCode).toBe(201);
    expect((await call(t, undefined, "GET", url(id, "/summary"))).statusCode).toBe(404);
    expect((await call(t, w.admin, "GET", url(id, "/summary"))).json().published).toBe(false);

    expect((await call(t, w.admin, "POST", url(id, "/summary/publish"), {})).statusCode).toBe(204);
    const twice = await call(t, w.approver, "POST", url(id, "/summary/publish"), {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("consultation_summarised");
    expect((await call(t, w.admin, "POST", url(id, "/summary/points"), point)).json().code).toBe(
      "consultation_summarised",
    );
    const summary = (await call(t, undefined, "GET", url(id, "/summary"))).json();
    expect(summary).toMatchObject({
      published: true,
      counts: { adopted: 1, partly_adopted: 0, not_adopted: 1 },
      hiddenComments: 0,
      points: [
        { position: 1, adoption: "adopted", comments: [comment.id] },
        { position: 2, adoption: "not_adopted", reason: "乡镇职责由上位法规定", comments: [] },
      ],
    });
    expect((await call(t, undefined, "GET", url(id))).json().phase).toBe("summarised");
  });
});

describe("listing", () => {
  it("puts open consultations before closed ones", async () => {
    const closed = await publishedConsultation(t, w);
    await elapse(t, closed);
    const open = await publishedConsultation(t, w, { days: 31 });
    const items = (
      await call(t, undefined, "GET", `/api/v1/consultations?department=${w.departmentId}&limit=100`)
    ).json().items;
    const phases = items.map((i: { phase: string }) => i.phase);
    expect(phases.indexOf("closed")).toBeGreaterThan(phases.lastIndexOf("open"));
    expect(items.findIndex((i: { id: string }) => i.id === open)).toBeLessThan(
      items.findIndex((i: { id: string }) => i.id === closed),
    );
    expect(Date.parse(items[0].closesAt) - Date.now()).toBeLessThan(31 * DAY);
  });
});
