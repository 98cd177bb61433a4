/**
 * Data sharing and instant approval under load, on PostgreSQL, against `npm start`:
 *   - `exchange.read_p99_ms`: registry reads through `POST /api/v1/registries/{code}/reads` by a
 *     department's system (an API client with its bearer token) under an approved agreement — the
 *     agreement checked, only its fields returned, the read written to the audit trail — from 100
 *     connections carrying 200 reads a second arriving at random (four times a province's peak of 50
 *     submissions a second, each reading a registry or two; open-load.ts); `exchange.reads_per_s_max`:
 *     the rate 100 connections reach when each sends its next read as soon as the last is answered;
 *   - `instant.decision_ms_p99`: from submission to decision for an instant-approval item (秒批): the
 *     rules read the household register and grant inside the submission, so the answer's latency is
 *     the decision's; 20 submissions a second arriving at random.
 * This process seeds the database: the 安吉县 slice, the calendar, the household register with 2,000
 * records kept by the public security bureau, civil affairs' approved agreement and API client, and a
 * senior allowance item whose rules grant people of 80 and over registered in the county.
 */

import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import pino from "pino";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { SAMPLE_ANSWERS } from "../src/modules/cases/testing.ts";
import { publishItems, sampleContent } from "../src/modules/catalog/testing.ts";
import { createClient } from "../src/modules/clients/service.ts";
import {
  decideAgreement,
  defineRegistry,
  publishRecord,
  requestAgreement,
} from "../src/modules/exchange/service.ts";
import { staffActor } from "../src/modules/identity/service.ts";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { Jobs } from "../src/platform/jobs.ts";
import type { Actor } from "../src/platform/policy.ts";
import {
  department,
  idNumber,
  personAccount,
  seedRegionSlice,
  staffMember,
  TEST_PASSWORD,
} from "../test/factories.ts";
import { type BenchContext, type Measurement, register, round, stopGroup } from "./harness.ts";
import { npmStart, signIn } from "./npm-start.ts";
import { openLoad, type Shot } from "./open-load.ts";

const PERSONAL_DATA_KEY = randomBytes(32).toString("base64");
const RECORDS = 2_000;
const SENIORS = 20;

async function staffOfLine(
  db: Parameters<typeof staffActor>[0],
  role: "administrator" | "approver",
  line: string,
) {
  const member = await staffMember(db as never, role, "330523", { line });
  return (await staffActor(db, member.username)) as Actor;
}

const SENIOR_RULES = {
  conditions: [
    {
      id: "age",
      label: { zh: "年满 80 周岁", en: "Aged 80 or over" },
      source: "registry" as const,
      registry: "household_register",
      field: "birthDate",
      op: "ageAtLeast" as const,
      value: 80,
    },
    {
      id: "residence",
      label: { zh: "户籍在本县", en: "Registered in the county" },
      source: "registry" as const,
      registry: "household_register",
      field: "householdRegion",
      op: "startsWith" as const,
      value: "330523",
    },
  ],
  tests: [
    {
      name: "85 岁",
      form: {},
      registries: { household_register: { birthDate: "1940-01-01", householdRegion: "330523001" } },
      on: "2026-11-27",
      expect: "grant" as const,
    },
    {
      name: "60 岁",
      form: {},
      registries: { household_register: { birthDate: "1966-01-01", householdRegion: "330523001" } },
      on: "2026-11-27",
      expect: "human" as const,
    },
  ],
  legalBasis: { zh: "《浙江省老年人优待规定》", en: "Zhejiang provisions on benefits for older people" },
};

async function run(context: BenchContext): Promise<Measurement[]> {
  const url = await context.freshDatabase();
  const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 10 });
  const config = loadConfig({
    DATABASE_URL: url,
    DATA_DIR: context.tempDir("exchange-seed"),
    SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
    PERSONAL_DATA_KEY,
  });
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  const db = handle.db;
  let server: Awaited<ReturnType<typeof npmStart>>["child"] | undefined;
  try {
    await migrateToLatest(db);
    await jobs.start({ work: false });
    await seedRegionSlice(db);
    await importPackageCalendar(db);
    const deps = { config, jobs };
    const steward = await staffOfLine(db, "administrator", "public_security");
    const publicSecurity = await department(db, "330523", "public_security");
    const civilAffairs = await department(db, "330523", "civil_affairs");
    await defineRegistry(db, steward, {
      code: "household_register",
      name: { zh: "户籍登记", en: "household register" },
      departmentId: publicSecurity,
      subjectKind: "person",
      keyKind: "id_number",
      fields: [
        { name: "name", type: "string", label: { zh: "姓名", en: "Name" } },
        { name: "birthDate", type: "date", label: { zh: "出生日期", en: "Date of birth" } },
        { name: "householdRegion", type: "string", label: { zh: "户籍地区划", en: "Registered region" } },
      ],
    });
    context.note(`seeding ${RECORDS} household records and ${SENIORS} applicants`);
    const keys: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      const key = idNumber("330523", `19${String(30 + (i % 60)).padStart(2, "0")}0101`);
      keys.push(key);
      await publishRecord(db, deps, steward, "household_register", {
        key,
        data: {
          name: `居民${i}`,
          birthDate: `19${String(30 + (i % 60)).padStart(2, "0")}-01-01`,
          householdRegion: "330523001",
        },
      });
    }
    const consumer = await staffOfLine(db, "approver", "civil_affairs");
    const agreement = await requestAgreement(db, consumer, {
      registry: "household_register",
      consumerDepartmentId: civilAffairs,
      fields: ["name", "birthDate"],
      purpose: "核对社会救助和高龄津贴申请人的身份与年龄",
      legalBasis: "《社会救助暂行办法》",
    });
    const stewardApprover = await staffOfLine(db, "approver", "public_security");
    await decideAgreement(db, stewardApprover, agreement.id, "approve", undefined);
    const { token } = await createClient(db, "operator", {
      name: "民政救助系统",
      departmentId: civilAffairs,
      scopes: ["registry.read"],
    });

    // The senior allowance: an item of civil affairs whose rules read the register.
    const [code] = await publishItems(db, [
      {
        content: sampleContent({ line: "civil_affairs", decisionRules: SENIOR_RULES, materials: [] }),
        offerings: [{ regionCode: "330523", departmentId: civilAffairs }],
      },
    ]);
    const offering = await db
      .selectFrom("catalog_offerings as o")
      .innerJoin("catalog_items as i", "i.id", "o.item_id")
      .select("o.id")
      .where("i.code", "=", code as string)
      .executeTakeFirstOrThrow();
    const seniors: string[] = [];
    for (let i = 0; i < SENIORS; i++) {
      const person = await personAccount(
        { database: handle, config, jobs },
        { mobile: `137${String(10_000_000 + i)}` },
      );
      await publishRecord(db, deps, steward, "household_register", {
        key: person.idNumber,
        data: { name: person.name, birthDate: "1940-06-01", householdRegion: "330523001211" },
      });
      seniors.push(person.email);
    }

    const started = await npmStart(context, {
      DATABASE_URL: url,
      DATA_DIR: context.tempDir("exchange-serve"),
      PERSONAL_DATA_KEY,
    });
    server = started.child;
    const base = `http://127.0.0.1:${started.port}`;
    const seconds = context.quick ? 5 : 15;

    const readShot = (n: number): Shot => ({
      method: "POST",
      path: "/api/v1/registries/household_register/reads",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ key: keys[n % keys.length], agreementId: agreement.id, reason: "救助申请核对" }),
    });
    context.note(
      "registry reads: warm-up, 200/s arriving at random over 100 connections, then as fast as they go",
    );
    const steadyReads = () => openLoad({ base, rate: 200, seconds, connections: 100, shot: readShot });
    await steadyReads();
    const steady = await steadyReads();
    let n = 0;
    const flat = await autocannon({
      url: base,
      connections: 100,
      duration: seconds,
      requests: [
        {
          method: "POST",
          path: "/api/v1/registries/household_register/reads",
          setupRequest: (request) => ({ ...request, ...readShot(n++) }),
        },
      ],
    });
    if (steady.failed + flat.errors + flat.timeouts + flat.non2xx > 0) {
      throw new Error(
        `reads: ${steady.failed} failed at 200/s; ${flat.non2xx} non-2xx, ${flat.errors} errors flat out`,
      );
    }
    const logged = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("action", "=", "data_exchange.fetch")
      .executeTakeFirstOrThrow();
    context.note(`${logged.n} reads in the audit trail`);

    const cookies = await Promise.all(seniors.map((email) => signIn(started.port, email, TEST_PASSWORD)));
    const submissions = (from: number) =>
      openLoad({
        base,
        rate: 20,
        seconds,
        connections: 20,
        shot: (k) => ({
          method: "POST",
          path: "/api/v1/submissions",
          headers: {
            "content-type": "application/json",
            cookie: cookies[k % cookies.length] as string,
            "idempotency-key": `bench-instant-${from + k}`,
          },
          body: JSON.stringify({ offering: offering.id, answers: SAMPLE_ANSWERS, materials: [] }),
        }),
      });
    context.note("instant approval: 20 submissions a second, arriving at random");
    await submissions(0);
    const instant = await submissions(1_000_000);
    if (instant.failed > 0) throw new Error(`submissions: ${instant.failed} failed`);
    const undecided = await db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("decision", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(undecided.n) > 0) throw new Error(`${undecided.n} instant-approval cases were not decided`);
    return [
      { name: "exchange.read_p99_ms", value: round(steady.p99, 1), unit: "ms" },
      { name: "exchange.reads_per_s_max", value: Math.round(flat.requests.total / seconds), unit: "req/s" },
      { name: "instant.decision_ms_p99", value: round(instant.p99, 1), unit: "ms" },
    ];
  } finally {
    if (server) await stopGroup(server);
    await jobs.stop();
    await handle.close();
  }
}

register({
  metrics: [
    { name: "exchange.read_p99_ms", unit: "ms", goal: { max: 20 } },
    { name: "exchange.reads_per_s_max", unit: "req/s" },
    { name: "instant.decision_ms_p99", unit: "ms", goal: { max: 200 } },
  ],
  run,
});
