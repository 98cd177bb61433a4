import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { WorkingCalendar } from "./clock.ts";
import { dayNumber, dayNumberOf, dayText, startOfDay } from "./days.ts";
import { readPackageCalendar } from "./package-data.ts";
import { importPackageCalendar, loadCalendar } from "./service.ts";

/** An instant in China Standard Time, written as people read it. */
const cst = (text: string) => new Date(`${text}+08:00`);
/** Noon of a day in China. */
const noon = (day: string) => cst(`${day}T12:00:00`);

let testDb: TestDatabase;
let calendar: WorkingCalendar;
let holidays: string[];
let makeUpDays: string[];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importPackageCalendar(testDb.handle.db);
  calendar = await loadCalendar(testDb.handle.db);
  const days = [...(await readPackageCalendar()).values()].flat();
  holidays = days.filter((d) => d.kind === "holiday").map((d) => d.day);
  makeUpDays = days.filter((d) => d.kind === "workday").map((d) => d.day);
});
afterAll(() => testDb.close());

describe("the working-day clock on the real 2025 and 2026 calendars", () => {
  it("skips the 2025 National Day week and counts its make-up Saturday", () => {
    // Received on Tuesday 30 September: 1–8 October are off, Saturday 11 October is worked.
    const received = cst("2025-09-30T15:00:00");
    expect(calendar.addWorkingDays(received, 1).due).toEqual(cst("2025-10-09T23:59:59.999"));
    expect(calendar.addWorkingDays(received, 3)).toEqual({
      due: cst("2025-10-11T23:59:59.999"),
      uncertain: false,
    });
    expect(calendar.addWorkingDays(received, 4).due).toEqual(cst("2025-10-13T23:59:59.999"));
    expect(calendar.workingDaysBetween(received, cst("2025-10-08T18:00:00")).days).toBe(0);
  });

  it("counts the make-up Sunday before the holiday, from a Saturday receipt", () => {
    expect(calendar.isWorkingDay(noon("2025-09-28"))).toBe(true);
    expect(calendar.addWorkingDays(cst("2025-09-27T09:00:00"), 1).due).toEqual(
      cst("2025-09-28T23:59:59.999"),
    );
  });

  it("runs through Spring Festival 2026 (15–23 February off, 14 and 28 February worked)", () => {
    const received = cst("2026-02-13T10:00:00");
    expect(calendar.addWorkingDays(received, 1).due).toEqual(cst("2026-02-14T23:59:59.999"));
    expect(calendar.addWorkingDays(received, 2).due).toEqual(cst("2026-02-24T23:59:59.999"));
    expect(calendar.addWorkingDays(received, 6).due).toEqual(cst("2026-02-28T23:59:59.999"));
    expect(calendar.isWorkingDay(noon("2026-02-17"))).toBe(false);
  });

  it("starts the clock the day after receipt, at any hour, in China time", () => {
    // 23:30 on Monday in China is still Monday there, though Tuesday has not begun in UTC terms either way.
    const lateMonday = cst("2025-06-09T23:30:00");
    const earlyMonday = cst("2025-06-09T00:00:00");
    expect(calendar.addWorkingDays(lateMonday, 1).due).toEqual(cst("2025-06-10T23:59:59.999"));
    expect(calendar.addWorkingDays(earlyMonday, 1).due).toEqual(cst("2025-06-10T23:59:59.999"));
    expect(calendar.addWorkingDays(lateMonday, 0).due).toEqual(cst("2025-06-09T23:59:59.999"));
  });

  it("flags every answer that reaches a year without data, and guesses weekdays only provisionally", () => {
    expect(calendar.addWorkingDays(cst("2026-12-29T10:00:00"), 2)).toEqual({
      due: cst("2026-12-31T23:59:59.999"),
      uncertain: false,
    });
    const into2027 = calendar.addWorkingDays(cst("2026-12-30T10:00:00"), 5);
    expect(into2027.uncertain).toBe(true);
    expect(calendar.isCertain(noon("2027-01-04"))).toBe(false);
    expect(calendar.workingDaysBetween(noon("2026-12-01"), noon("2027-01-05")).uncertain).toBe(true);
    expect(calendar.workingDaysBetween(noon("2026-12-01"), noon("2026-12-31")).uncertain).toBe(false);
  });

  it("refuses a period that is not a whole number of days", () => {
    expect(() => calendar.addWorkingDays(new Date(), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe("properties of the clock", () => {
  const covered = fc
    .date({ min: cst("2020-01-01T00:00:00"), max: cst("2026-12-31T23:59:59.999"), noInvalidDate: true })
    .filter((d) => d.getTime() <= cst("2026-12-31T23:59:59.999").getTime());
  const anyInstant = fc.date({
    min: cst("2015-01-01T00:00:00"),
    max: cst("2029-12-31T23:59:59"),
    noInvalidDate: true,
  });
  const period = fc.integer({ min: 0, max: 120 });

  it("counts back the days it added", () => {
    fc.assert(
      fc.property(anyInstant, period, (start, n) => {
        const { due } = calendar.addWorkingDays(start, n);
        expect(calendar.workingDaysBetween(start, due).days).toBe(n);
        expect(calendar.workingDaysBetween(due, start).days).toBe(n === 0 ? 0 : -n);
      }),
    );
  });

  it("never lands on a holiday or a weekend that is not a make-up day", () => {
    const holidaySet = new Set(holidays);
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 1, max: 120 }), (start, n) => {
        const { due } = calendar.addWorkingDays(start, n);
        expect(calendar.isWorkingDay(due)).toBe(true);
        expect(holidaySet.has(dayText(dayNumberOf(due)))).toBe(false);
        expect(due.getTime()).toBe(startOfDay(dayNumberOf(due) + 1).getTime() - 1);
      }),
    );
  });

  it("counts every make-up day as a working day, and none of the statutory holidays", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...makeUpDays),
        fc.date({ min: new Date(0), max: new Date(86_399_999) }),
        (day, time) => {
          const instant = new Date(startOfDay(dayNumber(day)).getTime() + time.getTime());
          expect(calendar.isWorkingDay(instant)).toBe(true);
          expect(calendar.addWorkingDays(noon(dayText(dayNumber(day) - 1)), 1).due).toEqual(
            cst(`${day}T23:59:59.999`),
          );
        },
      ),
    );
    for (const day of holidays) expect(calendar.isWorkingDay(noon(day)), day).toBe(false);
  });

  it("is monotonic in the start and in the length", () => {
    fc.assert(
      fc.property(anyInstant, anyInstant, period, period, (a, b, m, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [short, long] = m <= n ? [m, n] : [n, m];
        expect(calendar.addWorkingDays(early, n).due <= calendar.addWorkingDays(late, n).due).toBe(true);
        expect(calendar.addWorkingDays(a, short).due <= calendar.addWorkingDays(a, long).due).toBe(true);
      }),
    );
  });

  it("adds in steps as it adds at once", () => {
    fc.assert(
      fc.property(anyInstant, period, period, (start, m, n) => {
        const first = calendar.addWorkingDays(start, m).due;
        expect(calendar.addWorkingDays(first, n).due).toEqual(calendar.addWorkingDays(start, m + n).due);
      }),
    );
  });

  it("is certain exactly when every counted day lies in a year with data", () => {
    fc.assert(
      fc.property(covered, period, (start, n) => {
        const { due, uncertain } = calendar.addWorkingDays(start, n);
        expect(uncertain).toBe(due.getTime() > cst("2026-12-31T23:59:59.999").getTime());
      }),
    );
    fc.assert(
      fc.property(
        fc.date({ min: cst("2027-01-01T00:00:00"), max: cst("2030-12-31T00:00:00"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 120 }),
        (start, n) => {
          expect(calendar.addWorkingDays(start, n).uncertain).toBe(true);
        },
      ),
    );
  });
});
