/**
 * A year's holidays as an administrator types them from the State Council's notice, one day (or one
 * run of days) a line: "2027-10-01 休 国庆节" for a day off, "2027-09-26 班 国庆节" for a make-up
 * working day, "2027-10-01~2027-10-07 休 国庆节" for a run. Pure: the rules of a year (inside it, each
 * day once, 班 only at weekends) stay in `checkYear`; this only turns text into days and back, and
 * remembers which line each day came from so the rules' complaints can name the line.
 */
import type { MessageKey } from "../../platform/i18n/index.ts";
import type { FieldIssue } from "../applicants/errors.ts";
import { type Day, dayNumber, dayText, parseDay } from "./days.ts";
import type { DayKind } from "./tables.ts";

export interface EntryDay {
  date: string;
  kind: DayKind;
  name: string;
}

/** A problem of one line (1-based), or of the whole text when `line` is undefined. */
export interface LineProblem {
  line?: number;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export interface ParsedEntry {
  days: EntryDay[];
  /** The source line of each day: `lineOf[i]` for `days[i]`. */
  lineOf: number[];
  problems: LineProblem[];
}

/** The longest run one line may stand for: the longest holiday span is nine days, a month is surely a slip. */
export const MAX_RUN_DAYS = 31;

const KIND_WORDS: [RegExp, DayKind][] = [
  [/^(?:放假|休)/u, "holiday"],
  [/^(?:上班|班)/u, "workday"],
  [/^holiday(?![A-Za-z])/iu, "holiday"],
  [/^workday(?![A-Za-z])/iu, "workday"],
];

const FULL_DATE = String.raw`(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})(?![\dA-Za-z])日?`;
// The end of a run may leave out what it shares with the start: "2027-10-01~10-07", "10月1日至7日".
const END_DATE = String.raw`(?:(?:(\d{4})[-/.年])?(\d{1,2})[-/.月])?(\d{1,2})(?![\dA-Za-z])日?`;
// "~" also stands for "～" and full-width forms after NFKC; a bare "-" only with spaces round it,
// since it also joins the parts of a date.
const RANGE = new RegExp(`^${FULL_DATE}(?:\\s*(?:~|〜|至|到|–|—)\\s*|\\s+-\\s+)${END_DATE}`, "u");
const SINGLE = new RegExp(`^${FULL_DATE}`, "u");

const pad = (n: string) => n.padStart(2, "0");
const dayOf = (y: string, m: string, d: string) => `${y}-${pad(m)}-${pad(d)}`;

/** Full-width spaces, digits, colons and tildes as their ASCII forms; colons separate like spaces. */
function normalise(line: string): string {
  return line.normalize("NFKC").replace(/[:：]/gu, " ").replace(/\s+/gu, " ").trim();
}

type LineResult = { days: EntryDay[] } | { problem: Omit<LineProblem, "line"> };

function readLine(text: string): LineResult {
  const range = RANGE.exec(text);
  const single = range ? null : SINGLE.exec(text);
  const matched = range ?? single;
  if (!matched) return { problem: { key: "calendar.problem.date" } };
  const [whole, y = "", m = "", d = "", toYear, toMonth, toDay = ""] = matched;
  const from = dayOf(y, m, d);
  let dates: Day[] = [from];
  if (range) {
    const to = dayOf(toYear ?? y, toMonth ?? m, toDay);
    const first = parseDay(from);
    const last = parseDay(to);
    if (!first || !last) return { problem: { key: "calendar.problem.date" } };
    const span = dayNumber(last) - dayNumber(first);
    if (span < 0) return { problem: { key: "calendar.entry.backwards", params: { from: first, to: last } } };
    if (span >= MAX_RUN_DAYS)
      return { problem: { key: "calendar.entry.tooLong", params: { max: MAX_RUN_DAYS } } };
    dates = Array.from({ length: span + 1 }, (_, i) => dayText(dayNumber(first) + i));
  }
  const rest = text.slice(whole.length).trim();
  if (rest === "") return { problem: { key: "calendar.entry.kindMissing" } };
  for (const [pattern, kind] of KIND_WORDS) {
    const word = pattern.exec(rest);
    if (word) {
      const name = rest.slice(word[0].length).trim();
      return { days: dates.map((date) => ({ date, kind, name })) };
    }
  }
  const word = rest.split(" ")[0] ?? rest;
  return { problem: { key: "calendar.entry.unknownWord", params: { word } } };
}

/**
 * Every day the text lists, in the order written, and a problem for each line that cannot be read.
 * A date that looks like one but does not exist ("2027-02-30") is passed on for `checkYear` to name.
 */
export function parseEntryText(text: string): ParsedEntry {
  const parsed: ParsedEntry = { days: [], lineOf: [], problems: [] };
  text.split(/\r\n|\r|\n/u).forEach((raw, index) => {
    const line = normalise(raw);
    if (line === "") return;
    const result = readLine(line);
    if ("problem" in result) {
      parsed.problems.push({ line: index + 1, ...result.problem });
      return;
    }
    for (const day of result.days) {
      parsed.days.push(day);
      parsed.lineOf.push(index + 1);
    }
  });
  return parsed;
}

/**
 * The rules' complaints about `days/N/…` as complaints about the line day N came from; one about the
 * whole list (no holiday at all) stays without a line. A run that breaks a rule the same way on several
 * days is named once.
 */
export function problemsOnLines(issues: FieldIssue[], lineOf: number[]): LineProblem[] {
  const seen = new Set<string>();
  const problems: LineProblem[] = [];
  for (const issue of issues) {
    const index = /^\/days\/(\d+)(?:\/|$)/u.exec(issue.field)?.[1];
    const line = index === undefined ? undefined : lineOf[Number(index)];
    const problem: LineProblem = {
      ...(line === undefined ? {} : { line }),
      key: issue.key,
      ...(issue.params ? { params: issue.params } : {}),
    };
    const id = JSON.stringify(problem);
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems;
}

/** Problems of lines first, in line order, then those of the whole text. */
export function sortProblems(problems: LineProblem[]): LineProblem[] {
  return [...problems].sort(
    (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
  );
}

const KIND_MARK: Record<DayKind, string> = { holiday: "休", workday: "班" };

/**
 * A year's days written back in the same notation, a run of consecutive days of one kind and one name
 * on one line, so what the form shows reads like the notice it was typed from.
 */
export function formatEntryText(days: { day: Day; kind: DayKind; name: string }[]): string {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  const lines: string[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    const first = sorted[start];
    const previous = sorted[i - 1];
    const next = sorted[i];
    if (!first || !previous) break;
    const continues =
      next !== undefined &&
      next.kind === first.kind &&
      next.name === first.name &&
      dayNumber(next.day) === dayNumber(previous.day) + 1;
    if (continues) continue;
    const when = previous.day === first.day ? first.day : `${first.day}~${previous.day}`;
    lines.push(`${when} ${KIND_MARK[first.kind]} ${first.name}`);
    start = i;
  }
  return lines.join("\n");
}
