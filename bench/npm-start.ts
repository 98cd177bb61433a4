import type { ChildProcess } from "node:child_process";
import { type BenchContext, childEnv, collectTail, freePort, sleep, spawnGroup } from "./harness.ts";

/**
 * `npm start` on the given database, until /readyz answers 200: the server as an installation runs it,
 * with workers off (what a benchmark measures is the request, not the deliveries it queues).
 */
export async function npmStart(
  context: BenchContext,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = context.track(
    spawnGroup("npm", ["start"], {
      env: childEnv({
        ...env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        WORKERS: "false",
        DEMO: "false",
        RATE_LIMIT_PER_MINUTE: "0",
        SIGNIN_PER_IP_PER_MINUTE: "10000",
      }),
    }),
  );
  const stderr = collectTail(child);
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tongban serve exited (${child.exitCode})\n${stderr()}`);
    const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) return { child, port };
    await sleep(100);
  }
  throw new Error(`tongban serve was not ready in 120 s\n${stderr()}`);
}

/** Signs a person in on the server: their session cookie. */
export { signIn } from "../test/storm.ts";
