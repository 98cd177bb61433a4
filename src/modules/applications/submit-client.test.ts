import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department, idNumber } from "../../../test/factories.ts";
import { isAppError } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import {
  act,
  applyOnline,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  SAMPLE_ANSWERS,
  TINY_PDF,
  taskAt,
} from "../cases/testing.ts";
import type { ClientScope } from "../clients/service.ts";
import { apiClient, type TestClient } from "../clients/testing.ts";
import {
  applicantByIdNumber,
  correctForApplicant,
  type StoredMaterial,
  storeUpload,
  submitForApplicant,
} from "./service.ts";

/**
 * A department's system applying for a person (docs/govstack-design.md, sections 2.6 and 2.8): through
 * the native API (`POST /api/v1/submissions` with `for: { idNumber }`) and through the service functions
 * the GovStack façade calls.
 */

let t: TestApp;
let w: CaseWorld;
let submitter: TestClient;
let otherSubmitter: TestClient;
let marketDepartment: string;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  marketDepartment = await department(t.platform.database.db, "330523", "market_regulation");
  submitter = await apiClient(t.platform.database.db, marketDepartment, ["application.submit"]);
  otherSubmitter = await apiClient(t.platform.database.db, marketDepartment, ["application.submit"]);
});
afterAll(() => t.close());

const db = () => t.platform.database.db;
const deps = () => ({ jobs: t.platform.jobs, config: t.platform.config });
const pdf = TINY_PDF.toString("base64");

/** The client as the API resolves it: its department's system in 安吉县. */
const actorOf = (client: TestClient, scopes: ClientScope[] = ["application.submit"]): Actor => ({
  kind: "client",
  id: client.id,
  name: "测试用部门系统",
  departmentId: marketDepartment,
  regionCode: "330523",
  scopes,
});

function submit(
  client: { headers: Record<string, string> } | undefined,
  payload: object | undefined,
  key = `k-${randomUUID()}`,
) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/submissions",
    headers: { ...(client?.headers ?? {}), "idempotency-key": key },
    ...(payload ? { payload } : {}),
  });
}

const body = (overrides: object = {}) => ({
  offering: w.offeringId,
  for: { idNumber: w.applicant.idNumber },
  answers: SAMPLE_ANSWERS,
  materials: [{ key: "application", fileName: "申请书.pdf", contentBase64: pdf }],
  ...overrides,
});

const bearer = (client: TestClient, method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
  t.app.inject({ method, url, headers: client.headers, ...(payload ? { payload } : {}) });

async function casesByKey(key: string) {
  return db().selectFrom("cases").select("id").where("idempotency_key", "=", key).execute();
}

/** A file through the upload gate, as the façade's POST /documents leaves it. */
async function stored(key: string, bytes: Uint8Array = TINY_PDF): Promise<StoredMaterial> {
  const file = await storeUpload(
    db(),
    t.platform.config,
    actorOf(submitter),
    { bytes, filename: `${key}.pdf` },
    10 * 1024 * 1024,
  );
  return { key, ...file };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("a system applies for a person (POST /api/v1/submissions, for: { idNumber })", () => {
  it("+ makes the person's case, submitted by the client, on the county clerk's worklist", async () => {
    const response = await submit(submitter, body());
    expect(response.statusCode).toBe(201);
    const { caseId } = response.json();

    const row = await db().selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      applicant_kind: "person",
      applicant_id: w.applicant.id,
      submitter_kind: "client",
      submitter_id: submitter.id,
      channel: "api",
      state: "intake",
    });
    const [first] = await db()
      .selectFrom("case_events")
      .select(["action", "actor_kind", "actor_id", "on_behalf_of"])
      .where("case_id", "=", caseId)
      .orderBy("seq")
      .execute();
    expect(first).toEqual({
      action: "submit",
      actor_kind: "client",
      actor_id: submitter.id,
      on_behalf_of: w.applicant.id,
    });
    const application = await db()
      .selectFrom("applications")
      .select(["owner_kind", "owner_id", "status"])
      .where("case_id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(application).toEqual({ owner_kind: "client", owner_id: submitter.id, status: "submitted" });

    const worklist = (await call(t, w.clerk, "GET", "/api/v1/work/tasks?limit=200")).json();
    expect(worklist.items.map((i: { case: { id: string } }) => i.case.id)).toContain(caseId);
    // The person finds it among their own cases.
    expect((await call(t, w.applicant, "GET", `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
  });

  it("+ a retry with the same Idempotency-Key answers with the same case; − another request with it 422", async () => {
    const key = `retry-${randomUUID()}`;
    const first = await submit(submitter, body(), key);
    const again = await submit(submitter, body(), key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().caseId).toBe(first.json().caseId);
    // The key is the client's own: another client may use the same one.
    const other = await submit(otherSubmitter, body(), key);
    expect(other.statusCode).toBe(201);
    expect(other.json().caseId).not.toBe(first.json().caseId);

    const changed = await submit(submitter, body({ answers: { ...SAMPLE_ANSWERS, area: 46 } }), key);
    expect(changed.statusCode).toBe(422);
    expect(changed.json().code).toBe("idempotency_key_reused");
  });

  it("− an ID number of no one with an account, or not an ID number at all: 400 at /for/idNumber", async () => {
    for (const number of [idNumber(), "33052319900101123"]) {
      const key = `nobody-${randomUUID()}`;
      const response = await submit(submitter, body({ for: { idNumber: number } }), key);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: "/for/idNumber", message: expect.stringContaining("signs up online or at a window first") },
      ]);
      expect(await casesByKey(key)).toEqual([]);
    }
  });

  it("− a client without application.submit: 403, nothing made", async () => {
    const reader = await apiClient(db(), marketDepartment, ["registry.read", "case.work"]);
    const key = `noscope-${randomUUID()}`;
    const response = await submit(reader, body(), key);
    expect(response.statusCode).toBe(403);
    expect(await casesByKey(key)).toEqual([]);
  });

  it("− a system that names no one, or names an organisation: 400 at /for", async () => {
    const { for: _omitted, ...nameless } = body();
    const response = await submit(submitter, nameless);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: "/for", message: expect.any(String) }]);
    const organisation = await submit(submitter, body({ for: { organisation: randomUUID() } }));
    expect(organisation.statusCode).toBe(400);
  });

  it("− a person naming someone by ID number: 400 (people apply for themselves or under a mandate)", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/submissions",
      headers: { cookie: w.applicant.cookie, "idempotency-key": `person-${randomUUID()}` },
      payload: body({ for: { idNumber: idNumber() } }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe("/for/idNumber");
  });

  it("− a missing body: 400", async () => {
    const response = await submit(submitter, undefined);
    expect(response.statusCode).toBe(400);
  });

  it("− invalid answers and a missing material: every problem at once, nothing kept", async () => {
    const key = `invalid-${randomUUID()}`;
    const response = await submit(
      submitter,
      body({ answers: { shopName: "x".repeat(61), area: -3 }, materials: [] }),
      key,
    );
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((p: { field: string }) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "/answers/shopName",
        "/answers/area",

        "/materials/application",
      ]),
    );
    expect(await casesByKey(key)).toEqual([]);
  });

  it("− a commitment or a person's e-licence offered by a system: 400, they are the applicant's to give", async () => {
    const response = await submit(
      submitter,
      body({ commitment: ["application"], licences: [{ key: "application", licenceId: "L-1" }] }),
    );
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["/commitment", "/licences"]));
  });
});

describe("the system's view of its cases (GET /api/v1/cases/{case})", () => {
  it("+ reads the case it submitted, with the applicant's actions and no tasks", async () => {
    const { caseId } = (await submit(submitter, body())).json();
    const response = await bearer(submitter, "GET", `/api/v1/cases/${caseId}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: caseId, state: "intake", allowedActions: ["withdraw"] });
    expect(response.json()).not.toHaveProperty("tasks");
  });

  it("− another client's case, and the person's own other case: 404", async () => {
    const { caseId: others } = (await submit(otherSubmitter, body())).json();
    expect((await bearer(submitter, "GET", `/api/v1/cases/${others}`)).statusCode).toBe(404);
    const online = await applyOnline(w);
    expect((await bearer(submitter, "GET", `/api/v1/cases/${online.caseId}`)).statusCode).toBe(404);
    expect((await bearer(submitter, "GET", `/api/v1/cases/${online.number}`)).statusCode).toBe(404);
  });
});

describe("the system withdraws its case (POST /api/v1/cases/{case}/withdrawal)", () => {
  it("+ as the applicant's side, the event by the client; − a system working the case may not", async () => {
    const { caseId } = (await submit(submitter, body())).json();
    const windowSystem = await apiClient(db(), await department(db(), "330523"), ["case.work"]);
    const worker = await bearer(windowSystem, "POST", `/api/v1/cases/${caseId}/withdrawal`, {});
    expect(worker.statusCode).toBe(403);
    const withdrawn = await bearer(submitter, "POST", `/api/v1/cases/${caseId}/withdrawal`, {
      reason: "申请人不再需要",
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ state: "closed", outcome: "withdrawn" });
    const last = await db()
      .selectFrom("case_events")
      .select(["action", "actor_kind", "on_behalf_of"])
      .where("case_id", "=", caseId)
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ action: "withdraw", actor_kind: "client", on_behalf_of: w.applicant.id });
  });
});

describe("the system corrects its case when sent back (补正)", () => {
  async function sentBack(client = submitter) {
    const { caseId } = (await submit(client, body())).json();
    const intake = await taskAt(t, caseId, "intake");
    const asked = await act(t, w.clerk, intake.id, {
      action: "request_supplement",
      items: [{ field: "area", problem: "经营面积与平面图不符" }],
    });
    expect(asked.json()).toMatchObject({ state: "supplement" });
    const application = await db()
      .selectFrom("applications")
      .select("id")
      .where("case_id", "=", caseId)
      .executeTakeFirstOrThrow();
    return { caseId, applicationId: application.id };
  }

  it("+ through the native routes a person uses: answers saved, resubmitted, the event by the client", async () => {
    const { caseId, applicationId } = await sentBack();
    const saved = await bearer(submitter, "PATCH", `/api/v1/applications/${applicationId}`, {
      answers: { area: 60 },
    });
    expect(saved.statusCode).toBe(200);
    const back = await bearer(submitter, "POST", `/api/v1/applications/${applicationId}/resubmission`, {});
    expect(back.statusCode).toBe(200);
    const row = await db().selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "intake", data: { area: 60 } });
    const last = await db()
      .selectFrom("case_events")
      .select(["action", "actor_kind", "actor_id", "data"])
      .where("case_id", "=", caseId)
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      action: "resubmit",
      actor_kind: "client",
      actor_id: submitter.id,
      data: { changed: { area: { from: 45, to: 60 } } },
    });
    // − Once taken back, nothing waits for a correction.
    const again = await bearer(submitter, "POST", `/api/v1/applications/${applicationId}/resubmission`, {});
    expect(again.statusCode).toBe(409);
  });

  it("+ correctForApplicant: answers merged, a stored file in place of the material, alongside in the transaction", async () => {
    const { caseId } = await sentBack();
    // Another file than the one submitted: the case's material is replaced.
    const file = await stored("application", Buffer.concat([TINY_PDF, Buffer.from("% corrected\n")]));
    let seen: string | undefined;
    const row = await correctForApplicant(
      db(),
      deps(),
      actorOf(submitter),
      caseId,
      { answers: { area: 70 }, storedMaterials: [file] },
      async (tx, saved) => {
        seen = (await tx.selectFrom("cases").select("state").where("id", "=", saved.id).executeTakeFirst())
          ?.state;
      },
    );
    expect(row).toMatchObject({ state: "intake", data: { ...SAMPLE_ANSWERS, area: 70 } });
    expect(seen).toBe("intake");
    const material = await db()
      .selectFrom("case_materials")
      .select(["file_sha256", "file_name"])
      .where("case_id", "=", caseId)
      .where("material_key", "=", "application")
      .executeTakeFirstOrThrow();
    expect(material).toEqual({ file_sha256: file.sha256, file_name: file.name });
  });

  it("− correctForApplicant keeps the answers but lists the problems when they are still wrong", async () => {
    const { caseId, applicationId } = await sentBack();
    const error = await refusal(
      correctForApplicant(db(), deps(), actorOf(submitter), caseId, {
        answers: { area: -1 },
        storedMaterials: [],
      }),
    );
    expect(error.status).toBe(400);
    const kept = await db()
      .selectFrom("applications")
      .select("data")
      .where("id", "=", applicationId)
      .executeTakeFirstOrThrow();
    expect(kept.data).toMatchObject({ area: -1 });
    const row = await db()
      .selectFrom("cases")
      .select("state")
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe("supplement");
  });

  it("− correctForApplicant when nothing was asked: 409; another client's case: 404", async () => {
    const { caseId } = (await submit(submitter, body())).json();
    const notAsked = await refusal(
      correctForApplicant(db(), deps(), actorOf(submitter), caseId, { answers: {}, storedMaterials: [] }),
    );
    expect({ status: notAsked.status, code: notAsked.code }).toEqual({
      status: 409,
      code: "application_no_supplement",
    });
    const { caseId: others } = await sentBack(otherSubmitter);
    const hidden = await refusal(
      correctForApplicant(db(), deps(), actorOf(submitter), others, { answers: {}, storedMaterials: [] }),
    );
    expect(hidden.status).toBe(404);
  });
});

describe("submitForApplicant (what the GovStack façade calls)", () => {
  it("+ opens the case with stored files, runs alongside in its transaction, and replays by key", async () => {
    const applicant = await applicantByIdNumber(
      db(),
      t.platform.config.personalDataKey,
      w.applicant.idNumber,
    );
    expect(applicant).toMatchObject({ kind: "person", id: w.applicant.id });
    if (!applicant) return;
    const key = `facade-${randomUUID()}`;
    const input = {
      offeringId: w.offeringId,
      answers: SAMPLE_ANSWERS,
      storedMaterials: [await stored("application")],
    };
    let alongside = 0;
    const first = await submitForApplicant(db(), deps(), actorOf(submitter), applicant, input, {
      idempotencyKey: key,
      alongside: async (tx, row) => {
        alongside += 1;
        expect(
          await tx.selectFrom("cases").select("id").where("id", "=", row.id).executeTakeFirst(),
        ).toBeDefined();
      },
    });
    expect(first.created).toBe(true);
    expect(first.row).toMatchObject({ submitter_kind: "client", applicant_id: w.applicant.id });
    // The retry's documents were used by the first attempt: it names none, and still gets the case.
    const again = await submitForApplicant(
      db(),
      deps(),
      actorOf(submitter),
      applicant,
      { ...input, storedMaterials: [] },
      { idempotencyKey: key },
    );
    expect(again).toMatchObject({ created: false, row: { id: first.row.id } });
    expect(alongside).toBe(1);
    const otherAnswers = { ...input, answers: { ...SAMPLE_ANSWERS, area: 99 } };
    const reused = await refusal(
      submitForApplicant(db(), deps(), actorOf(submitter), applicant, otherAnswers, { idempotencyKey: key }),
    );
    expect({ status: reused.status, code: reused.code }).toEqual({
      status: 422,
      code: "idempotency_key_reused",
    });
  });

  it("− a failure alongside leaves no case; a client without the scope is refused", async () => {
    const applicant = await applicantByIdNumber(
      db(),
      t.platform.config.personalDataKey,
      w.applicant.idNumber,
    );
    if (!applicant) throw new Error("the applicant has an account");
    const key = `rollback-${randomUUID()}`;
    const input = {
      offeringId: w.offeringId,
      answers: SAMPLE_ANSWERS,
      storedMaterials: [await stored("application")],
    };
    await expect(
      submitForApplicant(db(), deps(), actorOf(submitter), applicant, input, {
        idempotencyKey: key,
        alongside: async () => {
          throw new Error("the façade's row could not be written");
        },
      }),
    ).rejects.toThrow("could not be written");
    expect(await casesByKey(key)).toEqual([]);

    const refused = await refusal(
      submitForApplicant(db(), deps(), actorOf(submitter, ["case.work"]), applicant, input, {
        idempotencyKey: null,
      }),
    );
    expect(refused.status).toBe(403);
  });

  it("− a stored file for no material of the service, or too large: 400 naming it", async () => {
    const applicant = await applicantByIdNumber(
      db(),
      t.platform.config.personalDataKey,
      w.applicant.idNumber,
    );
    if (!applicant) throw new Error("the applicant has an account");
    const file = await stored("application");
    const error = await refusal(
      submitForApplicant(
        db(),
        deps(),
        actorOf(submitter),
        applicant,
        {
          offeringId: w.offeringId,
          answers: SAMPLE_ANSWERS,
          storedMaterials: [
            file,
            { ...file, key: "nonsense" },
            { ...file, key: "layout", size: 11 * 1024 * 1024 },
          ],
        },
        { idempotencyKey: null },
      ),
    );
    expect(error.status).toBe(400);
    const fields = (error.extra.fields ?? []).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["/materials/nonsense", "/materials/layout"]));
  });

  it("applicantByIdNumber names only people with an account, by ID number alone", async () => {
    const key = t.platform.config.personalDataKey;
    expect(await applicantByIdNumber(db(), key, idNumber())).toBeUndefined();
    expect(await applicantByIdNumber(db(), key, w.applicant.email)).toBeUndefined();
    expect(await applicantByIdNumber(db(), key, ` ${w.applicant.idNumber} `)).toMatchObject({
      id: w.applicant.id,
    });
  });
});
