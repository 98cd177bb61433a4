import type { Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import type { CaseChannel } from "../cases/tables.ts";
import { getRegion, listAncestors, listChildren, type Region } from "../regions/service.ts";
import {
  type BundleFigures,
  bundlesOf,
  type NamedBundle,
  share,
  type VoiceFigures,
  voiceFigures,
} from "./beside.ts";
import { bundleSums } from "./bundle-store.ts";
import * as store from "./dashboard-store.ts";
import { type Place, place } from "./place.ts";
import { MEASURES } from "./rollup-store.ts";
import { insightJurisdictions, insightRegion, insightTrail, type MonthSpan, monthSpan } from "./scope.ts";
import type { Area } from "./tables.ts";
import { voiceSums } from "./voice-store.ts";

/** Ratings of 3 (基本满意) and above count as satisfied, as on the ratings pages. */
const SATISFIED_FROM = 3;

export interface Figures {
  received: number;
  accepted: number;
  closed: number;
  /** Of the cases received: applied for online (web, phone, API). */
  onlineRate: number | null;
  /** Of the cases closed: applied for online and never collected in person (全程网办). */
  fullyOnlineRate: number | null;
  /** Of the cases closed: no trip to a hall or service point at all (零跑腿). */
  zeroVisitRate: number | null;
  visitsPerCase: number | null;
  /** Working days from acceptance to decision, less paused days, over the decided cases. */
  days: {
    measured: number;
    mean: number | null;
    median: number | null;
    p90: number | null;
    promisedMean: number | null;
    statutoryMean: number | null;
    /** 1 − actual / statutory: how much sooner than the law allows. */
    speedUp: number | null;
  };
  /** Of the cases closed on a clock: closed by their due date. */
  onTimeRate: number | null;
  /** Of the cases closed: asked at least once to supplement; and the mean rounds of those. */
  supplementRate: number | null;
  supplementRounds: number | null;
  /** Of the cases closed: denied, or refused at intake. */
  rejectionRate: number | null;
  /** Of the cases granted: granted by rules at once (秒批). */
  instantShare: number | null;
  /** Materials taken from e-licences and registries instead of uploads. */
  materialsAvoided: number;
  ratings: { count: number; levels: [number, number, number, number, number]; satisfaction: number | null };
}

/** The median and 90th percentile (nearest rank) of a histogram of working days. */
function quantiles(histogram: { days: number; cases: number }[]): {
  median: number | null;
  p90: number | null;
} {
  const total = histogram.reduce((n, h) => n + h.cases, 0);
  const at = (p: number) => {
    const rank = Math.ceil(p * total);
    let seen = 0;
    for (const h of histogram) {
      seen += h.cases;
      if (seen >= rank) return h.days;
    }
    return null;
  };
  return total > 0 ? { median: at(0.5), p90: at(0.9) } : { median: null, p90: null };
}

export function figuresOf(s: store.Sums, histogram: { days: number; cases: number }[] = []): Figures {
  const levels = [s.rating_1, s.rating_2, s.rating_3, s.rating_4, s.rating_5] as Figures["ratings"]["levels"];
  return {
    received: s.received,
    accepted: s.accepted,
    closed: s.closed,
    onlineRate: share(s.received_online, s.received),
    fullyOnlineRate: share(s.fully_online, s.closed),
    zeroVisitRate: share(s.zero_visit, s.closed),
    visitsPerCase: share(s.visits, s.closed),
    days: {
      measured: s.measured,
      mean: share(s.days_sum, s.measured),
      ...quantiles(histogram),
      promisedMean: share(s.promised_sum, s.measured),
      statutoryMean: share(s.statutory_sum, s.measured),
      speedUp: s.statutory_sum > 0 ? 1 - s.days_sum / s.statutory_sum : null,
    },
    onTimeRate: share(s.on_time, s.timed),
    supplementRate: share(s.supplemented, s.closed),
    supplementRounds: share(s.supplement_rounds, s.supplemented),
    rejectionRate: share(s.denied + s.rejected, s.closed),
    instantShare: share(s.instant, s.granted),
    materialsAvoided: s.materials_avoided,
    ratings: {
      count: s.rated,
      levels,
      satisfaction: share(
        levels.slice(SATISFIED_FROM - 1).reduce((n, l) => n + l, 0),
        s.rated,
      ),
    },
  };
}

/** Rows by a key, each list in the rows' order (the histograms come sorted by days). */
function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const ZERO = Object.fromEntries(MEASURES.map((m) => [m, 0])) as store.Sums;

export interface Named {
  key: string;
  name: string;
  nameEn: string;
  figures: Figures;
}

/**
 * 统筹城乡: where the applicants live, side by side — each ratio is the rural figure over the urban one,
 * null when either side has nothing to measure.
 */
export interface Equity {
  rural: Figures;
  urban: Figures;
  /** Applicants whose home is not a known village or community (organisations, addresses not given). */
  unknown: Figures;
  ratios: {
    days: number | null;
    onlineRate: number | null;
    visits: number | null;
    satisfaction: number | null;
  };
}

export interface Dashboard {
  region: Region;
  trail: Region[];
  jurisdictions: string[];
  period: Pick<MonthSpan, "from" | "to">;
  filter: { department: string | null; item: string | null; channel: CaseChannel | null };
  total: Figures;
  byMonth: { month: string; figures: Figures }[];
  byChannel: { channel: string; figures: Figures }[];
  equity: Equity;
  byDepartment: Named[];
  byItem: (Named & { code: string })[];
  children: (Region & { figures: Figures })[];
  /**
   * 12345 requests (answered: replied) and rectifications of bad ratings (answered: resolved) of the
   * region, whatever the department, item or channel asked for.
   */
  voice: { requests: VoiceFigures; rectifications: VoiceFigures };
  /** One-thing bundles applied for in the region: each bundle's time against the sum of its parts. */
  bundles: { total: BundleFigures; byBundle: NamedBundle[] };
  /** Halls and service points in the region: the cases handed in at each (department and item filters aside). */
  bySite: (Place & { kind: string; nameEn: string })[];
}

export interface DashboardQuery {
  region?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  department?: string | undefined;
  item?: string | undefined;
  channel?: CaseChannel | undefined;
}

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);

/**
 * 数据看板: a region's measures over a span of months, read from the roll-ups only — as much work for a
 * province as for a village, however many cases lie beneath — whole, by month, channel, where applicants
 * live, department, item and child region. Every figure of a child is what the child's own dashboard says.
 */
export async function dashboard(
  db: Executor,
  actor: Actor,
  query: DashboardQuery,
  now = new Date(),
): Promise<Dashboard> {
  const region = await insightRegion(db, actor, query.region);
  return measure(
    db,
    actor,
    region,
    await insightTrail(db, actor, region),
    insightJurisdictions(actor),
    query,
    now,
  );
}

/**
 * 数据开放: the same measures for everyone — sums over cases, naming no one — of any region with
 * figures, by default the widest that has any; null before there are any at all.
 */
export async function openFigures(
  db: Executor,
  actor: Actor,
  query: Omit<DashboardQuery, "department" | "item">,
  now = new Date(),
): Promise<Dashboard | null> {
  authorize(actor, "insights.open");
  const code = query.region ?? (await store.widestRegion(db));
  if (code === undefined) return null;
  const region = await getRegion(db, actor, code);
  return measure(db, actor, region, await listAncestors(db, actor, region.code), [], query, now);
}

async function measure(
  db: Executor,
  actor: Actor,
  region: Region,
  trail: Region[],
  jurisdictions: string[],
  query: DashboardQuery,
  now: Date,
): Promise<Dashboard> {
  const span = monthSpan(query.from, query.to, now);
  const itemId = query.item === undefined ? undefined : await store.itemIdOf(db, query.item);
  if (query.item !== undefined && !itemId) throw errors.notFound("item");
  if (query.department !== undefined && !(await store.departmentExists(db, query.department))) {
    throw errors.notFound("department");
  }
  const filter: store.Filter = {
    regionCode: region.code,
    from: span.fromDay,
    to: span.toDay,
    departmentId: query.department,
    itemId,
    channel: query.channel,
  };
  const children = region.level < 5 ? await listChildren(db, actor, region.code) : [];
  const childCodes = children.map((c) => c.code);
  const [sums, days, childSums, childDays, sites, heard, bundled] = await Promise.all([
    store.sumsByDimension(db, filter),
    store.daysByDimension(db, filter),
    store.sumsByChild(db, filter, childCodes),
    store.daysByChild(db, filter, childCodes),
    store.sumsBySite(db, filter),
    voiceSums(db, region.code, span.fromDay, span.toDay),
    bundleSums(db, region.code, span.fromDay, span.toDay),
  ]);
  // Indexed once: a province has thousands of histogram rows, looked up for every key.
  const sumsOf = new Map(sums.map((s) => [`${s.dimension}/${s.key}`, s]));
  const daysOf = groupBy(days, (d) => `${d.dimension}/${d.key}`);
  const figures = (dimension: store.Dimension, key: string) =>
    figuresOf(sumsOf.get(`${dimension}/${key}`) ?? ZERO, daysOf.get(`${dimension}/${key}`) ?? []);
  const keys = (dimension: store.Dimension) =>
    sums.filter((s) => s.dimension === dimension).map((s) => s.key);
  const names = await store.names(db, keys("department"), keys("item"));
  const bySize = <T extends { figures: Figures }>(a: T, b: T) => b.figures.received - a.figures.received;
  const area = (a: Area) => figures("area", a);
  const [rural, urban] = [area("rural"), area("urban")];
  const childDaysOf = groupBy(childDays, (d) => d.region_code);
  const childFigures = new Map(
    childSums.map((c) => [c.region_code, figuresOf(c, childDaysOf.get(c.region_code) ?? [])]),
  );
  return {
    region,
    trail,
    jurisdictions,
    period: { from: span.from, to: span.to },
    filter: {
      department: query.department ?? null,
      item: query.item ?? null,
      channel: query.channel ?? null,
    },
    total: figures("total", ""),
    byMonth: span.months.map((month) => ({ month, figures: figures("month", `${month}-01`) })),
    byChannel: keys("channel")
      .map((channel) => ({ channel, figures: figures("channel", channel) }))
      .sort(bySize),
    equity: {
      rural,
      urban,
      unknown: area("unknown"),
      ratios: {
        days: ratio(rural.days.mean, urban.days.mean),
        onlineRate: ratio(rural.onlineRate, urban.onlineRate),
        visits: ratio(rural.visitsPerCase, urban.visitsPerCase),
        satisfaction: ratio(rural.ratings.satisfaction, urban.ratings.satisfaction),
      },
    },
    byDepartment: keys("department")
      .map((key) => {
        const name = names.departments.get(key);
        return {
          key,
          name: name?.name ?? key,
          nameEn: name?.nameEn ?? key,
          figures: figures("department", key),
        };
      })
      .sort(bySize),
    byItem: keys("item")
      .map((key) => {
        const name = names.items.get(key);
        return {
          key,
          code: name?.code ?? key,
          name: name?.name ?? key,
          nameEn: name?.nameEn ?? key,
          figures: figures("item", key),
        };
      })
      .sort(bySize),
    children: children.map((c) => ({ ...c, figures: childFigures.get(c.code) ?? figuresOf(ZERO) })),
    voice: { requests: voiceFigures(heard, "request"), rectifications: voiceFigures(heard, "rectification") },
    bundles: bundlesOf(bundled),
    bySite: sites.map((s) => ({ ...place(s), kind: s.kind, nameEn: s.name_en })),
  };
}
