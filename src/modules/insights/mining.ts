import { Value } from "typebox/value";
import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { calendarFor } from "../calendar/cached.ts";
import { dayNumber, dayNumberOf, dayText, parseDay, startOfDay } from "../calendar/days.ts";
import { ProcessDefinition } from "../cases/definition.ts";
import { publicItem } from "../catalog/service.ts";
import { getDepartment } from "../departments/service.ts";
import type { Region } from "../regions/service.ts";
import * as store from "./mining-store.ts";
import { insightRegion } from "./scope.ts";

/** How many variants the map lists; the rest are counted together. */
export const VARIANT_LIMIT = 20;
/** A period longer than this is refused: its day array and its scan would grow without bound. */
export const MAX_PERIOD_DAYS = 5 * 366;
const DEFAULT_PERIOD_DAYS = 365;

export interface MiningQuery {
  item: string;
  version?: number | undefined;
  region?: string | undefined;
  /** Days in China, YYYY-MM-DD, both included. */
  from?: string | undefined;
  to?: string | undefined;
}

/** What every figure of one process is about: the item, the version, the region and the period. */
export interface MiningContext {
  item: { id: string; code: string; name: { zh: string; en: string } };
  definition: { id: string; version: number; status: string; process: ProcessDefinition };
  region: Region;
  period: { from: string; to: string };
  scope: store.MiningScope;
  /** A day of the period lies in a year without published holidays: counted as Monday to Friday. */
  uncertain: boolean;
}

/** The period as days, every problem named at once; by default the year up to today. */
export function periodOf(from: string | undefined, to: string | undefined, now: Date) {
  const problems = [];
  const fromDay = from === undefined ? undefined : parseDay(from);
  const toDay = to === undefined ? undefined : parseDay(to);
  if (from !== undefined && !fromDay)
    problems.push({ field: "/query/from", message: "is not a day (YYYY-MM-DD)" });
  if (to !== undefined && !toDay) problems.push({ field: "/query/to", message: "is not a day (YYYY-MM-DD)" });
  if (problems.length > 0) throw errors.validation(problems);
  const last = toDay ? dayNumber(toDay) : dayNumberOf(now);
  const first = fromDay ? dayNumber(fromDay) : last - DEFAULT_PERIOD_DAYS + 1;
  if (last < first) throw errors.validation([{ field: "/query/to", message: "is before from" }]);
  if (last - first + 1 > MAX_PERIOD_DAYS) {
    throw errors.validation([
      { field: "/query/from", message: `the period is longer than ${MAX_PERIOD_DAYS} days` },
    ]);
  }
  return { first, last };
}

/** Resolves the item, version, region and period, and counts the period's working days. */
export async function miningContext(
  db: Executor,
  actor: Actor,
  query: MiningQuery,
  now = new Date(),
): Promise<MiningContext> {
  const region = await insightRegion(db, actor, query.region);
  const { first, last } = periodOf(query.from, query.to, now);
  const { item, version } = await publicItem(db, query.item);
  const stored = await store.findDefinition(db, item.id, query.version);
  if (!stored || !Value.Check(ProcessDefinition, stored.definition))
    throw errors.notFound("process definition");
  const calendar = await calendarFor(db, region.code);
  // Day numbers from the day before the period (ordinal 0) to today or the period's end: nothing in
  // scope happened before the first submission or after now.
  const firstDay = first - 1;
  const end = Math.max(dayNumberOf(now), last + 1);
  const ordinals: number[] = [0];
  let uncertain = false;
  for (let day = firstDay + 1; day <= end; day += 1) {
    const at = startOfDay(day);
    if (!calendar.isCertain(at)) uncertain = true;
    ordinals.push((ordinals.at(-1) as number) + (calendar.isWorkingDay(at) ? 1 : 0));
  }
  return {
    item: { id: item.id, code: item.code, name: version.content.name },
    definition: {
      id: stored.id,
      version: stored.version,
      status: stored.status,
      process: stored.definition as ProcessDefinition,
    },
    region,
    period: { from: dayText(first), to: dayText(last) },
    scope: {
      definitionId: stored.id,
      regionCode: region.code,
      from: startOfDay(first),
      to: startOfDay(last + 1),
      stageKeys: (stored.definition as ProcessDefinition).stages.map((s) => s.key),
      firstDay,
      ordinals,
    },
    uncertain,
  };
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const share = (part: number, whole: number) => (whole === 0 ? null : round2(part / whole));

export interface ProcessMap {
  item: MiningContext["item"] & { version: number; status: string };
  region: { code: string; name: string };
  period: { from: string; to: string };
  uncertain: boolean;
  cases: number;
  closed: number;
  stages: {
    key: string;
    kind: string;
    name: { zh: string; en: string };
    parallel: boolean;
    tasks: ({ key: string; step: string; name: { zh: string; en: string }; days: number } & Omit<
      store.StepRow,
      "stage_index" | "task_key"
    >)[];
  }[];
  edges: store.EdgeRow[];
  variants: {
    steps: string[];
    cases: number;
    share: number | null;
    closed: number;
    meanDays: number | null;
  }[];
  variantCount: number;
  otherVariantCases: number;
  rework: {
    supplementShare: number | null;
    meanSupplementRounds: number | null;
    returnShare: number | null;
    meanReturns: number | null;
  };
  slowest: {
    stage: string;
    rounds: number;
    departments: {
      departmentId: string;
      name: string;
      nameEn: string;
      timesLast: number;
      share: number | null;
      meanMarginDays: number | null;
    }[];
  }[];
}

/** 流程挖掘: the map of one version of an item's process as cases really went through it. */
export async function processMap(
  db: Executor,
  actor: Actor,
  query: MiningQuery,
  now = new Date(),
): Promise<ProcessMap> {
  const ctx = await miningContext(db, actor, query, now);
  const stages = ctx.definition.process.stages;
  const parallel = stages.flatMap((s, i) => (s.tasks.length > 1 ? [i] : []));
  const [steps, edges, variants, rework, last] = await Promise.all([
    store.steps(db, ctx.scope),
    store.edges(db, ctx.scope),
    store.variants(db, ctx.scope, VARIANT_LIMIT),
    store.rework(db, ctx.scope),
    store.lastInParallel(db, ctx.scope, parallel),
  ]);
  const stepOf = new Map(steps.map((s) => [`${s.stage_index}/${s.task_key}`, s]));
  const none: store.Stats = { min: null, median: null, p90: null, max: null };
  const departments = new Map(
    await Promise.all(
      [...new Set(last.map((l) => l.department_id))].map(
        async (id) => [id, await getDepartment(db, id)] as const,
      ),
    ),
  );
  const listed = variants.reduce((sum, v) => sum + v.cases, 0);
  // Shares of the cases with a path: one just submitted has taken no step yet.
  const withPath = variants[0]?.all_cases ?? 0;
  return {
    item: { ...ctx.item, version: ctx.definition.version, status: ctx.definition.status },
    region: { code: ctx.region.code, name: ctx.region.name },
    period: ctx.period,
    uncertain: ctx.uncertain,
    cases: rework.cases,
    closed: rework.closed,
    stages: stages.map((stage, i) => ({
      key: stage.key,
      kind: stage.kind,
      name: stage.name,
      parallel: stage.tasks.length > 1,
      tasks: stage.tasks.map((task) => {
        const row = stepOf.get(`${i}/${task.key}`);
        return {
          key: task.key,
          step: `${stage.key}.${task.key}`,
          name: task.name,
          days: task.days,
          cases: row?.cases ?? 0,
          visits: row?.visits ?? 0,
          open: row?.open ?? 0,
          done: row?.done ?? 0,
          wait: row?.wait ?? none,
          work: row?.work ?? none,
          total: row?.total ?? none,
        };
      }),
    })),
    edges,
    variants: variants.map((v) => ({
      steps: v.path.split(">"),
      cases: v.cases,
      share: share(v.cases, withPath),
      closed: v.closed,
      meanDays: round2(v.mean_days),
    })),
    variantCount: variants[0]?.all_variants ?? 0,
    otherVariantCases: (variants[0]?.all_cases ?? 0) - listed,
    rework: {
      supplementShare: share(rework.with_supplement, rework.cases),
      meanSupplementRounds:
        rework.with_supplement === 0 ? null : round2(rework.supplement_rounds / rework.with_supplement),
      returnShare: share(rework.with_return, rework.cases),
      meanReturns: rework.with_return === 0 ? null : round2(rework.returns / rework.with_return),
    },
    slowest: parallel.map((index) => {
      const rows = last.filter((l) => l.stage_index === index);
      const rounds = rows[0]?.rounds ?? 0;
      return {
        stage: stages[index]?.key as string,
        rounds,
        departments: rows.map((r) => {
          const d = departments.get(r.department_id);
          return {
            departmentId: r.department_id,
            name: d?.name ?? "",
            nameEn: d?.nameEn ?? "",
            timesLast: r.times_last,
            share: share(r.times_last, rounds),
            meanMarginDays: round2(r.mean_margin),
          };
        }),
      };
    }),
  };
}
