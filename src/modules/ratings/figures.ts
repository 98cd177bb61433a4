import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { getDepartment } from "../departments/service.ts";
import { anonymise } from "./anonymise.ts";
import { LEVELS } from "./levels.ts";
import * as stats from "./stats-store.ts";
import * as store from "./store.ts";

export type { Dimension } from "./stats-store.ts";

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * The public figures of a department, item or site. Satisfaction is the share of ratings at 基本满意 or
 * better (levels 3–5) among all; the rectification rate is the share of bad ratings (levels 1–2) whose
 * rectification is closed (accepted, or upheld on review); the on-time rate is the share of those
 * rectified whose outcome was recorded by the deadline. A figure with nothing to divide by is null.
 */
export interface PublicFigures {
  by: stats.Dimension;
  key: string;
  name: { zh: string; en: string };
  siteKind: string | null;
  total: number;
  levels: { level: number; count: number }[];
  satisfaction: number | null;
  bad: number;
  rectified: number;
  rectificationRate: number | null;
  onTime: number;
  onTimeRate: number | null;
  comments: {
    level: number;
    tags: string[];
    text: string;
    channel: string;
    byAgent: boolean;
    at: Date;
    additions: { text: string; at: Date }[];
  }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Subject {
  id: string;
  name: { zh: string; en: string };
  siteKind: string | null;
  ratedIn: stats.RatedIn;
}

async function subjectOf(db: Executor, by: stats.Dimension, key: string): Promise<Subject> {
  if (by === "department") {
    if (!UUID.test(key)) throw errors.notFound("department");
    const d = await getDepartment(db, key);
    return {
      id: d.id,
      name: { zh: d.name, en: d.nameEn || d.name },
      siteKind: null,
      ratedIn: provinceOf(d.regionCode),
    };
  }
  if (by === "site") {
    const s = /^[a-z0-9][a-z0-9-]{1,59}$/.test(key) ? await stats.siteByCode(db, key) : undefined;
    if (!s) throw errors.notFound("site");
    return { id: s.id, name: { zh: s.name, en: s.name_en || s.name }, siteKind: s.kind, ratedIn: null };
  }
  const item = /^[A-Za-z0-9_.-]{1,60}$/.test(key) ? await stats.itemName(db, key) : undefined;
  if (!item) throw errors.notFound("item");
  return {
    id: key,
    name: { zh: item.item_name ?? key, en: item.item_name_en || item.item_name || key },
    siteKind: null,
    ratedIn: null,
  };
}

export async function publicFigures(db: Executor, by: stats.Dimension, key: string): Promise<PublicFigures> {
  const subject = await subjectOf(db, by, key);
  const [raw, comments] = await Promise.all([
    stats.figures(db, subject.ratedIn, by, subject.id),
    stats.recentComments(db, subject.ratedIn, by, subject.id, 20),
  ]);
  const additions = await store.additionsOf(db, comments);
  const levels = LEVELS.map((level) => ({ level, count: raw.levels[level] ?? 0 }));
  const total = levels.reduce((n, l) => n + l.count, 0);
  const satisfied = levels.filter((l) => l.level >= 3).reduce((n, l) => n + l.count, 0);
  return {
    by,
    key,
    name: subject.name,
    siteKind: subject.siteKind,
    total,
    levels,
    satisfaction: share(satisfied, total),
    bad: raw.bad,
    rectified: raw.rectified,
    rectificationRate: share(raw.rectified, raw.bad),
    onTime: raw.onTime,
    onTimeRate: share(raw.onTime, raw.rectified),
    comments: comments.map((c) => ({
      level: c.level,
      tags: c.tags,
      text: anonymise(c.comment),
      channel: c.channel,
      byAgent: c.rater_kind === "agent",
      at: c.created_at,
      additions: additions
        .filter((a) => a.rating_id === c.id)
        .map((a) => ({ text: anonymise(a.text), at: a.created_at })),
    })),
  };
}

export interface Group {
  key: string;
  name: { zh: string; en: string };
  siteKind: string | null;
  total: number;
  satisfaction: number | null;
}

/** The departments, items or sites with ratings, most rated first. */
export async function publicGroups(db: Executor, by: stats.Dimension): Promise<Group[]> {
  return (await stats.groups(db, by, 100)).map((g) => ({
    key: g.key,
    name: { zh: g.name, en: g.name_en || g.name },
    siteKind: g.kind,
    total: g.total,
    satisfaction: share(g.satisfied, g.total),
  }));
}

/**
 * Each agent's ratings at a site (count and satisfaction), for the township's page of its points, in
 * the provinces its cases are handled in.
 */
export async function agentRatingsAt(db: Executor, provinces: string[], siteId: string, since: Date) {
  return (await stats.agentRatings(db, provinces, siteId, since)).map((a) => ({
    agentId: a.agentId,
    rated: a.total,
    satisfaction: share(a.satisfied, a.total),
  }));
}
