import type { Executor } from "../../../platform/db/database.ts";
import { AppError, errors } from "../../../platform/errors.ts";
import { DATE_YEARS } from "../../../platform/http/validation.ts";
import type { Actor } from "../../../platform/policy.ts";
import { itemsNamed } from "../../catalog/service.ts";
import { type MonthlySums, openMonthlySums } from "../../insights/open-sums.ts";
import { govstackErrors } from "../errors.ts";
import { param } from "../parse.ts";
import type { Statistics } from "./schemas.ts";

/**
 * GovStack statistics over the open roll-ups (docs/govstack-design.md, section 7): processed = closed,
 * approved = granted, sentBack = closed after a supplement, rejected = denied + refused at intake. The
 * roll-ups are monthly and the dashboards' rule is never to read cases per request, so day and week
 * are answered per month, and the references say so.
 */

export const TIMEFRAMES = ["day", "week", "month", "year"] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export interface StatisticsQuery {
  startDate?: string;
  endDate?: string;
  registrationName?: string;
  timeframe?: Timeframe;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day within DATE_YEARS, or undefined. */
function calendarDay(text: string): string | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < DATE_YEARS.first || year > DATE_YEARS.last) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? text.trim() : undefined;
}

/** The query's parameters, every problem at once; operator and role are refused first (section 7). */
export function statisticsQuery(query: unknown): StatisticsQuery {
  if (param(query, "operator") !== undefined || param(query, "role") !== undefined) {
    throw govstackErrors.statisticsByPerson();
  }
  const problems: { field: string; message: string }[] = [];
  const result: StatisticsQuery = {};
  for (const name of ["startDate", "endDate"] as const) {
    const raw = param(query, name);
    if (raw === undefined || raw === "") continue;
    const day = calendarDay(raw);
    if (day === undefined) {
      problems.push({
        field: `/query/${name}`,
        message: `must be a date, YYYY-MM-DD, of the years ${DATE_YEARS.first} to ${DATE_YEARS.last}`,
      });
    } else result[name] = day;
  }
  if (result.startDate && result.endDate && result.startDate > result.endDate) {
    problems.push({ field: "/query/endDate", message: "must not be before startDate" });
  }
  const timeframe = param(query, "timeframe");
  if (timeframe !== undefined && timeframe !== "") {
    const known = TIMEFRAMES.find((t) => t === timeframe.trim().toLowerCase());
    if (known) result.timeframe = known;
    else problems.push({ field: "/query/timeframe", message: `must be one of ${TIMEFRAMES.join(", ")}` });
  }
  const name = param(query, "registrationName");
  if (name !== undefined && name.trim() !== "") {
    if (name.length > 200) problems.push({ field: "/query/registrationName", message: "is too long" });
    else result.registrationName = name;
  }
  if (problems.length > 0) throw errors.validation(problems);
  return result;
}

/** The item a registration name means: its code, or the name of one published item. */
async function itemCodeOf(db: Executor, name: string): Promise<string> {
  const items = await itemsNamed(db, name.trim());
  if (items.length === 0) throw errors.notFound("registration");
  if (items.length > 1) {
    throw new AppError(
      "validation_failed",
      400,
      "Several services have this name: give the item code as registrationName",
      { fields: [{ field: "/query/registrationName", message: "names several items: use the item code" }] },
    );
  }
  return (items[0] as { code: string }).code;
}

const lastDay = (month: string) => {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
};

/** The statistics of the caller's region (a client's own, else the open default), grouped as asked. */
export async function statisticsOf(
  db: Executor,
  actor: Actor,
  query: StatisticsQuery,
  now = new Date(),
): Promise<Statistics> {
  const itemCode = query.registrationName ? await itemCodeOf(db, query.registrationName) : undefined;
  const months = await openMonthlySums(
    db,
    actor,
    {
      region: actor.kind === "client" ? actor.regionCode : undefined,
      from: query.startDate?.slice(0, 7),
      to: query.endDate?.slice(0, 7),
      itemCode,
    },
    now,
  );
  const timeframe = query.timeframe;
  const groups = new Map<string, MonthlySums[]>();
  for (const month of months) {
    const key = timeframe === undefined ? "" : timeframe === "year" ? month.month.slice(0, 4) : month.month;
    groups.set(key, [...(groups.get(key) ?? []), month]);
  }
  const byMonth = timeframe !== undefined && timeframe !== "year";
  return [...groups.values()].map((group) => {
    const sum = (pick: (m: MonthlySums) => number) => group.reduce((n, m) => n + pick(m), 0);
    return {
      processed: sum((m) => m.closed),
      approved: sum((m) => m.granted),
      sentBack: sum((m) => m.supplemented),
      rejected: sum((m) => m.denied + m.rejected),
      references: {
        startDate: `${(group[0] as MonthlySums).month}-01`,
        endDate: lastDay((group.at(-1) as MonthlySums).month),
        ...(query.registrationName !== undefined ? { registrationName: query.registrationName } : {}),
        timeframeDay: false,
        timeframeWeek: false,
        timeframeMonth: byMonth,
        timeframeYear: timeframe === "year",
      },
    };
  });
}
