import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import type { JobDefinition } from "../../platform/jobs.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { CODE_LENGTH, isRegionCode } from "../regions/codes.ts";
import { getRegion, listAncestors, listChildren, type Region } from "../regions/service.ts";
import type { RegionLevel } from "../regions/tables.ts";
import * as store from "./ranking-store.ts";

export const RANKING_JOB = "supervision.ranking";
/** The window: the 30 whole days before the snapshot's day. */
export const WINDOW_DAYS = 30;
/** Fewer cases closed in the window than this, and a department is listed apart, unranked. */
export const MINIMUM_CASES = 5;

const DAY_MS = 86_400_000;
/** Days are Beijing time's (UTC+8, no daylight saving): a snapshot "as of" a day is that day's in China. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export const dayOf = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const startOf = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);

export interface SnapshotReport {
  day: string;
  windowFrom: string;
  windowTo: string;
  rows: number;
}

/**
 * Computes the ranking as of `now`'s day over the window ending the day before, replacing any snapshot
 * of that day: running it twice gives the same rows. `windowTo` moves the window's last day (the demo,
 * loaded on its first start, counts that very day, or its page would stay empty until the next night).
 */
export async function computeRanking(
  db: Db,
  now = new Date(),
  options: { windowTo?: string } = {},
): Promise<SnapshotReport> {
  const day = dayOf(now);
  const windowTo = options.windowTo ?? addDays(day, -1);
  const windowFrom = addDays(windowTo, -(WINDOW_DAYS - 1));
  const rows = await db.transaction().execute((tx) =>
    store.replaceSnapshot(tx, {
      day,
      windowFrom,
      windowTo,
      from: startOf(windowFrom),
      to: startOf(addDays(windowTo, 1)),
      now,
    }),
  );
  return { day, windowFrom, windowTo, rows };
}

export const rankingJob: JobDefinition = {
  name: RANKING_JOB,
  // After midnight in China, once the day before is complete.
  schedule: { cron: "20 1 * * *", tz: "Asia/Shanghai" },
  retryLimit: 2,
  run: async (_data, { db, log }) => {
    log.info({ report: await computeRanking(db) }, "department ranking computed");
  },
};

export interface RankedDepartment {
  /** Its place among the ranked (equal figures, equal place); null when under the minimum. */
  rank: number | null;
  departmentId: string;
  name: string;
  nameEn: string;
  casesClosed: number;
  casesOnTime: number;
  /** Shares from 0 to 1; null without anything to divide by. */
  onTimeRate: number | null;
  ratings: number;
  satisfaction: number | null;
  meanLevel: number | null;
}

export interface DepartmentRanking {
  region: Region | null;
  trail: Region[];
  /** The regions one level down that have rows in the snapshot (the provinces, without a region). */
  children: Region[];
  asOf: string | null;
  window: { from: string; to: string } | null;
  computedAt: Date | null;
  minimumCases: number;
  ranked: RankedDepartment[];
  belowMinimum: RankedDepartment[];
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function present(rows: store.RankingRow[]): RankedDepartment[] {
  const out: RankedDepartment[] = [];
  for (const [i, r] of rows.entries()) {
    const onTimeRate = share(r.casesOnTime, r.casesClosed);
    const satisfaction = share(r.ratingsSatisfied, r.ratings);
    const before = out[i - 1];
    const tied = before && before.onTimeRate === onTimeRate && before.satisfaction === satisfaction;
    out.push({
      rank: r.qualified ? (tied && before.rank !== null ? before.rank : i + 1) : null,
      departmentId: r.departmentId,
      name: r.name,
      nameEn: r.nameEn,
      casesClosed: r.casesClosed,
      casesOnTime: r.casesOnTime,
      onTimeRate,
      ratings: r.ratings,
      satisfaction,
      meanLevel: share(r.ratingLevelSum, r.ratings),
    });
  }
  return out;
}

/** The latest snapshot's ranking of a region's departments (public); without a region, the provinces. */
export async function departmentRanking(
  db: Executor,
  actor: Actor,
  code?: string,
): Promise<DepartmentRanking> {
  authorize(actor, "ranking.read");
  if (code !== undefined && !isRegionCode(code)) throw errors.notFound("region");
  const region = code === undefined ? null : await getRegion(db, actor, code);
  const snapshot = await store.latestSnapshot(db);
  const empty: DepartmentRanking = {
    region,
    trail: region ? await listAncestors(db, actor, region.code) : [],
    children: [],
    asOf: null,
    window: null,
    computedAt: null,
    minimumCases: MINIMUM_CASES,
    ranked: [],
    belowMinimum: [],
  };
  if (!snapshot) return empty;
  const { day } = snapshot;
  const childLevel = ((region?.level ?? 0) + 1) as RegionLevel;
  const childCodes = new Set(
    childLevel <= 4
      ? await store.regionsWithRows(db, day, region?.code ?? null, CODE_LENGTH[childLevel])
      : [],
  );
  const children =
    childCodes.size === 0
      ? []
      : (await listChildren(db, actor, region?.code ?? null)).filter((c) => childCodes.has(c.code));
  const presented = present(region ? await store.rankingRows(db, day, region.code, MINIMUM_CASES) : []);
  return {
    ...empty,
    children,
    asOf: day,
    window: { from: snapshot.windowFrom, to: snapshot.windowTo },
    computedAt: snapshot.computedAt,
    ranked: presented.filter((r) => r.rank !== null),
    belowMinimum: presented.filter((r) => r.rank === null),
  };
}
