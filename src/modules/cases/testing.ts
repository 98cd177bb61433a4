/** For tests of applying and of the case engine: a county with an offered item, its staff, applicants. */
import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { importPackageCalendar } from "../calendar/service.ts";
import type { ItemContent } from "../catalog/content.ts";
import { publishItems, sampleContent } from "../catalog/testing.ts";
import type { StaffRole } from "../identity/tables.ts";
import { type Someone, someone } from "../mandates/testing.ts";

export interface Staff {
  id: string;
  cookie: string;
}

export interface CaseWorld {
  t: TestApp;
  itemCode: string;
  offeringId: string;
  applicant: Someone;
  clerk: Staff;
  reviewer: Staff;
  approver: Staff;
}

/** The settings case tests run with: no second factor for approvers, no limits in the way. */
export const CASE_TEST_ENV = {
  REQUIRE_STAFF_MFA: "false",
  SESSION_CACHE_SECONDS: "0",
  RATE_LIMIT_PER_MINUTE: "100000",
  SIGNIN_PER_IP_PER_MINUTE: "10000",
};

export async function caseTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  return createTestApp({ env: { ...CASE_TEST_ENV, ...env } });
}

/**
 * A staff member of a line's department in 安吉县, signed in: a window clerk at the government service
 * centre (whose comprehensive window takes in every line's cases), anyone else at market regulation
 * (the sample item's line) unless told otherwise.
 */
export async function staffOf(
  t: TestApp,
  role: StaffRole,
  options: { line?: string; region?: string; jurisdiction?: string } = {},
): Promise<Staff> {
  const region = options.region ?? "330523";
  const member = await staffMember(t.platform.database.db, role, options.jurisdiction ?? region, {
    line: options.line ?? (role === "window_clerk" ? "government_service" : "market_regulation"),
    departmentRegion: region,
  });
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 201) throw new Error(`sign-in: ${response.statusCode} ${response.body}`);
  return { id: member.id, cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

/**
 * The world a case needs: the region slice, the calendar, a published item (the sample food licence,
 * or `content`) offered by 安吉县's market regulation bureau, its clerk, reviewer and approver, and an
 * applicant living in a village of the county.
 */
export async function caseWorld(t: TestApp, content: Partial<ItemContent> = {}): Promise<CaseWorld> {
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const departmentId = await department(db, "330523", "market_regulation");
  const [itemCode] = (await publishItems(db, [
    { content: sampleContent(content), offerings: [{ regionCode: "330523", departmentId }] },
  ])) as [string];
  const offering = await db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .select("o.id")
    .where("i.code", "=", itemCode)
    .executeTakeFirstOrThrow();
  return {
    t,
    itemCode,
    offeringId: offering.id,
    applicant: await someone(t, { name: "王小明", addressRegionCode: "330523001201" }),
    clerk: await staffOf(t, "window_clerk"),
    reviewer: await staffOf(t, "reviewer"),
    approver: await staffOf(t, "approver"),
  };
}

/**
 * A staff member holding `role` over the whole country: jurisdiction "", which `provincesOfRegions` reads
 * as every province. No region has that code, so no stored grant can name it; the actor is made as one
 * signed in with such a grant would be.
 */
export function nationalStaff(role: StaffRole, departmentId: string): Actor {
  return {
    kind: "staff",
    id: randomUUID(),
    username: `${role}.national`,
    displayName: `National ${role}`,
    grants: [{ role, departmentId, jurisdictionCode: "" }],
  };
}

/** A JSON request with a cookie (or none). */
export function call(
  t: TestApp,
  who: { cookie: string } | undefined,
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { ...(who ? { cookie: who.cookie } : {}), ...headers },
    ...(payload ? { payload } : {}),
  });
}

/** A small valid PDF: enough for the content check to say "pdf". */
export const TINY_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** A multipart body with one file part. */
export function multipartFile(name: string, content: Uint8Array, type = "application/pdf") {
  const boundary = `----tongban${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(content), tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** Answers the sample food licence's form accepts. */
export const SAMPLE_ANSWERS = { shopName: "小明面馆", area: 45, kinds: ["热食类食品制售"] };

/** Applies for the sample item as the world's applicant, through the API: the case's id and number. */
export async function applyOnline(
  w: CaseWorld,
  options: { answers?: object; who?: Someone; commitment?: string[] } = {},
): Promise<{ applicationId: string; caseId: string; number: string }> {
  const who = options.who ?? w.applicant;
  const started = await call(w.t, who, "POST", "/api/v1/applications", { offering: w.offeringId });
  if (started.statusCode !== 201) throw new Error(`start: ${started.statusCode} ${started.body}`);
  const id = started.json().id as string;
  await call(w.t, who, "PATCH", `/api/v1/applications/${id}`, { answers: options.answers ?? SAMPLE_ANSWERS });
  if (options.commitment) {
    await call(w.t, who, "PUT", `/api/v1/applications/${id}/commitment`, { materials: options.commitment });
  } else {
    const file = multipartFile("申请书.pdf", TINY_PDF);
    const uploaded = await w.t.app.inject({
      method: "PUT",
      url: `/api/v1/applications/${id}/materials/application`,
      headers: { cookie: who.cookie, ...file.headers },
      payload: file.payload,
    });
    if (uploaded.statusCode !== 200) throw new Error(`upload: ${uploaded.statusCode} ${uploaded.body}`);
  }
  const submitted = await call(w.t, who, "POST", `/api/v1/applications/${id}/submission`, {});
  if (submitted.statusCode !== 201) throw new Error(`submit: ${submitted.statusCode} ${submitted.body}`);
  const body = submitted.json() as { caseId: string; number: string };
  return { applicationId: id, caseId: body.caseId, number: body.number };
}

/** The open task of a case at a stage kind. */
export async function openTask(t: TestApp, caseId: string, stageKind?: string) {
  return t.platform.database.db
    .selectFrom("case_tasks")
    .selectAll()
    .where("case_id", "=", caseId)
    .where("status", "=", "open")
    .$if(stageKind !== undefined, (q) => q.where("stage_kind", "=", stageKind as never))
    .orderBy("task_key")
    .execute();
}

/** Acts on a task as a staff member; throws with the body unless 200. */
export async function act(
  t: TestApp,
  who: Staff,
  taskId: string,
  body: object,
): Promise<LightMyRequestResponse> {
  return call(t, who, "POST", `/api/v1/work/tasks/${taskId}/actions`, body);
}

/** The one open task of a case at a stage kind; throws when there is none. */
export async function taskAt(t: TestApp, caseId: string, stageKind: string) {
  const [task] = await openTask(t, caseId, stageKind);
  if (!task) throw new Error(`Case ${caseId} has no open ${stageKind} task`);
  return task;
}
