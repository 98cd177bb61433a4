import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { seedOtherProvince } from "../../../test/factories.ts";
import { provinceOfId } from "../../platform/db/distribution.ts";
import {
  act,
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  staffOf,
  taskAt,
} from "./testing.ts";

let t: TestApp;
let w: CaseWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

/**
 * A copy of a fresh case and its tasks under random (version 4) ids, as every case had before migration
 * 0043; another number, so the two do not clash. The copy's id is returned.
 */
async function copyWithOldIds(caseId: string): Promise<string> {
  const db = t.platform.database.db;
  const copied = await sql<{ id: string }>`
    insert into cases
    select (jsonb_populate_record(null::cases, to_jsonb(c) || jsonb_build_object(
      'id', gen_random_uuid(), 'number', c.number || '1', 'short_token', null, 'idempotency_key', null))).*
      from cases c where c.id = ${caseId}
    returning id`.execute(db);
  const id = copied.rows[0]?.id as string;
  await sql`
    insert into case_tasks
    select (jsonb_populate_record(null::case_tasks, to_jsonb(k) || jsonb_build_object(
      'id', gen_random_uuid(), 'case_id', ${id}::uuid))).*
      from case_tasks k where k.case_id = ${caseId}`.execute(db);
  return id;
}

describe("a case made before ids named their province", () => {
  it("is found by its id, its task by the task's, and both are acted on", async () => {
    const { caseId } = await applyOnline(w);
    const id = await copyWithOldIds(caseId);
    expect(provinceOfId(id)).toBeUndefined();

    const seen = await call(t, w.applicant, "GET", `/api/v1/cases/${id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ id, state: "intake" });

    const intake = await taskAt(t, id, "intake");
    expect(provinceOfId(intake.id)).toBeUndefined();
    const accepted = await act(t, w.clerk, intake.id, { action: "accept" });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ id, state: "review" });

    const withdrawn = await call(t, w.applicant, "POST", `/api/v1/cases/${id}/withdrawal`, {
      reason: "不开店了",
    });
    expect(withdrawn.json()).toMatchObject({ id, state: "closed", outcome: "withdrawn" });
    const timeline = (await call(t, w.applicant, "GET", `/api/v1/cases/${id}/timeline`)).json();
    expect(timeline.map((e: { action: string }) => e.action)).toEqual(["accept", "withdraw"]);

    // The case it was copied from is untouched.
    expect((await call(t, w.applicant, "GET", `/api/v1/cases/${caseId}`)).json()).toMatchObject({
      state: "intake",
    });
  });
});

describe("a task worked in another province (跨省通办)", () => {
  it("is on the worklist of the province that works it, not of the case's", async () => {
    const db = t.platform.database.db;
    const huangpu = await seedOtherProvince(db);
    const shanghai = await staffOf(t, "window_clerk", { region: huangpu.regionCode });
    const { caseId } = await applyOnline(w);
    // Taken in at a hall in 黄浦区 for 安吉县: the intake is that hall's, in another province.
    const intake = await taskAt(t, caseId, "intake");
    // Set once at intake, so the table's type keeps it out of updates.
    await sql`update case_tasks set work_region_code = ${huangpu.regionCode},
      department_id = ${huangpu.departmentId} where id = ${intake.id}`.execute(db);

    const taskIds = async (who: { cookie: string }) =>
      (await call(t, who, "GET", "/api/v1/work/tasks")).json().items.map((i: { taskId: string }) => i.taskId);
    expect(await taskIds(shanghai)).toEqual([intake.id]);
    expect(await taskIds(w.clerk)).not.toContain(intake.id);
  });
});
