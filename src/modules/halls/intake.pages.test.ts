import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idNumber } from "../../../test/factories.ts";
import { get, location, mainText, open, post, postFile, type Tab } from "../applications/pages-testing.ts";
import { caseTestApp, SAMPLE_ANSWERS, TINY_PDF } from "../cases/testing.ts";
import { type IntakeWorld, intakeWorld } from "./intake-testing.ts";

let w: IntakeWorld;
let tab: Tab;
beforeAll(async () => {
  w = await intakeWorld(await caseTestApp());
  tab = (await open(w.t, w.clerk, "/work/intake")).tab;
});
afterAll(() => w.t.close());

const passOf = (html: string) => /name="pass" value="([^"]+)"/.exec(html)?.[1] ?? "";
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? "";

/** Finds the world's applicant through the page: the person page's pass. */
async function find(site = w.hall): Promise<string> {
  const found = await post(w.t, tab, "/work/intake/find", {
    site,
    idNumber: w.applicant.idNumber,
    purpose: "窗口受理：食品经营许可",
  });
  expect(found.statusCode).toBe(200);
  expect(mainText(found.body)).toContain(w.applicant.name);
  return passOf(found.body);
}

describe("window intake through the pages alone", () => {
  it("offers the sites the clerk may sit at, and refuses people and other staff", async () => {
    const page = await get(w.t, tab, "/work/intake");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${w.hall}"`);
    expect(page.body).toContain(`value="${w.point}"`);
    expect(page.body).not.toContain(`value="${w.otherHall}"`);
    const person = await w.t.app.inject({
      url: "/work/intake",
      headers: { cookie: w.applicant.cookie, accept: "text/html" },
    });
    expect(person.statusCode).toBe(303);
    const reviewer = await w.t.app.inject({
      url: "/work/intake",
      headers: { cookie: w.reviewer.cookie, accept: "text/html" },
    });
    expect(reviewer.statusCode).toBe(403);
  });

  it("walk-in → find → the same form → materials → submit → receipt → the applicant follows it", async () => {
    const pass = await find();
    const started = await post(w.t, tab, "/work/intake/start", { pass, site: w.hall, item: w.itemCode });
    expect(started.statusCode).toBe(303);
    const id = /^\/applications\/([0-9a-f-]{36})$/.exec(location(started))?.[1] as string;
    expect(id).toBeDefined();
    // The application pages serve the clerk as the draft's owner.
    const resume = await get(w.t, tab, `/applications/${id}`);
    expect(location(resume)).toBe(`/applications/${id}/pages/1`);
    const first = await post(w.t, tab, `/applications/${id}/pages/1`, {
      shopName: SAMPLE_ANSWERS.shopName,
      area: String(SAMPLE_ANSWERS.area),
      _action: "next",
    });
    expect(location(first)).toBe(`/applications/${id}/pages/2`);
    await post(w.t, tab, `/applications/${id}/pages/2`, { kinds: SAMPLE_ANSWERS.kinds, _action: "next" });

    // Submitting before the scan: the one-time notice lists what is missing.
    const early = await get(w.t, tab, `/applications/${id}/check`);
    const refused = await post(w.t, tab, `/applications/${id}/submission`, {
      version: versionOf(early.body),
    });
    expect(refused.statusCode).toBe(400);
    expect(mainText(refused.body)).toContain("申请书");

    const scanned = await postFile(
      w.t,
      tab,
      `/applications/${id}/materials/application`,
      "扫描件.pdf",
      TINY_PDF,
    );
    expect(scanned.statusCode).toBe(303);
    const check = await get(w.t, tab, `/applications/${id}/check`);
    const submitted = await post(w.t, tab, `/applications/${id}/submission`, {
      version: versionOf(check.body),
    });
    expect(submitted.statusCode).toBe(303);
    const number = /^\/cases\/(\d+)\/receipt$/.exec(location(submitted))?.[1] as string;
    expect(number).toMatch(/^330523/);

    const row = await w.t.platform.database.db
      .selectFrom("cases")
      .select(["id", "channel", "submitter_kind", "submitter_id", "applicant_id"])
      .where("number", "=", number)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: "hall",
      submitter_kind: "staff",
      submitter_id: w.clerk.id,
      applicant_id: w.applicant.id,
    });

    const pdf = await get(w.t, tab, `/work/intake/cases/${row.id}/receipt.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");

    const applicant = (await open(w.t, w.applicant, "/applications")).response;
    expect(mainText(applicant.body)).toContain(number);
    const progress = (await open(w.t, w.applicant, `/cases/${number}`)).response;
    expect(progress.statusCode).toBe(200);
    expect(mainText(progress.body)).toContain(number);
  });

  it("registers a walk-in, listing every problem at once, and finds a registered one", async () => {
    const bad = await post(w.t, tab, "/work/intake/register", {
      site: w.hall,
      name: "周六",
      idNumber: "330523199001010011",
      mobile: "",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#r-idNumber"');
    expect(bad.body).toContain('href="#r-mobile"');
    const person = { site: w.hall, name: "周六", idNumber: idNumber("330523"), mobile: "13900005555" };
    const made = await post(w.t, tab, "/work/intake/register", person);
    expect(made.statusCode).toBe(201);
    expect(mainText(made.body)).toContain("已为申请人登记账户");
    const again = await post(w.t, tab, "/work/intake/register", person);
    expect(again.statusCode).toBe(200);
    expect(mainText(again.body)).not.toContain("已为申请人登记账户");
  });

  it("takes over the person's draft shown as a QR code, and refuses it to a stranger's pass", async () => {
    const started = await w.t.app.inject({
      method: "POST",
      url: "/api/v1/applications",
      headers: { cookie: w.applicant.cookie },
      payload: { offering: w.offeringId },
    });
    const id = started.json().id as string;
    const stranger = await post(w.t, tab, "/work/intake/register", {
      site: w.hall,
      name: "吴七",
      idNumber: idNumber("330523"),
      mobile: "13900006666",
    });
    const wrong = await post(w.t, tab, "/work/intake/takeover", {
      pass: passOf(stranger.body),
      site: w.hall,
      application: id,
    });
    expect(wrong.statusCode).toBe(404);
    const forged = await post(w.t, tab, "/work/intake/takeover", {
      pass: "x",
      site: w.hall,
      application: id,
    });
    expect(forged.statusCode).toBe(403);
    const pass = await find();
    const taken = await post(w.t, tab, "/work/intake/takeover", {
      pass,
      site: w.hall,
      application: `http://localhost/applications/${id}`,
    });
    expect(taken.statusCode).toBe(303);
    expect(location(taken)).toBe(`/applications/${id}`);
  });

  it("refuses a form posted without its token", async () => {
    const response = await post(
      w.t,
      tab,
      "/work/intake/find",
      { site: w.hall, idNumber: "x", purpose: "x" },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('name="pass"');
  });
});
