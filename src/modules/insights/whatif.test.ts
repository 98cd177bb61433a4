import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { applyOnline, caseTestApp, openTask } from "../cases/testing.ts";
import { type MiningWorld, miningWorld, PROCESS } from "./mining-testing.ts";
import { applyChanges, modelTotal, saveDraft, whatIf } from "./whatif.ts";
import { bootstrap, percentile, prng } from "./whatif-sampling.ts";

let t: TestApp;
let m: MiningWorld;
const db = () => t.platform.database.db;
const PERIOD = { from: "2026-03-01", to: "2026-03-31" };

beforeAll(async () => {
  t = await caseTestApp();
  m = await miningWorld(t);
}, 120_000);
afterAll(() => t.close());

async function actorOf(staffId: string) {
  const grants = await db()
    .selectFrom("staff_roles")
    .select(["role", "department_id as departmentId", "jurisdiction_code as jurisdictionCode"])
    .where("staff_id", "=", staffId)
    .execute();
  return { kind: "staff" as const, id: staffId, username: "s", displayName: "s", grants };
}

/*
 * The closed cases that went every step, in working days per step (intake, check, market, health,
 * decision, delivery): a and b 1, 3, 2, 4, 1, 0 (total 9); s 4, 1, 4, 2, 1, 0 (10); r 1, 2 (two
 * visits), 1, 3 (two visits), 1, 0 (7). d was denied: it never reached delivery and is left out.
 */
describe("what-if estimates", () => {
  it("makes two sequential reviews parallel: each case's longest of the two instead of their sum", async () => {
    const r = await whatIf(
      db(),
      await actorOf(m.supervisor.id),
      { item: m.w.itemCode, ...PERIOD, changes: [{ kind: "parallel", stages: ["check", "joint"] }] },
      { minimumCases: 3 },
    );
    expect(r.reason).toBeNull();
    expect(r.casesUsed).toBe(4);
    // Baseline 9, 9, 10, 7; proposed 1+max(3,2,4)+1 = 6, 6, 4+max(1,4,2)+1 = 9, 1+max(2,1,3)+1 = 5.
    expect(r.estimate?.baseline.mean.value).toBe(8.75);
    expect(r.estimate?.baseline.median.value).toBe(9);
    expect(r.estimate?.baseline.p90.value).toBe(10);
    expect(r.estimate?.proposal.mean.value).toBe(6.5);
    expect(r.estimate?.proposal.median.value).toBe(6);
    expect(r.estimate?.proposal.p90.value).toBe(9);
    expect(r.estimate?.saving.mean.value).toBe(2.25);
    const saving = r.estimate?.saving.mean;
    expect(saving && saving.low <= 2.25 && 2.25 <= saving.high && saving.low >= 1).toBe(true);
    expect(r.proposed.stages.map((s) => [s.key, s.tasks.map((x) => x.key)])).toEqual([
      ["intake", ["intake"]],
      ["check", ["check", "market", "health"]],
      ["decision", ["decision"]],
      ["delivery", ["delivery"]],
    ]);
    expect(r.explanation.en).toContain("4 closed cases");
    expect(r.explanation.zh).toContain("平均节省 2.25 个工作日");
    // The same question gets the same answer.
    const again = await whatIf(
      db(),
      await actorOf(m.supervisor.id),
      { item: m.w.itemCode, ...PERIOD, changes: [{ kind: "parallel", stages: ["joint", "check"] }] },
      { minimumCases: 3 },
    );
    expect(again.estimate).toEqual(r.estimate);
  });

  it("counts a removed step as no time, and shows a changed budget as the share of cases over it", async () => {
    const r = await whatIf(
      db(),
      await actorOf(m.supervisor.id),
      {
        item: m.w.itemCode,
        ...PERIOD,
        changes: [
          { kind: "remove", step: "joint.health" },
          { kind: "budget", step: "check", days: 1 },
        ],
      },
      { minimumCases: 3 },
    );
    // 1+3+2+1 = 7, 7, 4+1+4+1 = 10, 1+2+1+1 = 5.
    expect(r.estimate?.proposal.mean.value).toBe(7.25);
    // Check took 3, 3, 1, 2 days: three cases of four over a budget of one, two over the old two.
    expect(r.budgets).toEqual([
      { step: "check.check", previousDays: 2, days: 1, shareOver: 0.75, shareOverPrevious: 0.5 },
    ]);
    expect(r.explanation.en).toContain("does not change the estimate");
  });

  it("gives no numbers without enough history, and says why", async () => {
    const few = await whatIf(db(), await actorOf(m.supervisor.id), {
      item: m.w.itemCode,
      ...PERIOD,
      changes: [{ kind: "remove", step: "joint.market" }],
    });
    expect(few).toMatchObject({ estimate: null, reason: "too_few_cases", casesUsed: 4, minimumCases: 30 });
    expect(few.explanation.en).toContain("only 4 closed cases");
    const none = await whatIf(db(), await actorOf(m.supervisor.id), {
      item: m.w.itemCode,
      from: "2026-05-01",
      to: "2026-05-31",
      changes: [{ kind: "remove", step: "joint.market" }],
    });
    expect(none).toMatchObject({ estimate: null, reason: "no_history", casesUsed: 0 });
    expect(none.explanation.zh).toContain("无法估计");
  });

  it("refuses unknown steps, stages apart and a process the rules refuse, naming the steps", () => {
    const refused = (changes: Parameters<typeof applyChanges>[1]) => {
      try {
        applyChanges(PROCESS, changes);
      } catch (error) {
        return (error as { status: number; extra: { fields: { field: string; message: string }[] } }).extra
          .fields;
      }
      throw new Error("accepted");
    };
    expect(refused([{ kind: "remove", step: "joint.fire" }])).toEqual([
      {
        field: "/changes/0/step",
        message:
          "is not a step of this process; the steps are intake.intake, check.check, joint.market, joint.health, decision.decision, delivery.delivery",
      },
    ]);
    expect(refused([{ kind: "parallel", stages: ["check", "decision"] }])[0]?.message).toContain(
      "follow one another",
    );
    expect(refused([{ kind: "parallel", stages: ["check", "nowhere"] }])[0]?.field).toBe("/changes/0/stages");
    // A stage of two tasks is named by its tasks.
    expect(refused([{ kind: "budget", step: "joint", days: 1 }])[0]?.field).toBe("/changes/0/step");
  });

  it("saves a proposal as a draft version that new cases do not follow", async () => {
    const manager = await actorOf(m.manager.id);
    const saved = await saveDraft(db(), manager, {
      item: m.w.itemCode,
      ...PERIOD,
      changes: [{ kind: "parallel", stages: ["check", "joint"] }],
    });
    expect(saved).toMatchObject({ version: 2, status: "draft" });
    const { caseId } = await applyOnline(m.w);
    const row = await db()
      .selectFrom("cases")
      .select(["plan"])
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect((row.plan as { definitionVersion: number }).definitionVersion).toBe(1);
    expect((row.plan as { stages: { key: string }[] }).stages.map((s) => s.key)).toContain("joint");
    expect(await openTask(t, caseId, "intake")).toHaveLength(1);
  });
});

describe("the sampling", () => {
  it("is the same for the same seed, and its interval brackets a steady figure", () => {
    const a = prng(7);
    const b = prng(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    const [same] = bootstrap([[5, 5, 5, 5]], 200, 1);
    expect(same).toEqual({ mean: [5, 5], median: [5, 5], p90: [5, 5] });
    const [spread] = bootstrap([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], 500, 1);
    expect(spread && spread.mean[0] < 5.5 && spread.mean[1] > 5.5).toBe(true);
  });

  it("adds stages one after another and takes the longest of tasks side by side", () => {
    const days = new Map([
      ["a.x", 2],
      ["b.y", 3],
      ["b.z", 5],
    ]);
    const model = [
      { key: "a", tasks: [{ key: "x", origin: "a.x" }] },
      {
        key: "b",
        tasks: [
          { key: "y", origin: "b.y" },
          { key: "z", origin: "b.z" },
        ],
      },
    ];
    expect(modelTotal(model, days)).toBe(7);
  });
});
