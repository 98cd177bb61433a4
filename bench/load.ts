/** What the HTTP benchmarks share: starting a server process, signing in, loading a URL with autocannon. */
import type { ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { DEMO_PASSWORD } from "../src/modules/demo/seed.ts";
import { type BenchContext, collectTail, exited, median, spawnGroup } from "./harness.ts";

export const CONNECTIONS = 10;

/** Starts a server script (`bench/*-server.ts`) and waits for what it sends once listening. */
export async function startServer<T>(
  context: BenchContext,
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; ready: T }> {
  const child = context.track(
    spawnGroup(process.execPath, ["--import", "tsx", script], {
      env,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    }),
  );
  const stderr = collectTail(child);
  const ready = await new Promise<T>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not start in 180 s\n${stderr()}`)), 180_000);
    child.once("message", (message) => {
      clearTimeout(timer);
      done(message as T);
    });
    exited(child).then((code) => {
      clearTimeout(timer);
      fail(new Error(`${script} exited (${code}) before listening\n${stderr()}`));
    });
  });
  return { child, ready };
}

/** Signs a demo staff account in and returns its session cookie. */
export async function signIn(port: number, username: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("tb_session="));
  if (response.status !== 201 || !cookie) {
    throw new Error(`signing in as ${username} answered ${response.status}: ${await response.text()}`);
  }
  return cookie;
}

export async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (response.status !== 200)
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Average requests per second over `seconds`; any error, timeout or non-2xx answer fails the run. */
export async function load(url: string, headers: Record<string, string>, seconds: number): Promise<number> {
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

export interface Target {
  url: string;
  headers: Record<string, string>;
}

/**
 * Loads two targets side by side: a warm-up, then rounds in ABBA order so a drift in machine speed weighs
 * on both alike. Returns the median requests/s of each and the median of the rounds' ratios a/b: each
 * round's two runs are back to back, so their ratio is the least disturbed by the machine, and the
 * median of the rounds the least by a bad round.
 */
export async function compare(
  context: BenchContext,
  targets: { a: Target; b: Target },
  names: { a: string; b: string },
): Promise<{ a: number; b: number; ratio: number }> {
  const seconds = context.quick ? 3 : 6;
  const rounds = context.quick ? 2 : 5;
  context.note(`warming up, then ${rounds} rounds of ${seconds} s per target, ${CONNECTIONS} connections`);
  // The whole app needs seconds of traffic before its hot paths are optimized.
  const warmup = context.quick ? 2 : 5;
  for (const target of Object.values(targets)) await load(target.url, target.headers, warmup);
  const rps = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const);
    for (const which of order) {
      const value = await load(targets[which].url, targets[which].headers, seconds);
      rps[which].push(value);
      context.note(`round ${i + 1} ${names[which]}: ${Math.round(value)} req/s`);
    }
  }
  return {
    a: median(rps.a),
    b: median(rps.b),
    ratio: median(rps.a.map((value, i) => value / (rps.b[i] as number))),
  };
}
