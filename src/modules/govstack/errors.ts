import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, errors } from "../../platform/errors.ts";
import { toAppError } from "../../platform/http/errors.ts";
import { hasMessage } from "../../platform/i18n/index.ts";

/**
 * The GovStack façades' own errors (docs/govstack-design.md, sections 2.4, 6, 8 and 9). Native errors
 * (validation, 404, 409 with `allowed`) pass through as they are; only the body's shape changes.
 */
export const govstackErrors = {
  headerMalformed: () =>
    new AppError(
      "govstack_header_malformed",
      400,
      "The Information-Mediator-Client header is malformed: give one value of four parts, " +
        "INSTANCE/CLASS/MEMBER/SUBSYSTEM, separated by / and without spaces",
    ),
  headerMissing: () =>
    new AppError(
      "govstack_header_missing",
      400,
      "The Information-Mediator-Client header is missing: name the caller (INSTANCE/CLASS/MEMBER/SUBSYSTEM), " +
        "or send the API client's token",
    ),
  headerAmbiguous: () =>
    new AppError(
      "govstack_header_ambiguous",
      400,
      "This API client holds several GovStack identities: name the one to use in the " +
        "Information-Mediator-Client header",
    ),
  identityMismatch: () =>
    new AppError(
      "govstack_identity_mismatch",
      403,
      "The Information-Mediator-Client header names an identity that is not this token's API client's",
    ),
  notRegistered: () =>
    new AppError(
      "govstack_not_registered",
      403,
      "This API client has no GovStack identity: ask the server's operator to register one " +
        "(tongban govstack identities add)",
    ),
  unauthenticated: () =>
    new AppError(
      "govstack_unauthenticated",
      401,
      "The caller is not known: send the API client's token (Authorization: Bearer …), or call through the " +
        "Information Mediator",
    ),
  /** A client holding none of the operation's scopes. */
  forbidden: () => errors.forbidden(),
  paramRepeated: (name: string) =>
    new AppError(
      "govstack_param_repeated",
      400,
      `The parameter "${name}" is given twice with different values: give it once`,
      {
        params: { name },
        fields: [{ field: `/query/${name}`, message: "is given twice with different values" }],
      },
    ),
  bodyMissing: () =>
    new AppError("govstack_body_missing", 400, "The request has no body: send what the operation describes"),
  serviceNotOffered: () =>
    new AppError(
      "govstack_service_not_offered",
      404,
      "There is no such service, or it takes no applications now",
    ),
  documentInvalid: (why: string) =>
    new AppError("govstack_document_invalid", 400, `The uploaded file cannot be read: ${why}`),
  fileNotEditable: (allowed: string[]) =>
    new AppError(
      "govstack_file_not_editable",
      409,
      "An application changes only when sent back (SENDBACK); operators record their findings by completing the task",
      { allowed },
    ),
  statisticsByPerson: () =>
    new AppError(
      "govstack_statistics_by_person",
      400,
      "Open statistics are not given per operator or role: leave out operator and role",
    ),
  recordExists: () =>
    new AppError(
      "govstack_record_exists",
      409,
      "A record with this key exists: use update or updateOrCreate",
    ),
  keyImmutable: () =>
    new AppError(
      "govstack_key_immutable",
      400,
      "A record's key cannot change: retract the record and create it anew",
    ),
  noValue: () => new AppError("govstack_no_value", 404, "This field of the record has no value"),
  databaseNotDeletable: () =>
    new AppError(
      "govstack_database_not_deletable",
      405,
      "A registry is never deleted: cases keep what they read from it. Records can be retracted",
    ),
  schemaReadOnly: () =>
    new AppError(
      "govstack_schema_read_only",
      403,
      "A registry's schema is defined by an administrator and never changes",
    ),
};

/** Statuses an upload route answers as they are: they say nothing of the upload itself. */
const KEPT = new Set([401, 403, 404, 429]);

/** The GovStack error body: the Registration spec's `systemError`, and the Digital Registries' 4xx. */
export interface GovstackProblemBody {
  traceId: string;
  code: string;
  message: string;
  localizedMessage: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  allowed?: string[];
}

/** Operation-specific remaps of native errors (section 9.3). */
export interface ProblemOptions {
  /** `POST /documents`: the spec's only failure status is 400, whatever the upload's fault. */
  uploadErrorsAs400?: boolean;
  /** A registry read that found nothing says so in the words the spec's schema fixes. */
  detail?: string;
}

/** What anything thrown inside a façade answers: its status and the GovStack body. */
export function govstackProblem(
  request: FastifyRequest,
  error: FastifyError | Error,
  options: ProblemOptions = {},
): { status: number; body: GovstackProblemBody; problem: AppError } {
  // An empty JSON body is a missing one: the specs' negative cases send the type and nothing else.
  let problem =
    (error as FastifyError).code === "FST_ERR_CTP_EMPTY_JSON_BODY"
      ? govstackErrors.bodyMissing()
      : toAppError(error);
  // What is wrong with an upload (its type, its size, its content) is the spec's 400, the code kept
  // apart; who may upload (401, 403), where (404) and how often (429) keep their statuses.
  if (
    options.uploadErrorsAs400 &&
    problem.status > 400 &&
    problem.status < 500 &&
    !KEPT.has(problem.status)
  ) {
    problem = new AppError(problem.code, 400, problem.message, problem.extra);
  }
  // The spec answers 404 for a service that takes no applications; natively it is gone (410).
  if (problem.code === "catalog_not_offered") problem = govstackErrors.serviceNotOffered();
  const key = `error.${problem.code}`;
  const hidden = problem.status >= 500;
  const body: GovstackProblemBody = {
    traceId: request.id,
    code: problem.code,
    // 5xx details stay in the log, found by the trace id.
    message: hidden ? "Something went wrong on our side" : problem.message,
    localizedMessage: hasMessage(key)
      ? request.t(key, problem.extra.params)
      : hidden
        ? request.t("error.internal")
        : problem.message,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(problem.extra.fields ? { errors: problem.extra.fields } : {}),
    ...(problem.extra.allowed ? { allowed: problem.extra.allowed } : {}),
  };
  return { status: problem.status, body, problem };
}

/** Sends a GovStack error, with Retry-After and WWW-Authenticate where they belong. */
export function sendGovstackProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: FastifyError | Error,
  options: ProblemOptions = {},
): FastifyReply {
  const { status, body, problem } = govstackProblem(request, error, options);
  if (status >= 500) request.log.error({ err: error }, "GovStack request failed");
  else request.log.info({ code: problem.code, status }, problem.message);
  if (problem.extra.retryAfterSeconds !== undefined)
    reply.header("retry-after", problem.extra.retryAfterSeconds);
  if (problem.code === "govstack_unauthenticated") {
    reply.header("www-authenticate", 'Bearer realm="tongban-govstack"');
  }
  return reply.code(status).type("application/json; charset=utf-8").send(body);
}
