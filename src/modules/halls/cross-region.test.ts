import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, seedOtherProvince, staffMember } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { act, caseTestApp, type Staff, staffOf, taskAt } from "../cases/testing.ts";
import { staffActor } from "../identity/service.ts";
import { USUAL_HOURS } from "./hours.ts";
import { startIntakeByItem } from "./intake-service.ts";
import {
  call,
  findPerson,
  type IntakeWorld,
  intakeWorld,
  SAMPLE_ANSWERS,
  uploadAtWindow,
} from "./intake-testing.ts";
import { saveSite } from "./sites.ts";

let t: TestApp;
let w: IntakeWorld;
/** A window clerk of 上海市黄浦区, another province. */
let shanghaiClerk: Staff;
let shanghaiHall: string;
const db = () => t.platform.database.db;

beforeAll(async () => {
  t = await caseTestApp();
  w = await intakeWorld(t);
  const huangpu = await seedOtherProvince(db());
  const admin = (await staffActor(db(), (await staffMember(db(), "administrator", "31")).username)) as Actor;
  shanghaiHall = "huangpu-hall";
  await saveSite(db(), admin, {
    code: shanghaiHall,
    kind: "hall",
    regionCode: huangpu.regionCode,
    departmentId: huangpu.departmentId,
    name: "黄浦区政务服务中心",
    hours: USUAL_HOURS,
  });
  shanghaiClerk = await staffOf(t, "window_clerk", { region: huangpu.regionCode });
});
afterAll(() => t.close());

/** A window case of the world's applicant, taken in at `site` by `clerk` for 安吉县's item. */
async function takeIn(clerk: Staff, site: string): Promise<{ caseId: string; number: string }> {
  const pass = await findPerson(w, clerk, w.applicant.idNumber);
  const started = await call(t, clerk, "POST", "/api/v1/intake/applications", {
    pass,
    site,
    offering: w.offeringId,
    crossRegion: true,
  });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().id as string;
  await call(t, clerk, "PATCH", `/api/v1/intake/applications/${id}`, {
    answers: SAMPLE_ANSWERS,
    delivery: { method: "pickup" },
  });
  expect((await uploadAtWindow(w, clerk, id)).statusCode).toBe(200);
  const submitted = await call(t, clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {});
  expect(submitted.statusCode, submitted.body).toBe(201);
  return submitted.json();
}

describe("cross-region handling (跨域通办)", () => {
  it("has the receiving office take in and hand back, the handling office decide, and both see the case", async () => {
    const { caseId } = await takeIn(w.otherClerk, w.otherHall);
    const intake = await taskAt(t, caseId, "intake");
    expect(intake.department_id).toBe(await department(db(), "330522", "government_service"));
    expect(intake.work_region_code).toBe("330522");

    // Anji's own window does not take it in; 长兴's, where the person stood, does — and the clock starts.
    expect((await act(t, w.clerk, intake.id, { action: "accept" })).statusCode).toBe(404);
    const listed = await call(t, w.otherClerk, "GET", "/api/v1/work/tasks");
    expect(listed.json().items.map((i: { case: { id: string } }) => i.case.id)).toContain(caseId);
    const accepted = await act(t, w.otherClerk, intake.id, { action: "accept" });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const clock = await db()
      .selectFrom("cases")
      .select(["accepted_at", "due_at", "region_code", "delivery"])
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(clock.accepted_at).not.toBeNull();
    expect(clock.due_at).not.toBeNull();
    expect(clock.region_code).toBe("330523");
    expect(clock.delivery).toMatchObject({ method: "pickup", hall: `330522 hall` });

    for (const [who, stage, body] of [
      [w.reviewer, "review", { action: "complete", opinion: "agree" }],
      [
        w.approver,
        "decision",
        { action: "grant", reason: "符合条件", legalBasis: "《食品安全法》第三十五条" },
      ],
      [w.reviewer, "issuance", { action: "issue" }],
    ] as const) {
      const done = await act(t, who, (await taskAt(t, caseId, stage)).id, body);
      expect(done.statusCode, `${stage}: ${done.body}`).toBe(200);
    }
    const delivery = await taskAt(t, caseId, "delivery");
    expect(delivery.work_region_code).toBe("330522");
    expect((await act(t, w.clerk, delivery.id, { action: "deliver" })).statusCode).toBe(404);
    const delivered = await act(t, w.otherClerk, delivery.id, { action: "deliver" });
    expect(delivered.statusCode, delivered.body).toBe(200);

    for (const who of [w.otherClerk, w.reviewer, w.applicant]) {
      expect((await call(t, who, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    }
    expect((await call(t, shanghaiClerk, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
  });

  it("works across provinces: 黄浦区 takes in for 安吉县", async () => {
    const { caseId } = await takeIn(shanghaiClerk, shanghaiHall);
    const intake = await taskAt(t, caseId, "intake");
    expect(intake.work_region_code).toBe("310101");
    expect((await act(t, shanghaiClerk, intake.id, { action: "accept" })).statusCode).toBe(200);
    expect((await call(t, w.reviewer, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
  });

  it("refuses at intake a hand-off to a region that does not offer the item, saying why", async () => {
    const pass = await findPerson(w, w.otherClerk, w.applicant.idNumber);
    const clerk = (await staffActor(
      db(),
      (
        await db()
          .selectFrom("staff")
          .select("username")
          .where("id", "=", w.otherClerk.id)
          .executeTakeFirstOrThrow()
      ).username,
    )) as Actor;
    const refused = await startIntakeByItem(db(), t.platform.config.personalDataKey, clerk, {
      pass,
      site: w.otherHall,
      item: w.itemCode,
      handlingRegion: "330522",
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 422, code: "intake_not_offered_there" });
    expect((refused as Error).message).toContain("长兴县");
    const unknown = await startIntakeByItem(db(), t.platform.config.personalDataKey, clerk, {
      pass,
      site: w.otherHall,
      item: w.itemCode,
      handlingRegion: "999999",
    }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ status: 400 });
    // Named for 安吉县, which offers it: a draft for Anji to handle, taken in at 长兴.
    const draft = await startIntakeByItem(db(), t.platform.config.personalDataKey, clerk, {
      pass,
      site: w.otherHall,
      item: w.itemCode,
      handlingRegion: "330523001201",
    });
    expect(draft).toMatchObject({ offering_id: w.offeringId, channel: "hall" });
  });

  it("takes another region's offering only when asked to hand it over", async () => {
    const pass = await findPerson(w, w.otherClerk, w.applicant.idNumber);
    const local = await call(t, w.otherClerk, "POST", "/api/v1/intake/applications", {
      pass,
      site: w.otherHall,
      offering: w.offeringId,
    });
    expect(local.statusCode).toBe(404);
  });
});
