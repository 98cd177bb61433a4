/**
 * The world of the case engine's property test (engine.property.test.ts), used by nothing else: three
 * items with three processes, the staff to work them, an applicant; opening a case at a moment of the
 * test's choosing, and retiring a run's cases when it ends.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { expect } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, personAccount, seedRegionSlice, staffMember } from "../../../test/factories.ts";
import { provinceOfId } from "../../platform/db/distribution.ts";
import type { Actor } from "../../platform/policy.ts";
import { importPackageCalendar } from "../calendar/service.ts";
import { type Applicable, applicableOffering } from "../catalog/service.ts";
import { publishItems, sampleContent } from "../catalog/testing.ts";
import { forget } from "./engine-checks.ts";
import {
  type CaseModel,
  type DeliveryMethod,
  newCase,
  type Plan,
  type Staff,
  startStage,
} from "./engine-model.ts";
import { ModelCalendar } from "./engine-model-clock.ts";
import { type EngineDeps, openCase, saveProcessDefinition } from "./service.ts";
import type { CasePlan, Delivery } from "./tables.ts";
import { SAMPLE_ANSWERS } from "./testing.ts";

/** The processes a run's cases follow: derived from the sample guide, parallel review, deemed approval. */
export const PROCESSES = ["derived", "parallel", "deemed"] as const;
export type Process = (typeof PROCESSES)[number];

const named = (key: string) => ({ zh: key, en: key });
const task = (key: string, role: string, days: number, line?: string) => ({
  key,
  name: named(key),
  role,
  days,
  ...(line ? { line } : {}),
});
const stage = (key: string, kind: string, tasks: object[]) => ({ key, kind, name: named(key), tasks });

const DEFINITIONS = {
  parallel: {
    stages: [
      stage("intake", "intake", [task("intake", "window_clerk", 1)]),
      stage("check", "review", [task("check", "reviewer", 2)]),
      stage("joint", "review", [task("market", "reviewer", 2), task("health", "reviewer", 2, "health")]),
      stage("decision", "decision", [task("decision", "approver", 1)]),
      stage("issuance", "issuance", [task("issuance", "reviewer", 0)]),
      stage("delivery", "delivery", [task("delivery", "window_clerk", 0)]),
    ],
    supplementDays: 3,
    licence: { type: "food_licence", title: named("食品经营许可证") },
  },
  deemed: {
    stages: [
      stage("intake", "intake", [task("intake", "window_clerk", 1)]),
      stage("review", "review", [task("review", "reviewer", 2)]),
      stage("decision", "decision", [task("decision", "approver", 1)]),
      stage("delivery", "delivery", [task("delivery", "window_clerk", 0)]),
    ],
    onOverdue: "deemed_approval",
    supplementDays: 2,
  },
};

/** The stages each process must plan (kind: task/days), the sample guide's steps for the derived one. */
const SHAPES: Record<Process, string[]> = {
  derived: [
    "intake:intake/1",
    "review:review/3",
    "decision:decision/1",
    "issuance:issuance/0",
    "delivery:delivery/0",
  ],
  parallel: [
    "intake:intake/1",
    "review:check/2",
    "review:market/2+health/2",
    "decision:decision/1",
    "issuance:issuance/0",
    "delivery:delivery/0",
  ],
  deemed: ["intake:intake/1", "review:review/2", "decision:decision/1", "delivery:delivery/0"],
};
const SETTINGS: Record<Process, Pick<Plan, "onOverdue" | "supplementDays">> = {
  derived: { onOverdue: "escalate", supplementDays: null },
  parallel: { onOverdue: "escalate", supplementDays: 3 },
  deemed: { onOverdue: "deemed_approval", supplementDays: 2 },
};

export interface Rig {
  t: TestApp;
  cal: ModelCalendar;
  offerings: Record<Process, Applicable>;
  /** Two of each role in 安吉县, a health reviewer, and a clerk of the neighbouring county. */
  pool: Staff[];
  actors: Map<string, Actor>;
  applicant: Actor & { kind: "person" };
  /** A person the cases do not belong to. */
  stranger: Actor;
}

/** The model of a run: its cases, its simulated time, and who works in the county. */
export interface World {
  cases: CaseModel[];
  now: Date;
  staff: Staff[];
}

async function actorOf(t: TestApp, id: string): Promise<Actor> {
  const grants = await t.platform.database.db
    .selectFrom("staff_roles")
    .select(["role", "department_id as departmentId", "jurisdiction_code as jurisdictionCode"])
    .where("staff_id", "=", id)
    .execute();
  return { kind: "staff", id, username: id, displayName: id, grants };
}

/** The calendar as the holiday table has it, for the model to count on. */
async function modelCalendar(t: TestApp): Promise<ModelCalendar> {
  const db = t.platform.database.db;
  const days = await db
    .selectFrom("calendar_days")
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as("day"), "kind"])
    .execute();
  const years = await db.selectFrom("calendar_years").select("year").execute();
  return new ModelCalendar(
    new Map(days.map((d) => [Date.parse(`${d.day}T00:00:00Z`) / 86_400_000, d.kind])),
    new Set(years.map((y) => y.year)),
  );
}

/** No one signs in: the engine is called as a service, so accounts need no sessions. */
export async function buildRig(t: TestApp): Promise<Rig> {
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const departmentId = await department(db, "330523", "market_regulation");
  const codes = await publishItems(
    db,
    PROCESSES.map(() => ({ content: sampleContent(), offerings: [{ regionCode: "330523", departmentId }] })),
  );
  const manager = await actorOf(
    t,
    (
      await staffMember(db, "catalog_manager", "33", {
        line: "market_regulation",
        departmentRegion: "330523",
      })
    ).id,
  );
  const offerings = {} as Record<Process, Applicable>;
  for (const [i, process] of PROCESSES.entries()) {
    const code = codes[i] as string;
    if (process !== "derived") await saveProcessDefinition(db, manager, code, DEFINITIONS[process]);
    const offering = await db
      .selectFrom("catalog_offerings as o")
      .innerJoin("catalog_items as i", "i.id", "o.item_id")
      .select("o.id")
      .where("i.code", "=", code)
      .executeTakeFirstOrThrow();
    offerings[process] = await applicableOffering(db, offering.id);
  }
  const hired = [
    ["window_clerk", "government_service", "330523"],
    ["window_clerk", "government_service", "330523"],
    ["reviewer", "market_regulation", "330523"],
    ["reviewer", "market_regulation", "330523"],
    ["reviewer", "health", "330523"],
    ["approver", "market_regulation", "330523"],
    ["approver", "market_regulation", "330523"],
    ["window_clerk", "government_service", "330522"],
  ] as const;
  const pool: Staff[] = [];
  const actors = new Map<string, Actor>();
  for (const [role, line, region] of hired) {
    const { id } = await staffMember(db, role, region, { line });
    const actor = await actorOf(t, id);
    const grant = actor.kind === "staff" ? actor.grants[0] : undefined;
    if (!grant) throw new Error(`staff ${id} has no role`);
    actors.set(id, actor);
    pool.push({ id, role, departmentId: grant.departmentId, jurisdiction: region });
  }
  const person = await personAccount(t.platform, { name: "王小明" });
  return {
    t,
    cal: await modelCalendar(t),
    offerings,
    pool,
    actors,
    applicant: { kind: "person", id: person.id, name: person.name },
    stranger: { kind: "person", id: randomUUID(), name: "李四" },
  };
}

export const engineDeps = (rig: Rig, now: Date): EngineDeps => ({
  jobs: rig.t.platform.jobs,
  config: rig.t.platform.config,
  now,
});

/** Opens a case as the applicant at `now`, checks it plans what its definition says, and models it. */
export async function submit(
  rig: Rig,
  now: Date,
  process: Process,
  method: DeliveryMethod,
): Promise<CaseModel> {
  const delivery: Delivery =
    method === "post"
      ? { method, address: "安吉县递铺街道1号", recipient: "王小明", phone: "13900000000" }
      : { method };
  const { id, name } = rig.applicant;
  const { row } = await openCase(rig.t.platform.database.db, engineDeps(rig, now), rig.applicant, {
    applicable: rig.offerings[process],
    applicant: { kind: "person", id, name, identifierMasked: null, regionCode: null },
    submitter: { kind: "person", id },
    mandateId: null,
    channel: "online",
    data: SAMPLE_ANSWERS,
    materials: [],
    commitment: null,
    delivery,
    idempotencyKey: null,
    lookupTails: [],
    requestHash: null,
  });
  const stored = row.plan as CasePlan;
  const plan: Plan = {
    stages: stored.stages.map((s) => ({
      kind: s.kind,
      tasks: s.tasks.map((t) => ({ key: t.key, role: t.role, departmentId: t.departmentId, days: t.days })),
    })),
    ...SETTINGS[process],
    promisedDays: 5,
    statutoryDays: 10,
  };
  expect(plan.stages.map((s) => `${s.kind}:${s.tasks.map((t) => `${t.key}/${t.days}`).join("+")}`)).toEqual(
    SHAPES[process],
  );
  expect([stored.onOverdue, stored.supplementDays, row.promised_days, row.statutory_days]).toEqual([
    plan.onOverdue,
    plan.supplementDays,
    plan.promisedDays,
    plan.statutoryDays,
  ]);
  const c = newCase(row.id, row.region_code, plan, method);
  startStage(c, rig.cal, now, 0);
  return c;
}

/**
 * Closes a run's cases behind the engine's back (it can end a case at delivery no other way), so no
 * later run's sweep finds them: every run's cases live in one database, and a sweep takes them all.
 */
export async function retire(rig: Rig, cases: CaseModel[]): Promise<void> {
  const ids = cases.map((c) => c.id);
  for (const c of cases) forget(c);
  if (ids.length === 0) return;
  const db = rig.t.platform.database.db;
  // Made by this run, so every id names its province.
  const provinces = [...new Set(ids.map((id) => provinceOfId(id) as string))];
  const now = new Date();
  await db
    .updateTable("case_tasks")
    .set({ status: "cancelled", completed_at: now })
    .where("province_code", "in", provinces)
    .where("case_id", "in", ids)
    .where("status", "=", "open")
    .execute();
  await db
    .updateTable("cases")
    .set({ state: "closed", outcome: "withdrawn", closed_at: now, paused_state: null })
    .where("province_code", "in", provinces)
    .where("id", "in", ids)
    .where("state", "<>", "closed")
    .execute();
}
