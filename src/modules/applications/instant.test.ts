import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { applyOnline, type CaseWorld, call, caseTestApp, caseWorld, staffOf } from "../cases/testing.ts";
import type { DecisionRules } from "../catalog/content.ts";
import { evaluateRules } from "../catalog/rules.ts";
import { sampleContent } from "../catalog/testing.ts";
import { publishProblems } from "../catalog/validate.ts";
import { householdRegister } from "../exchange/testing.ts";
import { someone } from "../mandates/testing.ts";

/**
 * Instant approval (秒批): an allowance for people of 80 and over registered in the county. The rules
 * read the household register; all hold → granted at submission with the explanation on the case;
 * one fails or cannot be read → a person decides, told why.
 */

const RULES: DecisionRules = {
  conditions: [
    {
      id: "age",
      label: { zh: "年满 80 周岁", en: "Aged 80 or over" },
      source: "registry",
      registry: "household_register",
      field: "birthDate",
      op: "ageAtLeast",
      value: 80,
    },
    {
      id: "residence",
      label: { zh: "户籍在本县", en: "Registered in the county" },
      source: "registry",
      registry: "household_register",
      field: "householdRegion",
      op: "startsWith",
      value: "330523",
    },
  ],
  tests: [
    {
      name: "八十五岁的本县居民",
      form: {},
      registries: { household_register: { birthDate: "1940-05-01", householdRegion: "330523001211" } },
      on: "2026-11-27",
      expect: "grant",
    },
    {
      name: "七十九岁",
      form: {},
      registries: { household_register: { birthDate: "1947-11-28", householdRegion: "330523001211" } },
      on: "2026-11-27",
      expect: "human",
    },
    {
      name: "户籍库无记录",
      form: {},
      registries: { household_register: null },
      on: "2026-11-27",
      expect: "human",
    },
  ],
  legalBasis: { zh: "《浙江省老年人优待规定》", en: "Zhejiang provisions on benefits for older people" },
};

let t: TestApp;
let w: CaseWorld;
let publish: (idNumber: string, data: Record<string, unknown>) => Promise<void>;

const eventsOf = (caseId: string) =>
  t.platform.database.db
    .selectFrom("case_events")
    .select(["action", "data", "to_state"])
    .where("case_id", "=", caseId)
    .orderBy("seq")
    .execute();

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t, { decisionRules: RULES });
  publish = await householdRegister(t);
});

afterAll(() => t.close());

describe("the rules", () => {
  it("decide each condition and explain it", () => {
    const outcome = evaluateRules(
      RULES,
      {
        form: {},
        registries: { household_register: { birthDate: "1946-11-27", householdRegion: "330523" } },
      },
      "2026-11-27",
    );
    expect(outcome.decision).toBe("grant");
    expect(outcome.conditions.map((c) => [c.id, c.actual, c.holds])).toEqual([
      ["age", "1946-11-27", true],
      ["residence", "330523", true],
    ]);
    const unknown = evaluateRules(
      RULES,
      { form: {}, registries: { household_register: { birthDate: "soon" } } },
      "2026-11-27",
    );
    expect(unknown.conditions.map((c) => c.holds)).toEqual([null, null]);
    expect(unknown.decision).toBe("human");
  });

  it("cannot be published without test cases that pass", () => {
    const wrong = { ...RULES, tests: RULES.tests.map((x) => ({ ...x, expect: "grant" as const })) };
    const fields = publishProblems(sampleContent({ decisionRules: wrong })).map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining(["/decisionRules/tests", "/decisionRules/tests/1", "/decisionRules/tests/2"]),
    );
    expect(publishProblems(sampleContent({ decisionRules: RULES }))).toEqual([]);
  });
});

describe("at submission", () => {
  it("grants at once when every condition holds, with each condition on the case", async () => {
    await publish(w.applicant.idNumber, { birthDate: "1940-05-01", householdRegion: "330523001201" });
    const { caseId } = await applyOnline(w);
    const row = await t.platform.database.db
      .selectFrom("cases")
      .select(["state", "decision", "accepted_at", "decided_at"])
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(row.decision).toBe("granted");
    expect(row.accepted_at).not.toBeNull();
    const events = await eventsOf(caseId);
    expect(events.map((e) => e.action).slice(0, 3)).toEqual(["submit", "accept", "grant"]);
    const grant = events.find((e) => e.action === "grant");
    expect(grant?.data).toMatchObject({
      automatic: true,
      conditions: [
        { id: "age", source: "registry", registry: "household_register", actual: "1940-05-01", holds: true },
        { id: "residence", actual: "330523001201", holds: true },
      ],
    });
    // No task was made for a person, and the registry read is on the applicant's page.
    const tasks = await t.platform.database.db
      .selectFrom("case_tasks")
      .select("stage_kind")
      .where("case_id", "=", caseId)
      .execute();
    expect(tasks.map((x) => x.stage_kind)).not.toContain("intake");
    // Accepted, decided and closed in one go: the applicant hears it once, as the decision.
    const inbox = (await call(t, w.applicant, "GET", "/api/v1/inbox")).json().items as {
      template: string;
      caseId: string | null;
    }[];
    expect(inbox.filter((m) => m.caseId === caseId).map((m) => m.template)).toEqual(["case.decided"]);
    const reads = (await call(t, w.applicant, "GET", "/api/v1/account/data-reads")).json().items;
    expect(
      reads.some(
        (r: { caseId: string; purpose: string }) => r.caseId === caseId && r.purpose.startsWith("秒批"),
      ),
    ).toBe(true);
  });

  it("sends a failing or unreadable case to a person, saying which condition", async () => {
    const younger = await someone(t, { name: "陈静", addressRegionCode: "330523001201" });
    await publish(younger.idNumber, { birthDate: "1960-01-01", householdRegion: "330523001201" });
    const failing = await applyOnline(w, { who: younger });
    const nobody = await someone(t, { name: "周杰", addressRegionCode: "330523001201" });
    const unread = await applyOnline(w, { who: nobody });
    for (const [{ caseId }, holds] of [
      [failing, [false, true]],
      [unread, [null, null]],
    ] as const) {
      const row = await t.platform.database.db
        .selectFrom("cases")
        .select(["state", "decision"])
        .where("id", "=", caseId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ state: "intake", decision: null });
      const [submit] = await eventsOf(caseId);
      if (!submit) throw new Error(`case ${caseId} has no events`);
      const { rules } = submit.data as {
        rules: { decision: string; conditions: { holds: boolean | null }[] };
      };
      expect(rules.decision).toBe("human");
      expect(rules.conditions.map((c) => c.holds)).toEqual(holds);
    }
  });

  it("lets a supervisor reverse an automatic grant, and no one else, and only that", async () => {
    const senior = await someone(t, { name: "吴桂英", addressRegionCode: "330523001201" });
    await publish(senior.idNumber, { birthDate: "1938-02-02", householdRegion: "330523001201" });
    const { caseId } = await applyOnline(w, { who: senior });
    const supervisor = await staffOf(t, "supervisor");
    const noReason = await call(t, supervisor, "POST", `/api/v1/cases/${caseId}/reversal`, { reason: "" });
    expect(noReason.statusCode).toBe(400);
    const byApprover = await call(t, w.approver, "POST", `/api/v1/cases/${caseId}/reversal`, {
      reason: "复核",
    });
    expect([403, 404]).toContain(byApprover.statusCode);
    const reversed = await call(t, supervisor, "POST", `/api/v1/cases/${caseId}/reversal`, {
      reason: "出生日期与档案不符，需人工核实",
    });
    expect(reversed.statusCode).toBe(200);
    expect(reversed.json()).toMatchObject({ state: "decision", decision: null, outcome: null });
    const open = await t.platform.database.db
      .selectFrom("case_tasks")
      .select(["stage_kind", "status"])
      .where("case_id", "=", caseId)
      .where("status", "=", "open")
      .execute();
    expect(open).toEqual([{ stage_kind: "decision", status: "open" }]);
    // Now a person decides: a second reversal has nothing to reverse.
    const again = await call(t, supervisor, "POST", `/api/v1/cases/${caseId}/reversal`, { reason: "再次" });
    expect(again.statusCode).toBe(409);
    const inbox = (await call(t, senior, "GET", "/api/v1/inbox")).json().items as { template: string }[];
    expect(inbox.map((m) => m.template)).toContain("case.decision_reversed");
  });
});
