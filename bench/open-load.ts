import { Agent, request } from "node:http";
import { sleep } from "./harness.ts";

/** One request of an open load: what to send. */
export interface Shot {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OpenLoadResult {
  sent: number;
  /** Answers other than 2xx, and requests that failed. */
  failed: number;
  p50: number;
  p99: number;
}

/**
 * An open load, as a province's users make it: requests arrive at random (a Poisson process) at `rate`
 * a second whatever the server's speed, over at most `connections` kept-alive connections. Each
 * latency is counted from when the request was due, not when a connection was free, so a server that
 * falls behind shows it (no coordinated omission). autocannon's fixed rate starts every connection's
 * timer together, which sends its requests in bursts and measures the bursts.
 */
export async function openLoad(options: {
  base: string;
  rate: number;
  seconds: number;
  connections: number;
  shot: (n: number) => Shot;
}): Promise<OpenLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.base);
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let due = 0;
  for (let n = 0; ; n++) {
    due += (-Math.log(1 - Math.random()) / options.rate) * 1000;
    if (due > options.seconds * 1000) break;
    const wait = started + due - performance.now();
    if (wait > 1) await sleep(wait);
    const dueAt = started + due;
    const shot = options.shot(n);
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method: shot.method,
            path: shot.path,
            headers: {
              ...shot.headers,
              ...(shot.body ? { "content-length": Buffer.byteLength(shot.body) } : {}),
            },
          },
          (res) => {
            res.resume();
            res.on("end", () => {
              if ((res.statusCode ?? 0) >= 300) failed += 1;
              else latencies.push(performance.now() - dueAt);
              resolve();
            });
          },
        );
        req.on("error", () => {
          failed += 1;
          resolve();
        });
        req.end(shot.body);
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sent: inFlight.length, failed, p50: at(0.5), p99: at(0.99) };
}
