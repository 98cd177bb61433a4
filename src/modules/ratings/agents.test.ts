import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { department } from "../../../test/factories.ts";
import { PNG } from "../../platform/files/fixtures.ts";
import { act, call, caseTestApp, SAMPLE_ANSWERS, staffOf, TINY_PDF, taskAt } from "../cases/testing.ts";
import { USUAL_HOURS } from "../halls/hours.ts";
import { upsertSite } from "../halls/sites-store.ts";
import { someone } from "../mandates/testing.ts";
import { type RatingWorld, ratingWorld } from "./testing.ts";

let t: TestApp;
let w: RatingWorld;
const POINT = "rating-point";

beforeAll(async () => {
  t = await caseTestApp();
  w = await ratingWorld(t);
});
afterAll(() => t.close());

describe("an agent's intake at a service point", () => {
  it("is rated by the agent, marked an agent, and counted on the township's page of its agents", async () => {
    const db = t.platform.database.db;
    const township = await department(db, "330523001");
    await upsertSite(db, {
      code: POINT,
      kind: "point",
      region_code: "330523001201",
      department_id: township,
      name: "评价测试服务站",
      hours: JSON.stringify(USUAL_HOURS),
    });
    const agent = await someone(t, { name: "代办员小张", addressRegionCode: "330523001201" });
    const admin = await staffOf(t, "administrator", {
      line: "government_service",
      region: "330523001",
      jurisdiction: "330523001",
    });
    expect(
      (await call(t, admin, "POST", `/api/v1/sites/${POINT}/agents`, { idNumber: agent.idNumber }))
        .statusCode,
    ).toBe(201);

    const taken = await call(
      t,
      agent,
      "POST",
      `/api/v1/points/${POINT}/intakes`,
      {
        principal: { idNumber: w.applicant.idNumber, name: w.applicant.name },
        offering: w.offeringId,
        answers: SAMPLE_ANSWERS,
        materials: [
          { key: "application", fileName: "申请书.pdf", contentBase64: TINY_PDF.toString("base64") },
        ],
        signatureBase64: PNG.toString("base64"),
      },
      { "idempotency-key": "rating-agent-intake-1" },
    );
    expect(taken.statusCode, taken.body).toBe(201);
    const { caseId, number } = taken.json();
    const intake = await taskAt(t, caseId, "intake");
    expect(
      (await act(t, w.clerk, intake.id, { action: "reject", reason: "材料不符合要求" })).statusCode,
    ).toBe(200);

    const rated = await call(t, agent, "POST", `/api/v1/cases/${number}/ratings`, {
      level: 4,
      tags: ["convenient"],
    });
    expect(rated.statusCode).toBe(201);
    const mine = (await call(t, agent, "GET", `/api/v1/ratings/${rated.json().id}`)).json();
    expect(mine.raterKind).toBe("agent");
    // The same case and channel: the applicant's own rating online is the second, refused.
    expect(
      (await call(t, w.applicant, "POST", `/api/v1/cases/${number}/ratings`, { level: 5, tags: [] }))
        .statusCode,
    ).toBe(409);

    const page = await t.app.inject({ url: `/work/points/${POINT}`, headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    const row = /<tr><td lang="zh-CN">代办员小张<\/td>(.*?)<\/tr>/.exec(page.body)?.[1] ?? "";
    expect(row).toContain("<td>1</td><td>100%</td>");
    const load = await call(t, admin, "GET", `/api/v1/sites/${POINT}/workload`);
    expect(load.json().agents).toEqual([
      expect.objectContaining({ personId: agent.id, name: "代办员小张", rated: 1, satisfaction: 100 }),
    ]);
  });
});
