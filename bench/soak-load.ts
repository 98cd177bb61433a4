/**
 * The load of the soak (bench/soak.ts): operations run as many at a time as a number of clients can
 * (closed loop, to find the maximum), or started at a fixed rate whatever the answers' pace (open loop,
 * to hold a load the way a real public does: people do not wait for each other).
 */
import { sleep } from "./harness.ts";

/** One thing a user does; it throws, saying what was wrong, on an answer it did not expect. */
export interface Operation {
  kind: string;
  run(): Promise<void>;
}

/** An operation's latency, counted from when it was due (so a slow server cannot hide its queue). */
export interface Sample {
  /** Seconds from the start of the load. */
  at: number;
  ms: number;
  kind: string;
}

export interface LoadResult {
  samples: Sample[];
  errors: string[];
  seconds: number;
}

/** `clients` loops, each starting its next operation when the last is answered, for `seconds`. */
export async function closedLoop(
  next: () => Operation,
  clients: number,
  seconds: number,
): Promise<LoadResult> {
  const samples: Sample[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const operation = next();
        const due = performance.now();
        try {
          await operation.run();
          samples.push({ at: (due - started) / 1000, ms: performance.now() - due, kind: operation.kind });
        } catch (error) {
          errors.push(`${operation.kind}: ${(error as Error).message}`);
        }
      }
    }),
  );
  return { samples, errors, seconds: (performance.now() - started) / 1000 };
}

/** More operations outstanding than this means the server is not keeping up: the load is too high. */
const MAX_IN_FLIGHT = 400;

/**
 * `rate` operations a second for `seconds`, each started when due. An operation that would start while
 * `MAX_IN_FLIGHT` are unanswered is not started and counts as an error. `each` is called once a second.
 */
export async function openLoop(
  next: () => Operation,
  rate: number,
  seconds: number,
  each: (second: number) => void = () => {},
): Promise<LoadResult> {
  const samples: Sample[] = [];
  const errors: string[] = [];
  const running = new Set<Promise<void>>();
  const started = performance.now();
  let launched = 0;
  let ticked = 0;
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= seconds) break;
    while (ticked < Math.floor(elapsed)) each(++ticked);
    for (const due = Math.floor(elapsed * rate); launched < due; launched++) {
      const dueAt = started + (launched / rate) * 1000;
      if (running.size >= MAX_IN_FLIGHT) {
        errors.push(`not started at ${elapsed.toFixed(1)} s: ${running.size} operations unanswered`);
        continue;
      }
      const operation = next();
      const done: Promise<void> = operation.run().then(
        () => {
          samples.push({ at: (dueAt - started) / 1000, ms: performance.now() - dueAt, kind: operation.kind });
        },
        (error: Error) => {
          errors.push(`${operation.kind} at ${elapsed.toFixed(1)} s: ${error.message}`);
        },
      );
      running.add(done);
      void done.finally(() => running.delete(done));
    }
    await sleep(2);
  }
  await Promise.all(running);
  return { samples, errors, seconds: (performance.now() - started) / 1000 };
}

/** The q-quantile (0..1) of the values, nearest rank; NaN for none. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** The samples due in [from, to) seconds. */
export function within(samples: Sample[], from: number, to: number): number[] {
  return samples.filter((s) => s.at >= from && s.at < to).map((s) => s.ms);
}
