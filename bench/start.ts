import type { ChildProcess } from "node:child_process";
import {
  type BenchContext,
  childEnv,
  collectTail,
  exited,
  freePort,
  type Measurement,
  median,
  register,
  sleep,
  spawnGroup,
  stopGroup,
} from "./harness.ts";

const POLL_MS = 25;
const RUNS = 3;

/** `npm start` on an embedded database; resolves with the ms from spawning to the first 200 from /readyz. */
async function startOnce(
  context: BenchContext,
  dataDir: string,
  timeoutMs: number,
): Promise<{ child: ChildProcess; ms: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = context.track(
    spawnGroup("npm", ["start"], {
      env: childEnv({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir }),
    }),
  );
  const stderr = collectTail(child);
  let exitedWith: number | string | undefined;
  exited(child).then((code) => {
    exitedWith = code;
  });
  const url = `http://127.0.0.1:${port}/readyz`;
  while (performance.now() - started < timeoutMs) {
    if (exitedWith !== undefined) throw new Error(`npm start exited (${exitedWith})\n${stderr()}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) return { child, ms: performance.now() - started };
    await sleep(POLL_MS);
  }
  await stopGroup(child);
  throw new Error(`/readyz did not answer 200 within ${timeoutMs / 1000} s\n${stderr()}`);
}

/**
 * A cold start of the embedded mode an operator gets from `npm start`: npm, Node, compiling the sources,
 * opening PGlite, checking migrations, starting pg-boss and the app. The data directory was started once
 * before (migrated, demo loaded), as on every start but the first.
 */
register({
  metrics: [{ name: "start.cold_ms", unit: "ms", goal: { max: 3000 } }],
  async run(context): Promise<Measurement[]> {
    const dataDir = context.tempDir("start");
    context.note("preparing the data directory: first start (migrations, demo)");
    const first = await startOnce(context, dataDir, 300_000);
    await stopGroup(first.child);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await startOnce(context, dataDir, 60_000);
      times.push(run.ms);
      context.note(`start ${i + 1}: ${Math.round(run.ms)} ms`);
      await stopGroup(run.child);
    }
    return [{ name: "start.cold_ms", value: Math.round(median(times)), unit: "ms" }];
  },
});
