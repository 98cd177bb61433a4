import type { ChildProcess } from "node:child_process";
import { type BenchContext, childEnv, type Measurement, register, round, stopGroup } from "./harness.ts";
import { compare, getJson, signIn, startServer } from "./load.ts";

/** 安吉县: the demo county, 15 townships and streets below it. */
const COUNTY = "330523";

interface Ports {
  full: number;
  bare: number;
}

async function startHttpServer(context: BenchContext): Promise<{ child: ChildProcess; ports: Ports }> {
  const { child, ready } = await startServer<Ports>(
    context,
    "bench/http-server.ts",
    childEnv({
      DATABASE_URL: await context.freshDatabase(),
      DATA_DIR: context.tempDir("http"),
      LOG_LEVEL: "info",
      // The limiter still counts every request; it just never reaches its limit.
      RATE_LIMIT_PER_MINUTE: "10000000",
    }),
  );
  return { child, ports: ready };
}

/** Both routes must answer the same regions, and the cookie must be a live staff session. */
async function checkRoutes(ports: Ports, cookie: string): Promise<void> {
  const me = (await getJson(`http://127.0.0.1:${ports.full}/api/v1/me`, { cookie })) as { username?: string };
  if (me.username !== "anji.clerk")
    throw new Error(`the session cookie is not anji.clerk's: ${JSON.stringify(me)}`);
  type Items = { items: { code: string }[] };
  const full = (await getJson(`http://127.0.0.1:${ports.full}/api/v1/regions/${COUNTY}/children`, {
    cookie,
  })) as Items;
  const bare = (await getJson(`http://127.0.0.1:${ports.bare}/regions/${COUNTY}/children`, {})) as Items;
  const codes = (list: Items) => list.items.map((r) => r.code).join(",");
  if (full.items.length === 0 || codes(full) !== codes(bare)) {
    throw new Error(`the routes disagree: full [${codes(full)}] vs bare [${codes(bare)}]`);
  }
}

register({
  metrics: [
    { name: "http.overhead_ratio", unit: "ratio", goal: { min: 0.7 } },
    { name: "http.region_children_rps", unit: "req/s" },
    { name: "http.hello_rps", unit: "req/s" },
  ],
  async run(context): Promise<Measurement[]> {
    context.note("starting the platform on a fresh PostgreSQL database and loading the demo");
    const { child, ports } = await startHttpServer(context);
    try {
      const cookie = await signIn(ports.full, "anji.clerk");
      await checkRoutes(ports, cookie);
      const { a, b, ratio } = await compare(
        context,
        {
          a: { url: `http://127.0.0.1:${ports.full}/api/v1/regions/${COUNTY}/children`, headers: { cookie } },
          b: { url: `http://127.0.0.1:${ports.bare}/regions/${COUNTY}/children`, headers: {} },
        },
        { a: "full", b: "bare" },
      );
      return [
        { name: "http.overhead_ratio", value: round(ratio, 3), unit: "ratio" },
        { name: "http.region_children_rps", value: Math.round(a), unit: "req/s" },
        { name: "http.hello_rps", value: Math.round(b), unit: "req/s" },
      ];
    } finally {
      await stopGroup(child);
    }
  },
});
