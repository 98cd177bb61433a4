/**
 * The policy matrix: every operation of /openapi.json, asked by each of eight callers, must answer as
 * the table below says — so that nothing of someone else's (an account, an organisation, a mandate, a
 * staff member, the audit trail) can be read or changed by guessing an id. An operation without a row
 * fails the test: a new route is added here together with the answers it must give.
 *
 * Requests aimed at one resource name resources that belong to applicant A (or to the county clerk), so
 * "404" for everyone else means the resource is as invisible to them as one that does not exist.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { publishItems, sampleContent } from "../src/modules/catalog/testing.ts";
import { day, type Someone, someone } from "../src/modules/mandates/testing.ts";
import { provinceId, provinceOf } from "../src/platform/db/distribution.ts";
import type { Actor } from "../src/platform/policy.ts";
import { cookiesOf, createTestApp, type TestApp } from "./app.ts";
import {
  creditCode,
  department as lineDepartment,
  seedRegionSlice,
  staffMember,
  TEST_PASSWORD,
} from "./factories.ts";

const CALLERS = [
  "anonymous",
  "applicantA",
  "applicantB",
  "agentWithoutMandate",
  "agentWithMandate",
  "clerkOfAnotherCounty",
  "clerkOfTheCounty",
  "provinceSupervisor",
] as const;
type Caller = (typeof CALLERS)[number];

/** "ok": any 2xx. "same": a public operation, answered alike whoever asks (and never 403 or 404). */
type Outcome = "ok" | "same" | 400 | 401 | 403 | 404 | 409;

type Request = Omit<InjectOptions, "headers"> & { url: string; headers?: Record<string, string> };

interface Row {
  /** The request to send as this caller; made afresh per caller when it changes what it touches. */
  request: (caller: Caller) => Request | Promise<Request>;
  expect: Outcome | (Partial<Record<Caller, Outcome>> & { others: Outcome });
}

let t: TestApp;
const cookies: Partial<Record<Caller, string>> = {};
let A: Someone;
let M: Someone;
let countyClerkId: string;
let countyDepartmentId: string;
let organisationOfA: string;
/** Made an agent of A's organisation at the start, for the revocation row. */
let revocable: Someone;
let mandateAtoM: string;
/** A published item in its second version, offered by the county. */
let itemCode: string;
let offeringId: string;

const json = (response: LightMyRequestResponse) => response.json() as Record<string, unknown>;

async function staffCookie(role: "window_clerk" | "supervisor", jurisdiction: string) {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(201);
  return { id: member.id, cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

async function as(who: Someone, method: "POST" | "DELETE", url: string, payload?: object) {
  const response = await t.app.inject({ method, url, headers: { cookie: who.cookie }, payload });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response;
}

/** A mandate from A to M for every service, valid for a month. */
async function grantAtoM(): Promise<string> {
  const response = await as(A, "POST", "/api/v1/mandates", {
    agent: M.idNumber,
    agentName: M.name,
    validUntil: day(30),
  });
  return json(response).id as string;
}

beforeAll(async () => {
  t = await createTestApp({
    env: { SESSION_CACHE_SECONDS: "0", SIGNIN_PER_IP_PER_MINUTE: "10000", RATE_LIMIT_PER_MINUTE: "100000" },
  });
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  A = await someone(t, { name: "甲" });
  const B = await someone(t, { name: "乙" });
  const N = await someone(t, { name: "丙" });
  M = await someone(t, { name: "丁" });
  revocable = await someone(t, { name: "戊" });
  // The agent without a mandate is an agent all the same: for B, not for A.
  await as(B, "POST", "/api/v1/mandates", { agent: N.idNumber, agentName: N.name, validUntil: day(30) });
  mandateAtoM = await grantAtoM();
  const organisation = await as(A, "POST", "/api/v1/organisations", {
    kind: "enterprise",
    name: "安吉甲茶叶有限公司",
    creditCode: creditCode(),
    regionCode: "330523",
  });
  organisationOfA = json(organisation).id as string;
  await as(A, "POST", `/api/v1/organisations/${organisationOfA}/agents`, { agent: M.email });
  await as(A, "POST", `/api/v1/organisations/${organisationOfA}/agents`, { agent: revocable.email });

  [itemCode] = (await publishItems(db, [{}])) as [string];
  await publishItems(db, [
    {
      code: itemCode,
      content: sampleContent({ statutoryDays: 8 }),
      offerings: [
        { regionCode: "330523", departmentId: await lineDepartment(db, "330523", "market_regulation") },
      ],
    },
  ]);
  offeringId = (await db.selectFrom("catalog_offerings").select("id").executeTakeFirstOrThrow()).id;

  const clerk = await staffCookie("window_clerk", "330523");
  countyClerkId = clerk.id;
  const department = await db
    .selectFrom("departments")
    .select("id")
    .where("region_code", "=", "330523")
    .executeTakeFirstOrThrow();
  countyDepartmentId = department.id;
  Object.assign(cookies, {
    applicantA: A.cookie,
    applicantB: B.cookie,
    agentWithoutMandate: N.cookie,
    agentWithMandate: M.cookie,
    clerkOfAnotherCounty: (await staffCookie("window_clerk", "330522")).cookie,
    clerkOfTheCounty: clerk.cookie,
    provinceSupervisor: (await staffCookie("supervisor", "33")).cookie,
  });
});
afterAll(() => t.close());

// — fixtures of issue 5: licences —
/** An e-licence held by A, issued by the county's market regulation bureau. */
let licenceOfA: string;
beforeAll(async () => {
  const { issueLicence } = await import("../src/modules/licences/service.ts");
  const db = t.platform.database.db;
  const issued = await issueLicence(
    db,
    {
      type: "food_business_licence",
      title: { zh: "食品经营许可证", en: "Food business licence" },
      caseId: null,
      regionCode: "330523",
      departmentId: await lineDepartment(db, "330523", "market_regulation"),
      holder: { kind: "person", id: A.id, name: A.name, identifierMasked: null },
      fields: [{ label: { zh: "经营场所", en: "Premises" }, value: "安吉县递铺街道天目路 1 号" }],
      validUntil: null,
    },
    { personalDataKey: t.platform.config.personalDataKey },
  );
  licenceOfA = issued.id;
});
// — fixtures of issue 6: registries and data sharing —
/**
 * A registry kept by the county's public security bureau, and an agreement the county service centre
 * (the county clerk's department) holds on it, approved; so the county clerk may read it, no one else.
 */
let agreementOfCentre: string;
beforeAll(async () => {
  const db = t.platform.database.db;
  const exchange = await import("../src/modules/exchange/service.ts");
  const { staffActor } = await import("../src/modules/identity/service.ts");
  const actorOf = async (role: "administrator" | "approver", line: string) =>
    (await staffActor(db, (await staffMember(db, role, "330523", { line })).username)) as Actor;
  const steward = await actorOf("administrator", "public_security");
  await exchange.defineRegistry(db, steward, {
    code: "matrix_register",
    name: { zh: "矩阵登记", en: "matrix register" },
    departmentId: await lineDepartment(db, "330523", "public_security"),
    subjectKind: "person",
    keyKind: "id_number",
    fields: [{ name: "name", type: "string", label: { zh: "姓名", en: "Name" } }],
  });
  await exchange.publishRecord(
    db,
    { config: t.platform.config, jobs: t.platform.jobs },
    steward,
    "matrix_register",
    {
      key: A.idNumber,
      data: { name: A.name },
    },
  );
  const requested = await exchange.requestAgreement(
    db,
    await actorOf("administrator", "government_service"),
    {
      registry: "matrix_register",
      consumerDepartmentId: await lineDepartment(db, "330523", "government_service"),
      fields: ["name"],
      purpose: "核对申请人姓名",
      legalBasis: "《政务服务条例》",
    },
  );
  await exchange.decideAgreement(
    db,
    await actorOf("approver", "public_security"),
    requested.id,
    "approve",
    undefined,
  );
  agreementOfCentre = requested.id;
});
// — fixtures of issue 5: webhooks and the inbox —
/** A message in A's inbox; a subscription of the county and one delivery, kept by its administrator. */
let inboxMessageOfA: string;
let countySubscription: string;
let countyDelivery: string;
beforeAll(async () => {
  const db = t.platform.database.db;
  const { postToInbox } = await import("../src/modules/notify/inbox-service.ts");
  const { emitWebhookEvent } = await import("../src/modules/webhooks/service.ts");
  const link = "https://tongban.example/cases/C-1";
  const words = { caseNumber: "C-1", itemName: "食品经营许可", dueDate: "2026年7月15日", link, short: link };
  ({ id: inboxMessageOfA } = await db.transaction().execute((tx) =>
    postToInbox(tx, {
      recipient: { kind: "person", id: A.id },
      template: "case.accepted",
      params: { "zh-CN": words, en: words },
    }),
  ));
  const admin = await staffMember(db, "administrator", "330523");
  const session = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: admin.username, password: TEST_PASSWORD },
  });
  const created = await t.app.inject({
    method: "POST",
    url: "/api/v1/webhooks/subscriptions",
    headers: { cookie: `tb_session=${cookiesOf(session).tb_session}` },
    payload: {
      name: "安吉县数据平台",
      url: "https://data.anji.gov.cn/hooks",
      regionCode: "330523",
      events: ["*"],
    },
  });
  countySubscription = json(created).id as string;
  const event = { type: "case.accepted", regionCode: "330523", occurredAt: new Date(), data: {} };
  const { deliveries } = await db.transaction().execute((tx) => emitWebhookEvent(tx, t.platform.jobs, event));
  countyDelivery = deliveries[0] as string;
});
// — fixtures of issue 5: cases and applications —
/**
 * A's case, applied for through the county service centre's offering (so the county's clerk, of the
 * centre, handles its intake), with one uploaded material; another of A's to withdraw; two drafts.
 */
let caseOfA: { id: string; number: string; intakeTask: string };
let caseToWithdraw: string;
let draftOfA: string;
let draftToAbandon: string;
beforeAll(async () => {
  const db = t.platform.database.db;
  const { SAMPLE_ANSWERS, TINY_PDF } = await import("../src/modules/cases/testing.ts");
  const centre = await lineDepartment(db, "330523", "government_service");
  const item = await db
    .selectFrom("catalog_items")
    .select("id")
    .where("code", "=", itemCode)
    .executeTakeFirstOrThrow();
  const offering = await db
    .insertInto("catalog_offerings")
    .values({ item_id: item.id, region_code: "330523", department_id: centre })
    .returning("id")
    .executeTakeFirstOrThrow();
  const apply = async (key: string) => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/submissions",
      headers: { cookie: A.cookie, "idempotency-key": key },
      payload: {
        offering: offering.id,
        answers: SAMPLE_ANSWERS,
        materials: [
          { key: "application", fileName: "申请书.pdf", contentBase64: TINY_PDF.toString("base64") },
        ],
      },
    });
    if (response.statusCode !== 201) throw new Error(`apply: ${response.statusCode} ${response.body}`);
    return json(response) as { caseId: string; number: string };
  };
  const first = await apply("matrix-case-1");
  const task = await db
    .selectFrom("case_tasks")
    .select("id")
    .where("case_id", "=", first.caseId)
    .executeTakeFirstOrThrow();
  caseOfA = { id: first.caseId, number: first.number, intakeTask: task.id };
  caseToWithdraw = (await apply("matrix-case-2")).caseId;
  const draft = async () =>
    json(await as(A, "POST", "/api/v1/applications", { offering: offeringId })).id as string;
  draftOfA = await draft();
  draftToAbandon = await draft();
});

// — fixtures of issue 6: API clients —
/** A system of the county's public security bureau, with credentials of its own. */
let countyClient: string;
beforeAll(async () => {
  const { apiClient } = await import("../src/modules/clients/testing.ts");
  const db = t.platform.database.db;
  countyClient = (await apiClient(db, await lineDepartment(db, "330523", "public_security"))).id;
});

// — fixtures of issue 6: the e-licence wallet —
/** A share link to A's licence, and a way to make another (one per caller where a row ends it). */
let shareTokenOfA: string;
async function shareOfA() {
  const { shareLicence } = await import("../src/modules/licences/wallet.ts");
  return shareLicence(
    t.platform.database.db,
    A.actor,
    licenceOfA,
    { recipient: "招商银行安吉支行" },
    { baseUrl: t.platform.config.baseUrl },
  );
}
beforeAll(async () => {
  shareTokenOfA = (await shareOfA()).token;
});

// — fixtures of issue 6: one-thing bundles —
/** A bundle of the matrix's item and a second one (the county's public security bureau), and A's application of it. */
const bundleCode = "matrix-bundle";
let bundleApplicationOfA: string;
beforeAll(async () => {
  const db = t.platform.database.db;
  const { upsertBundle } = await import("../src/modules/bundles/store.ts");
  const { SAMPLE_ANSWERS, TINY_PDF } = await import("../src/modules/cases/testing.ts");
  const [second] = (await publishItems(db, [
    {
      content: sampleContent({ line: "public_security" }),
      offerings: [
        { regionCode: "330523", departmentId: await lineDepartment(db, "330523", "public_security") },
      ],
    },
  ])) as [string];
  const child = (code: string) => ({
    itemCode: code,
    fields: { shopName: "shopName", area: "area" },
    materials: { application: "application" },
  });
  const form = sampleContent().form;
  await upsertBundle(db, {
    code: bundleCode,
    ownerRegionCode: "33",
    createdBy: null,
    definition: {
      name: { zh: "开餐馆", en: "Opening a restaurant" },
      summary: { zh: "一次办", en: "Once" },
      event: "starting_business",
      form,
      materials: [{ key: "application", name: { zh: "申请书", en: "Application" }, required: true }],
      children: [child(itemCode), child(second)],
    },
  });
  const response = await t.app.inject({
    method: "POST",
    url: `/api/v1/bundles/${bundleCode}/applications`,
    headers: { cookie: A.cookie, "idempotency-key": "matrix-bundle-1" },
    payload: {
      regionCode: "330523",
      answers: SAMPLE_ANSWERS,
      materials: [{ key: "application", fileName: "申请书.pdf", contentBase64: TINY_PDF.toString("base64") }],
    },
  });
  if (response.statusCode !== 201) throw new Error(`bundle: ${response.statusCode} ${response.body}`);
  bundleApplicationOfA = json(response).id as string;
});

// — fixtures of issue 7: service sites —
/** The county's hall, kept by no caller of the matrix (none is an administrator). */
const siteCode = "matrix-hall";
beforeAll(async () => {
  const db = t.platform.database.db;
  const { upsertSite } = await import("../src/modules/halls/sites-store.ts");
  const { USUAL_HOURS } = await import("../src/modules/halls/hours.ts");
  await upsertSite(db, {
    code: siteCode,
    kind: "hall",
    region_code: "330523",
    department_id: await lineDepartment(db, "330523"),
    name: "安吉县政务服务中心",
    hours: JSON.stringify(USUAL_HOURS),
  });
});

// — fixtures of issue 7: intake —
/**
 * The county clerk's intake pass for A, a draft the clerk writes for A at the county hall, a case the
 * clerk submitted for A there (and its draft), and a draft of A's own for the clerk to take over.
 */
let intakePassOfA: string;
let windowDraft: string;
let windowSubmittedDraft: string;
let windowCaseNumber: string;
let draftToTakeOver: string;
beforeAll(async () => {
  const { issuePass } = await import("../src/modules/halls/intake-pass.ts");
  const { SAMPLE_ANSWERS, TINY_PDF, multipartFile } = await import("../src/modules/cases/testing.ts");
  intakePassOfA = issuePass(t.platform.config.personalDataKey, countyClerkId, A.id);
  const clerk = { cookie: cookies.clerkOfTheCounty as string };
  const inject = async (options: InjectOptions, status: number) => {
    const response = await t.app.inject({
      ...options,
      headers: { ...options.headers, cookie: clerk.cookie },
    });
    if (response.statusCode !== status) throw new Error(`intake: ${response.statusCode} ${response.body}`);
    return json(response);
  };
  const start = async () =>
    (
      await inject(
        {
          method: "POST",
          url: "/api/v1/intake/applications",
          payload: { pass: intakePassOfA, site: siteCode, offering: offeringId },
        },
        201,
      )
    ).id as string;
  windowDraft = await start();
  windowSubmittedDraft = await start();
  await inject(
    {
      method: "PATCH",
      url: `/api/v1/intake/applications/${windowSubmittedDraft}`,
      payload: { answers: SAMPLE_ANSWERS },
    },
    200,
  );
  const file = multipartFile("申请书.pdf", TINY_PDF);
  await inject(
    {
      method: "PUT",
      url: `/api/v1/intake/applications/${windowSubmittedDraft}/materials/application`,
      headers: file.headers,
      payload: file.payload,
    },
    200,
  );
  windowCaseNumber = (
    await inject(
      { method: "POST", url: `/api/v1/intake/applications/${windowSubmittedDraft}/submission`, payload: {} },
      201,
    )
  ).number as string;
  draftToTakeOver = json(await as(A, "POST", "/api/v1/applications", { offering: offeringId })).id as string;
});

// — fixtures of issue 7: service points —
/** 古城村's service point, where M serves as an agent. */
const pointCode = "matrix-point";
beforeAll(async () => {
  const db = t.platform.database.db;
  const { upsertSite } = await import("../src/modules/halls/sites-store.ts");
  const { USUAL_HOURS } = await import("../src/modules/halls/hours.ts");
  const { addAgent } = await import("../src/modules/points/store.ts");
  const point = await upsertSite(db, {
    code: pointCode,
    kind: "point",
    region_code: "330523001201",
    department_id: await lineDepartment(db, "330523001"),
    name: "古城村便民服务站",
    hours: JSON.stringify(USUAL_HOURS),
  });
  await addAgent(db, point.id, M.id, countyClerkId, new Date());
});

// — fixtures of issue 7: queue —
/** A hall of the county with its categories and windows, a waiting ticket, two slots, and A's booking. */
let queueHall: string;
let queueTicket: { id: string; token: string };
let queueSlots: [string, string];
let appointmentOfA: string;
async function queueSlot(siteId: string, minutesAhead: number): Promise<string> {
  const db = t.platform.database.db;
  const { insertSlot } = await import("../src/modules/halls/appointments-store.ts");
  const category = await db
    .selectFrom("queue_categories")
    .select("id")
    .where("site_id", "=", siteId)
    .where("prefix", "=", "A")
    .executeTakeFirstOrThrow();
  const site = await db
    .selectFrom("service_sites")
    .select("region_code")
    .where("id", "=", siteId)
    .executeTakeFirstOrThrow();
  const starts = new Date(Date.now() + minutesAhead * 60_000);
  const slot = await insertSlot(db, {
    province_code: provinceOf(site.region_code),
    id: provinceId(provinceOf(site.region_code)),
    site_id: siteId,
    category_id: category.id,
    starts_at: starts,
    ends_at: new Date(starts.getTime() + 30 * 60_000),
    capacity: 100,
  });
  return (slot as { id: string }).id;
}
beforeAll(async () => {
  const db = t.platform.database.db;
  const { queueWorld } = await import("../src/modules/halls/queue-testing.ts");
  const { takeTicket } = await import("../src/modules/halls/queue.ts");
  const { book } = await import("../src/modules/halls/appointments.ts");
  const world = await queueWorld(t);
  queueHall = world.code;
  const ticket = await takeTicket(db, A.actor, queueHall, { category: "A", channel: "phone" });
  queueTicket = { id: ticket.id, token: ticket.followToken };
  queueSlots = [await queueSlot(world.siteId, 24 * 60), await queueSlot(world.siteId, 25 * 60)];
  appointmentOfA = (await book(db, A.actor, queueHall, queueSlots[0])).id;
});

// — fixtures of issue 8: consultations —
/** A county draft published with an attachment; another, closed, with its summary published. */
let consultationOpen: string;
let consultationSummarised: string;
let consultationAttachment: string;
let consultationPoint: string;
const consultationBody = () => ({
  title: "矩阵征求意见稿",
  purpose: "矩阵",
  contact: "矩阵",
  opensAt: new Date().toISOString(),
  closesAt: new Date(Date.now() + 31 * 86_400_000).toISOString(),
  articles: [{ number: "第一条", text: "矩阵。" }],
});
/** A fresh comment of A's on the open consultation. */
async function commentOfA(): Promise<string> {
  const { postComment } = await import("../src/modules/consultations/comments.ts");
  return postComment(t.platform.database.db, A.actor, consultationOpen, { text: "矩阵意见" });
}
beforeAll(async () => {
  const db = t.platform.database.db;
  const c = await import("../src/modules/consultations/consultations.ts");
  const { attach } = await import("../src/modules/consultations/settings.ts");
  const summary = await import("../src/modules/consultations/summary.ts");
  const { elapse } = await import("../src/modules/consultations/testing.ts");
  const { TINY_PDF } = await import("../src/modules/cases/testing.ts");
  const departmentId = await lineDepartment(db, "330523");
  const member = await staffMember(db, "administrator", "330523");
  const actor: Actor = {
    kind: "staff",
    id: member.id,
    username: member.username,
    displayName: "matrix",
    grants: [{ role: "administrator", departmentId, jurisdictionCode: "330523" }],
  };
  const draft = () => {
    const body = consultationBody();
    return {
      ...body,
      opensAt: new Date(body.opensAt),
      closesAt: new Date(body.closesAt),
      articles: [{ number: "第一条", body: "矩阵。" }],
    };
  };
  consultationOpen = await c.createDraft(db, actor, departmentId, draft());
  const file = { bytes: TINY_PDF, filename: "说明.pdf" };
  consultationAttachment = (await attach(db, t.platform.config, actor, consultationOpen, file)).sha256;
  await c.publish(db, actor, consultationOpen);
  consultationSummarised = await c.createDraft(db, actor, departmentId, draft());
  await c.publish(db, actor, consultationSummarised);
  await elapse(t, consultationSummarised);
  consultationPoint = await summary.addPoint(db, actor, consultationSummarised, {
    summary: "矩阵",
    adoption: "adopted",
  });
  await summary.publishSummary(db, actor, consultationSummarised);
});

// — fixtures of issue 8: requests —
/** A's request, waiting at the county's 12345 centre (the county clerk's department), and a routing rule. */
let requestOfA: string;
let requestRoute: string;
/** The photograph attached to A's request. */
let attachmentOfA: string;
beforeAll(async () => {
  const db = t.platform.database.db;
  const { seedCategoriesAndRoutes } = await import("../src/modules/requests/testing.ts");
  const { fileRequest } = await import("../src/modules/requests/filing.ts");
  const { routesUnder } = await import("../src/modules/requests/store.ts");
  await seedCategoriesAndRoutes(t);
  const deps = { jobs: t.platform.jobs, config: t.platform.config, channel: "web" as const };
  const input = { category: "policy-question", text: "矩阵：高龄补贴怎么申请？", regionCode: "330523001201" };
  const { PNG } = await import("../src/platform/files/fixtures.ts");
  const filed = await fileRequest(db, deps, A.actor, {
    ...input,
    contactPreference: "none",
    attachments: [{ content: PNG }],
  });
  requestOfA = filed.row.number;
  attachmentOfA = filed.row.attachments[0] ?? "";
  requestRoute = (await routesUnder(db, "330523"))[0]?.id ?? "";
});

// — fixtures of issue 8: disclosure —
/** A notice of the county's market regulation bureau, published by its own approver. */
let publicationId: string;
let disclosureDepartment: string;
beforeAll(async () => {
  const db = t.platform.database.db;
  const { staffActor } = await import("../src/modules/identity/service.ts");
  const { publish } = await import("../src/modules/disclosure/publications.ts");
  disclosureDepartment = await lineDepartment(db, "330523", "market_regulation");
  const member = await staffMember(db, "approver", "330523", { line: "market_regulation" });
  const actor = await staffActor(db, member.username);
  if (!actor) throw new Error("The publisher of the disclosure rows is missing");
  const input = {
    departmentId: disclosureDepartment,
    category: "notice" as const,
    title: "矩阵通知",
    body: "正文",
  };
  publicationId = (await publish(db, actor, input)).id;
});

// — fixtures of issue 8: ratings —
/** A case of A's, refused at the county's window (不予受理) and so closed, rated 非常不满意 by A. */
let ratingOfA: string;
let rectificationOfA: string;
beforeAll(async () => {
  const db = t.platform.database.db;
  const { SAMPLE_ANSWERS, TINY_PDF } = await import("../src/modules/cases/testing.ts");
  const { rateCaseOnline } = await import("../src/modules/ratings/rate.ts");
  const centre = await lineDepartment(db, "330523", "government_service");
  const offering = await db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .select("o.id")
    .where("i.code", "=", itemCode)
    .where("o.department_id", "=", centre)
    .executeTakeFirstOrThrow();
  const submitted = await t.app.inject({
    method: "POST",
    url: "/api/v1/submissions",
    headers: { cookie: A.cookie, "idempotency-key": "matrix-rating-1" },
    payload: {
      offering: offering.id,
      answers: SAMPLE_ANSWERS,
      materials: [{ key: "application", fileName: "申请书.pdf", contentBase64: TINY_PDF.toString("base64") }],
    },
  });
  const caseId = json(submitted).caseId as string;
  const task = await db
    .selectFrom("case_tasks")
    .select("id")
    .where("case_id", "=", caseId)
    .executeTakeFirstOrThrow();
  const rejected = await t.app.inject({
    method: "POST",
    url: `/api/v1/work/tasks/${task.id}/actions`,
    headers: { cookie: cookies.clerkOfTheCounty as string },
    payload: { action: "reject", reason: "不属于本部门职责范围" },
  });
  if (rejected.statusCode !== 200) throw new Error(`reject: ${rejected.statusCode} ${rejected.body}`);
  const rating = await rateCaseOnline(db, A.actor, caseId, { level: 1, tags: ["slow"], comment: "matrix" });
  ratingOfA = rating.id;
  rectificationOfA = (
    await db
      .selectFrom("rectifications")
      .select("id")
      .where("rating_id", "=", rating.id)
      .executeTakeFirstOrThrow()
  ).id;
});

const get = (url: string) => () => ({ method: "GET" as const, url });
const send = (method: "POST" | "PATCH" | "DELETE", url: string, payload?: object) => (): Request => ({
  method,
  url,
  ...(payload ? { payload } : {}),
});

/** Only people with an account of their own; staff are told no (403), strangers to sign in. */
const personsOnly = (personOutcome: Outcome = "ok") => ({
  anonymous: 401 as const,
  applicantA: personOutcome,
  applicantB: personOutcome,
  agentWithoutMandate: personOutcome,
  agentWithMandate: personOutcome,
  others: 403 as const,
});
/** A's alone (with its agent where `agent` says): to every other caller it does not exist. */
const onlyA = (agent: Outcome = 404) => ({
  anonymous: 401 as const,
  applicantA: "ok" as const,
  agentWithMandate: agent,
  others: 404 as const,
});

/** A case of A's: A, the county's clerk who handles it, the province's supervisor. */
const caseReaders = {
  anonymous: 401 as const,
  applicantA: "ok" as const,
  clerkOfTheCounty: "ok" as const,
  provinceSupervisor: "ok" as const,
  others: 404 as const,
};
/** Any staff member who handles cases; people are told no. */
const staffOnly = {
  anonymous: 401 as const,
  clerkOfAnotherCounty: "ok" as const,
  clerkOfTheCounty: "ok" as const,
  provinceSupervisor: "ok" as const,
  others: 403 as const,
};
/** A task of A's case: its department's clerk works it; the supervisor sees the case but not the task's work. */
const taskWorkers = {
  anonymous: 401 as const,
  clerkOfAnotherCounty: 404 as const,
  clerkOfTheCounty: "ok" as const,
  others: 403 as const,
};

/** The staff whose jurisdiction holds the county's villages; people are told no. */
const pointOverseers = {
  anonymous: 401 as const,
  clerkOfAnotherCounty: 404 as const,
  clerkOfTheCounty: "ok" as const,
  provinceSupervisor: "ok" as const,
  others: 403 as const,
};

/** The table: "METHOD /path" as /openapi.json writes it → what each caller gets. */
/** Supervisors, administrators and catalogue managers read insight within their jurisdictions. */
const insightReaders = { anonymous: 401, provinceSupervisor: "ok", others: 403 } as const;
const whatIf = () => ({ item: itemCode, region: "330523", changes: [{ kind: "remove", step: "review" }] });

const MATRIX: Record<string, Row> = {
  "GET /healthz": { request: get("/healthz"), expect: "ok" },
  "GET /readyz": { request: get("/readyz"), expect: "same" },
  "GET /api/v1/regions": { request: get("/api/v1/regions"), expect: "ok" },
  "GET /api/v1/regions/search": { request: get("/api/v1/regions/search?q=安吉"), expect: "ok" },
  "GET /api/v1/regions/{code}": { request: get("/api/v1/regions/330523"), expect: "ok" },
  "GET /api/v1/regions/{code}/children": { request: get("/api/v1/regions/330523/children"), expect: "ok" },
  "GET /api/v1/regions/{code}/ancestors": { request: get("/api/v1/regions/330523/ancestors"), expect: "ok" },
  "GET /api/v1/departments": { request: get("/api/v1/departments?region=330523"), expect: "ok" },
  "GET /api/v1/departments/{id}": {
    request: () => get(`/api/v1/departments/${countyDepartmentId}`)(),
    expect: "ok",
  },
  "GET /api/v1/departments/{id}/counterparts": {
    request: () => get(`/api/v1/departments/${countyDepartmentId}/counterparts`)(),
    expect: "ok",
  },

  // The working-day calendar: public to read; kept by administrators (none among these callers).
  "GET /api/v1/calendar/coverage": { request: get("/api/v1/calendar/coverage"), expect: "ok" },
  "GET /api/v1/calendar/years": { request: get("/api/v1/calendar/years"), expect: "ok" },
  "GET /api/v1/calendar/years/{year}": { request: get("/api/v1/calendar/years/2026"), expect: "ok" },
  "PUT /api/v1/calendar/years/{year}": {
    request: () => ({
      method: "PUT",
      url: "/api/v1/calendar/years/2031",
      payload: { days: [{ date: "2031-10-01", kind: "holiday", name: "国庆节" }] },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/calendar/overrides": {
    request: get("/api/v1/calendar/overrides?region=330523"),
    expect: "ok",
  },
  "POST /api/v1/calendar/overrides": {
    request: send("POST", "/api/v1/calendar/overrides", {
      regionCode: "330523",
      date: "2026-07-01",
      kind: "closed",
      reason: "政务服务中心搬迁",
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "DELETE /api/v1/calendar/overrides/{id}": {
    request: send("DELETE", "/api/v1/calendar/overrides/00000000-0000-4000-8000-000000000000"),
    expect: { anonymous: 401, others: 403 },
  },

  // The catalogue: guides and where to apply are public; items and offerings are kept by catalogue
  // managers (none among these callers).
  "GET /api/v1/catalog/guides/{item}": {
    request: () => get(`/api/v1/catalog/guides/${itemCode}`)(),
    expect: "ok",
  },
  "GET /api/v1/catalog/guides/{item}/offerings": {
    request: () => get(`/api/v1/catalog/guides/${itemCode}/offerings?region=330523001201`)(),
    expect: "ok",
  },
  "GET /api/v1/catalog/items/{item}/versions/{version}": {
    request: () => get(`/api/v1/catalog/items/${itemCode}/versions/1`)(),
    expect: "ok",
  },
  "GET /api/v1/catalog/items/{item}/compare": {
    request: () => get(`/api/v1/catalog/items/${itemCode}/compare?from=1&to=2`)(),
    expect: "ok",
  },
  "GET /api/v1/catalog/search": {
    request: get(`/api/v1/catalog/search?q=${encodeURIComponent("食品")}&region=330523001201`),
    expect: "same",
  },
  "GET /api/v1/catalog/synonyms": {
    request: get("/api/v1/catalog/synonyms"),
    expect: { anonymous: 401, others: 403 },
  },
  "PUT /api/v1/catalog/synonyms/{term}": {
    request: () => ({
      method: "PUT",
      url: `/api/v1/catalog/synonyms/${encodeURIComponent("开网店")}`,
      payload: { expansions: ["电子商务经营者"] },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "DELETE /api/v1/catalog/synonyms/{term}": {
    request: send("DELETE", `/api/v1/catalog/synonyms/${encodeURIComponent("开公司")}`),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/catalog/items": {
    request: get("/api/v1/catalog/items"),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/catalog/items": {
    request: send("POST", "/api/v1/catalog/items", {
      code: "330000-X-1",
      ownerRegionCode: "33",
      content: {},
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/catalog/items/{item}": {
    request: () => get(`/api/v1/catalog/items/${itemCode}`)(),
    expect: { anonymous: 401, others: 403 },
  },
  "PUT /api/v1/catalog/items/{item}/draft": {
    request: () => ({
      method: "PUT",
      url: `/api/v1/catalog/items/${itemCode}/draft`,
      payload: { content: {} },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/catalog/items/{item}/publish": {
    request: () => send("POST", `/api/v1/catalog/items/${itemCode}/publish`, {})(),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/catalog/items/{item}/retire": {
    request: () => send("POST", `/api/v1/catalog/items/${itemCode}/retire`, { reason: "试" })(),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/catalog/items/{item}/offerings": {
    request: () => get(`/api/v1/catalog/items/${itemCode}/offerings`)(),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/catalog/items/{item}/offerings": {
    request: () =>
      send("POST", `/api/v1/catalog/items/${itemCode}/offerings`, {
        regionCode: "330523",
        departmentId: countyDepartmentId,
      })(),
    expect: { anonymous: 401, others: 403 },
  },
  "PATCH /api/v1/catalog/offerings/{id}": {
    request: () => send("PATCH", `/api/v1/catalog/offerings/${offeringId}`, { status: "withdrawn" })(),
    expect: { anonymous: 401, others: 403 },
  },

  // Staff sessions and staff records.
  "POST /api/v1/session": {
    request: send("POST", "/api/v1/session", { username: "nobody", password: "wrong password" }),
    expect: "same",
  },
  "POST /api/v1/session/mfa": {
    request: send("POST", "/api/v1/session/mfa", { code: "000000" }),
    expect: "same",
  },
  "POST /api/v1/session/password": {
    request: send("POST", "/api/v1/session/password", { newPassword: "a brand new passphrase 2026" }),
    expect: "same",
  },
  "GET /api/v1/me": {
    request: get("/api/v1/me"),
    expect: {
      anonymous: 401,
      clerkOfAnotherCounty: "ok",
      clerkOfTheCounty: "ok",
      provinceSupervisor: "ok",
      others: 403,
    },
  },
  "PUT /api/v1/me/password": {
    // Staff get as far as the wrong current password.
    request: () => ({
      method: "PUT",
      url: "/api/v1/me/password",
      payload: { currentPassword: "not the password", newPassword: "a much better passphrase 42" },
    }),
    expect: {
      anonymous: 401,
      clerkOfAnotherCounty: 400,
      clerkOfTheCounty: 400,
      provinceSupervisor: 400,
      others: 403,
    },
  },
  "GET /api/v1/me/sessions": { request: get("/api/v1/me/sessions"), expect: staffOnly },
  // An id no session has: staff are told it is not theirs, everyone else that these are staff's.
  "DELETE /api/v1/me/sessions/{id}": {
    request: send("DELETE", "/api/v1/me/sessions/00000000-0000-4000-8000-000000000000"),
    expect: { ...staffOnly, clerkOfAnotherCounty: 404, clerkOfTheCounty: 404, provinceSupervisor: 404 },
  },
  // Each caller holds one session: there is no other to end.
  "DELETE /api/v1/me/sessions": { request: send("DELETE", "/api/v1/me/sessions"), expect: staffOnly },
  "GET /api/v1/staff": {
    request: get("/api/v1/staff"),
    expect: { anonymous: 401, provinceSupervisor: "ok", others: 403 },
  },
  "GET /api/v1/staff/{id}": {
    request: () => get(`/api/v1/staff/${countyClerkId}`)(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", provinceSupervisor: "ok", others: 404 },
  },
  "DELETE /api/v1/staff/{id}/mfa": {
    request: () => send("DELETE", `/api/v1/staff/${countyClerkId}/mfa`)(),
    // Those who may see the member are told no; to the rest the member does not exist.
    expect: { anonymous: 401, clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },

  // The three administrators' work: none of these callers is one of them.
  "POST /api/v1/staff": {
    request: send("POST", "/api/v1/staff", {
      username: "new.clerk",
      displayName: "新同事",
      password: TEST_PASSWORD,
      regionCode: "330523",
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "PUT /api/v1/staff/{id}/state": {
    request: () => ({
      method: "PUT",
      url: `/api/v1/staff/${countyClerkId}/state`,
      payload: { disabled: true },
    }),
    expect: { anonymous: 401, clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "POST /api/v1/staff/{id}/grants": {
    request: () =>
      send("POST", `/api/v1/staff/${countyClerkId}/grants`, {
        role: "approver",
        departmentId: countyDepartmentId,
        jurisdictionCode: "330523",
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "DELETE /api/v1/staff/{id}/grants/{departmentId}/{role}": {
    request: () =>
      send("DELETE", `/api/v1/staff/${countyClerkId}/grants/${countyDepartmentId}/window_clerk`)(),
    expect: { anonymous: 401, clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "DELETE /api/v1/staff/{id}/lock": {
    request: () => send("DELETE", `/api/v1/staff/${countyClerkId}/lock`)(),
    expect: { anonymous: 401, clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "DELETE /api/v1/staff/{id}/sessions": {
    request: () => send("DELETE", `/api/v1/staff/${countyClerkId}/sessions`)(),
    expect: { anonymous: 401, clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },

  // The audit trail and personal data.
  "GET /api/v1/audit": {
    request: get("/api/v1/audit"),
    expect: { anonymous: 401, provinceSupervisor: "ok", others: 403 },
  },
  // The audit administrator's alone: a supervisor reads the trail but does not verify it.
  "POST /api/v1/audit/verification": {
    request: send("POST", "/api/v1/audit/verification", {}),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/account/data-reads": { request: get("/api/v1/account/data-reads"), expect: personsOnly() },
  "POST /api/v1/persons/lookup": {
    request: () => send("POST", "/api/v1/persons/lookup", { idNumber: A.idNumber, purpose: "核验身份" })(),
    // Any county's clerk serves anyone (跨域通办); the read is audited and shown to A.
    expect: {
      anonymous: 401,
      clerkOfAnotherCounty: "ok",
      clerkOfTheCounty: "ok",
      provinceSupervisor: "ok",
      others: 403,
    },
  },

  // Person accounts.
  "POST /api/v1/accounts": { request: send("POST", "/api/v1/accounts", {}), expect: "same" },
  "POST /api/v1/accounts/verify-email": {
    request: send("POST", "/api/v1/accounts/verify-email", { token: "not-a-token" }),
    expect: "same",
  },
  "POST /api/v1/account-session": {
    request: send("POST", "/api/v1/account-session", { identifier: "nobody@example.cn", password: "wrong" }),
    expect: "same",
  },
  "GET /api/v1/account": { request: get("/api/v1/account"), expect: personsOnly() },
  "GET /api/v1/account/sessions": { request: get("/api/v1/account/sessions"), expect: personsOnly() },
  "DELETE /api/v1/account/sessions/{id}": {
    request: send("DELETE", "/api/v1/account/sessions/00000000-0000-4000-8000-000000000000"),
    expect: personsOnly(404),
  },
  "DELETE /api/v1/account/sessions": {
    request: send("DELETE", "/api/v1/account/sessions"),
    expect: personsOnly(),
  },
  "PATCH /api/v1/account": {
    request: send("PATCH", "/api/v1/account", { addressRegionCode: "330523" }),
    expect: personsOnly(),
  },
  // Each gets as far as a problem of the input, before any password is checked or code sent.
  "PUT /api/v1/account/password": {
    request: () => ({
      method: "PUT",
      url: "/api/v1/account/password",
      payload: { currentPassword: "not the password", newPassword: "short" },
    }),
    expect: personsOnly(400),
  },
  "POST /api/v1/account/mobile": {
    request: send("POST", "/api/v1/account/mobile", { mobile: "12345", password: "not the password" }),
    expect: personsOnly(400),
  },
  "POST /api/v1/account/mobile/confirm": {
    request: send("POST", "/api/v1/account/mobile/confirm", { code: "123456" }),
    expect: personsOnly(409),
  },
  "DELETE /api/v1/account/mobile": {
    request: send("DELETE", "/api/v1/account/mobile", {}),
    expect: personsOnly(400),
  },
  // Sign-in's second step: no caller holds a sign-in waiting for a code, so every one is told to sign in.
  "POST /api/v1/account-session/mfa": {
    request: send("POST", "/api/v1/account-session/mfa", { code: "123456" }),
    expect: "same",
  },
  "GET /api/v1/account/mfa": { request: get("/api/v1/account/mfa"), expect: personsOnly() },
  "POST /api/v1/account/mfa": {
    request: send("POST", "/api/v1/account/mfa", { password: "" }),
    expect: personsOnly(400),
  },
  "POST /api/v1/account/mfa/confirm": {
    request: send("POST", "/api/v1/account/mfa/confirm", { code: "123456" }),
    expect: personsOnly(409),
  },
  "DELETE /api/v1/account/mfa": {
    request: send("DELETE", "/api/v1/account/mfa", { password: "", code: "" }),
    expect: personsOnly(409),
  },
  "POST /api/v1/account/email-verification": {
    request: send("POST", "/api/v1/account/email-verification", {}),
    expect: personsOnly(),
  },
  "POST /api/v1/accounts/password-reset": {
    request: send("POST", "/api/v1/accounts/password-reset", { email: "nobody@example.cn" }),
    expect: "same",
  },
  "POST /api/v1/accounts/password-reset/complete": {
    request: send("POST", "/api/v1/accounts/password-reset/complete", { token: "x", password: "x" }),
    expect: "same",
  },

  // Organisations and their agents (经办人): M is an agent of A's organisation.
  "POST /api/v1/organisations": {
    request: send("POST", "/api/v1/organisations", {}),
    expect: personsOnly(400),
  },
  "GET /api/v1/organisations": { request: get("/api/v1/organisations"), expect: personsOnly() },
  "GET /api/v1/organisations/{id}": {
    request: () => get(`/api/v1/organisations/${organisationOfA}`)(),
    expect: onlyA("ok"),
  },
  "GET /api/v1/organisations/{id}/data-reads": {
    request: () => get(`/api/v1/organisations/${organisationOfA}/data-reads`)(),
    expect: onlyA("ok"),
  },
  "POST /api/v1/organisations/{id}/agents": {
    request: async () => ({
      method: "POST",
      url: `/api/v1/organisations/${organisationOfA}/agents`,
      payload: { agent: (await someone(t)).email },
    }),
    // An agent acts for the organisation but does not appoint others.
    expect: onlyA(403),
  },
  "DELETE /api/v1/organisations/{id}/agents/{personId}": {
    request: () => send("DELETE", `/api/v1/organisations/${organisationOfA}/agents/${revocable.id}`)(),
    expect: onlyA(403),
  },

  // Mandates (帮办代办): M holds one from A; the agent without mandate holds one from B.
  "GET /api/v1/mandates/granted": { request: get("/api/v1/mandates/granted"), expect: personsOnly() },
  "GET /api/v1/mandates/held": { request: get("/api/v1/mandates/held"), expect: personsOnly() },
  "POST /api/v1/mandates": { request: send("POST", "/api/v1/mandates", {}), expect: personsOnly(400) },
  "POST /api/v1/mandate-requests": {
    request: send("POST", "/api/v1/mandate-requests", {}),
    expect: personsOnly(400),
  },
  "GET /api/v1/mandates/{id}": {
    request: () => get(`/api/v1/mandates/${mandateAtoM}`)(),
    expect: onlyA("ok"),
  },
  "POST /api/v1/mandates/{id}/consent": {
    request: () => send("POST", `/api/v1/mandates/${mandateAtoM}/consent`, { code: "000000" })(),
    // Only the agent enters a code; this mandate was granted online and waits for none.
    expect: { anonymous: 401, applicantA: 403, agentWithMandate: 409, others: 404 },
  },
  "DELETE /api/v1/mandates/{id}": {
    // A fresh mandate for each caller: a revocation must not spoil the next row.
    request: async () => ({ method: "DELETE", url: `/api/v1/mandates/${await grantAtoM()}` }),
    expect: onlyA("ok"),
  },
  "GET /api/v1/mandates/{id}/principal": {
    request: () => get(`/api/v1/mandates/${mandateAtoM}/principal`)(),
    // The principal reads their own profile on their account page, not through a mandate.
    expect: { anonymous: 401, applicantA: 403, agentWithMandate: "ok", others: 404 },
  },

  // — rows of issue 5: licences —
  // E-licences: checking one and the departments' keys are public; a licence is its holder's and the
  // region's case-handling staff's; only approvers of the issuing department revoke (none here).
  "GET /api/v1/licences": { request: get("/api/v1/licences"), expect: personsOnly() },
  "GET /api/v1/licences/{id}": {
    request: () => get(`/api/v1/licences/${licenceOfA}`)(),
    expect: {
      anonymous: 401,
      applicantA: "ok",
      clerkOfTheCounty: "ok",
      provinceSupervisor: "ok",
      others: 404,
    },
  },
  "GET /api/v1/licences/{id}/certificate.pdf": {
    request: () => get(`/api/v1/licences/${licenceOfA}/certificate.pdf`)(),
    expect: {
      anonymous: 401,
      applicantA: "ok",
      clerkOfTheCounty: "ok",
      provinceSupervisor: "ok",
      others: 404,
    },
  },
  "GET /api/v1/licences/{id}/verification": {
    request: () => get(`/api/v1/licences/${licenceOfA}/verification`)(),
    expect: "ok",
  },
  "POST /api/v1/licences/{id}/revocation": {
    request: () => send("POST", `/api/v1/licences/${licenceOfA}/revocation`, { reason: "试" })(),
    expect: { anonymous: 401, applicantA: 403, clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "GET /api/v1/departments/{id}/signing-keys": {
    request: () => get(`/api/v1/departments/${countyDepartmentId}/signing-keys`)(),
    expect: "ok",
  },
  // — rows of issue 5: webhooks and the inbox —
  // The inbox: everyone signed in has their own; a message of A's is A's alone.
  "GET /api/v1/inbox": { request: get("/api/v1/inbox"), expect: { anonymous: 401, others: "ok" } },
  "POST /api/v1/inbox/{id}/read": {
    request: () => send("POST", `/api/v1/inbox/${inboxMessageOfA}/read`, {})(),
    expect: onlyA(),
  },
  "POST /api/v1/inbox/read-all": {
    request: send("POST", "/api/v1/inbox/read-all", {}),
    expect: { anonymous: 401, others: "ok" },
  },
  // Webhooks: the keys that sign them are public; subscriptions are kept by administrators (none here).
  "GET /api/v1/webhooks/signing-keys": { request: get("/api/v1/webhooks/signing-keys"), expect: "ok" },
  // — issue 6: registries and data sharing —
  "GET /api/v1/registries": { request: get("/api/v1/registries"), expect: staffOnly },
  "GET /api/v1/registries/{code}": { request: get("/api/v1/registries/matrix_register"), expect: staffOnly },
  "POST /api/v1/registries": {
    request: (caller) =>
      send("POST", "/api/v1/registries", {
        code: `matrix_${caller.toLowerCase()}`,
        name: { zh: "登记", en: "register" },
        departmentId: countyDepartmentId,
        subjectKind: "person",
        keyKind: "id_number",
        fields: [{ name: "name", type: "string", label: { zh: "姓名", en: "Name" } }],
      })(),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/registries/{code}/records": {
    request: send("POST", "/api/v1/registries/matrix_register/records", {
      key: "330523199001010016",
      data: {},
    }),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/registries/{code}/retractions": {
    request: send("POST", "/api/v1/registries/matrix_register/retractions", { key: "330523199001010016" }),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/registries/{code}/record-updates": {
    request: send("POST", "/api/v1/registries/matrix_register/record-updates", {
      key: "330523199001010016",
      data: { name: "矩阵" },
    }),
    expect: { anonymous: 401, others: 404 },
  },
  // Who read a record: the steward's administrators and approvers, or its system — none of the callers.
  "POST /api/v1/registries/{code}/usage": {
    request: () => send("POST", "/api/v1/registries/matrix_register/usage", { key: A.idNumber })(),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/registries/{code}/reads": {
    request: () =>
      send("POST", "/api/v1/registries/matrix_register/reads", {
        key: A.idNumber,
        agreementId: agreementOfCentre,
        reason: "矩阵测试",
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", others: 403 },
  },
  "POST /api/v1/registries/{code}/searches": {
    request: () =>
      send("POST", "/api/v1/registries/matrix_register/searches", {
        equals: { name: A.name },
        agreementId: agreementOfCentre,
        reason: "矩阵测试",
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", others: 403 },
  },
  "GET /api/v1/registries/{code}/changes": {
    request: () => get(`/api/v1/registries/matrix_register/changes?agreementId=${agreementOfCentre}`)(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", others: 403 },
  },
  "GET /api/v1/data-agreements": { request: get("/api/v1/data-agreements"), expect: staffOnly },
  "POST /api/v1/data-agreements": {
    request: send("POST", "/api/v1/data-agreements", {
      registry: "matrix_register",
      consumerDepartmentId: "00000000-0000-4000-8000-000000000000",
      fields: ["name"],
      purpose: "核对申请人姓名",
      legalBasis: "《政务服务条例》",
    }),
    // The department named exists nowhere: every caller who gets that far hears so, and no more.
    expect: { anonymous: 401, others: 400 },
  },
  "GET /api/v1/data-agreements/{id}": {
    request: () => get(`/api/v1/data-agreements/${agreementOfCentre}`)(),
    expect: {
      anonymous: 401,
      applicantA: 403,
      applicantB: 403,
      agentWithoutMandate: 403,
      agentWithMandate: 403,
      clerkOfTheCounty: "ok",
      others: 404,
    },
  },
  "POST /api/v1/data-agreements/{id}/decision": {
    request: () =>
      send("POST", `/api/v1/data-agreements/${agreementOfCentre}/decision`, {
        decision: "revoke",
        note: "矩阵",
      })(),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/webhooks/subscriptions": {
    request: send("POST", "/api/v1/webhooks/subscriptions", {
      name: "x",
      url: "https://x.example/hook",
      regionCode: "330523",
      events: ["*"],
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/webhooks/subscriptions": {
    request: get("/api/v1/webhooks/subscriptions"),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/webhooks/subscriptions/{id}": {
    request: () => get(`/api/v1/webhooks/subscriptions/${countySubscription}`)(),
    expect: { anonymous: 401, others: 403 },
  },
  "DELETE /api/v1/webhooks/subscriptions/{id}": {
    request: () => send("DELETE", `/api/v1/webhooks/subscriptions/${countySubscription}`)(),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/webhooks/subscriptions/{id}/deliveries": {
    request: () => get(`/api/v1/webhooks/subscriptions/${countySubscription}/deliveries`)(),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/webhooks/deliveries/{id}/retry": {
    request: () => send("POST", `/api/v1/webhooks/deliveries/${countyDelivery}/retry`, {})(),
    expect: { anonymous: 401, others: 403 },
  },
  // — rows of issue 5: cases and applications —
  // A case is its applicant's, and its handlers' within their jurisdiction; supervisors see all of theirs.
  "GET /api/v1/cases": { request: get("/api/v1/cases"), expect: personsOnly() },
  "GET /api/v1/cases/{case}": { request: () => get(`/api/v1/cases/${caseOfA.id}`)(), expect: caseReaders },
  "GET /api/v1/cases/{case}/timeline": {
    request: () => get(`/api/v1/cases/${caseOfA.number}/timeline`)(),
    expect: caseReaders,
  },
  "GET /api/v1/cases/{case}/receipt.pdf": {
    request: () => get(`/api/v1/cases/${caseOfA.number}/receipt.pdf`)(),
    expect: caseReaders,
  },
  "GET /api/v1/cases/{case}/materials/{key}": {
    request: () => get(`/api/v1/cases/${caseOfA.id}/materials/application`)(),
    expect: caseReaders,
  },
  "POST /api/v1/cases/{case}/withdrawal": {
    request: () => send("POST", `/api/v1/cases/${caseToWithdraw}/withdrawal`, {})(),
    // Handlers and supervisors see the case but do not withdraw it for the applicant.
    expect: { anonymous: 401, applicantA: "ok", clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "POST /api/v1/cases/{case}/reversal": {
    request: () => send("POST", `/api/v1/cases/${caseOfA.id}/reversal`, { reason: "复核" })(),
    // Only a supervisor over the case reverses, and only a grant the rules made: this one is not.
    expect: { anonymous: 401, provinceSupervisor: 409, others: 404 },
  },
  "POST /api/v1/case-lookup": {
    request: () =>
      send("POST", "/api/v1/case-lookup", { number: caseOfA.number, tail: A.mobile.slice(-6) })(),
    expect: "same",
  },
  "GET /api/v1/work/tasks": { request: get("/api/v1/work/tasks"), expect: staffOnly },
  "POST /api/v1/work/tasks/{task}/actions": {
    request: () => send("POST", `/api/v1/work/tasks/${caseOfA.intakeTask}/actions`, { action: "claim" })(),
    expect: taskWorkers,
  },
  "POST /api/v1/work/tasks/bulk": {
    // Each task is answered on its own inside a 200: the neighbouring county's clerk learns it is not found.
    request: () =>
      send("POST", "/api/v1/work/tasks/bulk", { taskIds: [caseOfA.intakeTask], action: "claim" })(),
    expect: staffOnly,
  },
  "GET /api/v1/work/tasks/{task}/handlers": {
    request: () => get(`/api/v1/work/tasks/${caseOfA.intakeTask}/handlers`)(),
    expect: taskWorkers,
  },
  "GET /api/v1/work/supervision": {
    request: get("/api/v1/work/supervision"),
    expect: { anonymous: 401, provinceSupervisor: "ok", others: 403 },
  },
  "GET /api/v1/catalog/items/{item}/process-definitions": {
    request: () => get(`/api/v1/catalog/items/${itemCode}/process-definitions`)(),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/catalog/items/{item}/process-definitions": {
    request: () => send("POST", `/api/v1/catalog/items/${itemCode}/process-definitions`, {})(),
    expect: { anonymous: 401, others: 403 },
  },
  // A draft is its owner's alone.
  "GET /api/v1/applications": { request: get("/api/v1/applications"), expect: personsOnly() },
  "POST /api/v1/applications": {
    request: () => send("POST", "/api/v1/applications", { offering: offeringId })(),
    expect: personsOnly(),
  },
  "GET /api/v1/applications/{id}": {
    request: () => get(`/api/v1/applications/${draftOfA}`)(),
    expect: onlyA(),
  },
  "PATCH /api/v1/applications/{id}": {
    request: () => send("PATCH", `/api/v1/applications/${draftOfA}`, { answers: { shopName: "甲的店" } })(),
    expect: onlyA(),
  },
  "DELETE /api/v1/applications/{id}": {
    request: () => send("DELETE", `/api/v1/applications/${draftToAbandon}`)(),
    expect: onlyA(),
  },
  "PUT /api/v1/applications/{id}/commitment": {
    request: () => ({
      method: "PUT",
      url: `/api/v1/applications/${draftOfA}/commitment`,
      payload: { materials: [] },
    }),
    expect: onlyA(),
  },
  "PUT /api/v1/applications/{id}/materials/{key}": {
    request: async () => {
      const { multipartFile, TINY_PDF } = await import("../src/modules/cases/testing.ts");
      const file = multipartFile("申请书.pdf", TINY_PDF);
      return {
        method: "PUT",
        url: `/api/v1/applications/${draftOfA}/materials/application`,
        headers: file.headers,
        payload: file.payload,
      };
    },
    expect: onlyA(),
  },
  "GET /api/v1/applications/{id}/materials/{key}": {
    request: () => get(`/api/v1/applications/${draftOfA}/materials/application`)(),
    expect: onlyA(),
  },
  "DELETE /api/v1/applications/{id}/materials/{key}": {
    request: () => send("DELETE", `/api/v1/applications/${draftOfA}/materials/application`)(),
    expect: onlyA(),
  },
  "POST /api/v1/applications/{id}/submission": {
    // A's draft is not finished: A is told what is missing; to anyone else it does not exist.
    request: () => send("POST", `/api/v1/applications/${draftOfA}/submission`, {})(),
    expect: { anonymous: 401, applicantA: 400, others: 404 },
  },
  "POST /api/v1/applications/{id}/resubmission": {
    request: () => send("POST", `/api/v1/applications/${draftOfA}/resubmission`, {})(),
    expect: { anonymous: 401, applicantA: 409, others: 404 },
  },
  "POST /api/v1/submissions": { request: send("POST", "/api/v1/submissions", {}), expect: personsOnly(400) },

  // — rows of issue 6: API clients —
  // Kept by administrators (none among these callers).
  "GET /api/v1/api-clients": { request: get("/api/v1/api-clients"), expect: { anonymous: 401, others: 403 } },
  "POST /api/v1/api-clients": {
    request: () =>
      send("POST", "/api/v1/api-clients", {
        name: "x",
        departmentId: countyDepartmentId,
        scopes: ["registry.read"],
      })(),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/api-clients/{id}/rotation": {
    request: () => send("POST", `/api/v1/api-clients/${countyClient}/rotation`, {})(),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/api-clients/{id}/disabling": {
    request: () => send("POST", `/api/v1/api-clients/${countyClient}/disabling`, {})(),
    expect: { anonymous: 401, others: 403 },
  },

  // — rows of issue 6: the e-licence wallet —
  // One's wallet is one's own; a licence is shared (and its links ended) by its holder alone — staff who
  // may read it are told no, to the rest it does not exist; a link opens for whoever has it.
  "GET /api/v1/wallet": { request: get("/api/v1/wallet"), expect: personsOnly() },
  "POST /api/v1/licences/{id}/shares": {
    request: () =>
      send("POST", `/api/v1/licences/${licenceOfA}/shares`, { recipient: "招商银行", lifetime: "1d" })(),
    expect: { anonymous: 401, applicantA: "ok", clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "DELETE /api/v1/licences/{id}/shares/{shareId}": {
    request: async () => ({
      method: "DELETE",
      url: `/api/v1/licences/${licenceOfA}/shares/${(await shareOfA()).share.id}`,
    }),
    expect: { anonymous: 401, applicantA: "ok", clerkOfTheCounty: 403, provinceSupervisor: 403, others: 404 },
  },
  "GET /api/v1/shares/{token}": { request: () => get(`/api/v1/shares/${shareTokenOfA}`)(), expect: "ok" },

  // — rows of issue 6: one-thing bundles —
  // Bundles are public; administrators define them; people apply; an application is its submitter's alone.
  "GET /api/v1/bundles": { request: get("/api/v1/bundles?region=330523"), expect: "same" },
  "GET /api/v1/bundles/{code}": { request: get(`/api/v1/bundles/${bundleCode}`), expect: "same" },
  "PUT /api/v1/bundles/{code}": {
    request: () => ({
      method: "PUT" as const,
      url: `/api/v1/bundles/${bundleCode}`,
      payload: { ownerRegionCode: "33", definition: {} },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/bundles/{code}/applications": {
    request: send("POST", `/api/v1/bundles/${bundleCode}/applications`, {}),
    expect: personsOnly(400),
  },
  "GET /api/v1/bundles/applications": { request: get("/api/v1/bundles/applications"), expect: personsOnly() },
  "GET /api/v1/bundles/applications/{id}": {
    request: () => get(`/api/v1/bundles/applications/${bundleApplicationOfA}`)(),
    expect: onlyA(),
  },

  // — rows of issue 7: service sites —
  "GET /api/v1/sites": { request: get("/api/v1/sites?region=330523"), expect: "same" },
  "GET /api/v1/sites/nearest": { request: get("/api/v1/sites/nearest?region=330523001201"), expect: "same" },
  "GET /api/v1/sites/{code}": { request: get(`/api/v1/sites/${siteCode}`), expect: "same" },
  "PUT /api/v1/sites/{code}": {
    request: () => ({
      method: "PUT" as const,
      url: `/api/v1/sites/${siteCode}`,
      payload: {
        kind: "hall",
        regionCode: "330523",
        departmentId: countyDepartmentId,
        name: "x",
        hours: { working: [], rest: [] },
      },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "PUT /api/v1/sites/{code}/windows/{label}": {
    request: () => ({
      method: "PUT" as const,
      url: `/api/v1/sites/${siteCode}/windows/1`,
      payload: { kind: "comprehensive" },
    }),
    expect: { anonymous: 401, others: 403 },
  },

  // — issue 7: intake —
  // Window clerks take people in; a clerk of another county finds the person but not this county's
  // hall, drafts or cases (404); supervisors and people are told no (403).
  "POST /api/v1/intake/persons/lookup": {
    request: () => send("POST", "/api/v1/intake/persons/lookup", { idNumber: A.idNumber, purpose: "矩阵" })(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: "ok", others: 403 },
  },
  "POST /api/v1/intake/persons": {
    request: () =>
      send("POST", "/api/v1/intake/persons", { name: A.name, idNumber: A.idNumber, mobile: A.mobile })(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: "ok", others: 403 },
  },
  "POST /api/v1/intake/applications": {
    request: () =>
      send("POST", "/api/v1/intake/applications", {
        pass: intakePassOfA,
        site: siteCode,
        offering: offeringId,
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: 404, others: 403 },
  },
  "POST /api/v1/intake/takeovers": {
    request: () =>
      send("POST", "/api/v1/intake/takeovers", {
        pass: intakePassOfA,
        site: siteCode,
        application: draftToTakeOver,
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: 404, others: 403 },
  },
  "PATCH /api/v1/intake/applications/{id}": {
    request: () => send("PATCH", `/api/v1/intake/applications/${windowDraft}`, { page: 0 })(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: 404, others: 403 },
  },
  "PUT /api/v1/intake/applications/{id}/materials/{key}": {
    request: async () => {
      const { TINY_PDF, multipartFile } = await import("../src/modules/cases/testing.ts");
      const file = multipartFile("申请书.pdf", TINY_PDF);
      return {
        method: "PUT" as const,
        url: `/api/v1/intake/applications/${windowDraft}/materials/application`,
        headers: file.headers,
        payload: file.payload,
      };
    },
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: 404, others: 403 },
  },
  "POST /api/v1/intake/applications/{id}/submission": {
    request: () => send("POST", `/api/v1/intake/applications/${windowSubmittedDraft}/submission`, {})(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: 404, others: 403 },
  },
  "GET /api/v1/intake/cases/{case}/receipt.pdf": {
    request: () => get(`/api/v1/intake/cases/${windowCaseNumber}/receipt.pdf`)(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: 404, others: 403 },
  },

  // — rows of issue 7: service points —
  "GET /api/v1/sites/{code}/agents": {
    request: get(`/api/v1/sites/${pointCode}/agents`),
    expect: pointOverseers,
  },
  "POST /api/v1/sites/{code}/agents": {
    request: send("POST", `/api/v1/sites/${pointCode}/agents`, { idNumber: "330523199001011234" }),
    expect: { anonymous: 401, others: 403 },
  },
  "DELETE /api/v1/sites/{code}/agents/{personId}": {
    request: () => send("DELETE", `/api/v1/sites/${pointCode}/agents/${M.id}`)(),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/sites/{code}/workload": {
    request: get(`/api/v1/sites/${pointCode}/workload`),
    expect: pointOverseers,
  },
  "GET /api/v1/points/{code}/cases": {
    request: get(`/api/v1/points/${pointCode}/cases`),
    expect: { anonymous: 401, agentWithMandate: "ok", others: 403 },
  },
  "POST /api/v1/points/{code}/intakes": {
    // For A, who lives outside the point's area: refused to its agent as to everyone else.
    request: () => ({
      method: "POST" as const,
      url: `/api/v1/points/${pointCode}/intakes`,
      headers: { "idempotency-key": "matrix-point-1" },
      payload: {
        principal: { idNumber: A.idNumber, name: A.name },
        offering: offeringId,
        answers: {},
        materials: [],
      },
    }),
    expect: { anonymous: 401, others: 403 },
  },

  // Ending sessions: run last, with sessions of their own.
  "DELETE /api/v1/session": { request: send("DELETE", "/api/v1/session"), expect: "ok" },
  "DELETE /api/v1/account-session": { request: send("DELETE", "/api/v1/account-session"), expect: "ok" },

  // — issue 7: devices —
  // Administrators register devices (no caller here is one); staff of the hall's region see them; a
  // locker takes results from the region's window clerks, and an unknown locker is not there.
  "POST /api/v1/sites/{code}/devices": {
    request: send("POST", `/api/v1/sites/${siteCode}/devices`, { kind: "kiosk", name: "matrix kiosk" }),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/sites/{code}/devices": {
    request: get(`/api/v1/sites/${siteCode}/devices`),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", provinceSupervisor: "ok", others: 404 },
  },
  "POST /api/v1/sites/{code}/locker-items": {
    request: send("POST", `/api/v1/sites/${siteCode}/locker-items`, {
      caseNumber: "33052320260101000001",
      device: "00000000-0000-4000-8000-000000000000",
      compartment: 1,
    }),
    expect: { anonymous: 401, others: 404 },
  },

  // — issue 7: queue —
  // The board, tickets, slots and check-in are public (the ticket link's token and the booking's code
  // are the permission); the county's window clerks serve (the other county's see nothing); bookings
  // are their person's alone; categories and slots are kept by administrators (none among the callers).
  "GET /api/v1/sites/{code}/queue": {
    request: () => get(`/api/v1/sites/${queueHall}/queue`)(),
    expect: "same",
  },
  "PUT /api/v1/sites/{code}/queue/categories/{prefix}": {
    request: () => ({
      method: "PUT" as const,
      url: `/api/v1/sites/${queueHall}/queue/categories/C`,
      payload: { name: "x" },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/sites/{code}/tickets": {
    request: () => send("POST", `/api/v1/sites/${queueHall}/tickets`, { category: "A" })(),
    expect: "ok",
  },
  "GET /api/v1/sites/{code}/tickets/{token}": {
    request: () => get(`/api/v1/sites/${queueHall}/tickets/${queueTicket.token}`)(),
    expect: "same",
  },
  "GET /api/v1/sites/{code}/windows/{label}/desk": {
    request: () => get(`/api/v1/sites/${queueHall}/windows/1/desk`)(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", clerkOfAnotherCounty: 404, others: 403 },
  },
  "POST /api/v1/sites/{code}/windows/{label}/calls": {
    // Window 9 is out of service: the county's clerk gets as far as being told so.
    request: () => send("POST", `/api/v1/sites/${queueHall}/windows/9/calls`, {})(),
    expect: { anonymous: 401, clerkOfTheCounty: 409, clerkOfAnotherCounty: 404, others: 403 },
  },
  "POST /api/v1/sites/{code}/windows/{label}/tickets/{id}/actions": {
    // A waiting ticket cannot be recalled: the county's clerk is told what its state allows.
    request: () =>
      send("POST", `/api/v1/sites/${queueHall}/windows/1/tickets/${queueTicket.id}/actions`, {
        action: "recall",
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: 409, clerkOfAnotherCounty: 404, others: 403 },
  },
  "POST /api/v1/sites/{code}/check-ins": {
    request: () => send("POST", `/api/v1/sites/${queueHall}/check-ins`, { code: "ZZZZZZZZ" })(),
    expect: 404,
  },
  "GET /api/v1/sites/{code}/slots": {
    request: () => get(`/api/v1/sites/${queueHall}/slots`)(),
    expect: "same",
  },
  "POST /api/v1/sites/{code}/slots": {
    request: () =>
      send("POST", `/api/v1/sites/${queueHall}/slots`, {
        category: "A",
        startsAt: "2026-12-01T01:00:00Z",
        endsAt: "2026-12-01T01:30:00Z",
        capacity: 5,
      })(),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/sites/{code}/appointments": {
    request: () => send("POST", `/api/v1/sites/${queueHall}/appointments`, { slot: queueSlots[1] })(),
    expect: personsOnly(),
  },
  "GET /api/v1/appointments": { request: get("/api/v1/appointments"), expect: personsOnly() },
  "GET /api/v1/appointments/{id}": {
    request: () => get(`/api/v1/appointments/${appointmentOfA}`)(),
    expect: onlyA(),
  },
  "PATCH /api/v1/appointments/{id}": {
    request: async () => ({
      method: "PATCH" as const,
      url: `/api/v1/appointments/${appointmentOfA}`,
      payload: { slot: await queueSlot((await getSiteId()) as string, 26 * 60) },
    }),
    expect: onlyA(),
  },
  "DELETE /api/v1/appointments/{id}": {
    request: async () => {
      const { book } = await import("../src/modules/halls/appointments.ts");
      const slot = await queueSlot((await getSiteId()) as string, 27 * 60 + Math.random() * 600);
      return {
        method: "DELETE" as const,
        url: `/api/v1/appointments/${(await book(t.platform.database.db, A.actor, queueHall, slot)).id}`,
      };
    },
    expect: onlyA(),
  },
  // — rows of issue 8: consultations —
  "GET /api/v1/consultations": { request: get("/api/v1/consultations?region=330523"), expect: "same" },
  "GET /api/v1/consultations/managed": {
    request: get("/api/v1/consultations/managed"),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/consultations": {
    request: () =>
      send("POST", "/api/v1/consultations", { ...consultationBody(), department: countyDepartmentId })(),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/consultations/{id}": {
    request: () => get(`/api/v1/consultations/${consultationOpen}`)(),
    expect: "same",
  },
  "PUT /api/v1/consultations/{id}": {
    request: () => ({
      method: "PUT" as const,
      url: `/api/v1/consultations/${consultationOpen}`,
      payload: consultationBody(),
    }),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/consultations/{id}/publish": {
    request: () => send("POST", `/api/v1/consultations/${consultationOpen}/publish`, {})(),
    expect: { anonymous: 401, others: 404 },
  },
  "PUT /api/v1/consultations/{id}/attachments": {
    request: () => ({ method: "PUT" as const, url: `/api/v1/consultations/${consultationOpen}/attachments` }),
    expect: { anonymous: 401, others: 404 },
  },
  "GET /api/v1/consultations/{id}/attachments/{sha256}": {
    request: () => get(`/api/v1/consultations/${consultationOpen}/attachments/${consultationAttachment}`)(),
    expect: "same",
  },
  "GET /api/v1/consultations/{id}/comments": {
    request: () => get(`/api/v1/consultations/${consultationOpen}/comments`)(),
    expect: "same",
  },
  "POST /api/v1/consultations/{id}/comments": {
    request: () => send("POST", `/api/v1/consultations/${consultationOpen}/comments`, { text: "矩阵" })(),
    expect: personsOnly(),
  },
  "DELETE /api/v1/consultations/{id}/comments/{commentId}": {
    request: async () =>
      send("DELETE", `/api/v1/consultations/${consultationOpen}/comments/${await commentOfA()}`)(),
    expect: onlyA(),
  },
  "POST /api/v1/consultations/{id}/comments/{commentId}/hide": {
    request: async () =>
      send("POST", `/api/v1/consultations/${consultationOpen}/comments/${await commentOfA()}/hide`, {
        reason: "abuse",
      })(),
    expect: { anonymous: 401, others: 404 },
  },
  "GET /api/v1/consultations/{id}/summary": {
    request: () => get(`/api/v1/consultations/${consultationSummarised}/summary`)(),
    expect: "same",
  },
  "POST /api/v1/consultations/{id}/summary/points": {
    request: () =>
      send("POST", `/api/v1/consultations/${consultationSummarised}/summary/points`, {
        summary: "矩阵",
        adoption: "adopted",
      })(),
    expect: { anonymous: 401, others: 404 },
  },
  "DELETE /api/v1/consultations/{id}/summary/points/{pointId}": {
    request: () =>
      send("DELETE", `/api/v1/consultations/${consultationSummarised}/summary/points/${consultationPoint}`)(),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/consultations/{id}/summary/publish": {
    request: () => send("POST", `/api/v1/consultations/${consultationSummarised}/summary/publish`, {})(),
    expect: { anonymous: 401, others: 404 },
  },
  "GET /api/v1/consultation-settings/{regionCode}": {
    request: get("/api/v1/consultation-settings/330523"),
    expect: "same",
  },
  "PUT /api/v1/consultation-settings/{regionCode}": {
    request: () => ({
      method: "PUT" as const,
      url: "/api/v1/consultation-settings/330523",
      payload: { minimumOpenDays: 30 },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  // — rows of issue 8: requests —
  "GET /api/v1/request-categories": { request: get("/api/v1/request-categories"), expect: "same" },
  "GET /api/v1/request-categories/{code}": {
    request: get("/api/v1/request-categories/policy-question"),
    expect: "same",
  },
  // Categories are the whole platform's: an administrator of a province or the country (none here).
  "POST /api/v1/request-categories": {
    request: send("POST", "/api/v1/request-categories", {
      code: "matrix-category",
      kind: "help",
      name: "矩阵",
      nameEn: "Matrix",
      anonymousAllowed: false,
      dueWorkingDays: 5,
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "PATCH /api/v1/request-categories/{code}": {
    request: send("PATCH", "/api/v1/request-categories/policy-question", { active: false }),
    expect: { anonymous: 401, others: 403 },
  },
  "POST /api/v1/requests": {
    request: () => ({
      method: "POST" as const,
      url: "/api/v1/requests",
      remoteAddress: "10.66.0.1",
      payload: {
        category: "policy-question",
        text: "矩阵：路灯不亮了",
        regionCode: "330523001201",
        contactPreference: "none",
        anonymous: true,
      },
    }),
    expect: "same",
  },
  "GET /api/v1/requests/mine": { request: get("/api/v1/requests/mine"), expect: personsOnly() },
  "GET /api/v1/requests/{number}": {
    request: () => get(`/api/v1/requests/${requestOfA}`)(),
    expect: { applicantA: "ok", others: 404 },
  },
  "POST /api/v1/requests/{number}/rating": {
    // Not replied yet: A is told it cannot be rated now; anyone else that it does not exist.
    request: () => send("POST", `/api/v1/requests/${requestOfA}/rating`, { satisfaction: "satisfied" })(),
    expect: { applicantA: 409, others: 404 },
  },
  "POST /api/v1/requests/{number}/reopen": {
    request: () => send("POST", `/api/v1/requests/${requestOfA}/reopen`, { reason: "矩阵" })(),
    expect: { applicantA: 409, others: 404 },
  },
  "GET /api/v1/requests/{number}/attachments/{sha256}": {
    request: () => get(`/api/v1/requests/${requestOfA}/attachments/${attachmentOfA}`)(),
    expect: { applicantA: "ok", others: 404 },
  },
  "GET /api/v1/request-replies": { request: get("/api/v1/request-replies"), expect: "same" },
  "GET /api/v1/work/requests": {
    request: get("/api/v1/work/requests"),
    expect: { ...personsOnly(403), others: "ok" },
  },
  "GET /api/v1/work/requests/{number}": {
    request: () => get(`/api/v1/work/requests/${requestOfA}`)(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", provinceSupervisor: "ok", others: 404 },
  },
  "GET /api/v1/work/requests/{number}/attachments/{sha256}": {
    request: () => get(`/api/v1/work/requests/${requestOfA}/attachments/${attachmentOfA}`)(),
    expect: { anonymous: 401, clerkOfTheCounty: "ok", provinceSupervisor: "ok", others: 404 },
  },
  "POST /api/v1/work/requests/{number}/assign": {
    // The dispatcher's clerk may assign (refused only for the department that is not one); the
    // supervisor sees it but does not dispatch.
    request: () =>
      send("POST", `/api/v1/work/requests/${requestOfA}/assign`, {
        departmentId: "00000000-0000-4000-8000-000000000000",
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: 400, provinceSupervisor: 403, others: 404 },
  },
  "POST /api/v1/work/requests/{number}/transfer": {
    request: () =>
      send("POST", `/api/v1/work/requests/${requestOfA}/transfer`, {
        departmentId: "00000000-0000-4000-8000-000000000000",
        reason: "矩阵",
      })(),
    expect: { anonymous: 401, clerkOfTheCounty: 409, provinceSupervisor: 409, others: 404 },
  },
  "POST /api/v1/work/requests/{number}/return": {
    request: () => send("POST", `/api/v1/work/requests/${requestOfA}/return`, { reason: "矩阵" })(),
    expect: { anonymous: 401, clerkOfTheCounty: 409, provinceSupervisor: 409, others: 404 },
  },
  "POST /api/v1/work/requests/{number}/reply": {
    request: () => send("POST", `/api/v1/work/requests/${requestOfA}/reply`, { text: "" })(),
    expect: { anonymous: 401, clerkOfTheCounty: 400, provinceSupervisor: 403, others: 404 },
  },
  "GET /api/v1/request-routes": {
    request: get("/api/v1/request-routes?region=330523"),
    expect: { ...personsOnly(403), others: "ok" },
  },
  "PUT /api/v1/request-routes": {
    request: () => ({
      method: "PUT" as const,
      url: "/api/v1/request-routes",
      payload: {
        regionCode: "330523",
        categoryCode: null,
        departmentId: "00000000-0000-4000-8000-000000000000",
      },
    }),
    expect: { anonymous: 401, others: 403 },
  },
  "DELETE /api/v1/request-routes/{id}": {
    request: () => send("DELETE", `/api/v1/request-routes/${requestRoute}`)(),
    expect: { anonymous: 401, others: 403 },
  },

  // — issue 8: disclosure —
  // Publications, feeds and guides are public; publishing is the department's own staff's (none of the
  // callers: the province's supervisor passes the first check and finds the county's department not
  // there); answering a request is an approver's (none here); a request is its case's, seen by whoever
  // sees the case (no case is named: nobody finds it).
  "GET /api/v1/disclosure/publications": {
    request: get("/api/v1/disclosure/publications?q=通知"),
    expect: "same",
  },
  "POST /api/v1/disclosure/publications": {
    request: () =>
      send("POST", "/api/v1/disclosure/publications", {
        departmentId: disclosureDepartment,
        category: "notice",
        title: "x",
        body: "y",
      })(),
    expect: { anonymous: 401, provinceSupervisor: 404, others: 403 },
  },
  "GET /api/v1/disclosure/publications/{id}": {
    request: () => get(`/api/v1/disclosure/publications/${publicationId}`)(),
    expect: "same",
  },
  "POST /api/v1/disclosure/publications/{id}/corrections": {
    request: () =>
      send("POST", `/api/v1/disclosure/publications/${publicationId}/corrections`, {
        reason: "x",
        title: "y",
      })(),
    expect: { anonymous: 401, provinceSupervisor: 404, others: 403 },
  },
  "POST /api/v1/disclosure/publications/{id}/withdrawal": {
    request: () =>
      send("POST", `/api/v1/disclosure/publications/${publicationId}/withdrawal`, { reason: "x" })(),
    expect: { anonymous: 401, provinceSupervisor: 404, others: 403 },
  },
  "PUT /api/v1/disclosure/publications/{id}/attachments": {
    request: () => ({
      method: "PUT" as const,
      url: `/api/v1/disclosure/publications/${publicationId}/attachments`,
      payload: {},
    }),
    expect: { anonymous: 401, provinceSupervisor: 404, others: 403 },
  },
  "GET /api/v1/disclosure/publications/{id}/attachments/{attachmentId}": {
    request: () =>
      get(
        `/api/v1/disclosure/publications/${publicationId}/attachments/00000000-0000-4000-8000-000000000000`,
      )(),
    expect: 404,
  },
  "GET /api/v1/disclosure/guides/{departmentId}": {
    request: () => get(`/api/v1/disclosure/guides/${disclosureDepartment}`)(),
    expect: "same",
  },
  "PUT /api/v1/disclosure/guides/{departmentId}": {
    request: () => ({
      method: "PUT" as const,
      url: `/api/v1/disclosure/guides/${disclosureDepartment}`,
      payload: { office: "x", address: "x", phone: "x", hours: "x", notes: "" },
    }),
    expect: { anonymous: 401, provinceSupervisor: 404, others: 403 },
  },
  "GET /api/v1/disclosure/requests/{caseId}": {
    request: get("/api/v1/disclosure/requests/00000000-0000-4000-8000-000000000000"),
    expect: { anonymous: 401, others: 404 },
  },
  "POST /api/v1/disclosure/requests/{caseId}/answer": {
    request: send("POST", "/api/v1/disclosure/requests/00000000-0000-4000-8000-000000000000/answer", {
      answer: "disclosed",
    }),
    expect: { anonymous: 401, others: 403 },
  },
  // — rows of issue 8: ratings —
  "POST /api/v1/cases/{number}/ratings": {
    // A's case is still open: A is told it cannot be rated yet; to anyone else it does not exist.
    request: () => send("POST", `/api/v1/cases/${caseOfA.number}/ratings`, { level: 5, tags: [] })(),
    expect: { anonymous: 401, applicantA: 409, others: 404 },
  },
  "GET /api/v1/cases/{number}/ratings": {
    request: () => get(`/api/v1/cases/${caseOfA.number}/ratings`)(),
    expect: { anonymous: 401, applicantA: "ok", others: 404 },
  },
  "GET /api/v1/rating-links/{token}": { request: get(`/api/v1/rating-links/${"x".repeat(24)}`), expect: 404 },
  "POST /api/v1/rating-links/{token}": {
    request: send("POST", `/api/v1/rating-links/${"x".repeat(24)}`, { level: 5, tags: [] }),
    expect: 404,
  },
  "GET /api/v1/ratings/{id}": { request: () => get(`/api/v1/ratings/${ratingOfA}`)(), expect: onlyA() },
  "POST /api/v1/ratings/{id}/additions": {
    request: () => send("POST", `/api/v1/ratings/${ratingOfA}/additions`, { text: "追评" })(),
    expect: onlyA(),
  },
  "POST /api/v1/sites/{code}/tickets/{id}/rating-link": {
    // The queue's ticket is waiting, not served: the county's clerk is told so.
    request: () => send("POST", `/api/v1/sites/${queueHall}/tickets/${queueTicket.id}/rating-link`, {})(),
    expect: { anonymous: 401, clerkOfTheCounty: 409, clerkOfAnotherCounty: 404, others: 403 },
  },
  "GET /api/v1/rectifications": { request: get("/api/v1/rectifications"), expect: staffOnly },
  "GET /api/v1/rectifications/{id}": {
    // The responsible department is the item's deciding bureau, not the window's centre.
    request: () => get(`/api/v1/rectifications/${rectificationOfA}`)(),
    expect: { anonymous: 401, applicantA: "ok", provinceSupervisor: "ok", others: 404 },
  },
  "POST /api/v1/rectifications/{id}/steps": {
    // Only a supervisor upholds, and only a contested outcome: this one is still open.
    request: () => send("POST", `/api/v1/rectifications/${rectificationOfA}/steps`, { step: "uphold" })(),
    expect: { anonymous: 401, applicantA: 403, provinceSupervisor: 409, others: 404 },
  },
  "GET /api/v1/rating-settings/{region}": {
    request: get("/api/v1/rating-settings/330523"),
    expect: { anonymous: 401, others: 403 },
  },
  "PUT /api/v1/rating-settings/{region}": {
    request: () => ({ method: "PUT" as const, url: "/api/v1/rating-settings/330523", payload: { days: 5 } }),
    expect: { anonymous: 401, others: 403 },
  },
  "GET /api/v1/ratings/figures/{by}": { request: get("/api/v1/ratings/figures/department"), expect: "same" },
  "GET /api/v1/ratings/figures/{by}/{key}": {
    request: () => get(`/api/v1/ratings/figures/item/${itemCode}`)(),
    expect: "same",
  },
  // — rows of issue 8: supervision —
  "GET /api/v1/supervision/overdue": {
    request: get("/api/v1/supervision/overdue?region=330523"),
    expect: { anonymous: 401, provinceSupervisor: "ok", others: 403 },
  },
  "GET /api/v1/public/department-ranking": {
    request: get("/api/v1/public/department-ranking?region=330523"),
    expect: "same",
  },
  // — rows of issue 9: insight —
  "GET /api/v1/insights/dashboard": {
    request: get("/api/v1/insights/dashboard?region=330523"),
    expect: insightReaders,
  },
  "GET /api/v1/insights/equity": {
    request: get("/api/v1/insights/equity?region=330523"),
    expect: insightReaders,
  },
  // Open data before there are figures: 404 for everyone alike.
  "GET /api/v1/public/insights": { request: get("/api/v1/public/insights?region=330523"), expect: "same" },
  "GET /api/v1/insights/event-log": {
    request: get("/api/v1/insights/event-log?region=330523&format=xes"),
    expect: insightReaders,
  },
  // The matrix's item has no process definition: nothing to mine, for those who may look (404).
  "GET /api/v1/insights/process": {
    request: () => get(`/api/v1/insights/process?item=${itemCode}&region=330523`)(),
    expect: { ...insightReaders, provinceSupervisor: 404 },
  },
  "POST /api/v1/insights/what-if": {
    request: () => send("POST", "/api/v1/insights/what-if", whatIf())(),
    expect: { ...insightReaders, provinceSupervisor: 404 },
  },
  // Saving a draft is for catalogue managers only.
  "POST /api/v1/insights/what-if/drafts": {
    request: () => send("POST", "/api/v1/insights/what-if/drafts", whatIf())(),
    expect: { anonymous: 401, others: 403 },
  },
};

/** The id of the queue's hall (for rows that open slots of their own). */
async function getSiteId(): Promise<string | undefined> {
  const { findSiteByCode } = await import("../src/modules/halls/sites-store.ts");
  return (await findSiteByCode(t.platform.database.db, queueHall))?.id;
}

function expected(row: Row, caller: Caller): Outcome {
  if (typeof row.expect !== "object") return row.expect;
  return row.expect[caller] ?? row.expect.others;
}

function matches(outcome: Outcome, status: number): boolean {
  if (outcome === "ok") return status >= 200 && status < 300;
  if (outcome === "same") return status !== 403 && status !== 404 && status < 500;
  return status === outcome;
}

async function answer(key: string, caller: Caller): Promise<number> {
  const row = MATRIX[key] as Row;
  const request = await row.request(caller);
  const cookie = cookies[caller];
  const response = await t.app.inject({
    ...request,
    headers: { ...request.headers, ...(cookie ? { cookie } : {}) },
  } as InjectOptions);
  return response.statusCode;
}

describe("the policy matrix", () => {
  it("has a row for every operation of /openapi.json, and none for an operation that is gone", async () => {
    const document = (await t.app.inject("/openapi.json")).json() as { paths: Record<string, object> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.filter((operation) => !(operation in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !operations.includes(key))).toEqual([]);
  });

  const signOuts = ["DELETE /api/v1/session", "DELETE /api/v1/account-session"];
  const keys = [...Object.keys(MATRIX).filter((key) => !signOuts.includes(key)), ...signOuts];
  it.each(keys)("%s", async (key) => {
    const answers: Partial<Record<Caller, number>> = {};
    for (const caller of CALLERS) answers[caller] = await answer(key, caller);
    const row = MATRIX[key] as Row;
    const wrong = CALLERS.filter((caller) => !matches(expected(row, caller), answers[caller] as number)).map(
      (caller) => `${caller}: expected ${expected(row, caller)}, got ${answers[caller]}`,
    );
    expect(wrong, JSON.stringify(answers)).toEqual([]);
    if (row.expect === "same") expect(new Set(Object.values(answers)).size, JSON.stringify(answers)).toBe(1);
  });
});
