// The pages of the last mile's three journeys — an applicant's, a hall's and a service point's — on a
// real server with the demo loaded, and the sessions that open them. The browser test
// (test/browser/last-mile.test.ts) and the benchmark (bench/pages.ts) both measure this one list.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { shortToken } from "../src/modules/cases/short-links.ts";

export const DEMO_PASSWORD = "Bamboo-demo-2026";
export const HALL = "anji-hall";
/** 鲁家村: the demo applicant's village, with a service point of its own. */
export const VILLAGE = "330523001211";
/** The food business licence the demo applicant has applied for twice, prefilled from those cases. */
export const FOOD_LICENCE = "330000-SCJG-0003";
/** The demo guide that weighs most as a page (most materials and the longest texts), from a village. */
export const BIGGEST_GUIDE = "330000-SCJG-0001";
/** A township item: its "Help me" names the village's service point and the county hall. */
export const TOWNSHIP_GUIDE = "330000-NYNC-0001";

/** 李秀英, the demo's agent (代办员) at 鲁家村's service point: a person's account. */
const AGENT = { email: "li.xiuying@example.cn", point: "lujia-point" };

export type Journey = "applicant" | "hall" | "point";
/** Whose session opens a page: nobody's, the demo applicant's (王小明), the county clerk's, the agent's. */
export type Who = "anyone" | "applicant" | "clerk" | "agent";

export interface JourneyPage {
  journey: Journey;
  name: string;
  path: string;
  who: Who;
}

/** A running server: where it answers, and its DATA_DIR (where the short links' key is kept). */
export interface Served {
  baseUrl: string;
  dataDir: string;
}

export interface Journeys {
  pages: JourneyPage[];
  /** Each session's cookies, for browser.newContext({ storageState }). */
  sessions: Record<Who, StorageState>;
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Does something that navigates and waits for the page it leads to. */
export async function arrive(page: Page, act: () => Promise<unknown>): Promise<void> {
  const loaded = page.waitForEvent("load");
  await act();
  await loaded;
}

/**
 * Signs in through the forms, opens the hall around the clock (so a ticket can be taken whenever the
 * test runs), starts a draft, takes a ticket and books an appointment: everything the journeys' pages
 * need to show something. Without JavaScript, as the least capable phone would.
 */
export async function prepareJourneys(browser: Browser, served: Served): Promise<Journeys> {
  await openAroundTheClock(served.baseUrl);
  const context = () =>
    browser.newContext({ baseURL: served.baseUrl, javaScriptEnabled: false, locale: "zh-CN" });
  const applicantContext = await context();
  const clerkContext = await context();
  try {
    const p = await applicantContext.newPage();
    await p.goto("/account/signin");
    await p.locator("#identifier").fill("wang.xiaoming@example.cn");
    await p.locator("#password").fill(DEMO_PASSWORD);
    await arrive(p, () => p.locator("main form button[type=submit]").click());

    await p.goto(`/services/${FOOD_LICENCE}/apply`);
    const start = new URL(p.url()).pathname;
    await arrive(p, () => p.locator("main form button[type=submit]").first().click());
    const draft = new URL(p.url()).pathname.replace(/\/pages\/1$/, "");
    // The answers come prefilled from the earlier cases: saving each page carries the draft to its
    // materials, so the check page has a whole form to show.
    for (const _ of [1, 2])
      await arrive(p, () => p.locator('main button[name="_action"][value="next"]').click());

    await p.goto("/applications");
    const caseHref = await p.locator('main a[href^="/cases/"]').first().getAttribute("href");
    const caseNumber = caseHref?.split("/")[2];
    if (!caseNumber) throw new Error("The demo applicant has no case: is the demo loaded?");

    await p.goto(`/halls/${HALL}/ticket`);
    await arrive(p, () => p.locator("main ul.categories button").first().click());
    const ticket = new URL(p.url()).pathname;
    if (!ticket.includes("/tickets/"))
      throw new Error(`No ticket taken: ${await p.locator("main").textContent()}`);

    await p.goto(`/halls/${HALL}/appointments`);
    await arrive(p, () => p.locator("main form.inline button").first().click());

    const clerk = await clerkContext.newPage();
    await clerk.goto("/signin");
    await clerk.locator("#username").fill("anji.clerk");
    await clerk.locator("#password").fill(DEMO_PASSWORD);
    await arrive(clerk, () => clerk.locator("main form button[type=submit]").click());
    if (new URL(clerk.url()).pathname !== "/me") throw new Error("The clerk could not sign in");

    const token = shortToken(shortLinkKey(served.dataDir), caseNumber);
    const pages: JourneyPage[] = [
      { journey: "applicant", name: "home", path: "/", who: "anyone" },
      { journey: "applicant", name: "service list", path: "/services", who: "anyone" },
      {
        journey: "applicant",
        name: "guide (the biggest)",
        path: `/services/${BIGGEST_GUIDE}?near=${VILLAGE}`,
        who: "anyone",
      },
      { journey: "applicant", name: "sign-in", path: "/account/signin", who: "anyone" },
      { journey: "applicant", name: "apply: start", path: start, who: "applicant" },
      { journey: "applicant", name: "apply: form", path: `${draft}/pages/1`, who: "applicant" },
      { journey: "applicant", name: "apply: materials", path: `${draft}/materials`, who: "applicant" },
      { journey: "applicant", name: "apply: check", path: `${draft}/check`, who: "applicant" },
      { journey: "applicant", name: "my applications", path: "/applications", who: "applicant" },
      { journey: "applicant", name: "a case's progress", path: `/cases/${caseNumber}`, who: "applicant" },
      { journey: "applicant", name: "progress lookup", path: "/cases/lookup", who: "anyone" },
      { journey: "applicant", name: "short link", path: `/c/${token}`, who: "anyone" },
      { journey: "applicant", name: "wallet", path: "/wallet", who: "applicant" },
      { journey: "hall", name: "kiosk", path: `/halls/${HALL}/kiosk`, who: "anyone" },
      { journey: "hall", name: "phone ticket", path: `/halls/${HALL}/ticket`, who: "applicant" },
      { journey: "hall", name: "a ticket", path: ticket, who: "applicant" },
      { journey: "hall", name: "display board", path: `/halls/${HALL}/board`, who: "anyone" },
      { journey: "hall", name: "booking", path: `/halls/${HALL}/appointments`, who: "applicant" },
      { journey: "hall", name: "my appointments", path: "/appointments", who: "applicant" },
      { journey: "hall", name: "window console", path: `/work/halls/${HALL}/windows/1`, who: "clerk" },
      { journey: "hall", name: "window intake", path: "/work/intake", who: "clerk" },
      {
        journey: "point",
        name: "guide's Help me",
        path: `/services/${TOWNSHIP_GUIDE}?near=${VILLAGE}`,
        who: "anyone",
      },
    ];
    const agent = await agentPages(browser, served.baseUrl);
    pages.push(...agent.pages);
    const sessions: Record<Who, StorageState> = {
      anyone: { cookies: [], origins: [] },
      applicant: await applicantContext.storageState(),
      clerk: await clerkContext.storageState(),
      agent: agent.session,
    };
    return { pages, sessions };
  } finally {
    await applicantContext.close();
    await clerkContext.close();
  }
}

/** The agent's pages at the village's point: signed in through the form, then the intake of an item. */
async function agentPages(
  browser: Browser,
  baseUrl: string,
): Promise<{ session: StorageState; pages: JourneyPage[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false, locale: "zh-CN" });
  try {
    const p = await context.newPage();
    await p.goto("/account/signin");
    await p.locator("#identifier").fill(AGENT.email);
    await p.locator("#password").fill(DEMO_PASSWORD);
    await arrive(p, () => p.locator("main form button[type=submit]").click());
    const point = `/points/${AGENT.point}`;
    await p.goto(`${point}/intake`);
    const intake = await p.locator(`main a[href^="${point}/intake/"]`).first().getAttribute("href");
    if (!intake) throw new Error(`${point}/intake offers nothing to apply for`);
    const page = (name: string, path: string): JourneyPage => ({
      journey: "point",
      name,
      path,
      who: "agent",
    });
    return {
      session: await context.storageState(),
      pages: [
        page("agent: my points", "/points"),
        page("agent: the point", point),
        page("agent: choose an item", `${point}/intake`),
        page("agent: intake", intake),
      ],
    };
  } finally {
    await context.close();
  }
}

/** The key short links are made under: the environment's, or the one the server kept in DATA_DIR. */
function shortLinkKey(dataDir: string): Buffer {
  const given = process.env.PERSONAL_DATA_KEY?.trim();
  return Buffer.from(given || readFileSync(join(dataDir, "personal-data-key"), "utf8").trim(), "base64");
}

/**
 * The demo hall keeps office hours; these checks run at any hour. Its administrator gives it hours
 * from 00:00 to 23:59 on every day, through the sites API.
 */
async function openAroundTheClock(baseUrl: string): Promise<void> {
  const signedIn = await fetch(`${baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "anji.admin", password: DEMO_PASSWORD }),
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("tb_session="));
  if (!signedIn.ok || !cookie) throw new Error(`anji.admin could not sign in: ${signedIn.status}`);
  const site = (await (await fetch(`${baseUrl}/api/v1/sites/${HALL}`)).json()) as Record<string, unknown>;
  const allDay = [["00:00", "24:00"]];
  const saved = await fetch(`${baseUrl}/api/v1/sites/${HALL}`, {
    method: "PUT",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({
      kind: site.kind,
      regionCode: site.regionCode,
      departmentId: site.departmentId,
      name: site.name,
      nameEn: site.nameEn,
      address: site.address,
      phone: site.phone,
      hours: { working: allDay, rest: allDay },
      open: true,
    }),
  });
  if (!saved.ok) throw new Error(`The hall's hours were not saved: ${saved.status} ${await saved.text()}`);
}
