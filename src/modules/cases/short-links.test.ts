import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { outbox } from "../applicants/testing.ts";
import { render } from "../notify/templates.ts";
import { SHORT_TOKEN, shortToken } from "./short-links.ts";
import { applyOnline, type CaseWorld, caseTestApp, caseWorld } from "./testing.ts";

let t: TestApp;
let w: CaseWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

describe("short links for text messages", () => {
  it("gives each case a ten-character token of its number under the key, and puts it in the applicant's text", async () => {
    const { caseId, number } = await applyOnline(w);
    const row = await t.platform.database.db
      .selectFrom("cases")
      .select("short_token")
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(row.short_token).toBe(shortToken(t.platform.config.personalDataKey, number));
    expect(row.short_token).toMatch(SHORT_TOKEN);
    const submitted = (await outbox(t, w.applicant.mobile)).find((m) => m.template === "case.submitted");
    expect(submitted?.params.short).toBe(`${t.platform.config.baseUrl}/c/${row.short_token}`);
    const sms = render("sms", "case.submitted", "zh-CN", submitted?.params ?? {});
    expect(sms.text).toContain(` ${t.platform.config.baseUrl}/c/${row.short_token}`);
  });

  it("opens the progress without signing in, as the lookup shows it, in any letter case", async () => {
    const { number } = await applyOnline(w);
    const token = shortToken(t.platform.config.personalDataKey, number);
    for (const given of [token, token.toLowerCase()]) {
      const page = await t.app.inject({ method: "GET", url: `/c/${given}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(number);
      // What the lookup leaves out: the applicant's name and answers.
      expect(page.body).not.toContain(w.applicant.name);
      expect(page.body).not.toContain("小明面馆");
    }
  });

  it("answers a wrong or malformed token with the lookup form and what to do instead", async () => {
    for (const token of ["0000000000", "short", "I1LOU-<script>"]) {
      const page = await t.app.inject({ method: "GET", url: `/c/${encodeURIComponent(token)}` });
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('action="/cases/lookup"');
      expect(page.body).not.toContain("<script>");
    }
  });

  it("allows one address 10 tries a minute, then answers 429 with the lookup form and when to come back", async () => {
    const { number } = await applyOnline(w);
    const token = shortToken(t.platform.config.personalDataKey, number);
    const open = (given: string, remoteAddress: string) =>
      t.app.inject({ method: "GET", url: `/c/${given}`, headers: { accept: "text/html" }, remoteAddress });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await open(`${i}000000000`, "10.8.0.1")).statusCode);
    expect(statuses).toEqual(Array(10).fill(404));
    // Even the right token is refused now: the limit is on the address, not on wrong guesses.
    const stopped = await open(token, "10.8.0.1");
    expect(stopped.statusCode).toBe(429);
    expect(stopped.headers["retry-after"]).toBeDefined();
    expect(stopped.body).toContain('action="/cases/lookup"');
    expect(stopped.body).not.toContain(number);
    expect((await open(token, "10.8.0.2")).statusCode).toBe(200);
  });
});
