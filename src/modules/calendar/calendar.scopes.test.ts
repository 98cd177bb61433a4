/** Who may keep the working-day calendar: administrators, national years only at province level or above. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { seedRegionSlice } from "../../../test/factories.ts";
import { someone } from "../mandates/testing.ts";
import { signedInStaff, YEAR_2031 } from "./testing.ts";

let t: TestApp;
const callers: Record<string, { cookie: string } | undefined> = {};

const call = (who: string, method: "GET" | "PUT" | "POST" | "DELETE", url: string, payload?: object) =>
  t.app.inject({
    method,
    url,
    ...(callers[who] ? { headers: { cookie: callers[who].cookie } } : {}),
    ...(payload ? { payload } : {}),
  });

const override = (regionCode: string, date: string) => ({
  regionCode,
  date,
  kind: "closed",
  reason: "政务服务中心搬迁",
});

beforeAll(async () => {
  t = await createTestApp({ env: { REQUIRE_STAFF_MFA: "false", RATE_LIMIT_PER_MINUTE: "100000" } });
  await seedRegionSlice(t.platform.database.db);
  Object.assign(callers, {
    anonymous: undefined,
    person: await someone(t),
    clerk: await signedInStaff(t, "window_clerk", "330523"),
    supervisor: await signedInStaff(t, "supervisor", "33"),
    countyAdmin: await signedInStaff(t, "administrator", "330523"),
    provinceAdmin: await signedInStaff(t, "administrator", "33"),
  });
});
afterAll(() => t.close());

describe("the calendar's policy", () => {
  it("lets anyone read it", async () => {
    for (const who of Object.keys(callers)) {
      expect((await call(who, "GET", "/api/v1/calendar/years")).statusCode, who).toBe(200);
      expect((await call(who, "GET", "/api/v1/calendar/coverage")).statusCode, who).toBe(200);
      expect((await call(who, "GET", "/api/v1/calendar/overrides?region=330523")).statusCode, who).toBe(200);
    }
  });

  it("lets only an administrator of a province or the country enter a national year", async () => {
    const answers: Record<string, number> = {};
    for (const who of Object.keys(callers)) {
      answers[who] = (await call(who, "PUT", "/api/v1/calendar/years/2031", YEAR_2031)).statusCode;
    }
    expect(answers).toEqual({
      anonymous: 401,
      person: 403,
      clerk: 403,
      supervisor: 403,
      countyAdmin: 403,
      provinceAdmin: 200,
    });
  });

  it("refuses non-administrators before looking at what they sent", async () => {
    expect((await call("clerk", "PUT", "/api/v1/calendar/years/2031", { days: "x" })).statusCode).toBe(403);
    expect((await call("anonymous", "POST", "/api/v1/calendar/overrides", {})).statusCode).toBe(401);
  });

  it("lets administrators change days only within their jurisdiction", async () => {
    const answers: Record<string, number> = {};
    for (const who of Object.keys(callers)) {
      answers[who] = (
        await call(who, "POST", "/api/v1/calendar/overrides", override("330523001", "2026-07-01"))
      ).statusCode;
      if (answers[who] === 201) {
        // Taken again so the next caller meets the same situation.
        const [made] = (await call("anonymous", "GET", "/api/v1/calendar/overrides?region=330523001")).json()
          .items as { id: string }[];
        await call(who, "DELETE", `/api/v1/calendar/overrides/${made?.id}`);
      }
    }
    expect(answers).toEqual({
      anonymous: 401,
      person: 403,
      clerk: 403,
      supervisor: 403,
      countyAdmin: 201,
      provinceAdmin: 201,
    });
    const neighbour = await call(
      "countyAdmin",
      "POST",
      "/api/v1/calendar/overrides",
      override("330522", "2026-07-02"),
    );
    expect(neighbour.statusCode).toBe(403);
  });

  it("lets only an administrator over the region remove its override", async () => {
    const made = await call(
      "provinceAdmin",
      "POST",
      "/api/v1/calendar/overrides",
      override("33", "2026-07-03"),
    );
    expect(made.statusCode).toBe(201);
    const url = `/api/v1/calendar/overrides/${made.json().id}`;
    const answers: Record<string, number> = {};
    for (const who of ["anonymous", "person", "clerk", "supervisor", "countyAdmin"]) {
      answers[who] = (await call(who, "DELETE", url)).statusCode;
    }
    expect(answers).toEqual({ anonymous: 401, person: 403, clerk: 403, supervisor: 403, countyAdmin: 403 });
    expect((await call("provinceAdmin", "DELETE", url)).statusCode).toBe(204);
    expect((await call("provinceAdmin", "DELETE", url)).statusCode).toBe(404);
  });
});
