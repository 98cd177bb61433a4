import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { caseTestApp, staffOf } from "../cases/testing.ts";
import { formPairs, openPage, type Pairs, post, summaryLinks, withValue } from "../catalog/admin-testing.ts";
import { findDevice } from "./devices.ts";
import { sha256 } from "./keys.ts";
import { type DeviceWorld, deviceWorld } from "./testing.ts";

/** Registering a device through the hall's device page, without JavaScript. */
let t: TestApp;
let w: DeviceWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await deviceWorld(t);
});
afterAll(() => t.close());

const url = () => `/work/halls/${w.siteCode}/devices`;
const marker = () => `action="${url()}"`;

/** The registration form of the page as the administrator sees it, filled in. */
async function filled(fields: Record<string, string>): Promise<{ pairs: Pairs; cookie: string }> {
  const page = await openPage(t, url(), w.admin.cookie);
  let pairs = formPairs(page.html, marker());
  for (const [name, value] of Object.entries(fields)) pairs = withValue(pairs, name, value);
  return { pairs, cookie: page.cookie };
}

describe("registering a device on the hall's device page", () => {
  it("registers a locker and shows its settings once, not to be cached, keeping only the secret's hash", async () => {
    const { pairs, cookie } = await filled({ kind: "locker", name: "A 柜", compartments: "12" });
    const shown = await post(t, url(), pairs, cookie);
    expect(shown.statusCode).toBe(201);
    expect(shown.headers["cache-control"]).toBe("no-store");
    expect(shown.body).toContain("已登记设备：A 柜");
    expect(shown.body).toContain("只显示这一次");
    const deviceId = /设备编号<\/th><td><code>([0-9a-f-]{36})<\/code>/.exec(shown.body)?.[1] as string;
    const secret = /设备密钥<\/th><td><code>([A-Za-z0-9_-]{43})<\/code>/.exec(shown.body)?.[1] as string;
    expect(deviceId).toBeDefined();
    expect(secret).toBeDefined();
    expect(shown.body).toContain(`tongban/sites/${w.siteCode}/lockers/${deviceId}/assign`);
    const row = await findDevice(t.platform.database.db, deviceId);
    expect(row).toMatchObject({ kind: "locker", name: "A 柜", compartments: 12 });
    expect(row?.secret_hash).toBe(sha256(secret));
    // The list shows the locker, never its secret.
    const list = await openPage(t, url(), w.admin.cookie);
    expect(list.html).toMatch(/A 柜<\/th><td>智能柜<\/td>/);
    expect(list.html).not.toContain(secret);
  });

  it("registers a board with the compartments left empty", async () => {
    const { pairs, cookie } = await filled({ kind: "board", name: "1 号叫号屏" });
    const shown = await post(t, url(), pairs, cookie);
    expect(shown.statusCode).toBe(201);
    expect(shown.body).toContain(`tongban/sites/${w.siteCode}/calls`);
  });

  it("refuses a locker without compartments and a nameless device, every problem at once under its field", async () => {
    const { pairs, cookie } = await filled({ kind: "locker", name: "  ", compartments: "" });
    const refused = await post(t, url(), pairs, cookie);
    expect(refused.statusCode).toBe(400);
    expect(summaryLinks(refused.body)).toEqual([
      { href: "#name", text: "请填写设备名称（不超过 60 个字）" },
      { href: "#compartments", text: "智能柜须填写格口数（1–200 的整数）" },
    ]);
    expect(refused.body).toContain('id="compartments-error"');
    // What was typed stays in the form.
    expect(formPairs(refused.body, marker())).toContainEqual(["kind", "locker"]);
  });

  it("refuses compartments on a kiosk, a locker of 201 or 1.5 compartments, and a name the site has", async () => {
    const kiosk = await filled({ kind: "kiosk", name: "1 号自助机", compartments: "4" });
    const onKiosk = await post(t, url(), kiosk.pairs, kiosk.cookie);
    expect(onKiosk.statusCode).toBe(400);
    expect(summaryLinks(onKiosk.body)).toEqual([
      { href: "#compartments", text: "只有智能柜有格口：自助终端和叫号屏请留空" },
    ]);
    for (const compartments of ["201", "1.5", "十二"]) {
      const locker = await filled({ kind: "locker", name: "B 柜", compartments });
      const refused = await post(t, url(), locker.pairs, locker.cookie);
      expect(refused.statusCode, compartments).toBe(400);
      expect(summaryLinks(refused.body)[0]?.href).toBe("#compartments");
    }
    const first = await filled({ kind: "kiosk", name: "2 号自助机" });
    expect((await post(t, url(), first.pairs, first.cookie)).statusCode).toBe(201);
    const again = await filled({ kind: "board", name: "2 号自助机" });
    const taken = await post(t, url(), again.pairs, again.cookie);
    expect(taken.statusCode).toBe(400);
    expect(summaryLinks(taken.body)).toEqual([
      { href: "#name", text: "本场所已有名为“2 号自助机”的设备：请换一个名称" },
    ]);
  });

  it("refuses a post without the form's CSRF token", async () => {
    const { pairs, cookie } = await filled({ kind: "board", name: "3 号叫号屏" });
    const forged = await post(
      t,
      url(),
      pairs.filter(([name]) => name !== "_csrf"),
      cookie,
    );
    expect(forged.statusCode).toBe(403);
  });

  it("shows the form to administrators alone; a clerk's post is not there (404)", async () => {
    const page = await openPage(t, url(), w.clerk.cookie);
    expect(page.html).not.toContain(marker());
    // The clerk's own CSRF token (of the sign-out form), so only the policy can refuse.
    const token = formPairs(page.html, 'action="/signout"').find(([name]) => name === "_csrf")?.[1] ?? "";
    const pairs: Pairs = [
      ["_csrf", token],
      ["kind", "board"],
      ["name", "4 号叫号屏"],
      ["compartments", ""],
    ];
    const byClerk = await post(t, url(), pairs, page.cookie);
    // Not even the form's checks answer a clerk.
    const nameless = await post(t, url(), withValue(pairs, "name", ""), page.cookie);
    expect(nameless.statusCode).toBe(404);
    expect(byClerk.statusCode, byClerk.body.slice(0, 600)).toBe(404);
    const elsewhere = await staffOf(t, "administrator", { region: "330522", line: "government_service" });
    const other = await t.app.inject({
      url: url(),
      headers: { cookie: elsewhere.cookie, accept: "text/html" },
    });
    expect(other.statusCode).toBe(404);
  });
});
