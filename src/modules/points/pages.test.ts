import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import { PNG, pngWith } from "../../platform/files/fixtures.ts";
import { get, location, open, type Tab } from "../applications/pages-testing.ts";
import {
  act,
  type CaseWorld,
  call,
  caseTestApp,
  caseWorld,
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
let tab: Tab;
let admin: Staff;
const POINT = "gucheng-point";
const db = () => t.platform.database.db;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  await upsertSite(db(), {
    code: POINT,
    kind: "point",
    region_code: "330523001201",
    department_id: await department(db(), "330523001"),
    name: "古城村便民服务站",
    hours: JSON.stringify(USUAL_HOURS),
  });
  agent = await someone(t, { name: "代办员小周", addressRegionCode: "330523001201" });
  admin = await staffOf(t, "administrator", { line: "government_service", region: "330523001" });
  const added = await call(t, admin, "POST", `/api/v1/sites/${POINT}/agents`, { idNumber: agent.idNumber });
  expect(added.statusCode, added.body).toBe(201);
  ({ tab } = await open(t, agent, `/points/${POINT}`));
});
afterAll(() => t.close());

/** The intake form as a browser posts it: multipart, the CSRF token in the address, a material attached. */
function postIntake(fields: Record<string, string>, accept = "text/html", withFile = true) {
  const boundary = `----tongban${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  if (withFile) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="m_application"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      TINY_PDF,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: "POST",
    url: `/points/${POINT}/intake/${w.offeringId}?_csrf=${encodeURIComponent(tab.csrf)}`,
    headers: { cookie: tab.cookie, accept, "content-type": `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

const villager = () => ({
  principalIdNumber: w.applicant.idNumber,
  principalName: w.applicant.name,
  shopName: "古城小吃",
  area: "30",
  delivery: "pickup",
});
const signature = `data:image/png;base64,${pngWith(PNG).toString("base64")}`;

const casesOfAgent = () =>
  db()
    .selectFrom("cases")
    .select(["id", "number", "channel", "delivery"])
    .where("submitter_id", "=", agent.id)
    .execute();

describe("the agent's pages", () => {
  it("take an agent to their point, and keep everyone else out", async () => {
    const home = await get(t, tab, "/points");
    expect(home.statusCode).toBe(303);
    expect(location(home)).toBe(`/points/${POINT}`);
    const page = await get(t, tab, `/points/${POINT}`);
    expect(page.body).toContain("古城村便民服务站");
    expect(page.body).toContain(`href="/points/${POINT}/intake"`);
    expect(page.body).toMatch(/outbox\.[\w-]+\.js/);
    const stranger = await open(t, await someone(t), `/points/${POINT}`);
    expect(stranger.response.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: "GET", url: `/points/${POINT}` });
    expect(anonymous.statusCode).toBe(303);
    const worker = await t.app.inject({ method: "GET", url: "/points/sw.js" });
    expect(worker.headers["content-type"]).toContain("javascript");
    expect(worker.headers["service-worker-allowed"]).toBe("/points/");
  });

  it("list what the villagers can apply for, and show one page for the intake", async () => {
    const choose = await get(t, tab, `/points/${POINT}/intake`);
    expect(choose.body).toContain(`/points/${POINT}/intake/${w.offeringId}`);
    const form = await get(t, tab, `/points/${POINT}/intake/${w.offeringId}`);
    for (const id of ["principalIdNumber", "principalName", "signature-pad", "f-shopName", "m-application"]) {
      expect(form.body).toContain(`id="${id}"`);
    }
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('href="/account/mandates/held"');
  });

  it("take in without JavaScript with the signature, once per form token, and say so on the point's page", async () => {
    const fields = { ...villager(), signature, _token: "point-form-token-1" };
    const first = await postIntake(fields);
    expect(first.statusCode, first.body.slice(0, 500)).toBe(303);
    const number = new URL(location(first), "http://x").searchParams.get("taken");
    expect(number).toMatch(/^\d+$/);
    const again = await postIntake(fields);
    expect(location(again)).toBe(location(first));
    const made = await casesOfAgent();
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      channel: "village_point",
      delivery: { method: "pickup", hall: "古城村便民服务站" },
    });
    const page = await get(t, tab, location(first));
    expect(page.body).toContain(number);
  });

  it("answer the outbox in JSON: the case made, then the same case for a resend", async () => {
    const fields = { ...villager(), _token: "outbox-json-1" };
    const first = await postIntake(fields, "application/json");
    expect(first.statusCode, first.body).toBe(201);
    const replay = await postIntake(fields, "application/json");
    expect(replay.statusCode).toBe(200);
    expect(replay.json().number).toBe(first.json().number);
    const refused = await postIntake(
      { ...fields, _token: "outbox-json-2", area: "" },
      "application/json",
      false,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.headers["content-type"]).toContain("json");
  });

  it("tell the agent what is wrong on the page: no consent, a name not the holder's, a missing field", async () => {
    const neighbour = await someone(t, { addressRegionCode: "330523001201" });
    const unconsented = await postIntake({
      ...villager(),
      principalIdNumber: neighbour.idNumber,
      principalName: neighbour.name,
      _token: "point-form-token-2",
    });
    expect(unconsented.statusCode).toBe(403);
    expect(unconsented.body).toContain('href="#consent"');
    const wrongName = await postIntake({
      ...villager(),
      principalName: "王大明",
      _token: "point-form-token-3",
    });
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.body).toContain('href="#principalName"');
    const missing = await postIntake(
      { ...villager(), shopName: "", _token: "point-form-token-4" },
      "text/html",
      false,
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#f-shopName"');
    expect(missing.body).toContain('href="#m-application"');
    // What was typed stays typed.
    expect(missing.body).toContain('value="30"');
    expect(missing.body).toContain(`value="${w.applicant.idNumber}"`);
  });

  it("let the agent hand the result over in the village, which closes the case (送证上门)", async () => {
    const [made] = await casesOfAgent();
    if (!made) throw new Error("no case");
    for (const [who, stage, body] of [
      [w.clerk, "intake", { action: "accept" }],
      [w.reviewer, "review", { action: "complete", opinion: "agree" }],
      [
        w.approver,
        "decision",
        { action: "grant", reason: "符合条件", legalBasis: "《食品安全法》第三十五条" },
      ],
      [w.reviewer, "issuance", { action: "issue" }],
    ] as const) {
      const done = await act(t, who, (await taskAt(t, made.id, stage)).id, body);
      expect(done.statusCode, `${stage}: ${done.body}`).toBe(200);
    }
    const page = await get(t, tab, `/points/${POINT}`);
    expect(page.body).toContain(`/points/${POINT}/cases/${made.id}/handover`);
    const handed = await t.app.inject({
      method: "POST",
      url: `/points/${POINT}/cases/${made.id}/handover`,
      headers: {
        cookie: tab.cookie,
        accept: "text/html",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `_csrf=${encodeURIComponent(tab.csrf)}`,
    });
    expect(handed.statusCode, handed.body.slice(0, 300)).toBe(303);
    const closed = await db()
      .selectFrom("cases")
      .select(["state", "outcome", "delivery"])
      .where("id", "=", made.id)
      .executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ state: "closed", outcome: "granted" });
    expect((closed.delivery as { deliveredAt?: string }).deliveredAt).toBeTruthy();
    const twice = await t.app.inject({
      method: "POST",
      url: `/points/${POINT}/cases/${made.id}/handover`,
      headers: {
        cookie: tab.cookie,
        accept: "text/html",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `_csrf=${encodeURIComponent(tab.csrf)}`,
    });
    expect(twice.statusCode).toBe(409);
  });

  it("show the township its points, their agents and each one's work, and let it name agents", async () => {
    const list = await open(t, admin, "/work/points");
    expect(list.response.body).toContain(`/work/points/${POINT}`);
    const { tab: staffTab, response } = await open(t, admin, `/work/points/${POINT}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("代办员小周");
    expect(response.body).toMatch(/<td lang="zh-CN">代办员小周<\/td><td>\d+<\/td>/);
    const refused = await t.app.inject({
      method: "POST",
      url: `/work/points/${POINT}/agents`,
      headers: {
        cookie: staffTab.cookie,
        accept: "text/html",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `_csrf=${encodeURIComponent(staffTab.csrf)}&idNumber=330523199001011234`,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#idNumber"');
    const newcomer = await someone(t);
    const added = await t.app.inject({
      method: "POST",
      url: `/work/points/${POINT}/agents`,
      headers: {
        cookie: staffTab.cookie,
        accept: "text/html",
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `_csrf=${encodeURIComponent(staffTab.csrf)}&idNumber=${newcomer.idNumber}`,
    });
    expect(added.statusCode).toBe(303);
    expect((await get(t, staffTab, `/work/points/${POINT}`)).body).toContain(newcomer.name);
    const elsewhere = await staffOf(t, "window_clerk", { region: "330522" });
    expect((await open(t, elsewhere, `/work/points/${POINT}`)).response.statusCode).toBe(404);
  });
});
