import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, memoryLogger, type TestApp } from "../../../test/app.ts";
import { createTestDatabase } from "../../../test/db.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { coverageCheckJob } from "./jobs.ts";
import { calendarCoverage, importPackageCalendar, loadCalendar } from "./service.ts";
import { signedInStaff, YEAR_2031 } from "./testing.ts";

const cst = (text: string) => new Date(`${text}+08:00`);

let t: TestApp;
let admin: { id: string; cookie: string };
let countyAdmin: { id: string; cookie: string };

const request = (
  who: { cookie: string } | undefined,
  method: "GET" | "PUT" | "POST" | "DELETE",
  url: string,
  payload?: object,
) =>
  t.app.inject({
    method,
    url,
    ...(who ? { headers: { cookie: who.cookie } } : {}),
    ...(payload ? { payload } : {}),
  });

async function auditEntries(action: string) {
  return t.platform.database.db
    .selectFrom("audit_log")
    .select(["actor_kind", "actor_id", "subject_id", "region_code", "details"])
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
}

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", RATE_LIMIT_PER_MINUTE: "100000" } });
  await seedRegionSlice(t.platform.database.db);
  admin = await signedInStaff(t, "administrator", "33");
  countyAdmin = await signedInStaff(t, "administrator", "330523");
});
afterAll(() => t.close());

describe("importing the package's calendar", () => {
  it("loads every year once, and keeps years an administrator entered unless told", async () => {
    const db = t.platform.database.db;
    const empty = await calendarCoverage(db, cst("2026-06-01T12:00:00"));
    expect(empty).toMatchObject({ lastYear: null, warning: true, ended: true });

    const first = await importPackageCalendar(db);
    expect(first.imported).toContain(2025);
    expect(first.imported).toContain(2026);
    expect(first.kept).toEqual([]);
    const again = await importPackageCalendar(db);
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toEqual(first.imported);
    expect(await auditEntries("calendar.import")).toHaveLength(1);

    const national = (await request(undefined, "GET", "/api/v1/calendar/years/2025")).json();
    expect(national.source).toBe("package");
    expect(national.days).toContainEqual({ date: "2025-10-11", kind: "workday", name: "国庆节" });
    expect(national.days).toContainEqual({ date: "2025-10-06", kind: "holiday", name: "中秋" });
  });

  it("says when the last year with data runs out", async () => {
    const db = t.platform.database.db;
    expect(await calendarCoverage(db, cst("2026-06-01T12:00:00"))).toEqual({
      lastYear: 2026,
      endsOn: "2026-12-31",
      daysLeft: 213,
      warning: false,
      ended: false,
    });
    expect(await calendarCoverage(db, cst("2026-11-01T08:00:00"))).toMatchObject({
      daysLeft: 60,
      warning: true,
      ended: false,
    });
    expect(await calendarCoverage(db, cst("2027-01-01T00:00:00"))).toMatchObject({
      daysLeft: -1,
      warning: true,
      ended: true,
    });
    const response = await request(undefined, "GET", "/api/v1/calendar/coverage");
    expect(response.statusCode).toBe(200);
    expect(response.json().lastYear).toBeGreaterThanOrEqual(2026);
  });
});

describe("an administrator entering a year", () => {
  it("replaces the year, is audited, and the clock follows it", async () => {
    const response = await request(admin, "PUT", "/api/v1/calendar/years/2031", YEAR_2031);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ year: 2031, source: "admin" });
    expect(response.json().days.map((d: { date: string }) => d.date)).toEqual([
      "2031-09-28",
      "2031-10-01",
      "2031-10-02",
      "2031-10-03",
    ]);
    const [entry] = await auditEntries("calendar.year_set");
    expect(entry).toMatchObject({ actor_kind: "staff", actor_id: admin.id, subject_id: "2031" });

    const calendar = await loadCalendar(t.platform.database.db);
    // Sunday 28 September 2031 is worked; 1–3 October are off.
    expect(calendar.addWorkingDays(cst("2031-09-27T10:00:00"), 1)).toEqual({
      due: cst("2031-09-28T23:59:59.999"),
      uncertain: false,
    });
    expect(calendar.addWorkingDays(cst("2031-09-30T10:00:00"), 1).due).toEqual(
      cst("2031-10-06T23:59:59.999"),
    );

    const years = (await request(undefined, "GET", "/api/v1/calendar/years")).json().items;
    expect(years).toContainEqual(
      expect.objectContaining({ year: 2031, source: "admin", holidays: 3, workdays: 1 }),
    );
  });

  it("is kept by a later import unless the import is told to overwrite it", async () => {
    const db = t.platform.database.db;
    await request(admin, "PUT", "/api/v1/calendar/years/2026", {
      days: [{ date: "2026-10-01", kind: "holiday", name: "国庆节" }],
    });
    expect((await importPackageCalendar(db)).kept).toEqual([2026]);
    expect((await request(undefined, "GET", "/api/v1/calendar/years/2026")).json().days).toHaveLength(1);
    expect((await importPackageCalendar(db, { overwriteAdmin: true })).imported).toEqual([2026]);
    const restored = (await request(undefined, "GET", "/api/v1/calendar/years/2026")).json();
    expect(restored.source).toBe("package");
    expect(restored.days.length).toBeGreaterThan(30);
  });

  it("refuses a bad entry listing every field at once", async () => {
    const response = await request(admin, "PUT", "/api/v1/calendar/years/2032", {
      days: [
        { date: "2031-10-01", kind: "holiday", name: "国庆节" },
        { date: "2032-02-30", kind: "holiday", name: "春节" },
        { date: "2032-10-01", kind: "holiday", name: " " },
        { date: "2032-10-01", kind: "holiday", name: "国庆节" },
        { date: "2032-09-29", kind: "workday", name: "国庆节" },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("validation_failed");
    expect(response.json().errors).toEqual([
      { field: "/days/0/date", message: "This date is not in 2032" },
      { field: "/days/1/date", message: "Write the date as year-month-day, e.g. 2027-10-01" },
      { field: "/days/2/name", message: "Name the holiday, e.g. 国庆节 (National Day)" },
      { field: "/days/3/date", message: "2032-10-01 is listed already: each day once" },
      {
        field: "/days/4/date",
        message: "2032-09-29 is a working day already: a make-up working day is a Saturday or Sunday",
      },
    ]);
    const empty = await request(admin, "PUT", "/api/v1/calendar/years/2032", { days: [] });
    expect(empty.json().errors).toEqual([{ field: "/days", message: "List at least one statutory holiday" }]);
    const schema = await request(admin, "PUT", "/api/v1/calendar/years/1999", { days: [{ kind: "x" }] });
    expect(schema.statusCode).toBe(400);
    expect((await request(undefined, "GET", "/api/v1/calendar/years/2032")).statusCode).toBe(404);
  });
});

describe("regional overrides", () => {
  it("apply to the whole subtree, the nearest region winning", async () => {
    const db = t.platform.database.db;
    // The province closes its halls on Monday 8 June 2026; the county opens its own anyway.
    const province = await request(admin, "POST", "/api/v1/calendar/overrides", {
      regionCode: "33",
      date: "2026-06-08",
      kind: "closed",
      reason: "全省政务服务系统升级",
    });
    expect(province.statusCode, province.body).toBe(201);
    const county = await request(countyAdmin, "POST", "/api/v1/calendar/overrides", {
      regionCode: "330523",
      date: "2026-06-08",
      kind: "open",
      reason: "县政务服务中心照常办公",
    });
    expect(county.statusCode, county.body).toBe(201);

    const monday = cst("2026-06-08T10:00:00");
    expect((await loadCalendar(db)).isWorkingDay(monday)).toBe(true);
    expect((await loadCalendar(db, "33")).isWorkingDay(monday)).toBe(false);
    expect((await loadCalendar(db, "330522001")).isWorkingDay(monday)).toBe(false);
    expect((await loadCalendar(db, "330523")).isWorkingDay(monday)).toBe(true);
    expect((await loadCalendar(db, "330523001201")).isWorkingDay(monday)).toBe(true);
    // Received Friday 5 June in 长兴: Monday is closed, so one working day runs to Tuesday.
    expect((await loadCalendar(db, "330522")).addWorkingDays(cst("2026-06-05T09:00:00"), 1).due).toEqual(
      cst("2026-06-09T23:59:59.999"),
    );

    const list = (await request(undefined, "GET", "/api/v1/calendar/overrides?region=330523001")).json();
    expect(list.items.map((o: { regionCode: string }) => o.regionCode)).toEqual(["33", "330523"]);
    expect(list.items[1]).toMatchObject({ regionName: "安吉县", date: "2026-06-08", kind: "open" });

    const again = await request(countyAdmin, "POST", "/api/v1/calendar/overrides", {
      regionCode: "330523",
      date: "2026-06-08",
      kind: "closed",
      reason: "重复",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("calendar_override_exists");

    const removed = await request(countyAdmin, "DELETE", `/api/v1/calendar/overrides/${county.json().id}`);
    expect(removed.statusCode).toBe(204);
    expect((await loadCalendar(db, "330523")).isWorkingDay(monday)).toBe(false);
    const audited = [
      ...(await auditEntries("calendar.override_add")),
      ...(await auditEntries("calendar.override_remove")),
    ];
    expect(audited.map((e) => [e.actor_id, e.region_code])).toEqual([
      [admin.id, "33"],
      [countyAdmin.id, "330523"],
      [countyAdmin.id, "330523"],
    ]);
  });

  it("refuses a bad date, an empty reason and an unknown region", async () => {
    const bad = await request(countyAdmin, "POST", "/api/v1/calendar/overrides", {
      regionCode: "330523",
      date: "2026-13-01",
      kind: "closed",
      reason: "  ",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(["/date", "/reason"]);
    const unknown = await request(countyAdmin, "POST", "/api/v1/calendar/overrides", {
      regionCode: "330523999",
      date: "2026-06-09",
      kind: "closed",
      reason: "无此地区",
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe("the daily coverage check", () => {
  it("warns while the last year with data ends within 60 days, and is quiet otherwise", async () => {
    const lines: Record<string, unknown>[] = [];
    const context = {
      db: t.platform.database.db,
      log: memoryLogger(lines),
      config: t.platform.config,
      jobs: t.platform.jobs,
    };
    const empty = await createTestDatabase();
    try {
      await coverageCheckJob.run({}, { ...context, db: empty.handle.db });
    } finally {
      await empty.close();
    }
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, coverage: expect.objectContaining({ lastYear: null }) }),
    ]);
    lines.length = 0;
    // 2100 is far enough that today is never within 60 days of its end.
    await request(admin, "PUT", "/api/v1/calendar/years/2100", {
      days: [{ date: "2100-01-01", kind: "holiday", name: "元旦" }],
    });
    await coverageCheckJob.run({}, context);
    expect(lines).toEqual([]);
  });
});
