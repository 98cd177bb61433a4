/**
 * One-thing bundles (一件事一次办), `bundle.startup_vs_sum_ratio`: an enterprise start-up bundle of five
 * items in five departments of 安吉县 (business registration, seal engraving filing, tax invoices, social
 * insurance registration, housing fund registration) is applied for once, and a script plays each
 * department's staff — intake at the single window, review, decision, issuance — with a think time per
 * action, every department working its own child at its own pace, as they do in parallel. The figure is
 * the median over the bundles of the bundle's time (submission to the last child's close) divided by the
 * sum of its children's own times (each child's submission to its close), both as the bundle records
 * them. Serial handling would give about 1; the goal (≤ 0.35) asks for parallel handling.
 *
 * It runs the whole app in this process on a throw-away PostgreSQL database of the bench server.
 */

import { childItem } from "../src/modules/bundles/testing.ts";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { act, call, type Staff, staffOf, TINY_PDF, taskAt } from "../src/modules/cases/testing.ts";
import { publishItems } from "../src/modules/catalog/testing.ts";
import { someone } from "../src/modules/mandates/testing.ts";
import { cookiesOf, createTestApp } from "../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../test/factories.ts";
import { type Measurement, median, register, round, sleep } from "./harness.ts";

const LINES = [
  "market_regulation",
  "public_security",
  "taxation",
  "human_resources_social_security",
  "housing_fund",
] as const;

/** Each department's think time per action (ms): some departments are quicker than others. */
const THINK_MS: Record<(typeof LINES)[number], number> = {
  market_regulation: 60,
  public_security: 30,
  taxation: 40,
  human_resources_social_security: 50,
  housing_fund: 35,
};

register({
  metrics: [{ name: "bundle.startup_vs_sum_ratio", unit: "ratio", goal: { max: 0.35 } }],
  async run(context): Promise<Measurement[]> {
    process.env.TEST_DATABASE_URL = context.serverUrl;
    const t = await createTestApp({
      env: {
        REQUIRE_STAFF_MFA: "false",
        SESSION_CACHE_SECONDS: "0",
        RATE_LIMIT_PER_MINUTE: "1000000",
        SIGNIN_PER_IP_PER_MINUTE: "10000",
      },
    });
    try {
      const db = t.platform.database.db;
      await seedRegionSlice(db);
      await importPackageCalendar(db);
      const fieldsOf = (name: string) => ({
        enterpriseName: { type: "string", title: name, maxLength: 100 },
      });
      const codes = await publishItems(
        db,
        await Promise.all(
          LINES.map(async (line) => ({
            content: childItem(line, `开办企业：${line}`, fieldsOf("企业名称"), ["enterpriseName"]),
            offerings: [{ regionCode: "330523", departmentId: await department(db, "330523", line) }],
          })),
        ),
      );
      const admin = await staffMember(db, "administrator", "33", { departmentRegion: "330523" });
      const session = await t.app.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { username: admin.username, password: TEST_PASSWORD },
      });
      const defined = await call(
        t,
        { cookie: `tb_session=${cookiesOf(session).tb_session}` },
        "PUT",
        "/api/v1/bundles/bench-startup",
        {
          ownerRegionCode: "33",
          definition: {
            name: { zh: "开办企业", en: "Enterprise start-up" },
            summary: { zh: "五个事项一次办", en: "Five services at once" },
            event: "starting_business",
            form: {
              schema: { type: "object", properties: fieldsOf("企业名称"), required: ["enterpriseName"] },
            },
            materials: [
              { key: "application_form", name: { zh: "申请书", en: "Application" }, required: true },
            ],
            children: codes.map((itemCode) => ({
              itemCode,
              fields: { enterpriseName: "enterpriseName" },
              materials: { application_form: "application" },
            })),
          },
        },
      );
      if (defined.statusCode !== 201) throw new Error(`define: ${defined.statusCode} ${defined.body}`);
      const clerk = await staffOf(t, "window_clerk");
      const handlers: Record<string, { reviewer: Staff; approver: Staff }> = {};
      for (const line of LINES) {
        handlers[line] = {
          reviewer: await staffOf(t, "reviewer", { line }),
          approver: await staffOf(t, "approver", { line }),
        };
      }
      const applicant = await someone(t, { name: "王小明", addressRegionCode: "330523001201" });

      /** One department works its child: each action after its think time, all actions in order. */
      async function work(caseId: string, line: (typeof LINES)[number]) {
        const { reviewer, approver } = handlers[line] as { reviewer: Staff; approver: Staff };
        const think = () => sleep(THINK_MS[line] * (0.75 + Math.random() * 0.5));
        const step = async (who: Staff, stage: string, body: object) => {
          await think();
          const response = await act(t, who, (await taskAt(t, caseId, stage)).id, body);
          if (response.statusCode !== 200)
            throw new Error(`${stage}: ${response.statusCode} ${response.body}`);
        };
        await step(clerk, "intake", { action: "accept" });
        await step(reviewer, "review", { action: "complete", opinion: "agree" });
        await step(approver, "decision", {
          action: "grant",
          reason: "符合条件",
          legalBasis: "《市场主体登记管理条例》",
        });
        await step(reviewer, "issuance", { action: "issue" });
      }

      const rounds = context.quick ? 3 : 10;
      const ratios: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const applied = await call(
          t,
          applicant,
          "POST",
          "/api/v1/bundles/bench-startup/applications",
          {
            regionCode: "330523",
            answers: { enterpriseName: `安吉小明茶叶有限公司${i}` },
            materials: [
              { key: "application_form", fileName: "a.pdf", contentBase64: TINY_PDF.toString("base64") },
            ],
          },
          { "idempotency-key": `bench-bundle-${i}-${Date.now()}` },
        );
        if (applied.statusCode !== 201) throw new Error(`apply: ${applied.statusCode} ${applied.body}`);
        const body = applied.json() as { id: string; children: { caseId: string; position: number }[] };
        await Promise.all(
          body.children.map((c) => work(c.caseId, LINES[c.position] as (typeof LINES)[number])),
        );
        const done = (await call(t, applicant, "GET", `/api/v1/bundles/applications/${body.id}`)).json() as {
          status: string;
          times: { bundleSeconds: number; childrenSeconds: number } | null;
        };
        if (done.status !== "complete" || !done.times)
          throw new Error(`bundle not complete: ${JSON.stringify(done)}`);
        ratios.push(done.times.bundleSeconds / done.times.childrenSeconds);
        context.note(`bundle ${i + 1}/${rounds}: ratio ${round(ratios.at(-1) as number, 3)}`);
      }
      return [{ name: "bundle.startup_vs_sum_ratio", value: round(median(ratios), 3), unit: "ratio" }];
    } finally {
      await t.close();
    }
  },
});
