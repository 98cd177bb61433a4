import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { caseTestApp } from "../cases/testing.ts";
import { apiClient } from "../clients/testing.ts";
import { freshAddress, type RequestsWorld, requestsWorld, VILLAGE } from "./testing.ts";

let t: TestApp;
let w: RequestsWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await requestsWorld(t);
});
afterAll(async () => {
  await t.close();
});

const get = (url: string) => t.app.inject({ method: "GET", url });
/** A form post as an Open311 client sends it: urlencoded, no session, no CSRF token. */
const post = (url: string, form: Record<string, string>, remoteAddress = freshAddress()) =>
  t.app.inject({
    method: "POST",
    url,
    remoteAddress,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(form).toString(),
  });

const noise = {
  service_code: "noise",
  description: "夜间施工噪音，王五电话13800138000",
  "attribute[region_code]": VILLAGE,
  first_name: "五",
  last_name: "王",
  phone: "13800138000",
  lat: "30.63",
  long: "119.68",
};

describe("Open311 GeoReport v2", () => {
  it("answers discovery, services and a service's definition in JSON and XML", async () => {
    const discovery = await get("/open311/v2/discovery.json");
    expect(discovery.json().endpoints[0].specification).toBe("http://wiki.open311.org/GeoReport_v2");
    const services = (await get("/open311/v2/services.json")).json() as { service_code: string }[];
    expect(services.map((s) => s.service_code)).toEqual(expect.arrayContaining(["noise", "food-safety"]));
    const xml = await get("/open311/v2/services.xml");
    expect(xml.headers["content-type"]).toContain("text/xml");
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>/);
    const definition = await get("/open311/v2/services/noise.xml");
    expect(definition.body).toContain(
      "<service_definition><service_code>noise</service_code><attributes><attribute>",
    );
    expect(definition.body).toContain("<values><value><key>phone</key>");
  });

  it("files a form post, then finds it by id, by token and in the list, with personal data masked", async () => {
    const created = await post("/open311/v2/requests.json", noise);
    expect(created.statusCode, created.body).toBe(201);
    const [first] = created.json() as { service_request_id: string; token: string }[];
    expect(first?.service_request_id).toMatch(/^\d{16}$/);
    const byToken = (await get(`/open311/v2/tokens/${first?.token}.json`)).json();
    expect(byToken[0].service_request_id).toBe(first?.service_request_id);
    const [one] = (await get(`/open311/v2/requests/${first?.service_request_id}.json`)).json();
    expect(one.status).toBe("open");
    expect(one.service_code).toBe("noise");
    expect(one.description).not.toContain("13800138000");
    expect(one.description).not.toContain("王五");
    expect(one.lat).toBe(30.63);
    const xml = await get(`/open311/v2/requests/${first?.service_request_id}.xml`);
    expect(xml.body).toContain(
      `<service_requests><request><service_request_id>${first?.service_request_id}</service_request_id><status>open</status>`,
    );
  });

  it("lists by date range and status, newest first, ids filter taking precedence", async () => {
    const a = (await post("/open311/v2/requests.json", noise)).json()[0].service_request_id as string;
    const b = (await post("/open311/v2/requests.json", noise)).json()[0].service_request_id as string;
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() + 60_000).toISOString();
    const open = (
      await get(
        `/open311/v2/requests.json?start_date=${start}&end_date=${end}&status=open&service_code=noise`,
      )
    ).json() as {
      service_request_id: string;
      requested_datetime: string;
    }[];
    expect(open.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([a, b]));
    const times = open.map((r) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(
      (await get(`/open311/v2/requests.json?start_date=${start}&end_date=${end}&status=closed`)).json(),
    ).toEqual([]);
    const both = (await get(`/open311/v2/requests.json?service_request_id=${a},${b}`)).json() as unknown[];
    expect(both).toHaveLength(2);
  });

  it("takes anonymous posts only where the service allows, and a valid api_key names the client", async () => {
    const refused = await post("/open311/v2/requests.json", {
      service_code: "noise",
      description: "夜间施工噪音很大",
      "attribute[region_code]": VILLAGE,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()[0].code).toBe(422);
    const anonymous = await post("/open311/v2/requests.json", {
      service_code: "food-safety",
      description: "超市出售过期食品",
      "attribute[region_code]": VILLAGE,
      "attribute[anonymous]": "true",
    });
    expect(anonymous.statusCode).toBe(201);
    // A report's text is never published.
    const [listed] = (
      await get(`/open311/v2/requests/${anonymous.json()[0].service_request_id}.json`)
    ).json();
    expect(listed.description).toBe("");
    const client = await apiClient(t.platform.database.db, w.dispatcherId, ["registry.read"]);
    const withKey = await post("/open311/v2/requests.xml", { ...noise, api_key: client.token });
    expect(withKey.statusCode).toBe(201);
    expect(withKey.body).toContain("<service_requests><request><service_request_id>");
    const row = await t.platform.database.db
      .selectFrom("public_requests")
      .select(["client_id", "channel"])
      .where("number", "=", /<service_request_id>(\d+)</.exec(withKey.body)?.[1] ?? "")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ client_id: client.id, channel: "open311" });
    const badKey = await post("/open311/v2/requests.json", { ...noise, api_key: "tbc_nope" });
    expect(badKey.statusCode).toBe(403);
  });

  it("answers bad input with the standard error list and status", async () => {
    const missing = await post("/open311/v2/requests.json", { description: "没有类别" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual([
      { code: 400, description: expect.stringContaining("service_code is required") },
    ]);
    const unknown = await post("/open311/v2/requests.xml", { ...noise, service_code: "potholes" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatch(/<errors><error><code>400<\/code><description>service_code potholes/);
    expect((await get("/open311/v2/services/potholes.json")).statusCode).toBe(404);
    const suffix = await get("/open311/v2/services.html");
    expect(suffix.statusCode).toBe(400);
    expect(suffix.json()[0].description).toContain(".json or .xml");
    const date = await get("/open311/v2/requests.json?start_date=yesterday");
    expect(date.statusCode).toBe(400);
    expect(date.json()[0].description).toContain("start_date must be an ISO 8601");
    const reversed = await get(
      "/open311/v2/requests.json?start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z",
    );
    expect(reversed.statusCode).toBe(400);
    expect((await get("/open311/v2/requests.json?status=pending")).statusCode).toBe(400);
    const fields = await post("/open311/v2/requests.json", {
      ...noise,
      description: "短",
      "attribute[region_code]": "123",
      lat: "95",
    });
    expect(fields.statusCode).toBe(400);
    const notFound = await get("/open311/v2/requests/0000000000000000.json");
    expect(notFound.statusCode).toBe(404);
    expect((await get("/open311/v2/nothing.json")).json()[0].code).toBe(404);
  });

  it("lists every bad field of a post at once", async () => {
    const fields = await post("/open311/v2/requests.json", {
      ...noise,
      description: "短",
      "attribute[region_code]": "123",
      email: "nope",
    });
    expect(fields.statusCode).toBe(400);
    const words = (fields.json() as { description: string }[]).map((e) => e.description.split(" ")[0]).sort();
    expect(words).toEqual(["attribute[region_code]", "description", "email"]);
  });

  it("limits a flood from one client with a 429 in the spec's format", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await post("/open311/v2/requests.json", noise, "10.77.0.1")).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
    const last = await post("/open311/v2/requests.json", noise, "10.77.0.1");
    expect(last.json()[0].code).toBe(429);
    expect(Number(last.headers["retry-after"])).toBeGreaterThan(0);
  });
});
