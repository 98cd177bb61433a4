import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, dayText } from "./days.ts";
import {
  formatEntryText,
  MAX_RUN_DAYS,
  parseEntryText,
  problemsOnLines,
  sortProblems,
} from "./entry-text.ts";
import { readPackageCalendar } from "./package-data.ts";

describe("reading the days an administrator typed", () => {
  it("reads 休 and 班 lines, runs, blank lines, and keeps each day's line", () => {
    const parsed = parseEntryText(
      ["2027-09-26 班 国庆节", "", "2027-10-01~2027-10-03 休 国庆节", "   ", "2027-10-09 班 国庆节"].join(
        "\n",
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.days).toEqual([
      { date: "2027-09-26", kind: "workday", name: "国庆节" },
      { date: "2027-10-01", kind: "holiday", name: "国庆节" },
      { date: "2027-10-02", kind: "holiday", name: "国庆节" },
      { date: "2027-10-03", kind: "holiday", name: "国庆节" },
      { date: "2027-10-09", kind: "workday", name: "国庆节" },
    ]);
    expect(parsed.lineOf).toEqual([1, 3, 3, 3, 5]);
  });

  it("accepts the ways a notice or a keyboard writes the same day", () => {
    const same = [
      "2027-10-01 休 国庆节",
      "2027-10-01\u3000休\u3000国庆节",
      "2027-10-01：休：国庆节",
      "2027-10-01:holiday 国庆节",
      "2027-10-01 HOLIDAY 国庆节",
      "2027年10月1日 休 国庆节",
      "2027/10/1 休 国庆节",
      "２０２７－１０－０１ 休 国庆节",
      "2027-10-01休国庆节",
      "2027-10-01 放假 国庆节",
      "\t2027-10-01  休  国庆节  \r",
    ];
    for (const line of same) {
      const parsed = parseEntryText(line);
      expect(parsed.problems, line).toEqual([]);
      expect(parsed.days, line).toEqual([{ date: "2027-10-01", kind: "holiday", name: "国庆节" }]);
    }
    for (const line of ["2027-09-26 workday 国庆节", "2027-09-26 上班 国庆节", "2027-09-26班国庆节"]) {
      expect(parseEntryText(line).days, line).toEqual([
        { date: "2027-09-26", kind: "workday", name: "国庆节" },
      ]);
    }
    expect(parseEntryText("2027-10-01 holiday National Day").days[0]?.name).toBe("National Day");
  });

  it("reads a run written in any of the usual ways, its end shortened or not", () => {
    const runs = [
      "2027-10-01~2027-10-07 休 国庆节",
      "2027-10-01～2027-10-07 休 国庆节",
      "2027-10-01 至 2027-10-07 休 国庆节",
      "2027-10-01到10-07 休 国庆节",
      "2027-10-01—2027-10-07 休 国庆节",
      "2027-10-01 – 07 休 国庆节",
      "2027-10-01 - 2027-10-07 休 国庆节",
      "2027年10月1日至7日 休 国庆节",
    ];
    for (const line of runs) {
      const parsed = parseEntryText(line);
      expect(parsed.problems, line).toEqual([]);
      expect(
        parsed.days.map((d) => d.date),
        line,
      ).toEqual([
        "2027-10-01",
        "2027-10-02",
        "2027-10-03",
        "2027-10-04",
        "2027-10-05",
        "2027-10-06",
        "2027-10-07",
      ]);
    }
    // Across the turn of a month and of a year: checkYear, not the reader, says the year is wrong.
    expect(parseEntryText("2027-12-31~2028-01-01 休 元旦").days.map((d) => d.date)).toEqual([
      "2027-12-31",
      "2028-01-01",
    ]);
    expect(parseEntryText("2027-01-30~02-02 休 春节").days).toHaveLength(4);
  });

  it("names each line it cannot read and reads the others", () => {
    const parsed = parseEntryText(
      [
        "2027-10-01 休 国庆节",
        "国庆节 2027-10-02 休",
        "2027-10-0x 休 国庆节",
        "2027-10-011 休 国庆节",
        "2027-10-03 off 国庆节",
        "2027-10-04",
        "2027-10-07~2027-10-05 休 国庆节",
        `2027-01-01~2027-03-01 休 春节`,
        "2027-09-31~2027-10-02 休 国庆节",
        "2027-10-05 holidays 国庆节",
        "2027-10-06 休",
        "2027-02-30 休 春节",
      ].join("\n"),
    );
    expect(parsed.problems).toEqual([
      { line: 2, key: "calendar.problem.date" },
      { line: 3, key: "calendar.problem.date" },
      { line: 4, key: "calendar.problem.date" },
      { line: 5, key: "calendar.entry.unknownWord", params: { word: "off" } },
      { line: 6, key: "calendar.entry.kindMissing" },
      { line: 7, key: "calendar.entry.backwards", params: { from: "2027-10-07", to: "2027-10-05" } },
      { line: 8, key: "calendar.entry.tooLong", params: { max: MAX_RUN_DAYS } },
      { line: 9, key: "calendar.problem.date" },
      { line: 10, key: "calendar.entry.unknownWord", params: { word: "holidays" } },
    ]);
    // A missing name and a day that does not exist are the year's rules to name, with their lines.
    expect(parsed.days).toEqual([
      { date: "2027-10-01", kind: "holiday", name: "国庆节" },
      { date: "2027-10-06", kind: "holiday", name: "" },
      { date: "2027-02-30", kind: "holiday", name: "春节" },
    ]);
    expect(parsed.lineOf).toEqual([1, 11, 12]);
  });

  it("takes a run of exactly the longest length and refuses one day more", () => {
    const start = dayNumber("2027-07-01");
    const end = (length: number) => dayText(start + length - 1);
    expect(parseEntryText(`2027-07-01~${end(MAX_RUN_DAYS)} 休 测试`).days).toHaveLength(MAX_RUN_DAYS);
    expect(parseEntryText(`2027-07-01~${end(MAX_RUN_DAYS + 1)} 休 测试`).problems).toHaveLength(1);
  });
});

describe("pointing the year's rules at lines", () => {
  it("maps /days/N to the line day N came from, names a run once, keeps whole-list problems", () => {
    const lineOf = [1, 3, 3, 3, 4];
    const problems = problemsOnLines(
      [
        { field: "/days/1/name", key: "calendar.problem.nameRequired" },
        { field: "/days/2/name", key: "calendar.problem.nameRequired" },
        { field: "/days/3/name", key: "calendar.problem.nameRequired" },
        { field: "/days/4/date", key: "calendar.problem.twice", params: { day: "2027-10-03" } },
        { field: "/days/0/date", key: "calendar.problem.outsideYear", params: { year: 2027 } },
        { field: "/days", key: "calendar.problem.noHolidays" },
      ],
      lineOf,
    );
    expect(problems).toEqual([
      { line: 3, key: "calendar.problem.nameRequired" },
      { line: 4, key: "calendar.problem.twice", params: { day: "2027-10-03" } },
      { line: 1, key: "calendar.problem.outsideYear", params: { year: 2027 } },
      { key: "calendar.problem.noHolidays" },
    ]);
    expect(sortProblems(problems).map((p) => p.line)).toEqual([1, 3, 4, undefined]);
  });
});

describe("writing a year back as text", () => {
  it("puts a run of one kind and name on one line", () => {
    const text = formatEntryText([
      { day: "2027-10-02", kind: "holiday", name: "国庆节" },
      { day: "2027-09-26", kind: "workday", name: "国庆节" },
      { day: "2027-10-01", kind: "holiday", name: "国庆节" },
      { day: "2027-10-03", kind: "holiday", name: "中秋节" },
      { day: "2027-10-04", kind: "holiday", name: "国庆节" },
      { day: "2027-10-09", kind: "workday", name: "国庆节" },
      { day: "2027-10-10", kind: "workday", name: "国庆节" },
    ]);
    expect(text).toBe(
      [
        "2027-09-26 班 国庆节",
        "2027-10-01~2027-10-02 休 国庆节",
        "2027-10-03 休 中秋节",
        "2027-10-04 休 国庆节",
        "2027-10-09~2027-10-10 班 国庆节",
      ].join("\n"),
    );
    expect(formatEntryText([])).toBe("");
  });

  it("reads back exactly what it wrote, for every year of the package and for any days", async () => {
    for (const [year, days] of await readPackageCalendar()) {
      const parsed = parseEntryText(formatEntryText(days));
      expect(parsed.problems, String(year)).toEqual([]);
      expect(
        parsed.days.map((d) => ({ day: d.date, kind: d.kind, name: d.name })),
        String(year),
      ).toEqual(days);
    }
    const day = fc.integer({ min: dayNumber("2027-01-01"), max: dayNumber("2027-12-31") }).map(dayText);
    const entry = fc.record({
      day,
      kind: fc.constantFrom("holiday" as const, "workday" as const),
      name: fc.constantFrom("元旦", "春节", "国庆节", "National Day"),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.day, maxLength: 60 }), (days) => {
        const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
        const back = parseEntryText(formatEntryText(days)).days;
        expect(back.map((d) => ({ day: d.date, kind: d.kind, name: d.name }))).toEqual(sorted);
      }),
    );
  });
});
