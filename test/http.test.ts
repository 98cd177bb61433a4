import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "./app.ts";
import { seedRegionSlice } from "./factories.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    extend: (app) => {
      app.get("/api/v1/test/boom", { config: { policy: "public" } }, async () => {
        throw new Error("secret table name: staff_passwords");
      });
      app.get("/test/boom", { config: { policy: "public" } }, async () => {
        throw new Error("secret table name: staff_passwords");
      });
    },
  });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

describe("operations endpoints", () => {
  it("answers /healthz and /readyz", async () => {
    expect((await t.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await t.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", checks: { database: "ok", jobs: "ok" } });
  });

  it("serves Prometheus metrics, with request latency by route pattern", async () => {
    await t.app.inject("/api/v1/regions/33");
    const metrics = await t.app.inject("/metrics");
    expect(metrics.headers["content-type"]).toContain("text/plain");
    expect(metrics.body).toContain("tongban_process_cpu_seconds_total");
    expect(metrics.body).toMatch(
      /tongban_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/regions\/:code",status="200"\} \d+/,
    );
  });

  it("keeps /metrics to the bearer of METRICS_TOKEN when one is set", async () => {
    const token = "metrics-token-of-forty-characters-0123456";
    const guarded = await createTestApp({ env: { METRICS_TOKEN: token } });
    try {
      const without = await guarded.app.inject("/metrics");
      expect(without.statusCode).toBe(401);
      expect(without.headers["www-authenticate"]).toContain("Bearer");
      const wrong = await guarded.app.inject({
        url: "/metrics",
        headers: { authorization: `Bearer ${token}x` },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await guarded.app.inject({
        url: "/metrics",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain("tongban_process_cpu_seconds_total");
    } finally {
      await guarded.close();
    }
  });

  it("publishes an OpenAPI 3.1 document and its reader", async () => {
    const spec = (await t.app.inject("/openapi.json")).json();
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(["/api/v1/regions/{code}/children", "/api/v1/session", "/api/v1/departments"]),
    );
    const docs = await t.app.inject("/docs/");
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("swagger");
  });
});

describe("errors", () => {
  it("answers an unknown API route with problem+json 404", async () => {
    const response = await t.app.inject("/api/v1/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({
      status: 404,
      code: "route_not_found",
      requestId: response.headers["x-request-id"],
    });
  });

  it("answers an unknown page with a friendly page in the reader's language", async () => {
    const response = await t.app.inject({ url: "/no-such-page", headers: { accept: "text/html" } });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("text/html");
    expect(response.body).toContain("没有找到这个页面");
    const english = await t.app.inject({
      url: "/no-such-page",
      headers: { accept: "text/html", cookie: "tb_lang=en" },
    });
    expect(english.body).toContain("This page was not found");
  });

  it("answers malformed JSON with 400", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      headers: { "content-type": "application/json" },
      payload: '{"username": "a",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("malformed_body");
  });

  it("lists every bad field at once", async () => {
    const response = await t.app.inject({ method: "POST", url: "/api/v1/session", payload: { extra: 1 } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe("validation_failed");
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "/extra",
      "/password",
      "/username",
    ]);
  });

  it("reports bad query and path parameters by where they are", async () => {
    const search = await t.app.inject("/api/v1/regions/search?q=&limit=1000");
    expect(search.statusCode).toBe(400);
    expect(
      search
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["/querystring/limit", "/querystring/q"]);
    const path = await t.app.inject("/api/v1/regions/33x");
    expect(path.json().errors[0].field).toBe("/params/code");
  });

  it("never shows internals in a 5xx, and logs them with the request id", async () => {
    const api = await t.app.inject("/api/v1/test/boom");
    expect(api.statusCode).toBe(500);
    expect(api.body).not.toContain("staff_passwords");
    expect(api.json().code).toBe("internal");
    const page = await t.app.inject({ url: "/test/boom", headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(500);
    expect(page.body).not.toContain("staff_passwords");
    expect(page.body).toContain(page.headers["x-request-id"] as string);
    const logged = t.logs.find((line) => line.requestId === api.headers["x-request-id"] && line.level === 50);
    expect(JSON.stringify(logged)).toContain("staff_passwords");
  });
});

describe("request ids and logs", () => {
  it("keeps a sane incoming request id and puts it on every log line of the request", async () => {
    const response = await t.app.inject({
      url: "/api/v1/regions/33",
      headers: { "x-request-id": "trace-abc-12345" },
    });
    expect(response.headers["x-request-id"]).toBe("trace-abc-12345");
    const lines = t.logs.filter((line) => line.requestId === "trace-abc-12345");
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "request completed",
        method: "GET",
        url: "/api/v1/regions/33",
        ip: "127.0.0.1",
        status: 200,
      }),
    ]);
    const failed = await t.app.inject({
      url: "/api/v1/regions/990000",
      headers: { "x-request-id": "trace-404-12345" },
    });
    expect(failed.statusCode).toBe(404);
    const failedLines = t.logs.filter((line) => line.requestId === "trace-404-12345");
    expect(failedLines.map((l) => l.msg)).toEqual(["The region was not found", "request completed"]);
    const made = await t.app.inject({ url: "/healthz", headers: { "x-request-id": "bad id\nwith newline" } });
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("never logs cookies", async () => {
    await t.app.inject({ url: "/api/v1/regions/33", headers: { cookie: "tb_session=sekrit-cookie-value" } });
    expect(JSON.stringify(t.logs)).not.toContain("sekrit-cookie-value");
  });
});

describe("security headers and forms", () => {
  it("sends a CSP without unsafe-inline", async () => {
    const response = await t.app.inject("/");
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("refuses a form post without its CSRF token", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/signin",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      payload: "username=a&password=b",
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("页面已过期");
  });

  it("serves assets under hashed names with a year of caching, compressed", async () => {
    const home = await t.app.inject("/");
    const css = /href="(\/assets\/app\.[\w-]+\.css)"/.exec(home.body)?.[1];
    expect(css).toBeDefined();
    const asset = await t.app.inject({ url: css as string, headers: { "accept-encoding": "gzip" } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(asset.headers["content-encoding"]).toBe("gzip");
    expect((await t.app.inject("/assets/app.0000000000.css")).statusCode).toBe(404);
  });

  it("compresses pages for slow links", async () => {
    const page = await t.app.inject({ url: "/regions/33", headers: { "accept-encoding": "br, gzip" } });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br");
  });
});

describe("language and elderly mode", () => {
  it("switches language, remembers it, and comes back to the page", async () => {
    const response = await t.app.inject("/preferences/lang?to=en&back=%2Fregions");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/regions");
    const cookies = cookiesOf(response);
    expect(cookies.tb_lang).toBe("en");
    const page = await t.app.inject({ url: "/regions", headers: { cookie: "tb_lang=en" } });
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain("Administrative divisions");
    expect((await t.app.inject("/regions")).body).toContain('<html lang="zh-CN"');
  });

  it("follows Accept-Language until the visitor chooses", async () => {
    const english = await t.app.inject({ url: "/", headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(english.body).toContain('<html lang="en"');
    const chosen = await t.app.inject({
      url: "/",
      headers: { "accept-language": "en-US", cookie: "tb_lang=zh-CN" },
    });
    expect(chosen.body).toContain('<html lang="zh-CN"');
  });

  it("switches to elderly mode and back", async () => {
    const response = await t.app.inject("/preferences/mode?to=elder&back=%2F");
    expect(cookiesOf(response).tb_mode).toBe("elder");
    expect((await t.app.inject({ url: "/", headers: { cookie: "tb_mode=elder" } })).body).toContain(
      'class="elder"',
    );
    expect((await t.app.inject({ url: "/", headers: { cookie: "tb_mode=standard" } })).body).not.toContain(
      'class="elder"',
    );
  });

  it("never redirects to another site, nor splits the header with a line break", async () => {
    for (const back of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\nenv;",
      "/x\r\nA: b",
    ]) {
      const response = await t.app.inject(`/preferences/lang?to=en&back=${encodeURIComponent(back)}`);
      expect(response.headers.location).toBe("/");
    }
  });

  it("refuses an unknown language or mode", async () => {
    expect((await t.app.inject("/preferences/lang?to=fr")).statusCode).toBe(400);
    expect((await t.app.inject("/preferences/mode?to=tiny")).statusCode).toBe(400);
  });
});
