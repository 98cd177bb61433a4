// What a browser may keep of Tongban's answers (ASVS 14.3): no API answer, no page a signed-in visitor
// gets, no answer to a form, no page a capability link opens — and at every sign-out, staff or people,
// by page or API, the browser is told to drop its cache and the site's storage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookie } from "../src/modules/applicants/testing.ts";
import { open, post } from "../src/modules/applications/pages-testing.ts";
import { cookiesOf, createTestApp, type TestApp } from "./app.ts";
import { personAccount, seedRegionSlice, staffMember, TEST_PASSWORD } from "./factories.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

const CLEARED = '"cache", "storage"';

async function person(): Promise<{ cookie: string }> {
  const account = await personAccount(t.platform);
  return { cookie: await sessionCookie(t, account.email) };
}

async function staff(): Promise<{ cookie: string }> {
  const member = await staffMember(t.platform.database.db, "window_clerk", "330523");
  const session = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  expect(session.statusCode).toBe(201);
  return { cookie: `tb_session=${cookiesOf(session).tb_session}` };
}

const inject = (url: string, who?: { cookie: string }, accept = "text/html") =>
  t.app.inject({ url, headers: { accept, ...(who ? { cookie: who.cookie } : {}) } });

describe("caching", () => {
  it("lets no browser keep an API answer, public, personal or refused, unless the route chose otherwise", async () => {
    const someone = await person();
    const answers = [
      await inject("/api/v1/regions/33", undefined, "application/json"),
      await inject("/api/v1/account", someone, "application/json"),
      await inject("/api/v1/account", undefined, "application/json"),
      await t.app.inject({ method: "POST", url: "/api/v1/case-lookup", payload: { number: "x" } }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 401, 400]);
    for (const answer of answers) expect(answer.headers["cache-control"]).toBe("no-store");
    // The public keys of webhook signatures are meant to be cached a while by their receivers.
    const keys = await inject("/api/v1/webhooks/signing-keys", undefined, "application/json");
    expect(keys.headers["cache-control"]).toBe("public, max-age=300");
  });

  it("keeps no page of a signed-in visitor, staff or person, their error pages included", async () => {
    const someone = await person();
    const clerk = await staff();
    const pages = [
      await inject("/", someone),
      await inject("/account", someone),
      await inject("/no-such-page", someone),
      await inject("/me", clerk),
      await inject("/", clerk),
    ];
    expect(pages.map((p) => p.statusCode)).toEqual([200, 200, 404, 200, 200]);
    for (const page of pages) {
      expect(page.headers["content-type"]).toContain("text/html");
      expect(page.headers["cache-control"]).toBe("no-store");
    }
  });

  it("keeps no answer to a form, nor a page a link opens, without signing in", async () => {
    const { tab } = await open(t, undefined, "/cases/lookup");
    const refused = await post(t, tab, "/cases/lookup", { number: "110101199003078515", tail: "12" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="110101199003078515"');
    const forged = await post(t, tab, "/cases/lookup", { number: "1", tail: "1" }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    const shortLink = await inject("/c/0000000000");
    expect(shortLink.statusCode).toBe(404);
    const ticket = await inject(`/halls/no-such-hall/tickets/${"a".repeat(22)}`);
    expect(ticket.statusCode).toBe(404);
    for (const answer of [refused, forged, shortLink, ticket]) {
      expect(answer.headers["cache-control"]).toBe("no-store");
    }
  });

  it("lets the same page for everyone be revalidated, and assets be kept a year even when signed in", async () => {
    const home = await inject("/");
    expect(home.headers["cache-control"]).toBe("private, no-cache");
    expect((await inject("/cases/lookup")).headers["cache-control"]).toBe("private, no-cache");
    const css = /href="(\/assets\/app\.[\w-]+\.css)"/.exec(home.body)?.[1] ?? "";
    const asset = await inject(css, await person(), "text/css");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });
});

describe("sign-out", () => {
  it("tells the browser to clear its cache and storage when staff sign out, by API and by page", async () => {
    const byApi = await staff();
    const ended = await t.app.inject({ method: "DELETE", url: "/api/v1/session", headers: byApi });
    expect(ended.statusCode).toBe(204);
    expect(ended.headers["clear-site-data"]).toBe(CLEARED);
    expect((await inject("/api/v1/me", byApi, "application/json")).statusCode).toBe(401);

    const { tab } = await open(t, await staff(), "/me");
    const signedOut = await post(t, tab, "/signout", {});
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers["clear-site-data"]).toBe(CLEARED);
    expect((await inject("/api/v1/me", tab, "application/json")).statusCode).toBe(401);
  });

  it("tells the browser to clear its cache and storage when people sign out, by API and by page, even a session already over", async () => {
    const byApi = await person();
    const ended = await t.app.inject({ method: "DELETE", url: "/api/v1/account-session", headers: byApi });
    expect(ended.statusCode).toBe(204);
    expect(ended.headers["clear-site-data"]).toBe(CLEARED);
    expect((await inject("/api/v1/account", byApi, "application/json")).statusCode).toBe(401);

    const { tab } = await open(t, await person(), "/account");
    const signedOut = await post(t, tab, "/account/signout", {});
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers["clear-site-data"]).toBe(CLEARED);
    expect((await inject("/api/v1/account", tab, "application/json")).statusCode).toBe(401);
    // Pressed again from a page left open after the session ended: the browser is still told to clear.
    const again = await post(t, tab, "/account/signout", {});
    expect(again.statusCode).toBe(303);
    expect(again.headers["clear-site-data"]).toBe(CLEARED);
  });

  it("asks no other answer to clear anything", async () => {
    const someone = await person();
    const answers = [
      await inject("/", someone),
      await inject("/api/v1/account", someone, "application/json"),
      await t.app.inject({ method: "POST", url: "/api/v1/case-lookup", payload: {} }),
    ];
    for (const answer of answers) expect(answer.headers["clear-site-data"]).toBeUndefined();
  });
});
