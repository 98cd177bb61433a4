import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { errors } from "../../../platform/errors.ts";
import { intParam, param, requiredBody } from "../parse.ts";
import { govstackRoute } from "../route.ts";
import { type FacadeOptions, govstackScope } from "../scope.ts";
import { uploadDocument } from "./documents.ts";
import {
  correctFile,
  getFile,
  idempotencyKeyOf,
  listFiles,
  SORT_FIELDS,
  type SortField,
  sortOf,
  submitFile,
} from "./files.ts";
import {
  ApplicantFileListItem,
  ApplicationFile,
  CompletedTask,
  DataUserTask,
  EForm,
  EFormListItem,
  Service,
  Statistics,
  UploadResponse,
  UserTask,
} from "./schemas.ts";
import { getEForm, getService, listServices, serviceEForms } from "./services.ts";
import { statisticsOf, statisticsQuery } from "./statistics.ts";
import { completeTask, getTask, listTasks, TASK_SORT_FIELDS, type TaskQuery } from "./tasks.ts";
import { documentOf, registerDocumentParts } from "./uploads.ts";

type IdParams = { serviceId: string };
type FileParams = { fileId: string };
type TaskParams = { taskId: string };

/** A document's base64 in JSON or a form: 10 MiB of file, with room for the encoding. */
const DOCUMENT_BODY_LIMIT = 16 * 1024 * 1024;

const RECEIVED = "收到文件：在 documentUrls 中引用此地址 / Received: name this url in documentUrls";

/** The statistics API's versions served under `/data/statistics/{version}` (the suite asks for 1.0). */
const STATISTICS_VERSION = /^1(?:\.0){0,2}$/;

/**
 * The GovStack Registration BB façade (`/govstack/registration`: registration-api.json and
 * registration-statistics-api.json; docs/govstack-design.md, section 6). Each route parses, calls one
 * service function over the native modules, and presents; the scope resolved the caller already.
 */
export const registrationApi: FastifyPluginAsync<FacadeOptions> = async (app, options) => {
  govstackScope(app, options);
  const { database, config } = app.platform;
  const db = database.db;
  const actorOf = (request: FastifyRequest) => request.govstack.actor;
  const callerOf = (request: FastifyRequest) => request.govstack;
  const depsOf = (request: FastifyRequest) => ({
    jobs: app.platform.jobs,
    config,
    requestId: request.id,
    locale: request.locale,
  });
  const paging = (request: FastifyRequest) => ({
    offset: intParam(request.query, "firstResult", { min: 0, max: 1_000_000, fallback: 0 }) as number,
    limit: intParam(request.query, "maxResult", { min: 1, max: 100, fallback: 20 }) as number,
  });

  app.get(
    "/services",
    govstackRoute(
      { operation: "getServiceList", caller: "public", headerRequired: false },
      { response: { 200: { type: "array", items: Service } } },
    ),
    async (request) =>
      listServices(
        db,
        actorOf(request),
        {
          name: param(request.query, "name"),
          offset: intParam(request.query, "firstResult", { min: 0, max: 1_000_000, fallback: 0 }) as number,
          limit: intParam(request.query, "maxResult", { min: 1, max: 1000, fallback: 100 }) as number,
        },
        request.locale,
      ),
  );

  app.get(
    "/services/:serviceId",
    govstackRoute(
      { operation: "getService", caller: "public", headerRequired: false },
      { response: { 200: Service } },
    ),
    async (request) => getService(db, (request.params as IdParams).serviceId, request.locale),
  );

  app.get(
    "/services/:serviceId/eForms",
    govstackRoute(
      { operation: "getServiceSchemaByServiceKey", caller: "public", headerRequired: false },
      { response: { 200: { type: "array", items: EFormListItem } } },
    ),
    async (request) => serviceEForms(db, (request.params as IdParams).serviceId, request.locale),
  );

  app.get(
    "/eForms/:eFormId",
    govstackRoute(
      { operation: "getEForm", caller: "public", headerRequired: false },
      { response: { 200: EForm } },
    ),
    async (request) =>
      getEForm(db, (request.params as { eFormId: string }).eFormId, request.locale, config.baseUrl),
  );

  const statistics = govstackRoute(
    { operation: "Statistics", caller: "public", headerRequired: true },
    { response: { 200: Statistics } },
  );
  app.get("/data/statistics", statistics, async (request) =>
    statisticsOf(db, actorOf(request), statisticsQuery(request.query)),
  );
  app.get("/data/statistics/:version", statistics, async (request) => {
    const { version } = request.params as { version: string };
    if (!STATISTICS_VERSION.test(version)) throw errors.notFound("statistics version");
    return statisticsOf(db, actorOf(request), statisticsQuery(request.query));
  });

  app.post(
    "/services/:serviceId/applications",
    govstackRoute(
      {
        operation: "submitApplicationFile",
        caller: "client",
        headerRequired: true,
        scopes: ["application.submit"],
      },
      { response: { 200: ApplicationFile } },
    ),
    async (request) =>
      submitFile(
        db,
        depsOf(request),
        callerOf(request),
        (request.params as IdParams).serviceId,
        requiredBody(request),
        idempotencyKeyOf(request.headers["idempotency-key"]),
      ),
  );

  // Multipart is taken here alone, in a scope of its own with limits fit for one document.
  await app.register(async (uploads) => {
    await registerDocumentParts(uploads);
    uploads.post(
      "/documents",
      govstackRoute(
        {
          operation: "uploadFile",
          caller: "client",
          headerRequired: false,
          scopes: ["application.submit"],
          uploadErrorsAs400: true,
        },
        { bodyLimit: DOCUMENT_BODY_LIMIT, response: { 200: UploadResponse } },
      ),
      async (request) => {
        const upload = await documentOf(request);
        const stored = await uploadDocument(db, config, actorOf(request), upload);
        return { code: 200, type: stored.mediaType, message: RECEIVED, url: stored.url };
      },
    );
  });

  const fileReaders = ["application.submit", "case.work", "case.decide"] as const;
  app.get(
    "/applications",
    govstackRoute(
      { operation: "getApplicantFileList", caller: "client", headerRequired: true, scopes: [...fileReaders] },
      { response: { 200: { type: "array", items: ApplicantFileListItem } } },
    ),
    async (request) =>
      listFiles(db, depsOf(request), callerOf(request), {
        serviceId: param(request.query, "serviceId"),
        applicantId: param(request.query, "applicantId"),
        ...(sortOf(param(request.query, "sortBy"), param(request.query, "sortOrder"), SORT_FIELDS) as {
          sortBy?: SortField;
          sortOrder?: "asc" | "desc";
        }),
        ...paging(request),
      }),
  );

  app.get(
    "/applications/:fileId",
    govstackRoute(
      {
        operation: "getApplicationFileById",
        caller: "client",
        headerRequired: true,
        scopes: [...fileReaders],
      },
      { response: { 200: ApplicationFile } },
    ),
    async (request) => getFile(db, depsOf(request), callerOf(request), (request.params as FileParams).fileId),
  );

  app.put(
    "/applications/:fileId",
    govstackRoute(
      {
        operation: "updateApplicationFileForm",
        caller: "client",
        headerRequired: true,
        scopes: ["application.submit", "case.work", "case.decide"],
      },
      { response: { 200: ApplicationFile } },
    ),
    async (request) =>
      correctFile(
        db,
        depsOf(request),
        callerOf(request),
        (request.params as FileParams).fileId,
        requiredBody(request),
      ),
  );

  app.get(
    "/tasks",
    govstackRoute(
      { operation: "getTasks", caller: "client", headerRequired: false },
      { response: { 200: { type: "array", items: UserTask } } },
    ),
    async (request) => {
      const query: TaskQuery = {
        fileId: param(request.query, "fileId"),
        mainTaskId: param(request.query, "mainTaskId"),
        assigneeId: param(request.query, "assigneeId"),
        ...(sortOf(
          param(request.query, "sortBy"),
          param(request.query, "sortOrder"),
          TASK_SORT_FIELDS,
        ) as Pick<TaskQuery, "sortBy" | "sortOrder">),
        ...paging(request),
      };
      return listTasks(db, depsOf(request), actorOf(request), query);
    },
  );

  // No scope declared: a client that only submits finds no task here (404), as natively it sees none.
  app.get(
    "/tasks/:taskId",
    govstackRoute(
      { operation: "getTaskById", caller: "client", headerRequired: false },
      { response: { 200: DataUserTask } },
    ),
    async (request) => getTask(db, depsOf(request), actorOf(request), (request.params as TaskParams).taskId),
  );

  app.post(
    "/tasks/:taskId/complete",
    govstackRoute(
      {
        operation: "completeTaskById",
        caller: "client",
        headerRequired: false,
        scopes: ["case.work", "case.decide"],
      },
      { response: { 200: CompletedTask } },
    ),
    async (request) =>
      completeTask(
        db,
        depsOf(request),
        actorOf(request),
        (request.params as TaskParams).taskId,
        requiredBody(request),
      ),
  );
};
