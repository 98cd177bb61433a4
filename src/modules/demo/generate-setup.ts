import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { checkCreditCode } from "../../platform/personal-data.ts";
import { calendarFor } from "../calendar/cached.ts";
import { dayNumberOf, startOfDay } from "../calendar/days.ts";
import { loadCalendar } from "../calendar/service.ts";
// The engine's own planning, so a generated case runs on exactly the plan a real one of its offering
// would: the item's newest definition (or the one derived from its guide) with departments found.
import { planCase } from "../cases/plan.ts";
import type { CasePlan } from "../cases/tables.ts";
import type { ItemContent } from "../catalog/content.ts";
import { applicableOffering } from "../catalog/service.ts";
import { staffForTask } from "../identity/service.ts";
import { CODE_LENGTHS } from "../regions/codes.ts";

/**
 * What the generator's SQL looks things up in, computed once per run in TypeScript: the offerings with
 * their plans and weights, the stages and tasks of each plan, the villages and communities each
 * offering serves, a pool of organisations, and the working days.
 *
 * Time inside the generator is counted in working days: position t = n + f is the fraction f of the
 * working hours (08:30–17:30 China time) of the n-th working day of the window. Every step of a case is
 * so placed on a working day in working hours, and working-day deadlines are whole-number sums.
 */

export interface GenOffering {
  o: number;
  offering_id: string;
  region_code: string;
  item_id: string;
  item_version: number;
  item_code: string;
  item_name: { zh: string; en: string };
  item_type: string;
  definition_id: string | null;
  plan: CasePlan;
  promised: number;
  statutory: number;
  channels: string[];
  /** The share of applicants that are organisations: 0 for items of persons only, 1 for legal persons only. */
  org_share: number;
  /** Instant approval's rules exist (秒批): most online applications are granted at once. */
  instant_ok: boolean;
  /** Materials the government holds already (e-licences, registries), not uploaded when fetched. */
  avoidable: number;
  visits: number;
  n_stages: number;
  decision_index: number;
  supplement_days: number | null;
  hall_site_id: string | null;
  hall_site_code: string | null;
  /** Where a result is picked up when not at a site: the offering's hall. */
  pickup_hall: string;
  /** The first deciding department: the one a rating of the case is counted under (as the ratings module does). */
  rating_department: string;
  n_places: number;
  /** The cumulative weight's upper bound in [0, 1): an offering is drawn where a uniform number falls. */
  hi: number;
}

export interface GenStage {
  o: number;
  s: number;
  kind: string;
  next_kind: string | null;
  /** This stage's share of the review and decision time, by the days its slowest task is given. */
  share: number;
  first_review: boolean;
  last_review: boolean;
}

export interface GenTask {
  o: number;
  s: number;
  j: number;
  kind: string;
  task_key: string;
  name: { zh: string; en: string };
  role: string;
  department_id: string;
  work_region_code: string;
  days: number;
  /** The stage's slowest task (the most days; the last of equals): it ends its stage. */
  slow: boolean;
  /** Who may work it, from the staff who hold its role there; none: the task is done by no one named. */
  staff: string[];
}

export interface GenPlace {
  region: string;
  k: number;
  code: string;
  name: string;
  rural: boolean;
  point_id: string | null;
  point_code: string | null;
  point_name: string | null;
}

export interface GenDay {
  day: number;
  /** The ordinal of the last working day on or before this day. */
  ord: number;
  working: boolean;
  certain: boolean;
}

export interface Setup {
  offerings: GenOffering[];
  stages: GenStage[];
  tasks: GenTask[];
  places: GenPlace[];
  days: GenDay[];
  orgs: { k: number; name: string; code: string }[];
  /** The working-day positions of the window's start and of now (see above). */
  firstOrd: number;
  nowOrd: number;
  tNow: number;
  now: Date;
}

/** An item applied for more than others: benefits and everyday licences more than investment projects. */
function itemWeight(content: ItemContent, code: string): number {
  const base =
    { benefit: 3, public_service: 3, confirmation: 2, licence: 1.5, other: 0.6 }[content.type] ?? 1;
  // A stable spread between items of one type, from the code's characters.
  let h = 0;
  for (const c of code) h = (h * 31 + c.charCodeAt(0)) % 997;
  return base * (0.5 + (h % 100) / 100);
}

const WORKING_HOURS = { open: 8.5, length: 9 };

/** The region every offering lies in, for the one calendar of the run (see generate.ts). */
function commonRegion(codes: string[]): string | undefined {
  let prefix = codes[0] ?? "";
  for (const code of codes) while (!code.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const length = [...CODE_LENGTHS].reverse().find((n) => n <= prefix.length);
  return length ? prefix.slice(0, length) : undefined;
}

const ORG_WORDS = ["绿源", "竹乡", "白茶", "溪山", "安和", "青禾", "云岭", "丰收", "田园", "凤鸣"];
const ORG_KINDS = ["农业专业合作社", "竹木制品有限公司", "茶叶有限公司", "民宿有限公司", "教育研究会"];
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A unified social credit code with a right check character, by trying each (GB 32100). */
function creditCode(region: string, k: number): string {
  const body = `9133${region.slice(2, 6).padEnd(4, "0")}MA${String(k).padStart(7, "0")}`;
  for (const c of USCC_CHARS) if (checkCreditCode(body + c).ok) return body + c;
  throw new Error(`No check character for ${body}`);
}

export async function prepareSetup(db: Executor, now: Date): Promise<Setup> {
  const rows = (
    await sql<{ id: string }>`
      select o.id from catalog_offerings o
      join catalog_item_versions v on v.item_id = o.item_id and v.status = 'published'
      where o.status = 'active' order by o.region_code, o.id`.execute(db)
  ).rows;
  const offerings: GenOffering[] = [];
  const stages: GenStage[] = [];
  const tasks: GenTask[] = [];
  const places: GenPlace[] = [];
  const placesOf = new Map<string, number>();
  const sites = (
    await sql<{ id: string; code: string; kind: string; region_code: string; name: string }>`
      select id, code, kind, region_code, name from service_sites where open order by length(region_code) desc`.execute(
      db,
    )
  ).rows;
  const weights: number[] = [];
  for (const { id } of rows) {
    const applicable = await applicableOffering(db, id).catch(() => undefined);
    if (!applicable) continue;
    const { item, content, offering } = applicable;
    const planned = await planCase(db, {
      itemId: item.id,
      itemCode: item.code,
      content,
      offering,
      offeringLine: applicable.departmentLine,
    }).catch(() => undefined);
    // An offering whose departments are not all there takes no applications: nor does it here.
    if (!planned) continue;
    const region = offering.regionCode;
    if (!placesOf.has(region)) {
      const villages = (
        await sql<{ code: string; name: string; urban_rural: string | null }>`
          select code, name, urban_rural from regions
          where level = 5 and code like ${`${region}%`} order by code`.execute(db)
      ).rows;
      villages.forEach((v, k) => {
        // The nearest open service point over the village, inside the offering's region (else the case
        // would be a cross-region one, taken in by another office).
        const point = sites.find(
          (s) => s.kind === "point" && v.code.startsWith(s.region_code) && s.region_code.startsWith(region),
        );
        places.push({
          region,
          k,
          code: v.code,
          name: v.name,
          // The code says it where the import left it out: 1xx are communities, 2xx villages (GB/T 10114).
          rural: v.urban_rural ? v.urban_rural === "rural" : v.code.charAt(9) === "2",
          point_id: point?.id ?? null,
          point_code: point?.code ?? null,
          point_name: point?.name ?? null,
        });
      });
      placesOf.set(region, villages.length);
    }
    const nPlaces = placesOf.get(region) ?? 0;
    if (nPlaces === 0) continue;
    const o = offerings.length;
    const plan = planned.plan;
    const decision = plan.stages.findIndex((s) => s.kind === "decision");
    const budget = (i: number) => Math.max(...(plan.stages[i]?.tasks ?? []).map((t) => t.days), 0);
    const timed = plan.stages.map((s, i) => (s.kind === "review" || s.kind === "decision" ? i : -1));
    const total = timed.filter((i) => i >= 0).reduce((sum, i) => sum + budget(i), 0);
    const reviews = timed.filter((i) => i >= 0 && plan.stages[i]?.kind === "review");
    plan.stages.forEach((stage, s) => {
      const counted = timed.filter((i) => i >= 0).length;
      stages.push({
        o,
        s,
        kind: stage.kind,
        next_kind: plan.stages[s + 1]?.kind ?? null,
        share: timed[s] === -1 ? 0 : total > 0 ? budget(s) / total : 1 / counted,
        first_review: s === reviews[0],
        last_review: s === reviews.at(-1),
      });
      const slowest = stage.tasks.reduce(
        (best, t, j) => (t.days >= (stage.tasks[best]?.days ?? 0) ? j : best),
        0,
      );
      stage.tasks.forEach((task, j) => {
        tasks.push({ o, s, j, kind: stage.kind, ...taskRow(task, region, j === slowest) });
      });
    });
    const hall =
      sites.find((s) => s.kind === "hall" && s.region_code.startsWith(region)) ??
      sites.find((s) => s.region_code === region);
    const deciding = plan.stages[decision]?.tasks[0]?.departmentId ?? offering.departmentId;
    const audience = content.audience;
    offerings.push({
      o,
      offering_id: offering.id,
      region_code: region,
      item_id: item.id,
      item_version: applicable.version,
      item_code: item.code,
      item_name: content.name,
      item_type: content.type,
      definition_id: planned.definitionId,
      plan,
      promised: Math.min(offering.promisedDays ?? content.promisedDays, content.statutoryDays),
      statutory: content.statutoryDays,
      channels: content.channels,
      org_share: audience.includes("legal_person") ? (audience.includes("person") ? 0.2 : 1) : 0,
      instant_ok: content.decisionRules !== undefined,
      avoidable: content.materials.filter((m) => m.satisfiedBy?.licenceType || m.satisfiedBy?.registry)
        .length,
      visits: content.visits,
      n_stages: plan.stages.length,
      decision_index: decision,
      supplement_days: plan.supplementDays,
      hall_site_id: hall?.id ?? null,
      hall_site_code: hall?.code ?? null,
      pickup_hall: hall?.name ?? offering.hallName ?? offering.departmentName,
      rating_department: deciding,
      n_places: nPlaces,
      hi: 0,
    });
    weights.push(itemWeight(content, item.code) / Math.max(1, rows.length));
  }
  // An item offered in every township is shared among them by their villages, so that an item handled
  // at township level is not applied for fifteen times as often as one the county handles.
  const perItem = new Map<string, number>();
  for (const o of offerings) perItem.set(o.item_id, (perItem.get(o.item_id) ?? 0) + o.n_places);
  const shares = offerings.map((o, i) => ((weights[i] ?? 0) * o.n_places) / (perItem.get(o.item_id) ?? 1));
  const sum = shares.reduce((a, b) => a + b, 0);
  let running = 0;
  offerings.forEach((o, i) => {
    running += (shares[i] ?? 0) / sum;
    o.hi = i === offerings.length - 1 ? 1 : running;
  });
  for (const task of tasks) {
    const work = { role: task.role, departmentId: task.department_id, regionCode: task.work_region_code };
    task.staff = (await staffForTask(db, work, 5)).map((s) => s.id);
  }
  const region = commonRegion(offerings.map((o) => o.region_code));
  const calendar = region ? await calendarFor(db, region) : await loadCalendar(db);
  const today = dayNumberOf(now);
  const days: GenDay[] = [];
  let ord = 0;
  // 24 months back and, ahead, room for the longest statutory limit of a case submitted yesterday.
  const ahead = 2 * Math.max(60, ...offerings.map((o) => o.statutory)) + 120;
  for (let day = today - 745; day <= today + ahead; day++) {
    const at = startOfDay(day);
    const working = calendar.isWorkingDay(at);
    if (working) ord += 1;
    days.push({ day, ord, working, certain: calendar.isCertain(at) });
  }
  const todayRow = days.find((d) => d.day === today) as GenDay;
  const hours = (now.getTime() - startOfDay(today).getTime()) / 3_600_000 - WORKING_HOURS.open;
  // Before opening, the last working day is over; after closing (or on a day off), the day is.
  const tNow = !todayRow.working
    ? todayRow.ord + 0.9999
    : hours < 0
      ? todayRow.ord - 1 + 0.9999
      : todayRow.ord + Math.min(0.9999, hours / WORKING_HOURS.length);
  const firstOrd = (days.find((d) => d.day >= today - 730 && d.working) as GenDay).ord;
  const orgs = Array.from({ length: 400 }, (_, k) => ({
    k,
    name: `${ORG_WORDS[k % ORG_WORDS.length]}${ORG_KINDS[Math.floor(k / ORG_WORDS.length) % ORG_KINDS.length]}${k >= 50 ? `第${Math.floor(k / 50) + 1}分公司` : ""}`,
    code: creditCode(offerings[0]?.region_code ?? "330000", k + 1),
  }));
  return {
    offerings,
    stages,
    tasks,
    places,
    days,
    orgs,
    firstOrd,
    nowOrd: todayRow.ord,
    tNow,
    now,
  };
}

function taskRow(task: CasePlan["stages"][number]["tasks"][number], region: string, slow: boolean) {
  return {
    task_key: task.key,
    name: task.name,
    role: task.role,
    department_id: task.departmentId,
    work_region_code: task.regionCode ?? region,
    days: task.days,
    slow,
    staff: [] as string[],
  };
}
