import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Locale } from "../config.ts";
import { isDatabaseUnreachable } from "../db/database.ts";
import { type AppError, errors, type FieldProblem, isAppError } from "../errors.ts";
import { hasMessage } from "../i18n/index.ts";
import { describeUnroutedRequest } from "./request-context.ts";

/** A PostgreSQL restart, crash recovery included, takes seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

export type ProblemRenderer = (request: FastifyRequest, reply: FastifyReply, problem: AppError) => string;

/** Machines get problem+json; a person's browser gets a page in their language. */
function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith("/api/")) return false;
  return (request.headers.accept ?? "").includes("text/html");
}

interface AjvIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldsOf(issues: AjvIssue[], context: string | undefined): FieldProblem[] {
  const prefix = context && context !== "body" ? `/${context}` : "";
  return issues.map((issue) => {
    const missing = issue.params.missingProperty;
    const extra = issue.params.additionalProperty;
    const path = `${prefix}${issue.instancePath}${missing ? `/${missing}` : extra ? `/${extra}` : ""}`;
    return { field: path || "/", message: extra ? "is not allowed" : (issue.message ?? "is not valid") };
  });
}

/** Turns anything thrown into one of the catalogue's errors; unknown errors become a bare 500. */
export function toAppError(error: FastifyError | Error): AppError {
  if (isAppError(error)) return error;
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation) return errors.validation(fieldsOf(e.validation, e.validationContext));
  switch (e.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return errors.malformedBody(e.message);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return errors.unsupportedMediaType(String(e.message.split(": ").at(-1)));
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return errors.bodyTooLarge();
    case "FST_ERR_BAD_URL":
      return errors.malformedUrl();
    case "FST_ERR_MAX_PARAM_LENGTH":
      return errors.urlTooLong();
    case "FST_CSRF_INVALID_TOKEN":
    case "FST_CSRF_MISSING_SECRET":
      return errors.csrf();
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return errors.malformedBody(e.message);
  if (e.statusCode === 404) return errors.notFound();
  // A restart of PostgreSQL is not a bug of ours: 503 tells clients and load balancers to try again.
  if (isDatabaseUnreachable(error)) return errors.unavailable("The database", DATABASE_RETRY_AFTER_SECONDS);
  return errors.internal();
}

export function registerErrorHandling(app: FastifyInstance, renderProblemPage: ProblemRenderer): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toAppError(error);
    if (problem.status >= 500) {
      request.log.error({ err: error }, "request failed");
    } else {
      request.log.info({ code: problem.code, status: problem.status }, problem.message);
    }
    return send(request, reply, problem, renderProblemPage);
  });
  app.setNotFoundHandler((request, reply) =>
    send(
      request,
      reply,
      errors.routeNotFound(request.method, request.url.split("?")[0] ?? ""),
      renderProblemPage,
    ),
  );
}

/**
 * A façade speaking another standard's error body (GovStack's) answers in it under its prefix, even
 * before routing.
 */
export interface UnroutedErrorFormat {
  prefix: string;
  send(request: FastifyRequest, reply: FastifyReply, error: FastifyError): unknown;
}

/**
 * For Fastify's `frameworkErrors`: an address whose %-escapes do not decode, or with a path parameter
 * longer than the router takes, is refused before routing and before any hook — by default in Fastify's
 * own format. This answers it as every other error, to a caller still unknown.
 */
export function frameworkErrorHandler(
  defaultLocale: Locale,
  renderProblemPage: ProblemRenderer,
  formats: readonly UnroutedErrorFormat[] = [],
) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    describeUnroutedRequest(request, defaultLocale);
    reply.header("x-request-id", request.id);
    const path = request.url.split("?")[0] ?? "";
    const own = formats.find((f) => path === f.prefix || path.startsWith(`${f.prefix}/`));
    if (own) {
      own.send(request, reply, error);
      return;
    }
    const problem = toAppError(error);
    request.log.info({ code: problem.code, status: problem.status }, problem.message);
    send(request, reply, problem, renderProblemPage);
  };
}

function send(request: FastifyRequest, reply: FastifyReply, problem: AppError, render: ProblemRenderer) {
  reply.code(problem.status);
  if (problem.extra.retryAfterSeconds !== undefined)
    reply.header("retry-after", problem.extra.retryAfterSeconds);
  if (wantsHtml(request)) return reply.type("text/html; charset=utf-8").send(render(request, reply, problem));
  const key = `error.${problem.code}`;
  return reply.type("application/problem+json").send({
    type: `urn:tongban:problem:${problem.code}`,
    title: hasMessage(key) ? request.t(key, problem.extra.params) : problem.message,
    status: problem.status,
    // 5xx details stay in the log, found by the request id.
    detail: problem.status >= 500 ? request.t("error.internal") : problem.message,
    code: problem.code,
    instance: request.url.split("?")[0],
    requestId: request.id,
    ...(problem.extra.fields ? { errors: problem.extra.fields } : {}),
    ...(problem.extra.allowed ? { allowed: problem.extra.allowed } : {}),
  });
}
