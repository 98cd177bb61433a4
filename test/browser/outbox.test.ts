// A village agent's intake when the connection drops, in a real chromium against a real server: the
// point's pages are kept by the service worker, three intakes completed offline wait in the device's
// outbox, and once the connection returns each is sent exactly once — a fourth, replayed send of one
// of them makes no case. The page says which wait and which are sent; a sent intake leaves the device,
// and signing out leaves nothing of the agent's on it (asking first when an intake could not be sent).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importPackageCalendar } from "../../src/modules/calendar/service.ts";
import { TINY_PDF } from "../../src/modules/cases/testing.ts";
import { publishItems, sampleContent } from "../../src/modules/catalog/testing.ts";
import { USUAL_HOURS } from "../../src/modules/halls/hours.ts";
import { upsertSite } from "../../src/modules/halls/sites-store.ts";
import { createStaff } from "../../src/modules/identity/service.ts";
import type { Db } from "../../src/platform/db/database.ts";
import { department, TEST_PASSWORD } from "../factories.ts";
import { type Person, signUp } from "./accounts.ts";
import { browserSuite, closeChromium, launchSeeded, type RunningServer } from "./harness.ts";

const ITEM = "330000-SCJG-9201";
const POINT = "gucheng-point";
const VILLAGE = "330523001201";
const ADMIN = "dipu.admin.outbox";

/** The calendar, the sample food licence offered by 安吉县, 古城村's point and the township's administrator. */
async function seed(db: Db): Promise<void> {
  await importPackageCalendar(db);
  const bureau = await department(db, "330523", "market_regulation");
  await publishItems(db, [
    { code: ITEM, content: sampleContent(), offerings: [{ regionCode: "330523", departmentId: bureau }] },
  ]);
  const township = await department(db, "330523001");
  await upsertSite(db, {
    code: POINT,
    kind: "point",
    region_code: VILLAGE,
    department_id: township,
    name: "古城村便民服务站",
    hours: JSON.stringify(USUAL_HOURS),
  });
  await createStaff(db, {
    username: ADMIN,
    displayName: "递铺街道管理员",
    password: TEST_PASSWORD,
    grants: [{ departmentId: township, role: "administrator", jurisdictionCode: "330523001" }],
  });
}

/** The device's outbox as the page sees it: each intake's key and state. */
function outboxOf(page: Page): Promise<{ key: string; state: string }[]> {
  return page.evaluate(async () => {
    // Opening a database that is not there would make an empty one: look first.
    if (!(await indexedDB.databases()).some((d) => d.name === "tongban-outbox")) return [];
    const db = await new Promise<IDBDatabase>((ok, reject) => {
      const request = indexedDB.open("tongban-outbox");
      request.onsuccess = () => ok(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains("intakes")) return [];
      return await new Promise<{ key: string; state: string }[]>((ok, reject) => {
        const request = db.transaction("intakes").objectStore("intakes").getAll();
        request.onsuccess = () =>
          ok(request.result.map((i: { key: string; state: string }) => ({ key: i.key, state: i.state })));
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  });
}

/**
 * Keeps one intake, as it waits, in a database of the test's own, or puts it back into the outbox —
 * what a send whose answer was lost leaves behind.
 */
function replayCopy(page: Page, direction: "keep" | "restore"): Promise<void> {
  return page.evaluate(async (direction) => {
    const openDb = (name: string, store: string) =>
      new Promise<IDBDatabase>((ok, reject) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(store, { keyPath: "key" });
        request.onsuccess = () => ok(request.result);
        request.onerror = () => reject(request.error);
      });
    const run = <T>(db: IDBDatabase, store: string, work: (s: IDBObjectStore) => IDBRequest<T>) =>
      new Promise<T>((ok, reject) => {
        const request = work(db.transaction(store, "readwrite").objectStore(store));
        request.onsuccess = () => ok(request.result);
        request.onerror = () => reject(request.error);
      });
    const outbox = await openDb("tongban-outbox", "intakes");
    const copy = await openDb("outbox-test-copy", "copy");
    if (direction === "keep") {
      const [first] = await run<{ key: string }[]>(outbox, "intakes", (s) => s.getAll());
      if (!first) throw new Error("empty outbox");
      await run(copy, "copy", (s) => s.put(first));
    } else {
      const [kept] = await run<{ key: string }[]>(copy, "copy", (s) => s.getAll());
      if (!kept) throw new Error("no copy kept");
      await run(outbox, "intakes", (s) => s.put({ ...kept, state: "waiting" }));
    }
    outbox.close();
    copy.close();
    // The copy holds a villager's intake too: gone once it has served.
    if (direction === "restore") indexedDB.deleteDatabase("outbox-test-copy");
  }, direction);
}

/** The township's administrator names the agent at the point, through the API. */
async function nameAgent(baseUrl: string, agent: Person): Promise<void> {
  const session = await fetch(`${baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: ADMIN, password: TEST_PASSWORD }),
  });
  if (session.status !== 201) throw new Error(`sign-in: ${session.status} ${await session.text()}`);
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => c.startsWith("tb_session="))
    .join("; ");
  const added = await fetch(`${baseUrl}/api/v1/sites/${POINT}/agents`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ idNumber: agent.idNumber }),
  });
  if (added.status !== 201) throw new Error(`agent: ${added.status} ${await added.text()}`);
}

browserSuite("a village agent's intake offline", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let intakeUrl: string;
  let agent: Person;
  const failures: string[] = [];
  const pdf = join(mkdtempSync(join(tmpdir(), "tongban-outbox-")), "申请书.pdf");

  beforeAll(async () => {
    writeFileSync(pdf, TINY_PDF);
    // The seeded administrator signs in with a password alone, as in the demo.
    ({ server, browser } = await launchSeeded("tongban-outbox-", seed, { REQUIRE_STAFF_MFA: "false" }));
  }, 180_000);

  afterAll(async () => {
    await closeChromium(
      { browser },
      {
        contexts: context ? [context] : [],
        finally: async () => {
          await server?.stop();
          rmSync(resolve(pdf, ".."), { recursive: true, force: true });
        },
      },
    );
  }, 60_000);

  /** The agent's cases on the server, asked with the device's session or, once signed out, a new one. */
  async function casesOnServer(): Promise<{ number: string; applicantName: string }[]> {
    const cookies = await context.cookies(server.baseUrl);
    let cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    if (!cookies.some((c) => c.name === "tb_session")) {
      const session = await fetch(`${server.baseUrl}/api/v1/account-session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identifier: agent.email, password: TEST_PASSWORD }),
      });
      expect(session.status).toBe(201);
      cookie = session.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    }
    const response = await fetch(`${server.baseUrl}/api/v1/points/${POINT}/cases`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { number: string; applicantName: string }[] }).items;
  }

  /** One intake on the form, signature drawn on the pad, a photo of the application attached. */
  async function completeIntake(page: Page, person: Person, shop: string): Promise<void> {
    await page.locator("#principalIdNumber").fill(person.idNumber);
    await page.locator("#principalName").fill(person.name);
    const pad = await page.locator("#signature-pad").boundingBox();
    if (!pad) throw new Error("no signature pad");
    await page.mouse.move(pad.x + 20, pad.y + pad.height / 2);
    await page.mouse.down();
    await page.mouse.move(pad.x + pad.width / 2, pad.y + 20, { steps: 5 });
    await page.mouse.move(pad.x + pad.width - 20, pad.y + pad.height - 20, { steps: 5 });
    await page.mouse.up();
    await page.locator("#f-shopName").fill(shop);
    await page.locator("#f-area").fill("30");
    await page.locator("#m-application").setInputFiles(pdf);
    await page.locator("form#intake button[type=submit]").click();
    await expect.poll(() => page.locator("#intake-state").textContent()).toMatch(/等待发送|已发送/);
  }

  it("keeps three intakes made offline, sends each once when the connection returns, and a replay makes none", async () => {
    agent = await signUp(server.baseUrl, { name: "代办员小吴", addressRegionCode: VILLAGE });
    await nameAgent(server.baseUrl, agent);
    const villagers = await Promise.all(
      ["张阿婆", "李大伯", "赵阿姨"].map((name) =>
        signUp(server.baseUrl, { name, addressRegionCode: VILLAGE }),
      ),
    );

    context = await browser.newContext({ baseURL: server.baseUrl, locale: "zh-CN" });
    page = await context.newPage();
    page.on("pageerror", (error) => failures.push(error.message));
    await page.goto("/account/signin?next=/points");
    await page.locator("#identifier").fill(agent.email);
    await page.locator("#password").fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`**/points/${POINT}`),
      page.locator("main form button[type=submit]").click(),
    ]);

    // Online once: the service worker takes charge, and keeps the point's page and the intake form.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
      timeout: 20_000,
    });
    await page.reload();
    await page.goto(`/points/${POINT}/intake`);
    const href = await page.locator(`a[href^="/points/${POINT}/intake/"]`).first().getAttribute("href");
    if (!href) throw new Error("no item to take in");
    intakeUrl = href;
    await page.goto(intakeUrl);
    expect(await page.locator(".signature").isVisible()).toBe(true);

    await context.setOffline(true);
    for (const [i, person] of villagers.entries()) {
      await page.goto(intakeUrl);
      await completeIntake(page, person, `村口小吃${i + 1}`);
      expect(await page.locator("#intake-state").textContent()).toContain("等待发送");
    }
    await page.goto(`/points/${POINT}`);
    await expect.poll(() => page.locator('#outbox li[data-state="waiting"]').count()).toBe(3);
    expect(await casesOnServer()).toHaveLength(0);
    expect((await outboxOf(page)).map((i) => i.state)).toEqual(["waiting", "waiting", "waiting"]);
    await replayCopy(page, "keep");

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect
      .poll(() => page.locator('#outbox li[data-state="sent"]').count(), { timeout: 30_000 })
      .toBe(3);
    const sent = await casesOnServer();
    expect(sent.map((c) => c.applicantName).sort()).toEqual(villagers.map((v) => v.name).sort());
    // The server has them: nothing of the villagers stays on the device, not even the sent ones' fields.
    expect(await outboxOf(page)).toEqual([]);
    expect(await page.locator("#outbox li").first().textContent()).toMatch(/已发送：办件 \d+/);

    // A fourth send: one of them again, as a send whose answer was lost would be. The server knows it.
    await replayCopy(page, "restore");
    await page.reload();
    await expect
      .poll(() => page.locator('#outbox li[data-state="sent"]').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await casesOnServer()).toHaveLength(3);
    expect(await outboxOf(page)).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("leaves nothing of the agent's on the device at sign-out, asking first about an intake not sent", async () => {
    const villager = await signUp(server.baseUrl, { name: "钱奶奶", addressRegionCode: VILLAGE });
    // The connection is gone again: the intake waits on the device. (Request interception cannot stand
    // in for the lost connection: it does not see a send from a page the service worker controls.)
    await context.setOffline(true);
    await page.goto(intakeUrl);
    await completeIntake(page, villager, "村口小吃4");
    await page.goto(`/points/${POINT}`);
    await expect.poll(() => page.locator('#outbox li[data-state="waiting"]').count()).toBe(1);
    expect(await pageCaches(page)).toEqual(["tongban-points-v1"]);

    const signOut = page.locator('header form[action="/account/signout"] button');
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await signOut.click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain("还有 1 件收件未能发送");
    // Kept from signing out: still signed in, the intake still waiting.
    expect(new URL(page.url()).pathname).toBe(`/points/${POINT}`);
    expect((await outboxOf(page)).map((i) => i.state)).toEqual(["waiting"]);
    expect(await casesOnServer()).toHaveLength(3);

    // The server says Clear-Site-Data; taken off here, to show the page clears the device by itself
    // for a browser that does not honour it.
    const told: string[] = [];
    await context.route("**/account/signout", async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const { "clear-site-data": clear, ...headers } = response.headers();
      told.push(clear ?? "");
      await route.fulfill({ response, headers });
    });
    // The connection returns for signing out, but the intake still does not get through — as on a line
    // that carries a page and drops an upload. Its send fails in the page itself: request interception
    // would not see it, since the service worker stands between the page and the network.
    await page.evaluate(() => {
      const send = window.fetch.bind(window);
      window.fetch = (input, init) =>
        init?.method === "POST" ? Promise.reject(new TypeError("upload dropped")) : send(input, init);
    });
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    page.once("dialog", (dialog) => void dialog.accept());
    await Promise.all([page.waitForURL(`${server.baseUrl}/`), signOut.click()]);
    expect(await casesOnServer()).toHaveLength(3);
    expect(told).toEqual(['"cache", "storage"']);
    expect(await outboxOf(page)).toEqual([]);
    expect(await pageCaches(page)).toEqual([]);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(
      0,
    );
    expect(await page.locator('header form[action="/account/signout"]').count()).toBe(0);
    expect(failures).toEqual([]);
  });
});

/** The names of the service worker's caches, seen from the page. */
function pageCaches(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    (await globalThis.caches.keys()).filter((n) => n.startsWith("tongban-points")),
  );
}
