import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from "fastify";

/**
 * What is known of the request being served, wherever the work for it runs: the audit trail records the
 * client's address (MLPS 安全审计 b) without every service passing it down. Work outside a request — jobs,
 * the command line, the sealer's timer — runs in no scope.
 */
export interface RequestScope {
  /** The client's address as Fastify tells it: `request.ip`, after the proxies TRUST_PROXY believes. */
  ip: string;
  /** Fastify's id of the request, which its log lines carry too. */
  requestId?: string;
  /** The request's logger: a security event found deep in a service (files/scan.ts) is logged with it. */
  log?: FastifyBaseLogger;
}

const storage = new AsyncLocalStorage<RequestScope>();
const resource = Symbol("tongban.requestScope");

type Scoped = FastifyRequest & { [resource]?: AsyncResource };

/** The request being served, or undefined in a job, a command or a timer. */
export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/** Runs `work` as if serving a request from `ip`: what tests of services called without HTTP use. */
export function inRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/**
 * Enters the scope as a request arrives. Node runs a request's body parsing, validation and handler
 * from the socket's events, outside the context the first hook ran in (nodejs/node#34430), so the hooks
 * after parsing go on inside a resource bound to the request — as @fastify/request-context does.
 */
export function registerRequestScope(app: FastifyInstance): void {
  app.addHook("onRequest", (request: Scoped, _reply, done) => {
    storage.run({ ip: request.ip, requestId: request.id, log: request.log }, () => {
      const bound = new AsyncResource("tongban.request");
      request[resource] = bound;
      bound.runInAsyncScope(done, request.raw);
    });
  });
  app.addHook("preValidation", (request: Scoped, _reply, done) => {
    const bound = request[resource];
    if (bound) bound.runInAsyncScope(done, request.raw);
    else done();
  });
}
