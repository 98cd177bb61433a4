import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import { PNG } from "../../platform/files/fixtures.ts";
import {
  act,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
  SAMPLE_ANSWERS,
  type Staff,
  staffOf,
  TINY_PDF,
  taskAt,
} from "../cases/testing.ts";
import { USUAL_HOURS } from "../halls/hours.ts";
import { upsertSite } from "../halls/sites-store.ts";
import { type Someone, someone } from "../mandates/testing.ts";

let t: TestApp;
let w: CaseWorld;
let agent: Someone;
let townshipAdmin: Staff;
let townshipClerk: Staff;
/** 古城村, where the world's applicant lives: its point. */
const POINT = "gucheng-point";

const db = () => t.platform.database.db;
const key = () => `point-${Math.random().toString(36).slice(2, 12)}`;

function packet(principal: Someone, extra: Record<string, unknown> = {}) {
  return {
    principal: { idNumber: principal.idNumber, name: principal.name },
    offering: w.offeringId,
    answers: SAMPLE_ANSWERS,
    materials: [{ key: "application", fileName: "申请书.pdf", contentBase64: TINY_PDF.toString("base64") }],
    ...extra,
  };
}

function intake(who: { cookie: string } | undefined, body: object, idempotencyKey = key(), code = POINT) {
  return call(t, who, "POST", `/api/v1/points/${code}/intakes`, body, { "idempotency-key": idempotencyKey });
}

const signed = { signatureBase64: PNG.toString("base64") };

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  const township = await department(db(), "330523001");
  for (const [code, region] of [
    [POINT, "330523001201"],
    ["xiucheng-point", "330523001002"],
  ] as const) {
    await upsertSite(db(), {
      code,
      kind: "point",
      region_code: region,
      department_id: township,
      name: code,
      hours: JSON.stringify(USUAL_HOURS),
    });
  }
  agent = await someone(t, { name: "代办员小李", addressRegionCode: "330523001201" });
  townshipAdmin = await staffOf(t, "administrator", {
    line: "government_service",
    region: "330523001",
    jurisdiction: "330523001",
  });
  townshipClerk = await staffOf(t, "window_clerk", { region: "330523001", jurisdiction: "330523001" });
  const added = await call(t, townshipAdmin, "POST", `/api/v1/sites/${POINT}/agents`, {
    idNumber: agent.idNumber,
  });
  expect(added.statusCode, added.body).toBe(201);
});
afterAll(() => t.close());

describe("naming agents", () => {
  it("lets the township's administrators name and remove agents, and its staff list them", async () => {
    const list = await call(t, townshipClerk, "GET", `/api/v1/sites/${POINT}/agents`);
    expect(list.json().items).toEqual([expect.objectContaining({ personId: agent.id, name: "代办员小李" })]);
    expect(list.body).not.toContain(agent.idNumber);
    const other = await someone(t);
    const added = await call(t, townshipAdmin, "POST", "/api/v1/sites/xiucheng-point/agents", {
      idNumber: other.idNumber,
    });
    expect(added.statusCode).toBe(201);
    const removed = await call(t, townshipAdmin, "DELETE", `/api/v1/sites/xiucheng-point/agents/${other.id}`);
    expect(removed.statusCode).toBe(204);
    const again = await call(t, townshipAdmin, "DELETE", `/api/v1/sites/xiucheng-point/agents/${other.id}`);
    expect(again.statusCode).toBe(404);
  });

  it("refuses an ID number with no account, staff of another county, and people", async () => {
    const unknown = await call(t, townshipAdmin, "POST", `/api/v1/sites/${POINT}/agents`, {
      idNumber: "330523199001011234",
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe("point_no_account");
    const elsewhere = await staffOf(t, "administrator", { line: "government_service", region: "330522" });
    const refused = await call(t, elsewhere, "POST", `/api/v1/sites/${POINT}/agents`, {
      idNumber: agent.idNumber,
    });
    expect(refused.statusCode).toBe(404);
    expect((await call(t, elsewhere, "GET", `/api/v1/sites/${POINT}/agents`)).statusCode).toBe(404);
    expect((await call(t, agent, "GET", `/api/v1/sites/${POINT}/agents`)).statusCode).toBe(403);
    const hall = await call(t, townshipAdmin, "GET", "/api/v1/sites/no-such-point/agents");
    expect(hall.statusCode).toBe(404);
  });
});

describe("an agent's intake for a villager", () => {
  it("takes in with a signature, opens the case received at the point, and replays without a second", async () => {
    const idempotencyKey = key();
    const first = await intake(agent, packet(w.applicant, signed), idempotencyKey);
    expect(first.statusCode, first.body).toBe(201);
    const row = await db()
      .selectFrom("cases")
      .innerJoin("service_sites as s", "s.id", "cases.site_id")
      .select(["cases.channel", "cases.submitter_id", "cases.applicant_id", "cases.mandate_id", "s.code"])
      .where("cases.id", "=", first.json().caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: "village_point",
      submitter_id: agent.id,
      applicant_id: w.applicant.id,
      code: POINT,
    });
    const mandate = await db()
      .selectFrom("mandates")
      .select(["consent_method", "consent_signature", "services"])
      .where("id", "=", row.mandate_id as string)
      .executeTakeFirstOrThrow();
    expect(mandate).toMatchObject({ consent_method: "signature", services: [w.itemCode] });
    expect(mandate.consent_signature).toMatch(/^[0-9a-f]{64}$/);

    const replay = await intake(agent, packet(w.applicant, signed), idempotencyKey);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().caseId).toBe(first.json().caseId);
    const mandates = await db()
      .selectFrom("mandates")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("agent_id", "=", agent.id)
      .executeTakeFirstOrThrow();
    expect(Number(mandates.n)).toBe(1);

    // The villager follows it online as their own.
    const seen = await call(t, w.applicant, "GET", `/api/v1/cases/${first.json().caseId}`);
    expect(seen.statusCode).toBe(200);
  });

  it("uses the consent given before for the next application, without a new signature", async () => {
    const next = await intake(agent, packet(w.applicant));
    expect(next.statusCode, next.body).toBe(201);
  });

  it("refuses without consent (403), outside the point's area (403), and for someone not an agent (403)", async () => {
    const neighbour = await someone(t, { addressRegionCode: "330523001201" });
    const unconsented = await intake(agent, packet(neighbour));
    expect(unconsented.statusCode).toBe(403);
    expect(unconsented.json().code).toBe("point_no_mandate");

    const townDweller = await someone(t, { addressRegionCode: "330523001002" });
    const outside = await intake(agent, packet(townDweller, signed));
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe("point_outside_area");

    const stranger = await someone(t);
    const notAgent = await intake(stranger, packet(w.applicant, signed));
    expect(notAgent.statusCode).toBe(403);
    expect(notAgent.json().code).toBe("point_not_agent");
    expect((await intake(undefined, packet(w.applicant, signed))).statusCode).toBe(401);
    expect((await intake(townshipClerk, packet(w.applicant, signed))).statusCode).toBe(403);
  });

  it("refuses a name that is not the ID number's holder's, and tells every problem of the form at once", async () => {
    const wrongName = await intake(agent, {
      ...packet(w.applicant),
      principal: { idNumber: w.applicant.idNumber, name: "王大明" },
    });
    expect(wrongName.statusCode).toBe(400);
    const bad = await intake(agent, { ...packet(w.applicant), answers: {}, materials: [] });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["/materials/application"]));
    expect(fields.length).toBeGreaterThan(1);
  });

  it("refuses a signature that is not a PNG image", async () => {
    const neighbour = await someone(t, { addressRegionCode: "330523001201" });
    const response = await intake(agent, packet(neighbour, { signatureBase64: TINY_PDF.toString("base64") }));
    expect(response.statusCode).toBe(415);
  });
});

describe("the agent's worklist and the township's view", () => {
  it("lists the agent's cases, and shows the township each agent's work", async () => {
    const list = await call(t, agent, "GET", `/api/v1/points/${POINT}/cases`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(2);
    const caseId = list.json().items[0].id as string;
    const task = await taskAt(t, caseId, "intake");
    const accepted = await act(t, w.clerk, task.id, { action: "accept", version: task.version });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const load = await call(t, townshipClerk, "GET", `/api/v1/sites/${POINT}/workload?days=7`);
    expect(load.statusCode, load.body).toBe(200);
    const mine = load.json().agents.find((a: { personId: string }) => a.personId === agent.id);
    expect(mine).toMatchObject({ name: "代办员小李", open: mine.received, closed: 0 });
    expect(mine.received).toBeGreaterThanOrEqual(2);
    expect(mine.meanHoursToAcceptance).toEqual(expect.any(Number));

    expect((await call(t, w.applicant, "GET", `/api/v1/points/${POINT}/cases`)).statusCode).toBe(403);
    expect((await call(t, agent, "GET", `/api/v1/sites/${POINT}/workload`)).statusCode).toBe(403);
  });
});
