/**
 * What a kill -9 loses: `crash.lost_acknowledged` (goal 0) counts the submissions a server answered 201
 * for and that are not in the database once it is killed in the middle of a storm — on embedded PGlite
 * (`npm start`'s data directory, durable as it ships) and on PostgreSQL, several kills each, at a moment
 * that differs from kill to kill. `crash.half_made` (goal 0) counts the cases found without their
 * submission event, first task, audit entry or material file, acknowledged or not. test/crash.test.ts
 * proves the same on one kill with the jobs' aftermath; this is its figure under more kills.
 */
import pino from "pino";
import { allJobs } from "../src/modules/index.ts";
import { loadConfig } from "../src/platform/config.ts";
import { type DatabaseHandle, openDatabase, pgliteDirOf } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { fileStoreFor } from "../src/platform/files/store.ts";
import { Jobs } from "../src/platform/jobs.ts";
import { TEST_PASSWORD } from "../test/factories.ts";
import {
  exited,
  halfMade,
  type StormWorld,
  seedStormWorld,
  signIn,
  startServer,
  storm,
} from "../test/storm.ts";
import { type BenchContext, freePort, type Measurement, register } from "./harness.ts";

const CLIENTS = 16;

interface Mode {
  name: string;
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
}

async function mode(context: BenchContext, postgres: boolean): Promise<Mode> {
  const dataDir = context.tempDir("crash");
  const databaseUrl = postgres ? await context.freshDatabase() : undefined;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    SESSION_SECRET: "bench-secret-that-is-long-enough-0123456789",
    PERSONAL_DATA_KEY: Buffer.alloc(32, 5).toString("base64"),
    WORKERS: "false",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  return {
    name: postgres ? "PostgreSQL" : "PGlite",
    env,
    open: () => openDatabase({ databaseUrl, pgliteDir: pgliteDirOf(dataDir) }),
  };
}

async function seed(m: Mode): Promise<StormWorld> {
  const handle = await m.open();
  const config = loadConfig(m.env);
  const jobs = new Jobs(handle, pino({ level: "silent" }), allJobs(), config);
  try {
    await migrateToLatest(handle.db);
    await jobs.start({ work: false });
    return await seedStormWorld({ database: handle, config, jobs }, CLIENTS);
  } finally {
    await jobs.stop();
    await handle.close();
  }
}

/** One storm, killed once `after` submissions are acknowledged: those acknowledged and those lost. */
async function killOnce(m: Mode, world: StormWorld, after: number) {
  const server = await startServer(await freePort(), m.env);
  const cookies = await Promise.all(world.applicants.map((a) => signIn(server.port, a.email, TEST_PASSWORD)));
  let kill = () => {};
  const dead = new Promise<void>((resolve) => {
    kill = () => {
      server.child.kill("SIGKILL");
      resolve();
    };
  });
  const cap = setTimeout(kill, 60_000);
  const result = await storm(server.port, world, cookies, CLIENTS, dead, (n) => {
    if (n === after) kill();
  });
  clearTimeout(cap);
  await exited(server.child);
  if (result.refused.length > 0) throw new Error(`${m.name} refused: ${result.refused[0]}`);
  const handle = await m.open();
  try {
    const problems = await halfMade(
      handle.db,
      fileStoreFor({
        dataDir: m.env.DATA_DIR as string,
        personalDataKey: Buffer.from(m.env.PERSONAL_DATA_KEY as string, "base64"),
      }),
      result.acknowledged,
    );
    const lost = problems.filter((p) => p.endsWith("acknowledged, not found")).length;
    return { acknowledged: result.acknowledged.length, inFlight: result.cutOff, lost, problems };
  } finally {
    await handle.close();
  }
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const kills = context.quick ? 1 : 3;
  let lost = 0;
  let halfMadeCases = 0;
  for (const postgres of [false, true]) {
    const m = await mode(context, postgres);
    const world = await seed(m);
    for (let k = 0; k < kills; k++) {
      // A different moment each time: 2, 4, 6… rounds of the clients acknowledged.
      const outcome = await killOnce(m, world, (2 + 2 * k) * CLIENTS);
      lost += outcome.lost;
      halfMadeCases += outcome.problems.length - outcome.lost;
      context.note(
        `  ${m.name}, kill ${k + 1}: ${outcome.acknowledged} acknowledged, ${outcome.inFlight} in flight, ` +
          `${outcome.lost} lost${outcome.problems.length > 0 ? `: ${outcome.problems.slice(0, 3).join("; ")}` : ""}`,
      );
    }
  }
  return [
    { name: "crash.lost_acknowledged", value: lost, unit: "submissions" },
    { name: "crash.half_made", value: halfMadeCases, unit: "cases" },
  ];
}

register({
  metrics: [
    { name: "crash.lost_acknowledged", unit: "submissions", goal: { max: 0 } },
    { name: "crash.half_made", unit: "cases", goal: { max: 0 } },
  ],
  run,
});
