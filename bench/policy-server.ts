/**
 * The server side of `auth.policy_overhead_ratio`, one process per variant so each has its own module
 * state: with BENCH_POLICY=allow-all every rule of policy.ts answers yes before the app is built (the
 * route checks and the per-entry filter alike), otherwise the rules are the real ones. The first process
 * (BENCH_SEED=true) loads the demo and a county's audit entries; both then serve the same database.
 * Sends `{ port }` over IPC once listening; stops on SIGTERM.
 */
import { buildApp } from "../src/app.ts";
import { recordAudit } from "../src/modules/audit/service.ts";
import { seedDemo } from "../src/modules/demo/seed.ts";
import { allJobs } from "../src/modules/index.ts";
import { startPlatform } from "../src/platform/boot.ts";
import { loadConfig } from "../src/platform/config.ts";
import { createLogger } from "../src/platform/logging.ts";
import { rules } from "../src/platform/policy.ts";
import { serveForParent } from "./child-server.ts";

/** Entries written for the county: more than a page, so every request lists a full page of 50. */
const ENTRIES = 200;

if (process.env.BENCH_POLICY === "allow-all") {
  for (const action of Object.keys(rules) as (keyof typeof rules)[]) {
    (rules as unknown as Record<string, () => boolean>)[action] = () => true;
  }
}

const config = loadConfig(process.env);
const log = createLogger(config.logLevel);
const running = await startPlatform(config, log, allJobs(), { work: false });
const db = running.database.db;
if (process.env.BENCH_SEED === "true") {
  await seedDemo(db);
  for (let i = 0; i < ENTRIES; i++) {
    await db.transaction().execute((tx) =>
      recordAudit(tx, {
        actorKind: "staff",
        actorId: `bench-staff-${i % 7}`,
        action: "personal_data.read",
        personId: `bench-person-${i}`,
        subjectKind: "person",
        subjectId: `bench-person-${i}`,
        purpose: "核验申请人身份",
        caseId: `bench-case-${i}`,
        regionCode: "330523001",
        details: { fields: ["name", "idNumberMasked"] },
      }),
    );
  }
}

await serveForParent(await buildApp(running), running);
