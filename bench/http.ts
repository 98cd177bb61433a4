import type { ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import {
  type BenchContext,
  childEnv,
  collectTail,
  exited,
  type Measurement,
  median,
  register,
  round,
  spawnGroup,
  stopGroup,
} from "./harness.ts";

/** 安吉县: the demo county, 15 townships and streets below it. */
const COUNTY = "330523";
const CONNECTIONS = 10;

interface Ports {
  full: number;
  bare: number;
}

/** Starts `http-server.ts` and waits for the ports it listens on. */
async function startServer(context: BenchContext): Promise<{ child: ChildProcess; ports: Ports }> {
  const child = context.track(
    spawnGroup(process.execPath, ["--import", "tsx", "bench/http-server.ts"], {
      env: childEnv({
        DATABASE_URL: await context.freshDatabase(),
        DATA_DIR: context.tempDir("http"),
        LOG_LEVEL: "info",
        // The limiter still counts every request; it just never reaches its limit.
        RATE_LIMIT_PER_MINUTE: "10000000",
      }),
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    }),
  );
  const stderr = collectTail(child);
  const ports = await new Promise<Ports>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the server did not start in 180 s\n${stderr()}`)),
      180_000,
    );
    child.once("message", (message) => {
      clearTimeout(timer);
      done(message as Ports);
    });
    exited(child).then((code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${code}) before listening\n${stderr()}`));
    });
  });
  return { child, ports };
}

async function signIn(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "anji.clerk", password: "Tongban-demo-2026" }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("tb_session="));
  if (response.status !== 201 || !cookie) {
    throw new Error(`signing in answered ${response.status}: ${await response.text()}`);
  }
  return cookie;
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (response.status !== 200)
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
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

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<number> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `out of ${result.requests.total}`,
    );
  }
  return result.requests.average;
}

register({
  metrics: [
    { name: "http.overhead_ratio", unit: "ratio", goal: { min: 0.7 } },
    { name: "http.region_children_rps", unit: "req/s" },
    { name: "http.hello_rps", unit: "req/s" },
  ],
  async run(context): Promise<Measurement[]> {
    const seconds = context.quick ? 3 : 6;
    const rounds = context.quick ? 2 : 5;
    context.note("starting the platform on a fresh PostgreSQL database and loading the demo");
    const { child, ports } = await startServer(context);
    try {
      const cookie = await signIn(ports.full);
      await checkRoutes(ports, cookie);
      const targets = {
        full: {
          url: `http://127.0.0.1:${ports.full}/api/v1/regions/${COUNTY}/children`,
          headers: { cookie },
        },
        bare: { url: `http://127.0.0.1:${ports.bare}/regions/${COUNTY}/children`, headers: {} },
      };
      context.note(`warming up, then ${rounds} rounds of ${seconds} s per route, ${CONNECTIONS} connections`);
      // The whole app needs seconds of traffic before its hot paths are optimized.
      const warmup = context.quick ? 2 : 5;
      for (const target of Object.values(targets)) await load(target.url, target.headers, warmup);
      const rps = { full: [] as number[], bare: [] as number[] };
      for (let i = 0; i < rounds; i++) {
        // ABBA order, so a drift in machine speed weighs on both routes alike.
        const order = i % 2 === 0 ? (["full", "bare"] as const) : (["bare", "full"] as const);
        for (const which of order) {
          const value = await load(targets[which].url, targets[which].headers, seconds);
          rps[which].push(value);
          context.note(`round ${i + 1} ${which}: ${Math.round(value)} req/s`);
        }
      }
      const full = median(rps.full);
      const bare = median(rps.bare);
      // Each round's two runs are back to back: their ratio is the least disturbed by the machine's
      // drifting speed, and the median of the rounds' ratios the least by a bad round.
      const ratio = median(rps.full.map((value, i) => value / (rps.bare[i] as number)));
      return [
        { name: "http.overhead_ratio", value: round(ratio, 3), unit: "ratio" },
        { name: "http.region_children_rps", value: Math.round(full), unit: "req/s" },
        { name: "http.hello_rps", value: Math.round(bare), unit: "req/s" },
      ];
    } finally {
      await stopGroup(child);
    }
  },
});
