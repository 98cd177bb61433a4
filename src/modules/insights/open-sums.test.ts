import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import type { Db } from "../../platform/db/database.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { applyOnline, type CaseWorld, caseTestApp, caseWorld } from "../cases/testing.ts";
import { openFigures } from "./dashboard.ts";
import { openMonthlySums } from "./open-sums.ts";
import { refreshInsights } from "./rollup.ts";
import { history } from "./testing.ts";

let t: TestApp;
let w: CaseWorld;
let db: Db;

beforeAll(async () => {
  t = await caseTestApp();
  w = await caseWorld(t);
  db = t.platform.database.db;
  const [granted, supplemented, denied, refused] = await Promise.all(
    [1, 2, 3, 4].map(async () => (await applyOnline(w)).caseId),
  );
  const march = { submitted: "2026-03-02T09:00:00", accepted: "2026-03-02T10:00:00" };
  await history(db, granted as string, { ...march, closed: "2026-03-05T10:00:00", outcome: "granted" });
  await history(db, supplemented as string, {
    ...march,
    closed: "2026-03-09T10:00:00",
    outcome: "granted",
    rounds: 1,
  });
  await history(db, denied as string, { ...march, closed: "2026-04-09T10:00:00", outcome: "denied" });
  await history(db, refused as string, {
    submitted: "2026-04-01T09:00:00",
    closed: "2026-04-01T10:00:00",
    outcome: "rejected",
  });
  await refreshInsights(db);
});
afterAll(() => t?.close());

describe("openMonthlySums", () => {
  it("gives every month of the span the open dashboard's figures", async () => {
    const sums = await openMonthlySums(db, ANONYMOUS, { region: "330523", from: "2026-02", to: "2026-04" });
    expect(sums).toEqual([
      { month: "2026-02", closed: 0, granted: 0, supplemented: 0, denied: 0, rejected: 0 },
      { month: "2026-03", closed: 2, granted: 2, supplemented: 1, denied: 0, rejected: 0 },
      { month: "2026-04", closed: 2, granted: 0, supplemented: 0, denied: 1, rejected: 1 },
    ]);
    const open = await openFigures(db, ANONYMOUS, { region: "330523", from: "2026-02", to: "2026-04" });
    expect(open?.byMonth.map((m) => [m.month, m.figures.closed])).toEqual(
      sums.map((s) => [s.month, s.closed]),
    );
  });

  it("narrows to an item, and sums the province above alike", async () => {
    const period = { from: "2026-03", to: "2026-04" };
    const item = await openMonthlySums(db, ANONYMOUS, { region: "330523", ...period, itemCode: w.itemCode });
    const province = await openMonthlySums(db, ANONYMOUS, { region: "33", ...period });
    expect(item.map((m) => m.closed)).toEqual([2, 2]);
    expect(province).toEqual(item);
  });

  it("refuses an unknown item or region, and a span that ends before it starts", async () => {
    await expect(
      openMonthlySums(db, ANONYMOUS, { region: "330523", itemCode: "NOPE-000" }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(openMonthlySums(db, ANONYMOUS, { region: "330599" })).rejects.toMatchObject({ status: 404 });
    await expect(
      openMonthlySums(db, ANONYMOUS, { region: "330523", from: "2026-05", to: "2026-03" }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
