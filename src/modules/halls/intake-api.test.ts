import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idNumber } from "../../../test/factories.ts";
import { act, applyOnline, caseTestApp, staffOf, taskAt } from "../cases/testing.ts";
import {
  call,
  findPerson,
  type IntakeWorld,
  intakeWorld,
  SAMPLE_ANSWERS,
  uploadAtWindow,
} from "./intake-testing.ts";

let w: IntakeWorld;
beforeAll(async () => {
  w = await intakeWorld(await caseTestApp());
});
afterAll(() => w.t.close());

const db = () => w.t.platform.database.db;

async function startFor(pass: string, site = w.hall, clerk = w.clerk) {
  return call(w.t, clerk, "POST", "/api/v1/intake/applications", { pass, site, offering: w.offeringId });
}

describe("window intake through the API", () => {
  it("walk-in → intake → submit → receipt → the applicant sees the case online", async () => {
    const pass = await findPerson(w, w.clerk, w.applicant.idNumber);
    const started = await startFor(pass);
    expect(started.statusCode).toBe(201);
    const draft = started.json();
    expect(draft.applicant).toEqual({ kind: "person", id: w.applicant.id });
    const id = draft.id as string;

    const saved = await call(w.t, w.clerk, "PATCH", `/api/v1/intake/applications/${id}`, {
      answers: SAMPLE_ANSWERS,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().problems).toEqual([]);

    // Missing materials: the one-time notice names every one, as online.
    const early = await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {});
    expect(early.statusCode).toBe(400);
    expect(early.json().errors.map((f: { field: string }) => f.field)).toEqual(["/materials/application"]);

    expect((await uploadAtWindow(w, w.clerk, id)).statusCode).toBe(200);
    const submitted = await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {});
    expect(submitted.statusCode).toBe(201);
    const { caseId, number, receipt } = submitted.json();
    // Pressed twice, the same case.
    const again = await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json().caseId).toBe(caseId);

    const row = await db().selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: "hall",
      submitter_kind: "staff",
      submitter_id: w.clerk.id,
      applicant_kind: "person",
      applicant_id: w.applicant.id,
      state: "intake",
    });

    const pdf = await call(w.t, w.clerk, "GET", receipt);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");

    const mine = await call(w.t, w.applicant, "GET", "/api/v1/cases");
    expect(JSON.stringify(mine.json())).toContain(number);
    const progress = await call(w.t, w.applicant, "GET", `/cases/${number}`);
    expect(progress.statusCode).toBe(200);
    expect(progress.body).toContain(number);
  });

  it("a point's clerk submits through channel village_point", async () => {
    const pass = await findPerson(w, w.clerk, w.applicant.idNumber);
    const started = await startFor(pass, w.point);
    expect(started.statusCode).toBe(201);
    const row = await db()
      .selectFrom("applications")
      .select("channel")
      .where("id", "=", started.json().id)
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe("village_point");
  });

  it("registers a walk-in once, and finds them the second time", async () => {
    const person = { name: "李大山", idNumber: idNumber("330523"), mobile: "13900001111" };
    const first = await call(w.t, w.clerk, "POST", "/api/v1/intake/persons", person);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ created: true, person: { name: "李大山", email: null } });
    const second = await call(w.t, w.clerk, "POST", "/api/v1/intake/persons", person);
    expect(second.statusCode).toBe(200);
    expect(second.json().created).toBe(false);
    expect(second.json().person.id).toBe(first.json().person.id);
    const count = await db()
      .selectFrom("persons")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("name", "=", "李大山")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const account = await db()
      .selectFrom("persons")
      .select(["password_hash", "mobile"])
      .where("id", "=", first.json().person.id)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ password_hash: null, mobile: "13900001111" });
    // The found one was read under a purpose, in the audit trail.
    const reads = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("person_id", "=", first.json().person.id)
      .execute();
    expect(reads.map((r) => r.action).sort()).toEqual(["person.registered_at_window", "personal_data.read"]);
  });

  it("refuses an invalid ID number at registration, listing every field", async () => {
    const bad = await call(w.t, w.clerk, "POST", "/api/v1/intake/persons", {
      name: "",
      idNumber: "330523199001010011",
      mobile: "123",
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(["/idNumber", "/mobile", "/name"]);
  });

  it("refuses staff without window_clerk (403) and anonymous callers (401)", async () => {
    const reviewer = await staffOf(w.t, "reviewer");
    const body = { idNumber: w.applicant.idNumber, purpose: "窗口受理" };
    expect((await call(w.t, reviewer, "POST", "/api/v1/intake/persons/lookup", body)).statusCode).toBe(403);
    expect((await call(w.t, w.applicant, "POST", "/api/v1/intake/persons/lookup", body)).statusCode).toBe(
      403,
    );
    expect((await call(w.t, undefined, "POST", "/api/v1/intake/persons/lookup", body)).statusCode).toBe(401);
  });

  it("hides an offering and a site outside the clerk's jurisdiction (404)", async () => {
    const pass = await findPerson(w, w.otherClerk, w.applicant.idNumber);
    const offering = await startFor(pass, w.otherHall, w.otherClerk);
    expect(offering.statusCode).toBe(404);
    const site = await startFor(pass, w.hall, w.otherClerk);
    expect(site.statusCode).toBe(404);
  });

  it("asks for the pass of the person found, and this clerk's", async () => {
    expect((await startFor("")).statusCode).toBe(403);
    expect((await startFor("forged.pass.1.x")).statusCode).toBe(403);
    const othersPass = await findPerson(w, w.otherClerk, w.applicant.idNumber);
    const refused = await startFor(othersPass);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("intake_pass_invalid");
  });
});

describe("a draft begun online, finished at the window", () => {
  async function draftOnline(who = w.applicant) {
    const started = await call(w.t, who, "POST", "/api/v1/applications", { offering: w.offeringId });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    await call(w.t, who, "PATCH", `/api/v1/applications/${id}`, { answers: SAMPLE_ANSWERS });
    return id;
  }
  const takeOver = (pass: string, application: string, clerk = w.clerk) =>
    call(w.t, clerk, "POST", "/api/v1/intake/takeovers", { pass, site: w.hall, application });

  it("is taken over once the person is found, and submitted by the clerk for them", async () => {
    const id = await draftOnline();
    const pass = await findPerson(w, w.clerk, w.applicant.idNumber);
    const taken = await takeOver(pass, id);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().answers).toMatchObject(SAMPLE_ANSWERS);
    // The person's own copy is the clerk's now: it is no longer theirs to change.
    expect((await call(w.t, w.applicant, "GET", `/api/v1/applications/${id}`)).statusCode).toBe(404);
    expect((await uploadAtWindow(w, w.clerk, id)).statusCode).toBe(200);
    const submitted = await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {});
    expect(submitted.statusCode).toBe(201);
    const row = await db()
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", submitted.json().caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      applicant_id: w.applicant.id,
      submitter_kind: "staff",
      submitter_id: w.clerk.id,
      channel: "hall",
    });
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_id", "person_id"])
      .where("action", "=", "application.taken_over")
      .where("subject_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_id: w.clerk.id, person_id: w.applicant.id });
    // Followed online as any case of theirs.
    const mine = await call(w.t, w.applicant, "GET", "/api/v1/cases");
    expect(JSON.stringify(mine.json())).toContain(submitted.json().number);
  });

  it("is refused without finding that person first", async () => {
    const id = await draftOnline();
    expect((await takeOver("", id)).statusCode).toBe(403);
    // Found someone else: the draft is not theirs, so for this clerk it does not exist.
    const stranger = await call(w.t, w.clerk, "POST", "/api/v1/intake/persons", {
      name: "赵四",
      idNumber: idNumber("330523"),
      mobile: "13900002222",
    });
    const wrong = await takeOver(stranger.json().pass, id);
    expect(wrong.statusCode).toBe(404);
    expect((await call(w.t, w.applicant, "GET", `/api/v1/applications/${id}`)).statusCode).toBe(200);
  });

  it("is refused to a clerk of another county, and once submitted", async () => {
    const id = await draftOnline();
    const othersPass = await findPerson(w, w.otherClerk, w.applicant.idNumber);
    const other = await call(w.t, w.otherClerk, "POST", "/api/v1/intake/takeovers", {
      pass: othersPass,
      site: w.otherHall,
      application: id,
    });
    expect(other.statusCode).toBe(404);
    const pass = await findPerson(w, w.clerk, w.applicant.idNumber);
    await takeOver(pass, id);
    await uploadAtWindow(w, w.clerk, id);
    const { number } = (
      await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {})
    ).json();
    const late = await takeOver(pass, number);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("application_not_editable");
  });

  it("prints the receipt for the clerk who took the case, not for another clerk of the hall", async () => {
    const id = await draftOnline();
    const pass = await findPerson(w, w.clerk, w.applicant.idNumber);
    await takeOver(pass, id);
    await uploadAtWindow(w, w.clerk, id);
    const { receipt } = (
      await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {})
    ).json();
    const colleague = await staffOf(w.t, "window_clerk");
    expect((await call(w.t, colleague, "GET", receipt)).statusCode).toBe(404);
    expect((await call(w.t, w.clerk, "GET", receipt)).statusCode).toBe(200);
  });
});

describe("a case started at the window, followed and corrected online", () => {
  it("goes to the applicant once submitted: a supplement is answered from their own account", async () => {
    const pass = await findPerson(w, w.clerk, w.applicant.idNumber);
    const id = (await startFor(pass)).json().id as string;
    await call(w.t, w.clerk, "PATCH", `/api/v1/intake/applications/${id}`, { answers: SAMPLE_ANSWERS });
    await uploadAtWindow(w, w.clerk, id);
    const { caseId } = (
      await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {})
    ).json();
    // The clerk no longer edits it; pressing submit again still answers with the case.
    expect(
      (await call(w.t, w.clerk, "PATCH", `/api/v1/intake/applications/${id}`, { page: 0 })).statusCode,
    ).toBe(404);
    const again = await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {});
    expect(again.json().caseId).toBe(caseId);

    const intake = await taskAt(w.t, caseId, "intake");
    const asked = await act(w.t, w.clerk, intake.id, {
      action: "request_supplement",
      items: [{ field: "area", problem: "经营面积与平面图不符" }],
    });
    expect(asked.json()).toMatchObject({ state: "supplement" });
    const saved = await call(w.t, w.applicant, "PATCH", `/api/v1/applications/${id}`, {
      answers: { area: 60 },
    });
    expect(saved.statusCode).toBe(200);
    const back = await call(w.t, w.applicant, "POST", `/api/v1/applications/${id}/resubmission`, {});
    expect(back.statusCode).toBe(200);
    const row = await db().selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "intake", submitter_kind: "staff", submitter_id: w.clerk.id });
  });

  it("is corrected at the window when the person asks there: the clerk takes it over, resubmits, hands it back", async () => {
    const { applicationId: id, caseId, number } = await applyOnline(w);
    const intake = await taskAt(w.t, caseId, "intake");
    await act(w.t, w.clerk, intake.id, {
      action: "request_supplement",
      items: [{ field: "area", problem: "经营面积与平面图不符" }],
    });
    // Someone else's case waiting for a supplement stays out of reach.
    const stranger = await call(w.t, w.clerk, "POST", "/api/v1/intake/persons", {
      name: "钱七",
      idNumber: idNumber("330523"),
      mobile: "13900003333",
    });
    expect(
      (
        await call(w.t, w.clerk, "POST", "/api/v1/intake/takeovers", {
          pass: stranger.json().pass,
          site: w.hall,
          application: number,
        })
      ).statusCode,
    ).toBe(404);

    const pass = await findPerson(w, w.clerk, w.applicant.idNumber);
    const taken = await call(w.t, w.clerk, "POST", "/api/v1/intake/takeovers", {
      pass,
      site: w.hall,
      application: number,
    });
    expect(taken.statusCode, taken.body).toBe(200);
    const fixed = await call(w.t, w.clerk, "PATCH", `/api/v1/intake/applications/${id}`, {
      answers: { area: 60 },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect((await uploadAtWindow(w, w.clerk, id)).statusCode).toBe(200);
    const back = await call(w.t, w.clerk, "POST", `/api/v1/intake/applications/${id}/submission`, {});
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().caseId).toBe(caseId);
    const row = await db().selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "intake", submitter_kind: "person", submitter_id: w.applicant.id });
    expect((row.data as { area: number }).area).toBe(60);
    // The application is the person's again, and the resubmission names the clerk who made it.
    expect((await call(w.t, w.applicant, "GET", `/api/v1/applications/${id}`)).statusCode).toBe(200);
    const event = await db()
      .selectFrom("case_events")
      .select(["actor_id", "on_behalf_of"])
      .where("case_id", "=", caseId)
      .where("action", "=", "resubmit")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: w.clerk.id, on_behalf_of: w.applicant.id });
  });
});
