import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import type { Db } from "../../platform/db/database.ts";
import { call, caseTestApp, caseWorld, type Staff, staffOf } from "../cases/testing.ts";
import { seedCategoriesAndRoutesIn } from "../requests/testing.ts";
import { badRatingToRectify } from "../supervision/testing.ts";
import { rebuildInsights, refreshInsights } from "./rollup.ts";
import { at } from "./testing.ts";

let t: TestApp;
let db: Db;
let supervisor: Staff;
let lateRequest: string;

/** A 12345 request received (and replied) at the given instants, due on the given day. */
async function request(
  ids: { dispatcherId: string; policeId: string },
  n: number,
  received: string,
  due: string,
  replied: string | null,
): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into public_requests (province_code, id, number, token_hash, category_code, kind, text, public_text,
      region_code, contact_preference, requester_kind, channel, state, dispatcher_id, department_id, received_at,
      due_at, replied_at)
    values ('33', province_uuid('33'), ${`V${n}`}, ${`hash-${n}`}, 'noise', 'complaint', '夜间施工噪音', '夜间施工噪音', '330523001201',
      'none', 'anonymous', 'web', ${replied ? "replied" : "assigned"}, ${ids.dispatcherId}, ${ids.policeId},
      ${at(received)}, ${at(due)}, ${replied ? at(replied) : null})
    returning id`.execute(db);
  return (rows[0] as { id: string }).id;
}

async function voiceTables(): Promise<unknown> {
  const read = async (table: string) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows
      .map((r) => JSON.stringify(r, Object.keys(r).sort()))
      .sort();
  return { facts: await read("insight_voice_facts"), monthly: await read("insight_voice_monthly") };
}

beforeAll(async () => {
  t = await caseTestApp();
  // The region slice, calendar and departments the requests are routed in.
  await caseWorld(t);
  db = t.platform.database.db;
  supervisor = await staffOf(t, "supervisor", { jurisdiction: "330523" });
  const ids = await seedCategoriesAndRoutesIn(db);
  // Replied in two working days (Mon 2 → Wed 4 March), on time; in six (→ Tue 10), late; not yet.
  await request(ids, 1, "2026-03-02T09:00:00", "2026-03-09T23:59:59", "2026-03-04T10:00:00");
  lateRequest = await request(ids, 2, "2026-03-02T09:00:00", "2026-03-09T23:59:59", "2026-03-10T10:00:00");
  await request(ids, 3, "2026-03-20T09:00:00", "2026-03-27T23:59:59", null);
  // A rectification resolved on time in three working days, and one still open.
  const resolved = await badRatingToRectify(db, {
    regionCode: "330523001",
    departmentId: ids.policeId,
    overdue: false,
  });
  await sql`
    update rectifications set created_at = ${at("2026-03-02T09:00:00")}, resolved_at = ${at("2026-03-05T09:00:00")},
      resolved_on_time = true, state = 'resolved'
    where id = ${resolved}`.execute(db);
  const open = await badRatingToRectify(db, { regionCode: "330523001", departmentId: ids.policeId });
  await sql`update rectifications set created_at = ${at("2026-03-16T09:00:00")} where id = ${open}`.execute(
    db,
  );
  await refreshInsights(db);
});

afterAll(async () => {
  await t?.close();
});

describe("the public's voice on the dashboard", () => {
  it("counts 12345 requests and rectifications: answered, how soon, on time, and the backlog", async () => {
    const d = (
      await call(t, supervisor, "GET", "/api/v1/insights/dashboard?region=330523&from=2026-03&to=2026-03")
    ).json();
    expect(d.voice.requests).toEqual({ received: 3, answered: 2, meanDays: 4, onTimeRate: 0.5, backlog: 1 });
    expect(d.voice.rectifications).toEqual({
      received: 2,
      answered: 1,
      meanDays: 3,
      onTimeRate: 1,
      backlog: 1,
    });
    // The backlog counts every month up to the period's end, not only the period's.
    const later = (
      await call(t, supervisor, "GET", "/api/v1/insights/dashboard?region=330523&from=2026-05&to=2026-05")
    ).json();
    expect(later.voice.requests).toEqual({
      received: 0,
      answered: 0,
      meanDays: null,
      onTimeRate: null,
      backlog: 1,
    });
  });

  it("follows a change, and agrees with a rebuild row for row", async () => {
    await sql`update public_requests set replied_at = ${at("2026-03-06T10:00:00")} where id = ${lateRequest}`.execute(
      db,
    );
    await refreshInsights(db);
    const d = (
      await call(t, supervisor, "GET", "/api/v1/insights/dashboard?region=330523&from=2026-03&to=2026-03")
    ).json();
    expect(d.voice.requests).toMatchObject({ answered: 2, meanDays: 3, onTimeRate: 1 });
    const kept = await voiceTables();
    await rebuildInsights(db);
    expect(await voiceTables()).toEqual(kept);
  });
});
