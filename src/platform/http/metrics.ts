import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { isDatabaseUnreachable } from "../db/database.ts";
import type { WalFlusher } from "../db/durable-fs.ts";
import type { Jobs } from "../jobs.ts";

/**
 * What each request leaves behind: one log line, and Prometheus latency and error counts by route
 * pattern (not raw URL). One callback-style hook: this runs for every request.
 */
export function registerMetrics(
  app: FastifyInstance,
  { jobs, flusher }: { jobs: Pick<Jobs, "unfinished">; flusher?: WalFlusher | undefined },
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tongban_" });
  // Read when scraped: a queue that only grows means its workers are stopped or failing.
  new Gauge({
    name: "tongban_jobs_unfinished",
    help: "Jobs due (waiting or to retry) or running, by queue and state",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      // With the database out of reach the series are absent (not zero), and the rest of /metrics — the
      // 503s it causes among them — is still there to scrape: a failed collect fails the whole page.
      const rows = await jobs.unfinished().catch((error: unknown) => {
        if (isDatabaseUnreachable(error)) return [];
        throw error;
      });
      for (const row of rows) this.set({ queue: row.queue, state: row.state }, row.jobs);
    },
  });
  if (flusher) {
    // Embedded durability: how many commits waited for a WAL flush, and how many flushes served them.
    new Counter({
      name: "tongban_embedded_wal_flushes_total",
      help: "WAL flushes to the disk in embedded mode, each for a group of commits",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(flusher.flushes);
      },
    });
    new Counter({
      name: "tongban_embedded_commits_flushed_total",
      help: "Commits in embedded mode acknowledged after their WAL was flushed",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(flusher.commits);
      },
    });
  }
  const duration = new Histogram({
    name: "tongban_http_request_duration_seconds",
    help: "HTTP request duration by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errorsTotal = new Counter({
    name: "tongban_http_server_errors_total",
    help: "Responses with a 5xx status",
    labelNames: ["route"],
    registers: [registry],
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const status = reply.statusCode;
    request.log.info(
      {
        method: request.method,
        url: withoutSecrets(request.url),
        // The client's address, after the proxies TRUST_PROXY believes: the audit entries hold it too.
        ip: request.ip,
        status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request completed",
    );
    duration.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
    if (status >= 500) errorsTotal.inc({ route });
    done();
  });
  return registry;
}

/** Path segments that are bearer secrets (a share link's token), and query parameters that are. */
const SECRET_SEGMENT = /^(\/s|\/api\/v1\/shares)\/[^/?#]+/;
const SECRET_PARAM = /([?&](?:token|code|_csrf)=)[^&#]*/g;

/**
 * A URL as the log keeps it: whoever reads the log must not be able to open a shared licence or use a
 * link sent by e-mail, so the secrets in it are replaced.
 */
export function withoutSecrets(url: string): string {
  const masked = url.replace(SECRET_SEGMENT, "$1/…").replace(SECRET_PARAM, "$1…");
  return masked.startsWith("/govstack/") ? withoutGovstackKeys(masked) : masked;
}

/**
 * GovStack puts keys in URLs — a person's ID number as `userId`, `applicantId`, a field filter or a
 * record's segment — which the native API never does (docs/data-sharing.md: keys travel in bodies).
 */
const GOVSTACK_KEY_PARAM = /([?&](?:userid|applicantid|search|query(?:\.|\[|%5b)[^=&#]*)=)[^&#]*/gi;
const GOVSTACK_RECORD_SEGMENT =
  /^(\/govstack\/registries\/data\/[^/?#]+\/[^/?#]+\/)[^/?#]+(?=\/(?:delete|readvalue|read-value)(?:[/?#]|$))/i;

function withoutGovstackKeys(url: string): string {
  return url.replace(GOVSTACK_RECORD_SEGMENT, "$1…").replace(GOVSTACK_KEY_PARAM, "$1…");
}
