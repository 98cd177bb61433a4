import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { translator } from "../../platform/i18n/index.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { formSession, postForm } from "../applicants/testing.ts";
import { dayNumberOf, yearOf } from "./days.ts";
import { calendarCoverage, getYear, importPackageCalendar } from "./service.ts";
import { signedInStaff } from "./testing.ts";
import { CoverageNotice } from "./views.tsx";

type Who = { id: string; cookie: string };
let t: TestApp;
let admin: Who;
let countyAdmin: Who;
let clerk: Who;

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", RATE_LIMIT_PER_MINUTE: "100000" } });
  await seedRegionSlice(t.platform.database.db);
  admin = await signedInStaff(t, "administrator", "33");
  countyAdmin = await signedInStaff(t, "administrator", "330523");
  clerk = await signedInStaff(t, "window_clerk", "330523");
});
afterAll(() => t.close());

const page = (url: string, who?: { cookie: string }, lang?: "en") => {
  const cookie = [who?.cookie, lang ? "tb_lang=en" : undefined].filter(Boolean).join("; ");
  return t.app.inject({ url, headers: { accept: "text/html", ...(cookie ? { cookie } : {}) } });
};

/** The cells of each table row, as text. */
function rows(html: string): string[][] {
  return [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) =>
    [...(row[1] ?? "").matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) =>
      (cell[1] ?? "").replace(/<[^>]+>/g, "").trim(),
    ),
  );
}

/** The items of the error summary, as text: the linked problem and, after " | ", the line quoted. */
function summary(html: string): string[] {
  const box = /<div class="error-summary"[^>]*>(.*?)<\/div>/s.exec(html)?.[1] ?? "";
  return [...box.matchAll(/<li>(.*?)<\/li>/gs)].map((li) =>
    (li[1] ?? "")
      .replace(/<\/a> <code>/g, " | ")
      .replace(/<[^>]+>/g, "")
      .replace(/&quot;/g, '"')
      .trim(),
  );
}

function auditEntries(action: string) {
  return t.platform.database.db
    .selectFrom("audit_log")
    .select(["actor_kind", "actor_id", "subject_id", "details"])
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
}

const thisYear = () => yearOf(dayNumberOf(new Date()));

describe("the calendar before it has any data", () => {
  it("warns everyone and tells them what to do, in both languages", async () => {
    const zh = await page("/calendar");
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain('<html lang="zh-CN"');
    expect(zh.body).toContain("<h1>工作日历</h1>");
    expect(zh.body).toContain("还没有任何节假日数据");
    expect(zh.body).toContain(`请告知省级管理员在这里录入。`);
    expect(zh.body).toContain(`国务院办公厅公布 ${thisYear()} 年的节假日安排后`);
    expect(zh.body).toContain("还没有任何年份的数据。");
    expect(zh.body).not.toContain('action="/calendar/import"');

    const en = await page("/calendar", undefined, "en");
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain("<h1>Working-day calendar</h1>");
    expect(en.body).toContain("There is no holiday data yet");
    expect(en.body).toContain("No year has data yet.");
  });

  it("offers an administrator of a province to enter next year and to import, and no one else", async () => {
    const mine = await page("/calendar", admin);
    expect(mine.body).toContain('action="/calendar/import"');
    expect(mine.body).toMatch(new RegExp(`id="enter-year" name="year" value="${thisYear()}"`));
    expect(mine.body).toContain(`请在国务院办公厅公布后录入 ${thisYear()} 年的法定节假日和调休上班日`);
    for (const who of [countyAdmin, clerk]) {
      const theirs = await page("/calendar", who);
      expect(theirs.body).not.toContain('action="/calendar/import"');
      expect(theirs.body).not.toContain('id="enter-year"');
    }
    const entered = await page(`/calendar/enter?year=2032`, admin);
    expect(entered.statusCode).toBe(303);
    expect(entered.headers.location).toBe("/calendar/years/2032/edit");
  });
});

describe("importing from the package with the button", () => {
  it("shows what it imported and kept, names the administrator in the audit trail, and warns while data ends in the past", async () => {
    // An administrator's 2021, entered before the package: it must be kept.
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/v1/calendar/years/2021",
      headers: { cookie: admin.cookie },
      payload: { days: [{ date: "2021-10-01", kind: "holiday", name: "国庆节" }] },
    });
    expect(put.statusCode).toBe(200);
    const ended = await page("/calendar", admin);
    expect(ended.body).toContain("节假日数据已经用完");
    const { daysLeft } = await calendarCoverage(t.platform.database.db);
    expect(ended.body).toContain(`节假日数据只到 2021-12-31，已过去 ${-(daysLeft ?? 0)} 天`);
    expect(ended.body).toContain("录入 2022 年的法定节假日");

    const session = await formSession(t, "/calendar", admin.cookie);
    const done = await postForm(t, "/calendar/import", {}, session);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("已从数据包导入。");
    expect(done.body).toContain('<a href="/calendar/years/2026">2026</a>');
    expect(done.body).not.toContain('<a href="/calendar/years/2021">');
    expect(done.body).toContain("<dt>管理员录入，已保留</dt><dd>2021");
    expect(done.body).toContain("tongban calendar import --overwrite-admin");
    const [entry, ...more] = await auditEntries("calendar.import");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor_kind: "staff", actor_id: admin.id });
    expect(entry?.details).toMatchObject({ kept: [2021] });

    const again = await postForm(t, "/calendar/import", {}, session);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain("数据包中没有新的或有变化的年份");
    expect(again.body).toContain("<dt>已是最新</dt><dd>2004–2020、2022–2026</dd>");
    expect(await auditEntries("calendar.import")).toHaveLength(1);

    const english = await postForm(
      t,
      "/calendar/import",
      {},
      { ...session, cookie: `${session.cookie}; tb_lang=en` },
    );
    expect(english.body).toContain("<dt>Already up to date</dt><dd>2004–2020, 2022–2026</dd>");

    const years = rows((await page("/calendar")).body);
    expect(years).toContainEqual(["2025年", "chinese-days 数据包", "28", "5", expect.any(String)]);
    expect(years).toContainEqual(["2021年", "管理员录入", "1", "0", expect.any(String)]);
  });

  it("is refused to other staff and to a form without its token", async () => {
    for (const who of [countyAdmin, clerk]) {
      const session = await formSession(t, "/calendar", who.cookie);
      const refused = await postForm(t, "/calendar/import", {}, session);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain("您没有办理这项操作的权限。");
    }
    const noToken = await postForm(t, "/calendar/import", {}, { cookie: admin.cookie });
    expect(noToken.statusCode).toBe(403);
    // The service asks too, whoever calls it with an actor.
    const county = {
      kind: "staff" as const,
      id: countyAdmin.id,
      username: "county",
      displayName: "county",
      grants: [{ role: "administrator" as const, departmentId: "d", jurisdictionCode: "330523" }],
    };
    await expect(importPackageCalendar(t.platform.database.db, { actor: county })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await auditEntries("calendar.import")).toHaveLength(1);
  });
});

describe("a year's page", () => {
  it("lists the holidays grouped by name with their make-up working days, in both languages", async () => {
    const zh = await page("/calendar/years/2025");
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain("<h1>2025年法定节假日和调休</h1>");
    expect(zh.body).toMatch(/来自 chinese-days 数据包，\d{4}-\d{2}-\d{2} 导入。/);
    const table = rows(zh.body);
    expect(table[0]).toEqual(["节假日", "放假", "天数", "调休上班"]);
    expect(table).toContainEqual(["国庆节", "10月1日–10月5日、10月7日–10月8日", "7", "9月28日、10月11日"]);
    expect(table).toContainEqual(["中秋", "10月6日", "1", "无"]);
    // Each holiday where its days off fall, whatever make-up days it has before them.
    expect(table.slice(1).map((row) => row[0])).toEqual([
      "元旦",
      "春节",
      "清明",
      "劳动节",
      "端午",
      "国庆节",
      "中秋",
    ]);
    const year2026 = rows((await page("/calendar/years/2026")).body).slice(1);
    expect(year2026.map((row) => row[0])).toEqual([
      "元旦",
      "春节",
      "清明",
      "劳动节",
      "端午",
      "中秋",
      "国庆节",
    ]);
    expect(zh.body).toContain('<time datetime="2025-10-01">10月1日</time>');
    expect(zh.body).not.toContain("/calendar/years/2025/edit");

    const en = await page("/calendar/years/2025", undefined, "en");
    expect(rows(en.body)).toContainEqual([
      "国庆节",
      "October 1–October 5, October 7–October 8",
      "7",
      "September 28, October 11",
    ]);
    expect((await page("/calendar/years/2025", admin)).body).toContain('href="/calendar/years/2025/edit"');
  });

  it("says plainly when a year has no data, and what that means", async () => {
    const missing = await page("/calendar/years/2030");
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain("2030 年还没有节假日数据");
    expect((await page("/calendar/years/2030", admin)).body).toContain('href="/calendar/years/2030/edit"');
  });

  it("shows the overrides that apply to a region when asked", async () => {
    for (const [who, body] of [
      [admin, { regionCode: "33", date: "2026-06-08", kind: "closed", reason: "全省政务服务系统升级" }],
      [
        countyAdmin,
        { regionCode: "330523", date: "2026-06-08", kind: "open", reason: "县政务服务中心照常办公" },
      ],
      [countyAdmin, { regionCode: "330523", date: "2025-06-09", kind: "closed", reason: "去年的调整" }],
    ] as const) {
      const made = await t.app.inject({
        method: "POST",
        url: "/api/v1/calendar/overrides",
        headers: { cookie: who.cookie },
        payload: body,
      });
      expect(made.statusCode, made.body).toBe(201);
    }
    const shown = await page("/calendar/years/2026?region=330523001");
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain("2026 年适用于递铺街道的调整");
    expect(rows(shown.body).slice(-2)).toEqual([
      ["6月8日", "浙江省", "不办公", "全省政务服务系统升级"],
      ["6月8日", "安吉县", "照常办公", "县政务服务中心照常办公"],
    ]);
    expect(shown.body).not.toContain("去年的调整");
    expect((await page("/calendar/years/2026?region=330522")).body).toContain(
      "不办公</td><td>全省政务服务系统升级",
    );
    const unknown = await page("/calendar/years/2026?region=339999");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("没有这个区划代码");
    expect(unknown.body).toMatch(/id="region"[^>]*aria-invalid="true"/);
    expect((await page("/calendar/years/2026")).body).not.toContain("<caption>2026 年适用于");
  });
});

describe("entering a year through the form", () => {
  const url = "/calendar/years/2031/edit";
  const text = [
    "2031-01-01 休 元旦",
    "",
    "2031-09-27～2031-09-28 班 国庆节",
    "2031-10-01~2031-10-07\u3000休\u3000国庆节",
    "2031-10-11：workday：国庆节",
  ].join("\n");

  it("stores exactly the days written, audits the administrator, and shows them prefilled", async () => {
    const session = await formSession(t, url, admin.cookie);
    expect(session.page.statusCode).toBe(200);
    expect(session.page.body).toContain("<h1>录入 2031 年法定节假日和调休</h1>");
    expect(session.page.body).toMatch(/<label for="days">2031 年的放假日和调休上班日<\/label>/);
    expect(session.page.body).toMatch(
      /<textarea[^>]*id="days"[^>]*aria-describedby="days-hint"[^>]*><\/textarea>/,
    );

    const saved = await postForm(t, url, { days: text }, session);
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe("/calendar/years/2031?done=saved");
    const shown = await page(saved.headers.location as string);
    expect(shown.body).toContain('<p role="status">已保存 2031 年的法定节假日和调休上班日。</p>');
    expect(rows(shown.body)).toContainEqual(["国庆节", "10月1日–10月7日", "7", "9月27日–9月28日、10月11日"]);

    const year = await getYear(t.platform.database.db, ANONYMOUS, 2031);
    expect(year.source).toBe("admin");
    expect(year.days).toEqual([
      { day: "2031-01-01", kind: "holiday", name: "元旦" },
      { day: "2031-09-27", kind: "workday", name: "国庆节" },
      { day: "2031-09-28", kind: "workday", name: "国庆节" },
      ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ day: `2031-10-0${d}`, kind: "holiday", name: "国庆节" })),
      { day: "2031-10-11", kind: "workday", name: "国庆节" },
    ]);
    const audited = (await auditEntries("calendar.year_set")).filter((e) => e.subject_id === "2031");
    expect(audited).toEqual([
      expect.objectContaining({
        actor_kind: "staff",
        actor_id: admin.id,
        details: expect.objectContaining({ workdays: ["2031-09-27", "2031-09-28", "2031-10-11"] }),
      }),
    ]);

    const again = await page(url, admin);
    expect(again.body).toContain(
      [
        "2031-01-01 休 元旦",
        "2031-09-27~2031-09-28 班 国庆节",
        "2031-10-01~2031-10-07 休 国庆节",
        "2031-10-11 班 国庆节",
      ].join("\n"),
    );
    expect((await page("/calendar")).body).toContain("节假日数据已覆盖到 2031-12-31。");
  });

  it("names every bad line with its number, keeps the text as typed, and saves nothing", async () => {
    const bad = [
      "2032-10-01 休 国庆节",
      "2032-13-01 休 国庆节",
      "2031-10-02 休 国庆节",
      "2032-10-01 休 国庆节",
      "2032-09-29 班 国庆节",
      "2032-10-03 休",
      "2032-10-04 rest 国庆节",
      "",
      "2032/10/05 休 国庆节 <b>",
      "2032-1O-06 休 国庆节",
    ].join("\n");
    const session = await formSession(t, "/calendar/years/2032/edit", admin.cookie);
    const refused = await postForm(t, "/calendar/years/2032/edit", { days: bad }, session);
    expect(refused.statusCode).toBe(400);
    expect(summary(refused.body)).toEqual([
      "第 2 行：请按“年-月-日”填写日期，例如 2027-10-01 | 2032-13-01 休 国庆节",
      "第 3 行：该日期不在 2032 年内 | 2031-10-02 休 国庆节",
      "第 4 行：2032-10-01 已填写过，同一天只能填写一次 | 2032-10-01 休 国庆节",
      "第 5 行：2032-09-29 本来就是工作日：调休上班日只能是星期六或星期日 | 2032-09-29 班 国庆节",
      "第 6 行：请填写节假日名称，例如“国庆节” | 2032-10-03 休",
      "第 7 行：无法识别“rest”：放假写“休”，调休上班写“班” | 2032-10-04 rest 国庆节",
      "第 10 行：请按“年-月-日”填写日期，例如 2027-10-01 | 2032-1O-06 休 国庆节",
    ]);
    expect(refused.body).toContain('<a href="#days">');
    expect(refused.body).toContain(
      '<span class="error-message" id="days-error">请修改第 2、3、4、5、6、7、10 行</span>',
    );
    expect(refused.body).toMatch(
      /<textarea[^>]*aria-invalid="true"[^>]*aria-describedby="days-hint days-error"/,
    );
    expect(refused.body).toContain(`>${bad.replace("<b>", "&lt;b>")}</textarea>`);
    expect((await page("/calendar/years/2032")).statusCode).toBe(404);

    // Only the year's rules broken: the same lines, found by the service when it is asked to save.
    const ruled = await postForm(
      t,
      "/calendar/years/2032/edit",
      { days: bad.split("\n").slice(0, 6).join("\n") },
      { ...session, cookie: `${session.cookie}; tb_lang=en` },
    );
    expect(ruled.statusCode).toBe(400);
    expect(summary(ruled.body).map((s) => s.replace(/ \| .*$/, ""))).toEqual([
      "Line 2: Write the date as year-month-day, e.g. 2027-10-01",
      "Line 3: This date is not in 2032",
      "Line 4: 2032-10-01 is listed already: each day once",
      "Line 5: 2032-09-29 is a working day already: a make-up working day is a Saturday or Sunday",
      "Line 6: Name the holiday, e.g. 国庆节 (National Day)",
    ]);
    const nothing = await postForm(t, "/calendar/years/2032/edit", { days: "\n\n" }, session);
    expect(summary(nothing.body)).toEqual(["请至少填写一个法定节假日"]);
    expect(nothing.body).toContain("请修改后再保存");
    expect((await page("/calendar/years/2032")).statusCode).toBe(404);
    expect((await auditEntries("calendar.year_set")).filter((e) => e.subject_id === "2032")).toEqual([]);
  });

  it("is for administrators of a province or the country alone, and needs the form's token", async () => {
    const anonymous = await page(url);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
    expect((await page("/calendar/enter?year=2032")).headers.location).toBe("/signin?next=%2Fcalendar");
    for (const who of [countyAdmin, clerk]) {
      const refused = await page(url, who);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain("您没有办理这项操作的权限。");
      const session = await formSession(t, "/calendar", who.cookie);
      const posted = await postForm(
        t,
        "/calendar/years/2033/edit",
        { days: "2033-10-03 休 国庆节" },
        session,
      );
      expect(posted.statusCode).toBe(403);
    }
    const noToken = await postForm(
      t,
      "/calendar/years/2033/edit",
      { days: "2033-10-03 休 国庆节" },
      {
        cookie: admin.cookie,
      },
    );
    expect(noToken.statusCode).toBe(403);
    expect((await page("/calendar/years/2033")).statusCode).toBe(404);
  });

  it("warns before replacing a year the package brought", async () => {
    const body = (await page("/calendar/years/2025/edit", admin)).body;
    expect(body).toContain("这一年现有的数据来自 chinese-days 数据包");
    expect(body).toContain(
      "2025-10-01~2025-10-05 休 国庆节\n2025-10-06 休 中秋\n2025-10-07~2025-10-08 休 国庆节",
    );
  });
});

describe("the coverage warning", () => {
  const ctx = (locale: "zh-CN" | "en") => ({
    t: translator(locale),
    locale,
    elder: false,
    actor: ANONYMOUS,
    path: "/calendar",
    csrfToken: undefined,
  });
  const cst = (text: string) => new Date(`${text}+08:00`);

  it("appears from 60 days before the last year ends, counting the days left", async () => {
    const db = t.platform.database.db;
    const early = await calendarCoverage(db, cst("2031-10-31T23:00:00"));
    expect(renderToString(h(CoverageNotice, { ctx: ctx("zh-CN"), coverage: early }))).toBe(
      "<p>节假日数据已覆盖到 2031-12-31。</p>",
    );
    const soon = renderToString(
      h(CoverageNotice, { ctx: ctx("en"), coverage: await calendarCoverage(db, cst("2031-11-01T08:00:00")) }),
    );
    expect(soon).toContain("The holiday data runs out soon");
    expect(soon).toContain("Holiday data ends on 2031-12-31, 60 days from now.");
    expect(soon).toContain("ask your province's administrator to enter them here.");
    expect(soon).toContain("the holidays of 2032");
  });
});

describe("the staff workspace", () => {
  it("links the calendar for administrators", async () => {
    expect((await page("/me", admin)).body).toContain('<a href="/calendar">工作日历</a>');
    expect((await page("/me", countyAdmin)).body).toContain('<a href="/calendar">工作日历</a>');
    expect((await page("/me", clerk)).body).not.toContain('href="/calendar"');
  });
});
