import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { ConfigError, loadConfig } from "../../platform/config.ts";
import type { Actor } from "../../platform/policy.ts";
import { signedInStaff } from "../calendar/testing.ts";
import { disableClient } from "../clients/service.ts";
import { apiClient, type TestClient } from "../clients/testing.ts";
import type { IdentityDirectory } from "./identities.ts";
import type { GovstackIdentity } from "./identities-store.ts";
import { parseMediatorClient, resolveCaller } from "./identity.ts";
import { rateLimitKey } from "./route.ts";
import { expectSpecResponse, loadSpec, SPECS, type SpecName, specProblems } from "./spec-testing.ts";
import { GOVSTACK_PROBE, type GovstackTestClient, govstackClient, mountGovstackProbes } from "./testing.ts";

/** The mediator's network in these tests; requests name their address by X-Forwarded-For (one proxy). */
const INSIDE = "192.0.2.10";
const OUTSIDE = "203.0.113.9";
const HEADER = "information-mediator-client";

let t: TestApp;
let police: string;
/** Token only, one identity, every scope. */
let tokenOnly: GovstackTestClient;
/** Via the mediator, the default, every scope. */
let mediated: GovstackTestClient;
/** Via the mediator, without application.submit. */
let noSubmit: GovstackTestClient;
/** A client with no GovStack identity. */
let unregistered: TestClient;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      SESSION_CACHE_SECONDS: "0",
      GOVSTACK_MEDIATOR_NETWORKS: "192.0.2.0/24",
      TRUST_PROXY: "true",
    },
    extend: mountGovstackProbes,
  });
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  police = await department(db, "330523", "public_security");
  tokenOnly = await govstackClient(db, police);
  mediated = await govstackClient(db, police, { viaMediator: true, mediatorDefault: true });
  noSubmit = await govstackClient(db, police, { viaMediator: true, scopes: ["registry.read"] });
  unregistered = await apiClient(db, police);
});
afterAll(() => t.close());

type Headers = Record<string, string>;
const get = (url: string, headers: Headers = {}, from = OUTSIDE) =>
  t.app.inject({ method: "GET", url, headers: { "x-forwarded-for": from, ...headers } });

/** The GovStack error body, its content type as the suites compare it. */
function expectProblem(response: Awaited<ReturnType<typeof get>>, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
  const body = response.json();
  expect(body).toMatchObject({ code, traceId: response.headers["x-request-id"] });
  expect(typeof body.message).toBe("string");
  expect(typeof body.localizedMessage).toBe("string");
  expect(body).not.toHaveProperty("type");
  return body as { code: string; message: string; localizedMessage: string; errors?: unknown[] };
}

describe("the Information-Mediator-Client header", () => {
  it.each([
    "",
    "''",
    "invalid_header",
    "eGovStack/GOV/90000009/",
    "eGovStack/GOV/90000009/a/b",
    "eGovStack/GOV /90000009/a",
    "eGovStack//90000009/a",
  ])("answers %j with 400, credentials or not (row 1)", async (value) => {
    expectProblem(
      await get(GOVSTACK_PROBE.publicHeader, { [HEADER]: value }),
      400,
      "govstack_header_malformed",
    );
    expectProblem(
      await get(GOVSTACK_PROBE.submit, { [HEADER]: value, authorization: tokenOnly.headers.authorization }),
      400,
      "govstack_header_malformed",
    );
  });

  it("takes the same value sent twice, and refuses two different ones (row 1)", async () => {
    const twice = await get(GOVSTACK_PROBE.submit, {
      ...tokenOnly.headers,
      [HEADER]: `${tokenOnly.mediatorClient}, ${tokenOnly.mediatorClient}`,
    });
    expect(twice.statusCode, twice.body).toBe(200);
    expect(twice.json()).toMatchObject({
      kind: "client",
      id: tokenOnly.id,
      identity: tokenOnly.mediatorClient,
    });
    expectProblem(
      await get(GOVSTACK_PROBE.submit, {
        ...tokenOnly.headers,
        [HEADER]: `${tokenOnly.mediatorClient}, ${mediated.mediatorClient}`,
      }),
      400,
      "govstack_header_malformed",
    );
    expect(parseMediatorClient([mediated.mediatorClient, mediated.mediatorClient])).toBe(
      mediated.mediatorClient,
    );
    expect(parseMediatorClient([mediated.mediatorClient, tokenOnly.mediatorClient])).toBeUndefined();
    expect(parseMediatorClient(undefined)).toBeNull();
  });

  it("is required where the spec declares it, when no token names the caller (row 2)", async () => {
    expectProblem(await get(GOVSTACK_PROBE.publicHeader), 400, "govstack_header_missing");
    expectProblem(await get(GOVSTACK_PROBE.submit), 400, "govstack_header_missing");
    // Even from the mediator's network with a default identity: the spec asks for the header there.
    expectProblem(await get(GOVSTACK_PROBE.submit, {}, INSIDE), 400, "govstack_header_missing");
    const withToken = await get(GOVSTACK_PROBE.submit, { authorization: tokenOnly.headers.authorization });
    expect(withToken.statusCode, withToken.body).toBe(200);
  });
});

describe("token mode", () => {
  it("answers a bad or disabled client's token with 401 and WWW-Authenticate, in the GovStack body (row 3)", async () => {
    for (const authorization of ["Bearer nonsense", `Bearer ${tokenOnly.token.slice(0, -2)}xx`]) {
      const response = await get(GOVSTACK_PROBE.submit, {
        authorization,
        [HEADER]: tokenOnly.mediatorClient,
      });
      const body = expectProblem(response, 401, "unauthenticated");
      expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
      expect(body.message).toMatch(/token/);
    }
    const gone = await govstackClient(t.platform.database.db, police);
    await disableClient(t.platform.database.db, "operator", gone.id);
    expectProblem(await get(GOVSTACK_PROBE.submit, gone.headers), 401, "unauthenticated");
  });

  it("refuses a header naming another client's identity, or none, with 403 (row 4)", async () => {
    expectProblem(
      await get(GOVSTACK_PROBE.submit, { ...tokenOnly.headers, [HEADER]: mediated.mediatorClient }),
      403,
      "govstack_identity_mismatch",
    );
    expectProblem(
      await get(GOVSTACK_PROBE.public, { ...tokenOnly.headers, [HEADER]: "eGovStack/GOV/00000000/nobody" }),
      403,
      "govstack_identity_mismatch",
    );
  });

  it("takes the client's one identity when no header is sent (row 5)", async () => {
    const response = await get(GOVSTACK_PROBE.client, { authorization: tokenOnly.headers.authorization });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      kind: "client",
      id: tokenOnly.id,
      identity: tokenOnly.mediatorClient,
      header: null,
    });
  });

  it("asks a client with several identities to name one (row 6)", async () => {
    const db = t.platform.database.db;
    const first = await govstackClient(db, police);
    const { addIdentity } = await import("./identities.ts");
    const second = "eGovStack/GOV/90000009/second-system";
    await addIdentity(db, t.platform.config, {
      clientId: first.id,
      mediatorClient: second,
      viaMediator: false,
      mediatorDefault: false,
      standInApplicants: false,
    });
    expectProblem(
      await get(GOVSTACK_PROBE.client, { authorization: first.headers.authorization }),
      400,
      "govstack_header_ambiguous",
    );
    const named = await get(GOVSTACK_PROBE.client, {
      authorization: first.headers.authorization,
      [HEADER]: second,
    });
    expect(named.json()).toMatchObject({ id: first.id, identity: second });
    // A public read needs no identity: the client is known by its token.
    const open = await get(GOVSTACK_PROBE.public, { authorization: first.headers.authorization });
    expect(open.json()).toMatchObject({ kind: "client", id: first.id, identity: null });
  });

  it("refuses a client with no identity where a client is needed, and lets it read in public (row 7)", async () => {
    expectProblem(await get(GOVSTACK_PROBE.client, unregistered.headers), 403, "govstack_not_registered");
    const open = await get(GOVSTACK_PROBE.public, unregistered.headers);
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ kind: "client", id: unregistered.id, identity: null });
  });
});

describe("mediator mode (GOVSTACK_MEDIATOR_NETWORKS)", () => {
  it("takes a via-mediator identity's header from inside the network without a token (row 8)", async () => {
    const response = await get(GOVSTACK_PROBE.submit, mediated.mediatorHeaders, INSIDE);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      kind: "client",
      id: mediated.id,
      identity: mediated.mediatorClient,
      header: mediated.mediatorClient,
    });
  });

  it("gives header-less requests from inside the network the default identity (row 8)", async () => {
    const response = await get(GOVSTACK_PROBE.client, {}, INSIDE);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: mediated.id,
      identity: mediated.mediatorClient,
      header: null,
    });
  });

  it("answers 401 from outside the network, for a token-only identity, and for an unknown header (row 9)", async () => {
    for (const [headers, from] of [
      [mediated.mediatorHeaders, OUTSIDE],
      [tokenOnly.mediatorHeaders, INSIDE],
      [{ [HEADER]: "eGovStack/GOV/00000000/nobody" }, INSIDE],
      [{}, OUTSIDE],
    ] as const) {
      const response = await get(GOVSTACK_PROBE.client, headers, from);
      expectProblem(response, 401, "govstack_unauthenticated");
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="tongban-govstack"');
    }
  });

  it("refuses a disabled client's identity even through the mediator", async () => {
    const db = t.platform.database.db;
    const gone = await govstackClient(db, police, { viaMediator: true });
    await disableClient(db, "operator", gone.id);
    expectProblem(await get(GOVSTACK_PROBE.client, gone.mediatorHeaders, INSIDE), 401, "unauthenticated");
  });

  it("lets public reads proceed anonymously when nothing resolves, an unknown header included (row 10)", async () => {
    const response = await get(GOVSTACK_PROBE.public, { [HEADER]: "eGovStack/GOV/00000000/nobody" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: "anonymous",
      id: null,
      identity: null,
      header: "eGovStack/GOV/00000000/nobody",
    });
    const mediatedRead = await get(GOVSTACK_PROBE.public, mediated.mediatorHeaders, INSIDE);
    expect(mediatedRead.json()).toMatchObject({ kind: "client", id: mediated.id });
  });

  it("refuses a client without the operation's scopes with 403, before reading the body (row 11)", async () => {
    expectProblem(await get(GOVSTACK_PROBE.submit, noSubmit.mediatorHeaders, INSIDE), 403, "forbidden");
    const response = await t.app.inject({
      method: "POST",
      url: GOVSTACK_PROBE.upload,
      headers: { "x-forwarded-for": INSIDE, ...noSubmit.mediatorHeaders, "content-type": "application/json" },
      payload: "{not json",
    });
    expectProblem(response, 403, "forbidden");
  });
});

describe("resolveCaller without mediator networks", () => {
  const identity: GovstackIdentity = {
    id: "7d1d0c53-5b0e-4a8c-9a36-3a3e1c0f4b2a",
    apiClientId: "0b6f8a3e-1c1d-4c1e-9f0a-2b3c4d5e6f70",
    mediatorClient: "eGovStack/GOV/1/x",
    viaMediator: true,
    mediatorDefault: true,
    applicants: "identified",
    standInPersonId: null,
    createdAt: new Date(),
  };
  const directory: IdentityDirectory = {
    byHeader: async (h) => (h === identity.mediatorClient ? identity : undefined),
    ofClient: async (id) => (id === identity.apiClientId ? [identity] : []),
    mediatorDefault: async () => identity,
  };
  const client: Actor = {
    kind: "client",
    id: identity.apiClientId,
    name: "x",
    departmentId: "d",
    regionCode: "330523",
    scopes: [],
  };

  it("takes no header without a token when the setting is unset, from any address", async () => {
    const deps = { identities: directory, mediatorNetworks: undefined, actorOf: async () => client };
    const spec = { caller: "client" as const, headerRequired: false };
    for (const ip of ["127.0.0.1", "192.0.2.10"]) {
      await expect(
        resolveCaller(spec, { actor: { kind: "anonymous" }, header: identity.mediatorClient, ip }, deps),
      ).rejects.toMatchObject({ code: "govstack_unauthenticated", status: 401 });
    }
    const on = { ...deps, mediatorNetworks: ["127.0.0.1/32"] };
    const resolved = await resolveCaller(
      spec,
      { actor: { kind: "anonymous" }, header: undefined, ip: "127.0.0.1" },
      on,
    );
    expect(resolved).toEqual({ actor: client, identity, header: null });
  });
});

describe("the GovStack scope", () => {
  it("never lets a staff session act: the caller is anonymous, and forms need no CSRF token", async () => {
    const staff = await signedInStaff(t, "reviewer", "330523");
    const read = await get(GOVSTACK_PROBE.public, { cookie: staff.cookie });
    expect(read.json()).toMatchObject({ kind: "anonymous", id: null });
    expectProblem(
      await get(GOVSTACK_PROBE.client, { cookie: staff.cookie }),
      401,
      "govstack_unauthenticated",
    );
    const posted = await t.app.inject({
      method: "POST",
      url: GOVSTACK_PROBE.public,
      headers: { cookie: staff.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: "a=1",
    });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toMatchObject({ kind: "anonymous", body: { a: "1" } });
  });

  it("answers unknown paths of both façades with a GovStack 404", async () => {
    for (const url of [
      "/govstack/registration/nothing",
      "/govstack/registries/data/x/1/y/read",
      GOVSTACK_PROBE.prefix,
    ]) {
      expectProblem(await get(url), 404, "route_not_found");
    }
  });

  it("answers an address refused before routing (a broken escape, an over-long id) with a GovStack body", async () => {
    expectProblem(await get("/govstack/registration/services/%ZZ"), 400, "malformed_url");
    expectProblem(await get(`/govstack/registration/tasks/${"a".repeat(200)}`), 414, "url_too_long");
  });

  it("keeps keys out of the request log", async () => {
    const key = "330523199001011234";
    await get(`/govstack/registries/data/registryname/111/${key}/delete?userId=${key}&DatabaseID=MCTS`);
    await get(
      `/govstack/registries/data/mypersonalDataUsage?userID=${key}&query.FirstName=Wang&query%5Bid%5D=${key}`,
    );
    await get(`/govstack/registration/applications?applicantId=${key}&search=${key}`);
    const urls = t.logs.filter((line) => line.msg === "request completed").map((line) => String(line.url));
    const ours = urls.filter((url) => url.startsWith("/govstack/"));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    expect(ours.filter((url) => url.includes(key) || url.includes("Wang"))).toEqual([]);
    expect(ours).toContain("/govstack/registries/data/registryname/111/…/delete?userId=…&DatabaseID=MCTS");
    expect(JSON.stringify(t.logs)).not.toContain(key);
  });

  it("keys the rate limit by the address, and by the member inside the mediator's network", () => {
    const request = (ip: string, header?: string) =>
      ({
        ip,
        headers: header ? { [HEADER]: header } : {},
        server: { platform: { config: { govstackMediatorNetworks: ["192.0.2.0/24"] } } },
      }) as never;
    expect(rateLimitKey(request(OUTSIDE, "a/b/c/d"))).toBe(OUTSIDE);
    expect(rateLimitKey(request(INSIDE, "a/b/c/d"))).toBe(`${INSIDE} a/b/c/d`);
    expect(rateLimitKey(request(INSIDE, "e/f/g/h"))).not.toBe(rateLimitKey(request(INSIDE, "a/b/c/d")));
  });

  it("refuses a malformed GOVSTACK_MEDIATOR_NETWORKS at start, naming it", () => {
    const load = (value: string) =>
      loadConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-govstack-")),
        GOVSTACK_MEDIATOR_NETWORKS: value,
      });
    expect(load("10.0.0.0/8, 2001:db8::/32").govstackMediatorNetworks).toEqual([
      "10.0.0.0/8",
      "2001:db8::/32",
    ]);
    expect(load(" ").govstackMediatorNetworks).toBeUndefined();
    for (const bad of ["security-server", "10.0.0.0/33", "10.0.0.0/8,"]) {
      expect(() => load(bad)).toThrow(ConfigError);
      expect(() => load(bad)).toThrow(/^GOVSTACK_MEDIATOR_NETWORKS must be addresses or CIDR blocks/);
    }
  });
});

describe("bodies and parameters", () => {
  const post = (url: string, type: string | undefined, payload: string, query = "") =>
    t.app.inject({
      method: "POST",
      url: `${url}${query}`,
      headers: { ...tokenOnly.headers, ...(type ? { "content-type": type } : {}) },
      payload,
    });

  it("takes JSON and nested forms alike", async () => {
    const json = await post(GOVSTACK_PROBE.echo, "application/json", '{"formData":{"data":{"name":"王芳"}}}');
    expect(json.statusCode, json.body).toBe(200);
    const form = await post(
      GOVSTACK_PROBE.echo,
      "application/x-www-form-urlencoded",
      "formData%5Bdata%5D%5Bname%5D=%E7%8E%8B%E8%8A%B3&documentUrls=a&documentUrls=b",
    );
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json().body).toEqual({ formData: { data: { name: "王芳" } }, documentUrls: ["a", "b"] });
    expect(json.json().body).toEqual({ formData: { data: { name: "王芳" } } });
  });

  it("answers a missing, empty or malformed body with 400", async () => {
    expectProblem(await post(GOVSTACK_PROBE.echo, undefined, ""), 400, "govstack_body_missing");
    expectProblem(await post(GOVSTACK_PROBE.echo, "application/json", ""), 400, "govstack_body_missing");
    expectProblem(await post(GOVSTACK_PROBE.echo, "application/json", "{}"), 400, "govstack_body_missing");
    expectProblem(await post(GOVSTACK_PROBE.echo, "application/json", "{nope"), 400, "malformed_body");
    expectProblem(await post(GOVSTACK_PROBE.echo, "application/json", "[1]"), 400, "malformed_body");
    for (const form of [
      "a=1&a%5Bb%5D=2",
      "a%5Bb%5D=1&a=2",
      "__proto__%5Bx%5D=1",
      "a%5Bb%5D%5Bc%5D%5Bd%5D%5Be%5D%5Bf%5D=1",
      "a%5Bb=1",
    ]) {
      expectProblem(
        await post(GOVSTACK_PROBE.echo, "application/x-www-form-urlencoded", form),
        400,
        "malformed_body",
      );
    }
  });

  it("answers a malformed base64 file with 400", async () => {
    const good = await post(
      GOVSTACK_PROBE.upload,
      "application/x-www-form-urlencoded",
      `file=${encodeURIComponent(Buffer.from("%PDF-1.4").toString("base64"))}`,
    );
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().fileBytes).toBe(8);
    for (const file of ["not base64!", "", "QUJD=A"]) {
      expectProblem(
        await post(
          GOVSTACK_PROBE.upload,
          "application/x-www-form-urlencoded",
          `file=${encodeURIComponent(file)}&x=1`,
        ),
        400,
        "govstack_document_invalid",
      );
    }
  });

  it("answers a content type it does not take with 415, and with 400 on an upload", async () => {
    const body = expectProblem(
      await post(GOVSTACK_PROBE.echo, "text/plain", "hello"),
      415,
      "unsupported_media_type",
    );
    expect(body.localizedMessage).toBe("不接受这种提交格式。");
    expectProblem(await post(GOVSTACK_PROBE.echo, "application/xml", "<a/>"), 415, "unsupported_media_type");
    expectProblem(await post(GOVSTACK_PROBE.upload, "text/plain", "hello"), 400, "unsupported_media_type");
  });

  it("takes a parameter repeated with one value, names any case, and refuses two values", async () => {
    const same = await post(
      GOVSTACK_PROBE.echo,
      "application/json",
      '{"a":1}',
      "?name=x&NAME=x&maxresult=5&query.FirstName=Wang&query%5Bid%5D=1",
    );
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ name: "x", max: 5, fields: { FirstName: "Wang", id: "1" } });
    const twice = expectProblem(
      await post(GOVSTACK_PROBE.echo, "application/json", '{"a":1}', "?name=x&name=y"),
      400,
      "govstack_param_repeated",
    );
    expect(twice.message).toMatch(/"name"/);
    const bad = expectProblem(
      await post(GOVSTACK_PROBE.echo, "application/json", '{"a":1}', "?maxResult=abc"),
      400,
      "validation_failed",
    );
    expect(bad.errors).toEqual([{ field: "/query/maxResult", message: "must be an integer from 1 to 100" }]);
  });

  it("says it in the caller's language", async () => {
    const zh = await t.app.inject({
      method: "GET",
      url: GOVSTACK_PROBE.publicHeader,
      headers: { "accept-language": "zh-CN", [HEADER]: "bad" },
    });
    expect(zh.json().localizedMessage).toMatch(/请求头格式不对/);
    expect(zh.json().message).toMatch(/^The Information-Mediator-Client header is malformed/);
    const en = await t.app.inject({
      method: "GET",
      url: GOVSTACK_PROBE.publicHeader,
      headers: { "accept-language": "en", [HEADER]: "bad" },
    });
    expect(en.json().localizedMessage).toMatch(/^The Information-Mediator-Client header is malformed/);
  });
});

describe("the GovStack error body against the specifications", () => {
  it("compiles every schema the four specs declare, their known defects patched", () => {
    for (const name of Object.keys(SPECS) as SpecName[]) {
      const { operations } = loadSpec(name);
      expect(operations.size, name).toBeGreaterThan(0);
      for (const [operation, { responses }] of operations) {
        for (const [status, schema] of responses) {
          if (!schema) continue;
          // An empty object is wrong for most schemas: what matters is that it compiles and answers.
          expect(Array.isArray(specProblems(name, operation, { statusCode: status, body: "{}" }))).toBe(true);
        }
      }
    }
  });

  it("answers 4xx the specs leave undeclared in the shape they declare for errors", async () => {
    const missing = await get(GOVSTACK_PROBE.publicHeader);
    expectSpecResponse("statistics", "GET /data/statistics", missing);
    expectSpecResponse("registration", "POST /documents", missing);
    expectSpecResponse("registries-database", "GET /databases", await get("/govstack/registries/databases"));
    expect(specProblems("registration", "GET /services", { statusCode: 500, body: "{}" })).toEqual([
      "answered 500: {}",
    ]);
    expect(specProblems("registration", "GET /services", { statusCode: 404, body: '{"error":"x"}' })).toEqual(
      ['answered 404 without the GovStack error body: {"error":"x"}'],
    );
    expect(() => specProblems("registration", "GET /nothing", missing)).toThrow(
      /has no operation "GET \/nothing"/,
    );
  });
});
