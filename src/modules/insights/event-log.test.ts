import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import {
  act,
  applyOnline,
  CASE_TEST_ENV,
  type CaseWorld,
  call,
  caseWorld,
  type Staff,
  staffOf,
  taskAt,
} from "../cases/testing.ts";
import { publishItems, sampleContent } from "../catalog/testing.ts";
import { atOffering, COUNTY, offerIn, TOWNSHIP_A } from "../supervision/testing.ts";
import { ocelLog, xesLog, xmlEscape } from "./event-log.ts";
import type { ReadObserver } from "./event-log-store.ts";
import { type OcelDocument, ocelProblems, parseXml, type XmlElement, xesValue } from "./event-log-testing.ts";

const EVENT_LOG = "/api/v1/insights/event-log";
/** 长兴县: a neighbouring county, outside the supervisors' jurisdiction. */
const OTHER_COUNTY = "330522";

let t: TestApp;
let w: CaseWorld;
let supervisor: Staff;
let townshipSupervisor: Staff;
let roadCode: string;
/** granted: the whole way to closed; waiting: still at intake; denied: refused after review; road: another item. */
const cases: Record<"granted" | "waiting" | "denied" | "road" | "elsewhere", string> = {
  granted: "",
  waiting: "",
  denied: "",
  road: "",
  elsewhere: "",
};
const GRANT_REASON = "材料齐全，王小明的面馆符合法定条件";
const DENY_REASON = "王小明的经营场所不符合条件";

beforeAll(async () => {
  t = await createTestApp({ env: CASE_TEST_ENV });
  w = await caseWorld(t);
  const db = t.platform.database.db;

  cases.granted = (await applyOnline(w)).caseId;
  await act(t, w.clerk, (await taskAt(t, cases.granted, "intake")).id, { action: "accept" });
  await act(t, w.reviewer, (await taskAt(t, cases.granted, "review")).id, {
    action: "complete",
    opinion: "agree",
  });
  await act(t, w.approver, (await taskAt(t, cases.granted, "decision")).id, {
    action: "grant",
    reason: GRANT_REASON,
    legalBasis: "《中华人民共和国食品安全法》第三十五条",
  });
  await act(t, w.reviewer, (await taskAt(t, cases.granted, "issuance")).id, { action: "issue" });

  cases.waiting = (await applyOnline(w)).caseId;

  cases.denied = (await applyOnline(w)).caseId;
  await act(t, w.clerk, (await taskAt(t, cases.denied, "intake")).id, { action: "accept" });
  await act(t, w.reviewer, (await taskAt(t, cases.denied, "review")).id, {
    action: "complete",
    opinion: "agree",
  });
  await act(t, w.approver, (await taskAt(t, cases.denied, "decision")).id, {
    action: "deny",
    reason: DENY_REASON,
    legalBasis: "第三十五条",
  });

  const road = await offerIn(db, "transport", { zh: "道路占用许可", en: "Road permit" }, [TOWNSHIP_A]);
  roadCode = road.itemCode;
  cases.road = (await applyOnline(atOffering(w, road.offerings[TOWNSHIP_A] as string))).caseId;

  await db
    .insertInto("regions")
    .values({ code: "330522", parent_code: "3305", level: 3, name: "长兴县", urban_rural: null })
    .onConflict((c) => c.column("code").doNothing())
    .execute();
  const [elsewhereCode] = (await publishItems(db, [
    {
      content: sampleContent(),
      offerings: [
        { regionCode: OTHER_COUNTY, departmentId: await department(db, OTHER_COUNTY, "market_regulation") },
      ],
    },
  ])) as [string];
  const elsewhere = await db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .select("o.id")
    .where("i.code", "=", elsewhereCode)
    .executeTakeFirstOrThrow();
  cases.elsewhere = (await applyOnline(atOffering(w, elsewhere.id))).caseId;

  // The waiting case was submitted last spring, for the period filter.
  await sql`update cases set submitted_at = '2025-03-10T02:00:00Z' where id = ${cases.waiting}`.execute(db);

  supervisor = await staffOf(t, "supervisor");
  townshipSupervisor = await staffOf(t, "supervisor", { jurisdiction: TOWNSHIP_A });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function ocel(query = "", who: Staff = supervisor): Promise<OcelDocument> {
  const response = await call(t, who, "GET", `${EVENT_LOG}?format=ocel${query}`);
  expect(response.statusCode, response.body).toBe(200);
  const doc = JSON.parse(response.body) as OcelDocument;
  expect(ocelProblems(doc)).toEqual([]);
  return doc;
}

const caseIdsOf = (doc: OcelDocument) =>
  doc.objects
    .filter((o) => o.type === "case")
    .map((o) => o.id.replace(/^case:/, ""))
    .sort();

async function xes(query = "", who: Staff = supervisor): Promise<{ body: string; log: XmlElement }> {
  const response = await call(t, who, "GET", `${EVENT_LOG}?format=xes${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.body, log: parseXml(response.body) };
}

async function actionsOf(caseId: string): Promise<string[]> {
  const rows = await t.platform.database.db
    .selectFrom("case_events")
    .select("action")
    .where("case_id", "=", caseId)
    .orderBy("seq")
    .execute();
  return rows.map((r) => r.action);
}

describe("the event log as OCEL 2.0", () => {
  it("is a valid OCEL 2.0 document of the region's cases, their tasks, departments and events, as a download", async () => {
    const response = await call(t, supervisor, "GET", EVENT_LOG);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["content-disposition"]).toMatch(
      /^attachment; filename="event-log-330523\.jsonocel"/,
    );
    const doc = JSON.parse(response.body) as OcelDocument;
    expect(ocelProblems(doc)).toEqual([]);

    expect(caseIdsOf(doc)).toEqual([cases.granted, cases.waiting, cases.denied, cases.road].sort());
    expect(doc.objectTypes.map((o) => o.name)).toEqual(["case", "task", "department"]);
    const declared = doc.eventTypes.map((e) => e.name);
    expect(declared).toEqual(
      expect.arrayContaining(["submit", "accept", "complete", "grant", "issue", "deny"]),
    );
    expect(new Set(doc.events.map((e) => e.type))).toEqual(new Set(declared));

    // The granted case: its events in order, each tied to the case, its task and the department.
    const own = doc.events.filter((e) => e.relationships.some((r) => r.objectId === `case:${cases.granted}`));
    expect(own.map((e) => e.type)).toEqual(await actionsOf(cases.granted));
    const review = own.find((e) => e.type === "complete");
    expect(review?.relationships.map((r) => r.qualifier).sort()).toEqual(["case", "department", "task"]);
    expect(review?.attributes).toEqual(
      expect.arrayContaining([
        { name: "fromState", value: "review" },
        { name: "toState", value: "decision" },
        { name: "role", value: "reviewer" },
        { name: "actorKind", value: "staff" },
      ]),
    );

    const granted = doc.objects.find((o) => o.id === `case:${cases.granted}`);
    const value = (name: string) => granted?.attributes.find((a) => a.name === name)?.value;
    expect(value("item")).toBe(w.itemCode);
    expect(value("channel")).toBe("online");
    expect(value("applicantKind")).toBe("person");
    expect(value("outcome")).toBe("granted");
    // Case → task: one relationship per task, qualified by its stage; each task names its department.
    const taskRows = await t.platform.database.db
      .selectFrom("case_tasks")
      .select(["id", "stage_kind", "department_id"])
      .where("case_id", "=", cases.granted)
      .execute();
    expect(granted?.relationships.map((r) => `${r.objectId} ${r.qualifier}`).sort()).toEqual(
      taskRows.map((r) => `task:${r.id} ${r.stage_kind}`).sort(),
    );
    for (const task of taskRows) {
      const object = doc.objects.find((o) => o.id === `task:${task.id}`);
      expect(object?.relationships).toEqual([
        { objectId: `department:${task.department_id}`, qualifier: "department" },
      ]);
    }
    const departments = doc.objects.filter((o) => o.type === "department");
    expect(departments.map((d) => d.attributes.find((a) => a.name === "name")?.value)).toEqual(
      expect.arrayContaining(["安吉县政务服务中心", "安吉县市场监督管理局"]),
    );
  });

  it("filters by item, region subtree, period and definition version", async () => {
    expect(caseIdsOf(await ocel(`&item=${roadCode}`))).toEqual([cases.road]);
    expect(caseIdsOf(await ocel(`&item=${w.itemCode}`))).toEqual(
      [cases.granted, cases.waiting, cases.denied].sort(),
    );
    // 递铺街道 holds only the road case: the food cases are the county's own.
    expect(caseIdsOf(await ocel(`&region=${TOWNSHIP_A}`))).toEqual([cases.road]);
    expect(caseIdsOf(await ocel("", townshipSupervisor))).toEqual([cases.road]);
    expect(caseIdsOf(await ocel("&from=2025-03-01&to=2025-04-01"))).toEqual([cases.waiting]);
    expect(caseIdsOf(await ocel("&from=2025-03-11"))).not.toContain(cases.waiting);
    // [from, to): a case submitted on the day `to` names is not in the period.
    expect(caseIdsOf(await ocel("&from=2025-03-01&to=2025-03-10"))).toEqual([]);
    const empty = await ocel("&from=2025-03-01&to=2025-03-10");
    expect(empty).toMatchObject({ objects: [], events: [], eventTypes: [] });

    const db = t.platform.database.db;
    const item = await db
      .selectFrom("catalog_items")
      .select("id")
      .where("code", "=", w.itemCode)
      .executeTakeFirstOrThrow();
    const definition = await db
      .insertInto("process_definitions")
      .values({ item_id: item.id, version: 7, definition: JSON.stringify({ stages: [] }), created_by: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .updateTable("cases")
      .set({ definition_id: definition.id })
      .where("id", "=", cases.denied)
      .execute();
    const seven = await ocel(`&item=${w.itemCode}&version=7`);
    expect(caseIdsOf(seven)).toEqual([cases.denied]);
    expect(seven.objects[0]?.attributes).toContainEqual(
      expect.objectContaining({ name: "definitionVersion", value: 7 }),
    );
  });
});

describe("the event log as XES", () => {
  it("is well-formed XML with one trace per case, its events in order", async () => {
    const response = await call(t, supervisor, "GET", `${EVENT_LOG}?format=xes`);
    expect(response.headers["content-type"]).toMatch(/^application\/xml/);
    expect(response.headers["content-disposition"]).toMatch(/filename="event-log-330523\.xes"/);
    const { log } = await xes();
    expect(log.name).toBe("log");
    expect(log.attributes["xes.version"]).toBe("1849-2016");
    expect(log.children.filter((c) => c.name === "extension").map((c) => c.attributes.prefix)).toEqual([
      "concept",
      "time",
      "lifecycle",
      "org",
    ]);
    const traces = log.children.filter((c) => c.name === "trace");
    expect(traces.map((trace) => xesValue(trace, "concept:name")).sort()).toEqual(
      [cases.granted, cases.waiting, cases.denied, cases.road].sort(),
    );
    for (const trace of traces) {
      const id = xesValue(trace, "concept:name") as string;
      const events = trace.children.filter((c) => c.name === "event");
      expect(events.map((e) => xesValue(e, "concept:name"))).toEqual(await actionsOf(id));
      const times = events.map((e) => xesValue(e, "time:timestamp") as string);
      for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect([...times].sort()).toEqual(times);
      for (const e of events) expect(xesValue(e, "lifecycle:transition")).toBe("complete");
    }
    const granted = traces.find((trace) => xesValue(trace, "concept:name") === cases.granted) as XmlElement;
    expect(xesValue(granted, "outcome")).toBe("granted");
    const accepted = granted.children.find((e) => xesValue(e, "concept:name") === "accept") as XmlElement;
    expect(xesValue(accepted, "org:group")).toBe("安吉县政务服务中心");
    expect(xesValue(accepted, "org:resource")).toBe("staff");
  });

  it("filters as OCEL does", async () => {
    const { log } = await xes(`&item=${roadCode}`);
    expect(
      log.children.filter((c) => c.name === "trace").map((trace) => xesValue(trace, "concept:name")),
    ).toEqual([cases.road]);
  });
});

describe("XES escaping", () => {
  it("keeps markup characters as text and replaces those XML 1.0 forbids", () => {
    const raw = `a & b <c> "d" 'e' \u0001f`;
    const parsed = parseXml(`<x v="${xmlEscape(raw)}"/>`);
    expect(parsed.attributes.v).toBe(`a & b <c> "d" 'e' \ufffdf`);
    expect(() => parseXml(`<x v="${raw}"/>`)).toThrow();
  });
});

describe("what the event log keeps out", () => {
  it("holds no applicant's name, ID number, phone, e-mail or id, no staff id and no reasons", async () => {
    const bodies = [
      (await call(t, supervisor, "GET", `${EVENT_LOG}?format=ocel`)).body,
      (await call(t, supervisor, "GET", `${EVENT_LOG}?format=xes`)).body,
    ];
    const secrets = [
      w.applicant.name,
      w.applicant.idNumber,
      w.applicant.idNumber.slice(-6),
      w.applicant.mobile,
      w.applicant.email,
      w.applicant.id,
      w.clerk.id,
      w.reviewer.id,
      w.approver.id,
      GRANT_REASON,
      DENY_REASON,
      "面馆",
    ];
    // They are in the database: the export leaves them out.
    const reasons = await t.platform.database.db
      .selectFrom("case_events")
      .select("reason")
      .where("case_id", "in", [cases.granted, cases.denied])
      .execute();
    expect(reasons.map((r) => r.reason)).toEqual(expect.arrayContaining([GRANT_REASON, DENY_REASON]));
    for (const body of bodies) {
      expect(body.length).toBeGreaterThan(1000);
      for (const secret of secrets) expect(body).not.toContain(secret);
    }
  });
});

describe("bad input", () => {
  const status = async (query: string, who: Staff | null = supervisor) =>
    (await call(t, who ?? undefined, "GET", `${EVENT_LOG}?${query}`)).statusCode;
  const problem = async (query: string) => (await call(t, supervisor, "GET", `${EVENT_LOG}?${query}`)).json();

  it("answers a region that does not exist, or lies outside the jurisdiction, with 404", async () => {
    expect(await status("region=330599")).toBe(404);
    expect(await problem("region=330599")).toMatchObject({ code: "not_found" });
    expect(await status(`region=${OTHER_COUNTY}`)).toBe(404);
    expect(await status("region=33")).toBe(404);
    expect(await status(`region=${COUNTY}`, townshipSupervisor)).toBe(404);
  });

  it("answers a malformed region, an unknown format and a version without an item with 400", async () => {
    expect(await status("region=abc")).toBe(400);
    expect(await status("format=csv")).toBe(400);
    expect(await problem("format=csv")).toMatchObject({ code: "validation_failed" });
    expect(await status("version=1")).toBe(400);
    expect(await status("item=lower-case")).toBe(400);
  });

  it("answers a period that ends before it starts with 400, naming `to`", async () => {
    expect(await status("from=2026-03-01&to=2026-02-01")).toBe(400);
    expect(await problem("from=2026-03-01&to=2026-02-01")).toMatchObject({
      code: "validation_failed",
      errors: [expect.objectContaining({ field: "/query/to" })],
    });
    expect(await status("from=2026-02-30")).toBe(400);
  });

  it("answers an item or a definition version that does not exist with 404", async () => {
    expect(await status("item=330000-NOPE-0001")).toBe(404);
    expect(await status(`item=${w.itemCode}&version=99`)).toBe(404);
  });

  it("asks strangers to sign in and refuses staff without an insight role", async () => {
    expect(await status("", null)).toBe(401);
    expect(await status("", w.clerk)).toBe(403);
    expect(await status("", w.applicant)).toBe(403);
  });
});

describe("an export of many events", () => {
  const CASES = 2_000;
  const PER_CASE = 10;
  const PAGE = 500;
  /** 雉城街道 in 长兴县: generated cases kept apart from the ones above. */
  const GENERATED = "330522001";

  beforeAll(async () => {
    const db = t.platform.database.db;
    const departmentId = await department(db, OTHER_COUNTY, "market_regulation");
    // Copies of a closed case, then ten plausible events each: set-based, as a year of a county would be.
    await sql`
      insert into cases
      select (jsonb_populate_record(c, jsonb_build_object(
        'id', province_uuid('33'), 'number', 'GEN' || lpad(g::text, 8, '0'), 'region_code', ${GENERATED}::text,
        'idempotency_key', null, 'short_token', null))).*
      from cases c, generate_series(1, ${CASES}::int) g
      where c.id = ${cases.denied}`.execute(db);
    await sql`
      insert into case_events (province_code, case_id, region_code, seq, at, action, from_state, to_state,
        department_id, actor_kind)
      select c.province_code, c.id, c.region_code, s, c.submitted_at + s * interval '1 hour',
        (array['submit','claim','accept','claim','complete','claim','grant','issue','deliver','close'])[s],
        (array[null,'intake','intake','review','review','decision','decision','issuance','delivery','delivery'])[s],
        (array['intake','intake','review','review','decision','decision','issuance','delivery','delivery','closed'])[s],
        ${departmentId}::uuid, case when s = 1 then 'person' else 'staff' end
      from cases c, generate_series(1, ${PER_CASE}::int) s
      where c.region_code = ${GENERATED}`.execute(db);
  }, 120_000);

  for (const [format, write] of [
    ["OCEL", ocelLog],
    ["XES", xesLog],
  ] as const) {
    it(`writes ${format} in many chunks, reading no more than a page at a time`, async () => {
      const reads: { table: string; rows: number }[] = [];
      const onRead: ReadObserver = (table, rows) => reads.push({ table, rows });
      const chunks: string[] = [];
      for await (const chunk of write(
        t.platform.database.db,
        { regionCode: GENERATED },
        { pageSize: PAGE, onRead },
      )) {
        chunks.push(chunk);
      }
      expect(chunks.length).toBeGreaterThan(50);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
      expect(Math.max(...reads.map((r) => r.rows))).toBeLessThanOrEqual(PAGE);
      const eventReads = reads.filter((r) => r.table === "case_events");
      // Every event is read, and again only when a page ended inside its case.
      const read = eventReads.reduce((sum, r) => sum + r.rows, 0);
      expect(read).toBeGreaterThanOrEqual(CASES * PER_CASE);
      expect(read).toBeLessThanOrEqual(CASES * PER_CASE + eventReads.length * PER_CASE);
      expect(eventReads.length).toBeGreaterThanOrEqual((CASES * PER_CASE) / PAGE);

      const body = chunks.join("");
      if (format === "OCEL") {
        const doc = JSON.parse(body) as OcelDocument;
        expect(ocelProblems(doc)).toEqual([]);
        expect(doc.events).toHaveLength(CASES * PER_CASE);
        expect(doc.objects.filter((o) => o.type === "case")).toHaveLength(CASES);
      } else {
        const traces = parseXml(body).children.filter((c) => c.name === "trace");
        expect(traces).toHaveLength(CASES);
        for (const trace of traces)
          expect(trace.children.filter((c) => c.name === "event")).toHaveLength(PER_CASE);
      }
    }, 120_000);
  }

  it("writes the same document whatever the page size, even when one case's tasks and events fill pages", async () => {
    const db = t.platform.database.db;
    const text = async (chunks: AsyncGenerator<string>) => {
      let all = "";
      for await (const chunk of chunks) all += chunk;
      return all;
    };
    for (const write of [ocelLog, xesLog]) {
      const reads: number[] = [];
      const small = await text(
        write(db, { regionCode: COUNTY }, { pageSize: 2, onRead: (_, rows) => reads.push(rows) }),
      );
      expect(small).toBe(await text(write(db, { regionCode: COUNTY }, { pageSize: 1000 })));
      expect(Math.max(...reads)).toBe(2);
    }
  });

  it("streams the same over HTTP", async () => {
    const far = await staffOf(t, "supervisor", { region: OTHER_COUNTY, jurisdiction: GENERATED });
    const response = await call(t, far, "GET", `${EVENT_LOG}?format=ocel`);
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as OcelDocument).events).toHaveLength(CASES * PER_CASE);
  }, 120_000);
});
