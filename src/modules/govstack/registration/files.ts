import type { Locale } from "../../../platform/config.ts";
import type { Db, Executor } from "../../../platform/db/database.ts";
import { provinceOf } from "../../../platform/db/distribution.ts";
import { AppError, errors, type FieldProblem, isAppError } from "../../../platform/errors.ts";
import { DATE_YEARS } from "../../../platform/http/validation.ts";
import { type Actor, hasScope } from "../../../platform/policy.ts";
import { correctForApplicant, type SubmitDeps, submitForApplicant } from "../../applications/service.ts";
import { type CaseView, getCase, myWorklist } from "../../cases/service.ts";
import { type ItemContent, serviceById, versionContent } from "../../catalog/service.ts";
import { presentIds, resolveId } from "../aliases.ts";
import { govstackErrors } from "../errors.ts";
import type { GovstackIdentity } from "../identities.ts";
import { scalarOf } from "../parse.ts";
import { resolveApplicant } from "./applicants.ts";
import { documentUrl, resolveDocuments } from "./documents.ts";
import { inLocale } from "./eforms.ts";
import { type KeptFile, mainTaskOf, presentFile, presentFileItem } from "./present.ts";
import type { ApplicantFileListItem, ApplicationFile } from "./schemas.ts";
import { eFormIdOf } from "./services.ts";
import * as store from "./store.ts";

/**
 * Application files (docs/govstack-design.md, sections 6.5 and 6.7–6.9): a file is a case. A system
 * submits for a person through the native one-request submission, reads the cases it may read, and
 * changes one only as the applicant's side does — correcting it when sent back.
 */

export interface Caller {
  actor: Actor;
  identity: GovstackIdentity | null;
}

export interface FileDeps extends SubmitDeps {
  locale: Locale;
}

/** What an application body says, checked: every problem at once. */
interface FileBody {
  applicantId?: string;
  applicationName?: string;
  created?: Date;
  eFormId?: string;
  answers: Record<string, unknown>;
  documentUrls: string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function fileBody(body: Record<string, unknown>, applicantRequired: boolean): FileBody {
  const problems: FieldProblem[] = [];
  const result: FileBody = { answers: {}, documentUrls: [] };
  const text = (name: string, max: number, required: boolean): string | undefined => {
    const value = scalarOf(body[name]);
    if (value === undefined || value === "") {
      if (required) problems.push({ field: `/${name}`, message: "is required" });
      return undefined;
    }
    if (typeof value !== "string" || value.length > max || value.trim() === "") {
      problems.push({ field: `/${name}`, message: `must be text of 1 to ${max} characters` });
      return undefined;
    }
    return value;
  };
  const applicantId = text("applicantId", 200, applicantRequired);
  if (applicantId !== undefined) result.applicantId = applicantId;
  const name = text("applicationName", 200, false);
  if (name !== undefined) result.applicationName = name;
  const created = text("created", 40, false);
  if (created !== undefined) {
    const at = new Date(created);
    const year = Number(created.slice(0, 4));
    if (
      !RFC3339.test(created) ||
      Number.isNaN(at.getTime()) ||
      year < DATE_YEARS.first ||
      year > DATE_YEARS.last
    ) {
      problems.push({ field: "/created", message: "must be an RFC 3339 date-time" });
    } else result.created = at;
  }
  const formData = body.formData;
  if (formData !== undefined && formData !== null && !isObject(formData)) {
    problems.push({ field: "/formData", message: "must be an object of eFormId and data" });
  } else if (isObject(formData)) {
    const eFormId = scalarOf(formData.eFormId);
    if (eFormId !== undefined && (typeof eFormId !== "string" || eFormId.length > 200)) {
      problems.push({ field: "/formData/eFormId", message: "must be text of at most 200 characters" });
    } else if (typeof eFormId === "string" && eFormId !== "") result.eFormId = eFormId;
    const data = formData.data;
    if (data !== undefined && data !== null && !isObject(data)) {
      problems.push({ field: "/formData/data", message: "must be an object of the form's fields" });
    } else if (isObject(data)) {
      for (const [field, value] of Object.entries(data)) {
        const answer = scalarOf(value);
        if (answer !== undefined) result.answers[field] = answer;
      }
    }
  }
  const urls = body.documentUrls;
  const list = urls === undefined || urls === null ? [] : Array.isArray(urls) ? urls : [urls];
  if (list.length > 60 || list.some((u) => typeof u !== "string" || u.length > 2000)) {
    problems.push({ field: "/documentUrls", message: "must be at most 60 urls, each text" });
  } else result.documentUrls = (list as string[]).filter((u) => u.trim() !== "");
  if (problems.length > 0) throw errors.validation(problems);
  return result;
}

function clientOf(caller: Caller): Extract<Actor, { kind: "client" }> & { identity: GovstackIdentity } {
  const { actor, identity } = caller;
  if (actor.kind !== "client" || !identity) throw errors.forbidden();
  return Object.assign({}, actor, { identity });
}

/** The ids a case is shown with, and the urls of its documents, ours first. */
async function shown(db: Executor, view: CaseView, kept: store.FileRow | undefined, baseUrl: string) {
  const eFormId = eFormIdOf(view.item.code, view.item.version);
  const mainTask = mainTaskOf(view);
  const [files, services, eForms, tasks, documents] = await Promise.all([
    presentIds(db, "file", [view.id]),
    presentIds(db, "service", [view.offeringId]),
    presentIds(db, "eform", [eFormId]),
    presentIds(db, "task", mainTask ? [mainTask.id] : []),
    kept ? store.documentsOfCase(db, view.id) : Promise.resolve([]),
  ]);
  return {
    ids: {
      fileId: files.get(view.id) ?? view.id,
      serviceId: services.get(view.offeringId) ?? view.offeringId,
      eFormId: eForms.get(eFormId) ?? eFormId,
      mainTaskId: mainTask ? (tasks.get(mainTask.id) ?? mainTask.id) : undefined,
    },
    documentUrls: [...documents.map((d) => documentUrl(baseUrl, d.id)), ...(kept?.document_refs ?? [])],
    kept: kept && keptOf(kept),
  };
}

const keptOf = (row: store.FileRow): KeptFile => ({
  applicantRef: row.applicant_ref,
  applicationName: row.application_name,
  createdGiven: row.created_given,
  eFormRef: row.eform_ref,
});

/** The file as the client sees it, after any change. */
async function fileOf(db: Executor, actor: Actor, caseId: string, deps: FileDeps): Promise<ApplicationFile> {
  const view = await getCase(db, actor, caseId);
  const kept = await store.findFile(db, provinceOf(view.regionCode), view.id);
  const { ids, documentUrls, kept: given } = await shown(db, view, kept, deps.config.baseUrl);
  return presentFile(view, given, ids, documentUrls, deps.locale);
}

/** Section 6.5: a submission for a person, through the native check and `openCase`. */
export async function submitFile(
  db: Db,
  deps: FileDeps,
  caller: Caller,
  externalServiceId: string,
  body: Record<string, unknown>,
  idempotencyKey: string | null,
): Promise<ApplicationFile> {
  const client = clientOf(caller);
  const offeringId = await resolveId(db, "service", externalServiceId);
  const found = offeringId === undefined ? undefined : await serviceById(db, offeringId);
  if (found?.offering.status !== "active" || found.status !== "published") {
    throw govstackErrors.serviceNotOffered();
  }
  const given = fileBody(body, true);
  const applicant = await resolveApplicant(
    db,
    deps.config.personalDataKey,
    client.identity,
    given.applicantId as string,
  );
  const documents = await resolveDocuments(
    db,
    client,
    given.documentUrls,
    (found.content as ItemContent).materials,
    { retry: idempotencyKey !== null },
  );
  const { row } = await submitForApplicant(
    db,
    deps,
    client,
    applicant,
    { offeringId: found.offering.id, answers: given.answers, storedMaterials: documents.stored },
    {
      idempotencyKey,
      alongside: async (tx, opened) => {
        await store.insertFile(tx, {
          province_code: opened.province_code,
          case_id: opened.id,
          region_code: opened.region_code,
          identity_id: client.identity.id,
          api_client_id: client.id,
          applicant_ref: given.applicantId as string,
          application_name: given.applicationName ?? null,
          created_given: given.created ?? null,
          eform_ref: given.eFormId ?? null,
          document_refs: documents.kept,
        });
        await takeDocuments(tx, documents.used, opened.id);
      },
    },
  );
  return fileOf(db, client, row.id, deps);
}

/** Marks the documents used, refusing when another application took one meanwhile. */
async function takeDocuments(tx: Executor, ids: string[], caseId: string): Promise<void> {
  if ((await store.markUsed(tx, ids, caseId)) < ids.length) {
    throw errors.validation([
      { field: "/documentUrls", message: "names a document another application took" },
    ]);
  }
}

/** Section 6.8: a file the client may read — submitted by it, or passing through its department. */
export async function getFile(
  db: Executor,
  deps: FileDeps,
  caller: Caller,
  externalFileId: string,
): Promise<ApplicationFile> {
  const id = await resolveId(db, "file", externalFileId);
  if (id === undefined) throw errors.notFound("case");
  return fileOf(db, caller.actor, id, deps);
}

/**
 * Section 6.9: the applicant's correction when sent back (补正), and nothing else — operators record
 * their findings by completing the task. The answers are merged over the case's, the documents put in
 * place of their materials, then the native resubmission.
 */
export async function correctFile(
  db: Db,
  deps: FileDeps,
  caller: Caller,
  externalFileId: string,
  body: Record<string, unknown>,
): Promise<ApplicationFile> {
  const client = clientOf(caller);
  const id = await resolveId(db, "file", externalFileId);
  if (id === undefined) throw errors.notFound("case");
  const view = await getCase(db, client, id);
  const kept = await store.findFile(db, provinceOf(view.regionCode), view.id);
  if (!kept || kept.api_client_id !== client.id) throw govstackErrors.fileNotEditable(["complete the task"]);
  if (view.state !== "supplement") throw govstackErrors.fileNotEditable(view.allowedActions);
  const given = fileBody(body, false);
  const content = await versionContent(db, view.item.id, view.item.version);
  const documents = await resolveDocuments(db, client, given.documentUrls, content.materials);
  await correctForApplicant(
    db,
    deps,
    client,
    view.id,
    { answers: { ...view.data, ...given.answers }, storedMaterials: documents.stored },
    async (tx) => {
      await store.updateFile(tx, kept.province_code, kept.case_id, {
        ...(given.applicationName !== undefined ? { application_name: given.applicationName } : {}),
        ...(documents.kept.length > 0
          ? { document_refs: [...new Set([...kept.document_refs, ...documents.kept])] }
          : {}),
      });
      await takeDocuments(tx, documents.used, view.id);
    },
  );
  return fileOf(db, client, view.id, deps);
}

export const SORT_FIELDS = ["created", "registered", "dueDate", "id", "name"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface FileQuery {
  serviceId?: string | undefined;
  applicantId?: string | undefined;
  sortBy?: SortField | undefined;
  sortOrder?: "asc" | "desc" | undefined;
  offset: number;
  limit: number;
}

/** How many files of each source are read before sorting and paging: a client's recent work. */
const SOURCE_LIMIT = 500;

/**
 * Section 6.7: the client's own files and, for a worker, the cases on its department's worklist —
 * each once, sorted and paged together. An applicant filter applies to its own files only (worklist
 * cases carry no client reference), so it leaves the worklist out.
 */
export async function listFiles(
  db: Executor,
  deps: FileDeps,
  caller: Caller,
  query: FileQuery,
): Promise<ApplicantFileListItem[]> {
  const client = clientOf(caller);
  const offeringId =
    query.serviceId === undefined ? undefined : await resolveId(db, "service", query.serviceId);
  if (query.serviceId !== undefined && offeringId === undefined) return [];
  const own = hasScope(client, "application.submit")
    ? await store.filesOfClient(db, provinceOf(client.regionCode), client.id, {
        applicantRef: query.applicantId,
        limit: SOURCE_LIMIT,
      })
    : [];
  const worker = hasScope(client, "case.work") || hasScope(client, "case.decide");
  const worked =
    worker && query.applicantId === undefined
      ? (await myWorklist(db, client, { offeringId, limit: SOURCE_LIMIT, offset: 0 })).items
      : [];
  const keptByCase = new Map(own.map((f) => [f.case_id, f]));
  const holders = new Map(worked.map((item) => [item.taskId, item.assigneeName]));
  const caseIds = [...new Set([...own.map((f) => f.case_id), ...worked.map((w) => w.caseId)])];
  const views = (await Promise.all(caseIds.map((id) => unlessNotFound(getCase(db, client, id))))).filter(
    (v): v is CaseView => v !== undefined && (offeringId === undefined || v.offeringId === offeringId),
  );
  // Sorted on what the views say, then only the page is presented.
  const fileIds = await presentIds(
    db,
    "file",
    views.map((v) => v.id),
  );
  const created = (view: CaseView) => keptByCase.get(view.id)?.created_given ?? view.submittedAt;
  const key = (view: CaseView): string => {
    switch (query.sortBy) {
      case "id":
        return fileIds.get(view.id) ?? view.id;
      case "name":
        return inLocale(view.item.name, deps.locale) ?? view.item.code;
      case "dueDate":
        return view.clock.dueAt ? new Date(view.clock.dueAt).toISOString() : "9999";
      case "registered":
        return view.submittedAt.toISOString();
      default:
        return created(view).toISOString();
    }
  };
  const order = query.sortOrder ?? (query.sortBy === "id" || query.sortBy === "name" ? "asc" : "desc");
  views.sort((a, b) => (order === "asc" ? 1 : -1) * key(a).localeCompare(key(b)));
  return Promise.all(
    views.slice(query.offset, query.offset + query.limit).map(async (view) => {
      const kept = keptByCase.get(view.id);
      const { ids, documentUrls, kept: given } = await shown(db, view, kept, deps.config.baseUrl);
      // The holder's name, as the worklist gives it to the department's workers.
      const held = mainTaskOf(view);
      const operatorName = held ? (holders.get(held.id) ?? undefined) : undefined;
      return presentFileItem(view, given, { ...ids, operatorName }, documentUrls, deps.locale);
    }),
  );
}

/** What a promise gives, or undefined when it names nothing the caller may see (a filter's []). */
export async function unlessNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.status === 404) return undefined;
    throw error;
  }
}

/** The sort parameters, checked; sortOrder alone is ignored (the spec uses the two together). */
export function sortOf(sortBy: string | undefined, sortOrder: string | undefined, fields: readonly string[]) {
  const problems: FieldProblem[] = [];
  if (sortBy !== undefined && sortBy !== "" && !fields.includes(sortBy)) {
    problems.push({ field: "/query/sortBy", message: `must be one of ${fields.join(", ")}` });
  }
  const order = sortOrder?.toLowerCase();
  if (order !== undefined && order !== "" && order !== "asc" && order !== "desc") {
    problems.push({ field: "/query/sortOrder", message: "must be asc or desc" });
  }
  if (problems.length > 0) throw errors.validation(problems);
  if (sortBy === undefined || sortBy === "") return {};
  return { sortBy, ...(order === "asc" || order === "desc" ? { sortOrder: order as "asc" | "desc" } : {}) };
}

/** The Idempotency-Key header, as the native submission takes it. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^[A-Za-z0-9._:-]{8,100}$/.test(value)) {
    throw new AppError(
      "validation_failed",
      400,
      "The Idempotency-Key header must be 8 to 100 of A-Z a-z 0-9 . _ : -",
      {
        fields: [{ field: "/headers/idempotency-key", message: "must be 8 to 100 of A-Z a-z 0-9 . _ : -" }],
      },
    );
  }
  return value;
}
