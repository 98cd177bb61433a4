/**
 * The server side of the submission benchmarks: the whole app on the database the environment names
 * (PostgreSQL through DATABASE_URL, else PGlite in DATA_DIR), with the 安吉县 slice of regions, the
 * calendar, the sample food licence offered by the county, and applicants with accounts. Job workers
 * stay off: what is measured is taking submissions, not delivering their notifications. Sends
 * `{ port, offeringId, applicants: [{ id, email }] }` over IPC once listening.
 */

import { buildApp } from "../src/app.ts";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { publishItems } from "../src/modules/catalog/testing.ts";
import { allJobs } from "../src/modules/index.ts";
import { startPlatform } from "../src/platform/boot.ts";
import { loadConfig } from "../src/platform/config.ts";
import { createLogger } from "../src/platform/logging.ts";
import { department, personAccount, seedRegionSlice } from "../test/factories.ts";
import { serveForParent } from "./child-server.ts";

const APPLICANTS = Number(process.env.BENCH_APPLICANTS ?? "50");

const config = loadConfig(process.env);
const log = createLogger(config.logLevel);
const running = await startPlatform(config, log, allJobs(), { work: false });
const db = running.database.db;
await seedRegionSlice(db);
await importPackageCalendar(db);
const departmentId = await department(db, "330523", "market_regulation");
const [code] = await publishItems(db, [{ offerings: [{ regionCode: "330523", departmentId }] }]);
const offering = await db
  .selectFrom("catalog_offerings as o")
  .innerJoin("catalog_items as i", "i.id", "o.item_id")
  .select("o.id")
  .where("i.code", "=", code as string)
  .executeTakeFirstOrThrow();
const applicants = [];
for (let i = 0; i < APPLICANTS; i++) {
  const person = await personAccount(running, { mobile: `139${String(10_000_000 + i)}` });
  applicants.push({ id: person.id, email: person.email });
}
await serveForParent(await buildApp(running), running, { offeringId: offering.id, applicants });
