/**
 * The world the fuzz runs in: the demo county (regions, calendar, departments, catalogue, sites, queues,
 * 12345 requests, consultations, disclosure, staff, bundles) plus a submitted case, a draft, a licence,
 * a mandate, an organisation and a registry record, and the callers who send the requests — each a set
 * of headers.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { applyOnline, call, caseWorld } from "../../src/modules/cases/testing.ts";
import { apiClient } from "../../src/modules/clients/testing.ts";
import { seedDemoBundles } from "../../src/modules/demo/bundles.ts";
import { DEMO_PASSWORD, seedDemo } from "../../src/modules/demo/seed.ts";
import { householdRegister } from "../../src/modules/exchange/testing.ts";
import { issueSample } from "../../src/modules/licences/testing.ts";
import { day, someone } from "../../src/modules/mandates/testing.ts";
import type { Db } from "../../src/platform/db/database.ts";
import { cookiesOf, createTestApp, type TestApp } from "../app.ts";
import { creditCode, department } from "../factories.ts";
import { ROUTE_HEADER } from "./check.ts";

/** No second factor, no rate limit: the fuzz is one client sending thousands of requests. */
export const FUZZ_ENV = {
  REQUIRE_STAFF_MFA: "false",
  RATE_LIMIT_PER_MINUTE: "10000000",
  SIGNIN_PER_IP_PER_MINUTE: "10000",
};

export interface FuzzWorld {
  t: TestApp;
  /** Each caller's own headers: a session cookie, a bearer token, or nothing. */
  actors: Record<string, Record<string, string>>;
  /** Reads again the existing values of the path parameters of `path` (what earlier requests made too). */
  refresh(path: string): Promise<void>;
  known(path: string, parameter: string): readonly string[];
  /** Existing values for a body property or query parameter of that name, read once the world is made. */
  hints(name: string): readonly string[];
}

/**
 * Where the values of a path parameter come from, by the segment before it and its name: a query
 * giving text values. Parameters without a row get only generated values.
 */
const SOURCES: Record<string, string> = {
  // Staff nobody is signed in as: an administrator's request may disable or strip one, never a caller.
  "staff/{id}": "select id::text as v from staff where id not in (select staff_id from sessions)",
  "regions/{code}": "select code as v from regions where code in ('33', '3305', '330523', '330523001')",
  "departments/{id}": "select id::text as v from departments where region_code = '330523'",
  "guides/{departmentId}": "select id::text as v from departments where region_code = '330523'",
  "organisations/{id}": "select id::text as v from organisations",
  "agents/{personId}": "select id::text as v from persons",
  "mandates/{id}": "select id::text as v from mandates",
  "years/{year}": "select year::text as v from calendar_years",
  "overrides/{id}": "select id::text as v from calendar_overrides",
  "guides/{item}": "select code as v from catalog_items",
  "items/{item}": "select code as v from catalog_items",
  "versions/{version}": "select distinct version::text as v from catalog_item_versions",
  "offerings/{id}": "select id::text as v from catalog_offerings",
  "synonyms/{term}": "select term as v from catalog_synonyms",
  "cases/{case}": "select id::text as v from cases union all select number from cases",
  "cases/{number}": "select number as v from cases",
  "materials/{key}": "select material_key as v from application_materials union select 'application'",
  "tasks/{task}": "select id::text as v from case_tasks",
  "applications/{id}":
    "select id::text as v from applications union all select id::text from bundle_applications",
  "licences/{id}": "select id as v from licences",
  "shares/{shareId}": "select id::text as v from licence_shares",
  "subscriptions/{id}": "select id::text as v from webhook_subscriptions",
  "deliveries/{id}": "select id::text as v from webhook_deliveries",
  "inbox/{id}": "select id::text as v from inbox_messages",
  "api-clients/{id}": "select id::text as v from api_clients where name <> 'fuzz client'",
  "registries/{code}": "select code as v from registries",
  "data-agreements/{id}": "select id::text as v from data_agreements",
  "bundles/{code}": "select code as v from bundles",
  "sites/{code}": "select code as v from service_sites",
  "points/{code}": "select code as v from service_sites where kind <> 'hall'",
  "windows/{label}": "select label as v from hall_windows",
  "categories/{prefix}": "select prefix as v from queue_categories",
  "tickets/{id}": "select id::text as v from queue_tickets",
  "appointments/{id}": "select id::text as v from appointments",
  "ratings/{id}": "select id::text as v from ratings",
  "rectifications/{id}": "select id::text as v from rectifications",
  "{by}/{key}":
    "select id::text as v from departments where region_code = '330523' union all select code from catalog_items",
  "rating-settings/{region}": "select code as v from regions where code in ('33', '330523')",
  "consultation-settings/{regionCode}": "select code as v from regions where code in ('33', '330523')",
  "requests/{number}": "select number as v from public_requests",
  "requests/{caseId}": "select id::text as v from cases",
  "request-categories/{code}": "select code as v from request_categories",
  "request-routes/{id}": "select id::text as v from request_routes",
  "attachments/{sha256}": "select sha256 as v from consultation_attachments",
  "consultations/{id}": "select id::text as v from consultations",
  "comments/{commentId}": "select id::text as v from consultation_comments",
  "points/{pointId}": "select id::text as v from consultation_summary_points",
  "publications/{id}": "select id::text as v from disclosure_publications",
  "attachments/{attachmentId}": "select id::text as v from disclosure_attachments",
};

const DEPARTMENTS = "select id::text as v from departments where region_code = '330523'";
const REGIONS =
  "select code as v from regions where code in ('33', '3305', '330523', '330523001', '330523001201')";

/** Where the values of a body property or query parameter come from, by its name. */
const HINTS: Record<string, string> = {
  department: DEPARTMENTS,
  departmentId: DEPARTMENTS,
  consumerDepartmentId: DEPARTMENTS,
  region: REGIONS,
  regionCode: REGIONS,
  ownerRegionCode: REGIONS,
  addressRegionCode: REGIONS,
  offering: "select id::text as v from catalog_offerings",
  item: "select code as v from catalog_items",
  caseId: "select id::text as v from cases",
  caseNumber: "select number as v from cases",
  personId: "select id::text as v from persons",
  actorId: "select id::text as v from staff",
  organisation: "select id::text as v from organisations",
  licenceId: "select id as v from licences",
  registry: "select code as v from registries",
  agreementId: "select id::text as v from data_agreements",
  site: "select code as v from service_sites",
  slot: "select id::text as v from appointment_slots",
  categoryCode: "select code as v from request_categories",
};

/** At most this many values per parameter: enough to vary, few enough that each is hit often. */
const LIMIT = 12;

const sourceKey = (segments: string[], i: number) => `${segments[i - 1]}/${segments[i]}`;

/** The world on a database of its own (PGlite, or TEST_DATABASE_URL's server), its callers signed in. */
export async function buildFuzzWorld(): Promise<FuzzWorld> {
  const t = await createTestApp({ env: FUZZ_ENV, extend: nameTheRoute });
  const db = t.platform.database.db;
  await seedDemo(db);
  await seedDemoBundles(t.platform);
  const w = await caseWorld(t);
  await applyOnline(w);
  // A draft beside the submitted case, for the routes that edit one.
  made(await call(t, w.applicant, "POST", "/api/v1/applications", { offering: w.offeringId }));
  const agent = await someone(t, { name: "李四" });
  made(
    await call(t, w.applicant, "POST", "/api/v1/mandates", {
      agent: agent.idNumber,
      agentName: agent.name,
      validUntil: day(30),
    }),
  );
  made(
    await call(t, w.applicant, "POST", "/api/v1/organisations", {
      kind: "enterprise",
      name: "安吉测试茶叶有限公司",
      creditCode: creditCode(),
      regionCode: "330523",
    }),
  );
  await issueSample(t, {
    kind: "person",
    id: w.applicant.id,
    name: w.applicant.name,
    identifierMasked: "3305**********0012",
  });
  const publishRecord = await householdRegister(t);
  await publishRecord(w.applicant.idNumber, {
    name: w.applicant.name,
    birthDate: "1990-01-01",
    householdAddress: "安吉县递铺街道古城村",
    householdRegion: "330523001201",
  });
  const serviceCentre = await department(db, "330523", "government_service");
  const client = await apiClient(db, serviceCentre, undefined, "fuzz client");
  // A second client the fuzz may rotate and disable; the fuzz's own client is kept out of its reach.
  await apiClient(db, serviceCentre, undefined, "client to rotate");

  const actors: Record<string, Record<string, string>> = {
    anonymous: {},
    applicant: { cookie: w.applicant.cookie },
    agent: { cookie: agent.cookie },
    clerk: { cookie: w.clerk.cookie },
    reviewer: { cookie: w.reviewer.cookie },
    approver: { cookie: w.approver.cookie },
    client: client.headers,
  };
  for (const [name, username] of [
    ["admin", "anji.admin"],
    ["supervisor", "anji.supervisor"],
    ["catalogManager", "zj.catalog"],
  ] as const) {
    actors[name] = { cookie: await staffCookie(t, username) };
  }

  const read = valuesOf(db);
  const hints = await hintsOf(read, HINTS);
  const values = new Map<string, string[]>();
  return {
    t,
    actors,
    known: (path, parameter) => {
      const segments = path.split("/");
      const i = segments.indexOf(`{${parameter}}`);
      return values.get(sourceKey(segments, i)) ?? [];
    },
    hints: (name) => hints.get(name) ?? [],
    refresh: async (path) => {
      const segments = path.split("/");
      for (let i = 1; i < segments.length; i++) {
        const query = SOURCES[sourceKey(segments, i)];
        if (query) values.set(sourceKey(segments, i), await read(query));
      }
    },
  };
}

/** Up to LIMIT existing values a query's `v` column gives. */
export function valuesOf(db: Db): (query: string) => Promise<string[]> {
  return async (query) =>
    (
      await sql<{ v: string }>`select v from (${sql.raw(query)}) s order by v limit ${LIMIT}`.execute(db)
    ).rows.map((row) => row.v);
}

/** The hints by name, read once the world is made. */
export async function hintsOf(
  read: (query: string) => Promise<string[]>,
  queries: Record<string, string>,
): Promise<Map<string, string[]>> {
  const hints = new Map<string, string[]>();
  for (const [name, query] of Object.entries(queries)) hints.set(name, await read(query));
  return hints;
}

function made(response: { statusCode: number; body: string }): void {
  if (response.statusCode >= 300)
    throw new Error(`seeding the fuzz world: ${response.statusCode} ${response.body}`);
}

/** Tells the checker which route answered: an empty or dot segment can land a request on another one. */
export function nameTheRoute(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply) => {
    reply.header(ROUTE_HEADER, `${request.method} ${request.routeOptions.url ?? ""}`);
  });
}

async function staffCookie(t: TestApp, username: string): Promise<string> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password: DEMO_PASSWORD },
  });
  if (response.statusCode !== 201)
    throw new Error(`sign-in of ${username}: ${response.statusCode} ${response.body}`);
  return `tb_session=${cookiesOf(response).tb_session}`;
}
