import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { importPackageCalendar, loadCalendar } from "../calendar/service.ts";
import { call, caseTestApp, type Staff, staffOf } from "../cases/testing.ts";
import { publishItems } from "../catalog/testing.ts";
import { hoursProblems, openAt } from "./hours.ts";
import { isOpenNow, nearestSites } from "./sites.ts";

let t: TestApp;
let admin: Staff;
let otherAdmin: Staff;
let clerk: Staff;
let office: string;
let township: string;
let police: string;

const db = () => t.platform.database.db;
const HOURS = {
  working: [
    ["08:30", "12:00"],
    ["13:30", "17:00"],
  ],
  rest: [],
};

function site(code: string, body: Record<string, unknown>, who: Staff = admin) {
  return call(t, who, "PUT", `/api/v1/sites/${code}`, body);
}

beforeAll(async () => {
  t = await caseTestApp();
  await seedRegionSlice(db());
  await importPackageCalendar(db());
  office = await department(db(), "330523");
  township = await department(db(), "330523001");
  police = await department(db(), "330523", "public_security");
  admin = await staffOf(t, "administrator", { line: "government_service" });
  otherAdmin = await staffOf(t, "administrator", { line: "government_service", region: "330522" });
  clerk = await staffOf(t, "window_clerk");
  for (const [code, kind, regionCode, departmentId] of [
    ["slice-hall", "hall", "330523", office],
    ["slice-township", "point", "330523001", township],
    ["slice-village", "point", "330523001201", township],
  ] as const) {
    const response = await site(code, {
      kind,
      regionCode,
      departmentId,
      name: code,
      phone: "12345",
      hours: HOURS,
    });
    expect(response.statusCode, response.body).toBe(200);
  }
});
afterAll(() => t.close());

describe("keeping sites and windows", () => {
  it("lists a region's sites for anyone, halls first, and one site with its windows", async () => {
    const window = await call(t, admin, "PUT", "/api/v1/sites/slice-hall/windows/5", {
      kind: "department",
      departmentIds: [police],
    });
    expect(window.statusCode, window.body).toBe(200);
    expect(window.json()).toMatchObject({ label: "5", kind: "department", departmentIds: [police] });
    const list = await call(t, undefined, "GET", "/api/v1/sites?region=330523001");
    expect(list.json().items.map((s: { code: string }) => s.code)).toEqual([
      "slice-township",
      "slice-village",
    ]);
    const one = await call(t, undefined, "GET", "/api/v1/sites/slice-hall");
    expect(one.json()).toMatchObject({ code: "slice-hall", kind: "hall", windows: [{ label: "5" }] });
    expect(typeof one.json().openNow).toBe("boolean");
  });

  it("refuses hours that end before they start or overlap, listing each problem", async () => {
    const response = await site("slice-hall", {
      kind: "hall",
      regionCode: "330523",
      departmentId: office,
      name: "大厅",
      hours: {
        working: [
          ["12:00", "08:30"],
          ["13:00", "17:00"],
          ["16:00", "18:00"],
        ],
        rest: [],
      },
    });
    expect(response.statusCode).toBe(400);
    const messages = response.json().errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringContaining("not after"), expect.stringContaining("overlaps")]),
    );
  });

  it("refuses a department window bound to no department, and a department of a region below the site", async () => {
    const unbound = await call(t, admin, "PUT", "/api/v1/sites/slice-hall/windows/7", { kind: "department" });
    expect(unbound.statusCode).toBe(400);
    const below = await site("slice-hall-2", {
      kind: "hall",
      regionCode: "330523",
      departmentId: township,
      name: "大厅",
      hours: HOURS,
    });
    expect(below.statusCode).toBe(400);
  });

  it("lets only administrators over the site's region keep it", async () => {
    const body = { kind: "point", regionCode: "330523001", departmentId: township, name: "x", hours: HOURS };
    expect((await site("slice-township", body, clerk)).statusCode).toBe(403);
    expect((await site("slice-township", body, otherAdmin)).statusCode).toBe(404);
    expect((await call(t, undefined, "PUT", "/api/v1/sites/slice-township", body)).statusCode).toBe(401);
    expect((await call(t, undefined, "GET", "/api/v1/sites/no-such-site")).statusCode).toBe(404);
  });
});

describe("where someone is served", () => {
  it("finds a villager's own point first, then the county hall", async () => {
    const near = await nearestSites(db(), "330523001201");
    expect(near.point?.code).toBe("slice-village");
    expect(near.hall?.code).toBe("slice-hall");
    const community = await call(t, undefined, "GET", "/api/v1/sites/nearest?region=330523001002");
    expect(community.json()).toMatchObject({
      point: { code: "slice-township" },
      hall: { code: "slice-hall" },
    });
    const elsewhere = await nearestSites(db(), "330522");
    expect(elsewhere).toEqual({ point: undefined, hall: undefined });
  });

  it("keeps a 24-hour area open to the day's last minute, and refuses ends past 24:00 or a start at it", async () => {
    const calendar = await loadCalendar(db());
    const allDay = { working: [["00:00", "24:00"]], rest: [["00:00", "24:00"]] } as never;
    expect(openAt(allDay, calendar, new Date("2026-10-09T15:59:30Z"))).toBe(true); // 23:59:30 in China
    expect(openAt(allDay, calendar, new Date("2026-10-09T16:00:00Z"))).toBe(true); // midnight, a Saturday
    expect(hoursProblems({ working: [["00:00", "24:00"]], rest: [] })).toEqual([]);
    const body = { kind: "hall", regionCode: "330523", departmentId: office, name: "24小时自助区" };
    expect((await site("slice-self-service", { ...body, hours: allDay })).statusCode).toBe(200);
    const late = await site("slice-self-service", {
      ...body,
      hours: { working: [["00:00", "24:01"]], rest: [] },
    });
    expect(late.json().errors).toEqual([expect.objectContaining({ field: "/hours/working/0/1" })]);
    expect(hoursProblems({ working: [["00:00", "24:01"]], rest: [["24:00", "24:00"]] })).toEqual([
      "working[0]: times are HH:MM",
      "rest[0]: times are HH:MM",
    ]);
  });

  it("opens on working days within its spans, not on rest days or while closed", async () => {
    const calendar = await loadCalendar(db());
    // 2026-10-09 is a Friday after the National Day holidays; 10-10 is a Saturday; 10-01 National Day.
    const at = (iso: string) => new Date(iso);
    expect(openAt(HOURS as never, calendar, at("2026-10-09T01:00:00Z"))).toBe(true); // 09:00 in China
    expect(openAt(HOURS as never, calendar, at("2026-10-09T04:30:00Z"))).toBe(false); // 12:30, lunch
    expect(openAt(HOURS as never, calendar, at("2026-10-09T09:00:00Z"))).toBe(false); // 17:00, closed
    expect(openAt(HOURS as never, calendar, at("2026-10-01T01:00:00Z"))).toBe(false); // National Day
    // Elsewhere, so the sites above stay as they are for the other tests.
    const closed = await site(
      "slice-closed",
      {
        kind: "point",
        regionCode: "330522001",
        departmentId: await department(db(), "330522001"),
        name: "闭站",
        hours: HOURS,
        open: false,
      },
      otherAdmin,
    );
    expect(closed.json().open).toBe(false);
    expect(await isOpenNow(db(), closed.json(), at("2026-10-09T01:00:00Z"))).toBe(false);
  });

  it("tells the reader of a guide where to get help near the village chosen, and asks for a place first", async () => {
    const [code] = (await publishItems(db(), [
      { offerings: [{ regionCode: "330523", departmentId: office }] },
    ])) as [string];
    const near = await t.app.inject({ method: "GET", url: `/services/${code}?near=330523001201` });
    expect(near.statusCode).toBe(200);
    const help = near.body.slice(near.body.indexOf('id="help-me"'));
    expect(help).toContain("slice-village");
    expect(help).toContain("slice-hall");
    expect(help).toContain('href="tel:12345"');
    const unchosen = await t.app.inject({ method: "GET", url: `/services/${code}` });
    expect(unchosen.body).toContain('id="help-me"');
    expect(unchosen.body.slice(unchosen.body.indexOf('id="help-me"'))).not.toContain("slice-village");
  });
});
