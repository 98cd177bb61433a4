import { gzipSync } from "node:zlib";
import { sql } from "kysely";
import { buildApp } from "../src/app.ts";
import { fullGuideContent } from "../src/modules/catalog/public-fixtures.ts";
import { publishItems } from "../src/modules/catalog/testing.ts";
import { DEMO_COUNTY, seedDemo } from "../src/modules/demo/seed.ts";
import { listDepartments } from "../src/modules/departments/service.ts";
import { allJobs } from "../src/modules/index.ts";
import { startPlatform } from "../src/platform/boot.ts";
import { loadConfig } from "../src/platform/config.ts";
import type { Db } from "../src/platform/db/database.ts";
import { createLogger } from "../src/platform/logging.ts";
import { assetUrl } from "../src/web/assets.ts";
import { type Measurement, register } from "./harness.ts";

/**
 * The biggest published guide of the demo county — most materials and questions — as a villager of
 * the county opens it, with "near me" set to a village where it is offered. Without the demo
 * catalogue, a guide of the same size made for the purpose.
 */
async function biggestGuide(db: Db): Promise<{ code: string; village: string }> {
  const found = await db
    .selectFrom("catalog_item_versions as v")
    .innerJoin("catalog_items as i", "i.id", "v.item_id")
    .innerJoin("catalog_offerings as o", "o.item_id", "v.item_id")
    .select(["i.code", sql<string>`max(o.region_code)`.as("region")])
    .where("v.status", "=", "published")
    .where("o.region_code", "like", `${DEMO_COUNTY}%`)
    .groupBy(["i.code", "v.content"])
    .orderBy(
      sql`jsonb_array_length(v.content -> 'materials') + jsonb_array_length(v.content -> 'faq')`,
      "desc",
    )
    .orderBy("i.code")
    .executeTakeFirst();
  let code = found?.code;
  let region = found?.region ?? DEMO_COUNTY;
  if (!code) {
    const departments = await listDepartments(db, DEMO_COUNTY);
    const departmentId = departments.find((d) => d.line === "market_regulation")?.id as string;
    [code] = (await publishItems(db, [
      {
        content: fullGuideContent(),
        offerings: [
          {
            regionCode: DEMO_COUNTY,
            departmentId,
            hallName: "安吉县行政服务中心",
            hallAddress: "安吉县递铺街道天目路 1 号",
            hours: "周一至周五 8:30–12:00，13:30–17:00",
            phone: "0572-5123456",
          },
        ],
      },
    ])) as [string];
    region = DEMO_COUNTY;
  }
  const village = await db
    .selectFrom("regions")
    .select("code")
    .where("level", "=", 5)
    .where("code", "like", `${region}%`)
    .orderBy("code")
    .executeTakeFirstOrThrow();
  return { code, village: village.code };
}

/**
 * A citizen page travels over a villager's slow link: the guide page and its stylesheet, as the server
 * sends them gzipped, must stay within 30 KB.
 */
register({
  metrics: [{ name: "pages.guide_bytes_gz", unit: "bytes", goal: { max: 30_000 } }],
  async run(context): Promise<Measurement[]> {
    const config = loadConfig({
      DATA_DIR: context.tempDir("guide-page"),
      SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
      LOG_LEVEL: "warn",
      DEMO: "false",
    });
    const log = createLogger(config.logLevel);
    const running = await startPlatform(config, log, allJobs(), { work: false });
    try {
      const db = running.database.db;
      await seedDemo(db);
      const { code, village } = await biggestGuide(db);
      const app = await buildApp(running);
      try {
        const headers = { accept: "text/html", "accept-encoding": "gzip" };
        const page = await app.inject({ url: `/services/${code}?near=${village}`, headers });
        const css = await app.inject({ url: assetUrl("app.css"), headers });
        for (const [what, response] of [
          ["guide page", page],
          ["app.css", css],
        ] as const) {
          if (response.statusCode !== 200 || response.headers["content-encoding"] !== "gzip")
            throw new Error(
              `${what}: ${response.statusCode}, content-encoding ${response.headers["content-encoding"]}`,
            );
        }
        const html = await app.inject({
          url: `/services/${code}?near=${village}`,
          headers: { accept: "text/html" },
        });
        context.note(
          `${code} near ${village}: HTML ${Buffer.byteLength(html.body)} bytes, ${page.rawPayload.length} gzipped ` +
            `(level 9: ${gzipSync(html.body, { level: 9 }).length}); app.css ${css.rawPayload.length} gzipped`,
        );
        return [
          {
            name: "pages.guide_bytes_gz",
            value: page.rawPayload.length + css.rawPayload.length,
            unit: "bytes",
          },
        ];
      } finally {
        await app.close();
      }
    } finally {
      await running.stop();
    }
  },
});
