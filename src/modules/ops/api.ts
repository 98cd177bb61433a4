import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { Type } from "typebox";
import { errors } from "../../platform/errors.ts";
import { pingClamd } from "../../platform/files/clamd.ts";

const Health = Type.Object({ status: Type.String() });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal("ready"), Type.Literal("not_ready")]),
  checks: Type.Object({
    database: Type.String(),
    jobs: Type.String(),
    /** Listed when CLAMD_URL is set; it does not make the server unready (see below). */
    clamd: Type.Optional(Type.String()),
  }),
});

/** What an operator and a load balancer read: liveness, readiness, metrics. */
export async function opsRoutes(app: FastifyInstance, { registry }: { registry: Registry }): Promise<void> {
  app.get(
    "/healthz",
    {
      config: { policy: "public" },
      schema: { tags: ["operations"], summary: "The process is up", response: { 200: Health } },
    },
    async () => ({ status: "ok" }),
  );

  app.get(
    "/readyz",
    {
      config: { policy: "public" },
      schema: {
        tags: ["operations"],
        summary: "The database answers and the job queue runs (and how clamd fares, when configured)",
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const { database, jobs } = app.platform;
      let databaseState = "ok";
      try {
        await withTimeout(database.ping(), 2_000);
      } catch (error) {
        databaseState = `failing: ${(error as Error).message}`;
      }
      const jobsState = jobs.ready ? "ok" : "not started";
      const ready = databaseState === "ok" && jobs.ready;
      // Shown, but not part of readiness: without clamd only uploads are refused (503), while a load
      // balancer taking every server out over a clamd they share would stop everything else too.
      const clamd = app.platform.config.clamd;
      const clamdState =
        clamd &&
        (await pingClamd(clamd, 2_000).then(
          () => "ok",
          (error: unknown) => `failing: ${(error as Error).message}`,
        ));
      return reply.code(ready ? 200 : 503).send({
        status: ready ? "ready" : "not_ready",
        checks: { database: databaseState, jobs: jobsState, ...(clamdState ? { clamd: clamdState } : {}) },
      });
    },
  );

  app.get(
    "/metrics",
    {
      config: { policy: "public" },
      schema: { tags: ["operations"], summary: "Prometheus metrics", hide: true },
    },
    async (request, reply) => {
      const token = app.platform.config.metricsToken;
      if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
        reply.header("www-authenticate", 'Bearer realm="metrics"');
        throw errors.unauthenticated();
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}

/** Compared in constant time: the answer's timing must not spell the token out. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
