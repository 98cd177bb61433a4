/**
 * The server side of `http.*`, run as its own process so autocannon (in the parent) does not take the
 * server's CPU. Serves, from one platform and one pg pool:
 *   - the whole app (`buildApp`), with real logging: pino writes JSON lines to stdout, which the parent
 *     points at /dev/null, so a line is formatted and written per request as in production;
 *   - a bare Fastify app, no plugins, one route running the same SQL on the same pool.
 * Sends `{ full, bare }` ports to the parent over IPC once both listen; stops on SIGTERM.
 */
import type { Server } from "node:http";
import Fastify from "fastify";
import { CompiledQuery } from "kysely";
import { buildApp } from "../src/app.ts";
import { seedDemo } from "../src/modules/demo/seed.ts";
import { allJobs } from "../src/modules/index.ts";
import { childrenQuery } from "../src/modules/regions/store.ts";
import { startPlatform } from "../src/platform/boot.ts";
import { loadConfig } from "../src/platform/config.ts";
import { createLogger } from "../src/platform/logging.ts";

const config = loadConfig(process.env);
const log = createLogger(config.logLevel);
const running = await startPlatform(config, log, allJobs(), { work: false });
await seedDemo(running.database.db);

const full = await buildApp(running);
await full.listen({ port: 0, host: "127.0.0.1" });

const db = running.database.db;
// The very SQL the store runs, compiled once: the bare route pays for the query and nothing else.
const CHILDREN_SQL = childrenQuery(db, "").compile().sql;
const bare = Fastify();
bare.get<{ Params: { code: string } }>("/regions/:code/children", async (request) => {
  const result = await db.executeQuery(CompiledQuery.raw(CHILDREN_SQL, [request.params.code]));
  return { items: result.rows };
});
await bare.listen({ port: 0, host: "127.0.0.1" });

const portOf = (app: { server: Server }) => {
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("not listening");
  return address.port;
};

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([full.close(), bare.close()]);
  await running.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The parent went away without telling us: do not linger holding the database.
process.on("disconnect", stop);

process.send?.({ full: portOf(full), bare: portOf(bare) });
