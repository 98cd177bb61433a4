/** For tests of process mining and what-if: an item with a parallel review, and cases moved at known days. */
import { sql } from "kysely";
import type { TestApp } from "../../../test/app.ts";
import { provinceOfId } from "../../platform/db/distribution.ts";
import type { Actor } from "../../platform/policy.ts";
import type { ProcessDefinition } from "../cases/definition.ts";
import { actOnTask } from "../cases/service.ts";
import { applyOnline, type CaseWorld, call, caseWorld, type Staff, staffOf } from "../cases/testing.ts";

const text = (s: string) => ({ zh: s, en: s });
const task = (key: string, role: string, days: number, line?: string) => ({
  key,
  name: text(key),
  role,
  days,
  ...(line ? { line } : {}),
});

/** intake → check → joint (market and health side by side) → decision → delivery. */
export const PROCESS = {
  stages: [
    { key: "intake", kind: "intake", name: text("受理"), tasks: [task("intake", "window_clerk", 1)] },
    { key: "check", kind: "review", name: text("初审"), tasks: [task("check", "reviewer", 2)] },
    {
      key: "joint",
      kind: "review",
      name: text("联合审查"),
      tasks: [task("market", "reviewer", 3), task("health", "reviewer", 3, "health")],
    },
    { key: "decision", kind: "decision", name: text("决定"), tasks: [task("decision", "approver", 1)] },
    { key: "delivery", kind: "delivery", name: text("送达"), tasks: [task("delivery", "window_clerk", 0)] },
  ],
} as ProcessDefinition;

/** The province a test case's id names: every case here is made after ids named their province. */
function province(caseId: string): string {
  const named = provinceOfId(caseId);
  if (!named) throw new Error(`a case id that names no province: ${caseId}`);
  return named;
}

/** 10:00 in China on a day of March 2026 (no holiday that month). */
export const march = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T10:00:00+08:00`);

export interface MiningWorld {
  w: CaseWorld;
  t: TestApp;
  health: Staff;
  supervisor: Staff;
  manager: Staff;
  caseIds: Record<string, string>;
}

async function staffActor(t: TestApp, staffId: string): Promise<Actor> {
  const grants = await t.platform.database.db
    .selectFrom("staff_roles")
    .select(["role", "department_id as departmentId", "jurisdiction_code as jurisdictionCode"])
    .where("staff_id", "=", staffId)
    .execute();
  return { kind: "staff", id: staffId, username: "x", displayName: "x", grants } as Actor;
}

/**
 * Five cases of the item, each step at a known day (see the tests for the working days each took):
 * a and b straight through, s with a supplement at intake, r with a return from the joint review, d denied.
 */
export async function miningWorld(t: TestApp): Promise<MiningWorld> {
  const w = await caseWorld(t);
  const db = t.platform.database.db;
  const manager = await staffOf(t, "catalog_manager", { jurisdiction: "33", line: "market_regulation" });
  const saved = await call(
    t,
    manager,
    "POST",
    `/api/v1/catalog/items/${w.itemCode}/process-definitions`,
    PROCESS,
  );
  if (saved.statusCode !== 201) throw new Error(`definition: ${saved.statusCode} ${saved.body}`);
  const health = await staffOf(t, "reviewer", { line: "health" });
  const supervisor = await staffOf(t, "supervisor", { line: "general_office" });
  const actors = {
    clerk: await staffActor(t, w.clerk.id),
    reviewer: await staffActor(t, w.reviewer.id),
    health: await staffActor(t, health.id),
    approver: await staffActor(t, w.approver.id),
  };
  const deps = (now: Date) => ({ jobs: t.platform.jobs, config: t.platform.config, now });

  /** Tasks are stamped by the database when opened: they are moved to the instant of the transition. */
  const stamp = async (caseId: string, at: Date) => {
    await sql`update case_tasks set created_at = ${at}
      where province_code = ${province(caseId)} and case_id = ${caseId}
        and created_at > now() - interval '1 day'`.execute(db);
  };
  const open = async (caseId: string, key: string) =>
    db
      .selectFrom("case_tasks")
      .select("id")
      .where("case_id", "=", caseId)
      .where("task_key", "=", key)
      .where("status", "=", "open")
      .where("province_code", "=", province(caseId))
      .executeTakeFirstOrThrow();
  const actAt = async (
    caseId: string,
    who: keyof typeof actors,
    key: string,
    action: string,
    day: number,
    extra: object = {},
  ) => {
    const { id } = await open(caseId, key);
    await actOnTask(db, deps(march(day)), actors[who], id, { action, ...extra } as never);
    await stamp(caseId, march(day));
  };
  const submit = async () => {
    const applied = await applyOnline(w);
    await sql`update cases set submitted_at = ${march(2)}
      where province_code = ${province(applied.caseId)} and id = ${applied.caseId}`.execute(db);
    await stamp(applied.caseId, march(2));
    return applied;
  };
  const grant = { reason: "符合条件", legalBasis: "《食品经营许可管理办法》第十条" };

  const caseIds: Record<string, string> = {};
  for (const name of ["a", "b"]) {
    const { caseId } = await submit();
    caseIds[name] = caseId;
    await actAt(caseId, "clerk", "intake", "accept", 3);
    await actAt(caseId, "reviewer", "check", "claim", 4);
    await actAt(caseId, "reviewer", "check", "complete", 6, { opinion: "agree" });
    await actAt(caseId, "reviewer", "market", "claim", 9);
    await actAt(caseId, "health", "health", "claim", 6);
    await actAt(caseId, "reviewer", "market", "complete", 10, { opinion: "agree" });
    await actAt(caseId, "health", "health", "complete", 12, { opinion: "agree" });
    await actAt(caseId, "approver", "decision", "grant", 13, grant);
  }
  {
    const { caseId, applicationId } = await submit();
    caseIds.s = caseId;
    await actAt(caseId, "clerk", "intake", "request_supplement", 3, { items: [{ problem: "缺少平面图" }] });
    const back = await call(t, w.applicant, "POST", `/api/v1/applications/${applicationId}/resubmission`, {});
    if (back.statusCode !== 200) throw new Error(`resubmit: ${back.statusCode} ${back.body}`);
    await actAt(caseId, "clerk", "intake", "accept", 6);
    await actAt(caseId, "reviewer", "check", "claim", 6);
    await actAt(caseId, "reviewer", "check", "complete", 9, { opinion: "agree" });
    await actAt(caseId, "health", "health", "complete", 11, { opinion: "agree" });
    await actAt(caseId, "reviewer", "market", "complete", 13, { opinion: "agree" });
    await actAt(caseId, "approver", "decision", "grant", 16, grant);
  }
  {
    const { caseId } = await submit();
    caseIds.r = caseId;
    await actAt(caseId, "clerk", "intake", "accept", 3);
    await actAt(caseId, "reviewer", "check", "complete", 4, { opinion: "agree" });
    await actAt(caseId, "health", "health", "complete", 5, { opinion: "agree" });
    await actAt(caseId, "reviewer", "market", "return", 6, { reason: "初审意见不完整" });
    await actAt(caseId, "reviewer", "check", "complete", 9, { opinion: "agree" });
    await actAt(caseId, "reviewer", "market", "complete", 10, { opinion: "agree" });
    await actAt(caseId, "health", "health", "complete", 11, { opinion: "agree" });
    await actAt(caseId, "approver", "decision", "grant", 12, grant);
  }
  {
    const { caseId } = await submit();
    caseIds.d = caseId;
    await actAt(caseId, "clerk", "intake", "accept", 3);
    await actAt(caseId, "reviewer", "check", "complete", 4, { opinion: "agree" });
    await actAt(caseId, "reviewer", "market", "complete", 5, { opinion: "agree" });
    await actAt(caseId, "health", "health", "complete", 6, { opinion: "agree" });
    await actAt(caseId, "approver", "decision", "deny", 9, { reason: "不符合条件", legalBasis: "第十条" });
  }
  return { w, t, health, supervisor, manager, caseIds };
}
