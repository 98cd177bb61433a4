import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { UsageError } from "../../usage-error.ts";
import { caseTimeline, getCase } from "../cases/service.ts";
import { staffActor } from "../identity/service.ts";
import { generatedCount, generateHistory, parseCases } from "./generate.ts";
import { seedDemo } from "./seed.ts";

const N = 2000;
let d: TestDatabase;

const count = async (table: string, where = "true") =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.raw(where)}`.execute(
        d.handle.db,
      )
    ).rows[0]?.n,
  );

const counts = async () =>
  Promise.all(
    ["cases", "case_events", "case_tasks", "case_pauses", "ratings", "rectifications", "public_requests"].map(
      (t) => count(t),
    ),
  );

beforeAll(async () => {
  d = await createTestDatabase();
  await seedDemo(d.handle.db);
  await generateHistory(d.handle.db, { cases: N, chunk: 700 });
}, 300_000);
afterAll(() => d.close());

it("makes the cases asked for, with their events, tasks, ratings and requests", async () => {
  expect(await generatedCount(d.handle.db)).toBe(N);
  expect(await count("cases", "number like '9%'")).toBe(N);
  expect(await count("case_events")).toBeGreaterThan(8 * N);
  expect(await count("case_tasks")).toBeGreaterThan(3 * N);
  // About two closed cases in five are rated, and one applicant in twenty writes to 12345.
  const closed = await count("cases", "state = 'closed'");
  const rated = await count("ratings", "subject_kind = 'case'");
  expect(rated / closed).toBeGreaterThan(0.3);
  expect(rated / closed).toBeLessThan(0.5);
  expect(await count("public_requests", "number like '9%'")).toBeGreaterThan(N / 25);
  expect(await count("rectifications")).toBeGreaterThan(0);
});

it("keeps states, outcomes and events consistent, as the engine would", async () => {
  const db = d.handle.db;
  // Every closed case has its date and outcome; an open one neither.
  expect(await count("cases", "(state = 'closed') <> (closed_at is not null and outcome is not null)")).toBe(
    0,
  );
  const outcomes = await sql<{ outcome: string; n: string }>`
    select outcome, count(*) as n from cases where state = 'closed' group by outcome`.execute(db);
  const share = (o: string) => Number(outcomes.rows.find((r) => r.outcome === o)?.n ?? 0) / N;
  expect(share("granted")).toBeGreaterThan(0.6);
  for (const o of ["denied", "rejected", "withdrawn"]) expect(share(o)).toBeGreaterThan(0.005);
  // Events are numbered 1 … n without a gap, and each begins where the one before ended.
  const gaps = await sql<{ n: string }>`
    select count(*) as n from (select case_id, count(*) as c, min(seq) as lo, max(seq) as hi
      from case_events group by case_id) e where lo <> 1 or hi <> c`.execute(db);
  expect(Number(gaps.rows[0]?.n)).toBe(0);
  const broken = await sql<{ n: string }>`
    select count(*) as n from case_events e join case_events p on p.case_id = e.case_id and p.seq = e.seq - 1
    where e.from_state is distinct from p.to_state`.execute(db);
  expect(Number(broken.rows[0]?.n)).toBe(0);
  // The case's state is where its last event left it.
  const stale = await sql<{ n: string }>`
    select count(*) as n from cases c
    join lateral (select to_state from case_events e where e.case_id = c.id order by seq desc limit 1) l on true
    where l.to_state <> c.state`.execute(db);
  expect(Number(stale.rows[0]?.n)).toBe(0);
  // Recent cases are still being handled, and a few clocks have run out.
  const open = await sql<{ state: string }>`select distinct state from cases where state <> 'closed'`.execute(
    db,
  );
  expect(open.rows.map((r) => r.state)).toContain("review");
  expect(open.rows.length).toBeGreaterThanOrEqual(3);
  expect(await count("cases", "overdue_at is not null")).toBeGreaterThan(0);
  expect(await count("cases", "closed_at > due_at")).toBeLessThan(0.15 * N);
  // Supplements on about one case in seven, with the clock's pause when after acceptance.
  const supplemented = (await count("cases", "supplement_rounds > 0")) / N;
  expect(supplemented).toBeGreaterThan(0.08);
  expect(supplemented).toBeLessThan(0.25);
  expect(await count("case_pauses", "kind = 'supplement'")).toBeGreaterThan(0);
  expect(await count("cases", "decided_by_rules")).toBeGreaterThan(0);
  // A done task has its completion; an open one has none.
  expect(await count("case_tasks", "(status = 'open') <> (completed_at is null)")).toBe(0);
  const open_tasks = await sql<{ n: string }>`
    select count(*) as n from case_tasks t join cases c on c.id = t.case_id
    where t.status = 'open' and (c.state = 'closed' or t.stage_index <> c.stage_index)`.execute(db);
  expect(Number(open_tasks.rows[0]?.n)).toBe(0);
});

it("shows the gap between villages and towns", async () => {
  const rows = await sql<{ rural: boolean; n: string; days: number; online: number }>`
    select r.urban_rural = 'rural' as rural, count(*) as n,
      avg(extract(epoch from c.closed_at - c.accepted_at) / 86400) filter (where c.outcome = 'granted') as days,
      avg(case when c.channel in ('online', 'mobile') then 1 else 0 end) as online
    from cases c join regions r on r.code = c.applicant_region_code group by 1`.execute(d.handle.db);
  const rural = rows.rows.find((r) => r.rural);
  const urban = rows.rows.find((r) => !r.rural);
  expect(Number(rural?.n)).toBeGreaterThan(0);
  expect(Number(urban?.n)).toBeGreaterThan(0);
  expect(Number(rural?.days)).toBeGreaterThan(Number(urban?.days));
  expect(Number(rural?.online)).toBeLessThan(Number(urban?.online));
});

it("makes one department of a parallel review reliably the slower", async () => {
  const rows = await sql<{ task_key: string; days: number }>`
    select t.task_key, avg(extract(epoch from t.completed_at - t.created_at) / 86400) as days
    from case_tasks t join cases c on c.id = t.case_id
    where c.item_code = '330000-MZ-0001' and t.stage_kind = 'review' and t.status = 'done'
      and t.task_key in ('name_check', 'sponsor_review')
    group by t.task_key`.execute(d.handle.db);
  const days = Object.fromEntries(rows.rows.map((r) => [r.task_key, Number(r.days)]));
  expect(days.sponsor_review).toBeGreaterThan(days.name_check ?? Number.POSITIVE_INFINITY);
});

it("adds nothing when run again with the same N, and the difference with a larger one", async () => {
  const db = d.handle.db;
  const before = await counts();
  expect(await generateHistory(db, { cases: N })).toEqual({ before: N, after: N });
  expect(await counts()).toEqual(before);
  expect(await generateHistory(db, { cases: N + 150 })).toEqual({ before: N, after: N + 150 });
  expect(await count("cases", "number like '9%'")).toBe(N + 150);
  expect(await generatedCount(db)).toBe(N + 150);
}, 120_000);

it("opens generated cases through the case service as real ones", async () => {
  const db = d.handle.db;
  const supervisor = await staffActor(db, "anji.supervisor");
  if (!supervisor) throw new Error("the demo supervisor is missing");
  const picks = await sql<{ id: string; state: string }>`
    select distinct on (state) id, state from cases where number like '9%' order by state, number`.execute(
    db,
  );
  expect(picks.rows.length).toBeGreaterThanOrEqual(4);
  for (const pick of picks.rows) {
    const view = await getCase(db, supervisor, pick.id);
    expect(view.state).toBe(pick.state);
    const timeline = await caseTimeline(db, supervisor, pick.id);
    expect(timeline.at(-1)?.state).toBe(pick.state);
  }
});

it("refuses a number of cases that is not a positive whole number, saying what to type", async () => {
  for (const bad of ["0", "-5", "abc", "1.5", "", "100000000"]) {
    expect(() => parseCases(bad)).toThrow(UsageError);
    expect(() => parseCases(bad)).toThrow(/--cases N, a whole number of cases from 1 to/);
  }
  expect(() => parseCases(undefined)).toThrow(/e\.g\. tongban demo generate --cases 100000/);
  expect(parseCases("100,000")).toBe(100_000);
  await expect(generateHistory(d.handle.db, { cases: 0 })).rejects.toThrow(UsageError);
  await expect(generateHistory(d.handle.db, { cases: Number.NaN })).rejects.toThrow(UsageError);
});
