/**
 * `tongban govstack seed` (docs/govstack.md, "Running the public suites"): every fixed id of the
 * conformance data answers as the suites expect, through the suites' own header and no token, and a
 * second run adds nothing. The data's ids are not UUIDs, so answers are checked with `uuid` relaxed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { expectSpecResponse } from "../spec-testing.ts";
import { type ConformanceData, loadConformanceData } from "./data.ts";
import { SENT_BACK_FILE } from "./files-seed.ts";
import { CONFORMANCE_CLIENT, type Seeded, seedConformance, seededReport } from "./seed.ts";

let t: TestApp;
let data: ConformanceData;
let first: Seeded;

beforeAll(async () => {
  // inject() comes from 127.0.0.1: the suites' machine, beside the server.
  t = await createTestApp({ env: { GOVSTACK_MEDIATOR_NETWORKS: "127.0.0.1/32" } });
  data = loadConformanceData();
  first = await seedConformance(t.platform, data);
}, 300_000);
afterAll(() => t?.close());

const REGISTRATION = "/govstack/registration";
const relaxed = { relaxUuid: true };

/** As the Registration suite calls: its header, no token. */
const get = (path: string) =>
  t.app.inject({
    method: "GET",
    url: `${REGISTRATION}${path}`,
    headers: { "information-mediator-client": data.header },
  });

describe("the conformance seed", () => {
  it("makes the client once, with a token shown once, and files for every application and task", () => {
    expect(first.token).toMatch(/^tbc_/);
    expect(first.services).toBe(data.services.length);
    expect(first.files).toBe(data.files.length);
    expect(first.records).toBe(5);
    expect(seededReport("http://localhost:3000", first)).toContain("/govstack/registration/");
  });

  it("answers every service id of the data, with its eForms", async () => {
    for (const service of data.services) {
      const one = await get(`/services/${service.id}`);
      expectSpecResponse("registration", "GET /services/{serviceId}", one, relaxed);
      expect(one.json()).toMatchObject({ id: service.id, name: service.name, isExecutable: true });
      const forms = await get(`/services/${service.id}/eForms`);
      expectSpecResponse("registration", "GET /services/{serviceId}/eForms", forms, relaxed);
      expect(forms.json()).toHaveLength(1);
    }
    const mcts = await get("/eForms/d98a205a-679b-485b-823d-7a32a391e744");
    expectSpecResponse("registration", "GET /eForms/{eFormId}", mcts, relaxed);
    expect(mcts.json().name).toBe("Mother and Child Registration");
  });

  it("answers every file id and task id of the data, as pending or sent back", async () => {
    for (const file of data.files) {
      const answer = await get(`/applications/${file.fileId}`);
      expectSpecResponse("registration", "GET /applications/{fileId}", answer, relaxed);
      expect(answer.json()).toMatchObject({
        fileId: file.fileId,
        serviceId: file.serviceId,
        applicationData: { applicantId: file.applicantId },
        status: { code: file.fileId === SENT_BACK_FILE ? "SENDBACK" : "PENDING" },
      });
      const [taskId] = file.taskIds;
      const task = await get(`/tasks/${taskId}`);
      expectSpecResponse("registration", "GET /tasks/{taskId}", task, relaxed);
      expect(task.json()).toMatchObject({ taskId, fileId: file.fileId });
    }
  });

  it("lets the suite correct the file it sends back, and complete the task it completes", async () => {
    const corrected = await t.app.inject({
      method: "PUT",
      url: `${REGISTRATION}/applications/${SENT_BACK_FILE}`,
      headers: { "information-mediator-client": data.header },
      payload: { formData: { data: { note: "completed" } } },
    });
    expectSpecResponse("registration", "PUT /applications/{fileId}", corrected, relaxed);
    expect(corrected.json().status.code).toBe("PENDING");
    // The suite completes this task with no header at all: the default identity answers.
    const completed = await t.app.inject({
      method: "POST",
      url: `${REGISTRATION}/tasks/d1e33d56-c5c7-4272-aeb6-bc2732cce1f2/complete`,
      payload: { data: {} },
    });
    expectSpecResponse("registration", "POST /tasks/{taskId}/complete", completed, relaxed);
    expect(completed.json()).toMatchObject({ taskId: "d1e33d56-c5c7-4272-aeb6-bc2732cce1f2" });
  });

  it("answers the registries suite: its registry, its first records, who read them", async () => {
    const headers = { "information-mediator-client": "eGovStack/GOV/90000009/digitalregistries" };
    const registries = (method: "GET" | "POST", path: string, payload?: object) =>
      t.app.inject({ method, url: `/govstack/registries${path}`, headers, ...(payload ? { payload } : {}) });
    const list = await registries("GET", "/data/registryname/111");
    expectSpecResponse("registries-data", "GET /data/{registryName}/{versionNumber}", list, relaxed);
    expect(list.json().count).toBe(5);
    const read = await registries("POST", "/data/registryname/111/read", {
      query: { content: { ID: data.registryParameters.ID_2 } },
    });
    expectSpecResponse("registries-data", "POST /data/{registryName}/{versionNumber}/read", read, relaxed);
    expect(read.json().content).toMatchObject({
      ID: data.registryParameters.ID_2,
      FirstName: data.registryParameters.FirstName_2,
      BirthCertificateID: data.registryParameters.BirthCertificateID_2,
    });
    const usage = await registries(
      "GET",
      `/data/mypersonalDataUsage?userId=${data.registryParameters.ID_2}&databaseId=MCTS`,
    );
    expectSpecResponse("registries-data", "GET /data/mypersonalDataUsage", usage, relaxed);
    // The read just above, by the conformance client.
    expect(usage.json().length).toBeGreaterThan(0);
    const databases = await registries("GET", "/databases");
    expectSpecResponse("registries-database", "GET /databases", databases, relaxed);
    expect(databases.json().databases.map((d: { name: string }) => d.name)).toContain("registryname");
  });

  it("adds nothing when run again, and names the client made before", async () => {
    const counts = async () => {
      const db = t.platform.database.db;
      const [cases, clients, identities] = await Promise.all([
        db.selectFrom("cases").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
        db
          .selectFrom("api_clients")
          .select(db.fn.countAll<number>().as("n"))
          .where("name", "=", CONFORMANCE_CLIENT)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("govstack_identities")
          .select(db.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow(),
      ]);
      return [Number(cases.n), Number(clients.n), Number(identities.n)];
    };
    const before = await counts();
    const again = await seedConformance(t.platform, data);
    expect(again).toMatchObject({ clientId: first.clientId, token: null, files: 0, records: 0 });
    expect(await counts()).toEqual(before);
    expect(seededReport("http://localhost:3000", again)).toContain(
      `tongban clients rotate ${first.clientId}`,
    );
  }, 120_000);

  it("− refuses a folder without the data, naming the file and --data", () => {
    expect(() => loadConformanceData("/nonexistent-govstack-data")).toThrow(
      /registration-test-data\.json is not in .* --data/,
    );
  });
});
