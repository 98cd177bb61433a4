import type { Locale } from "../../../platform/config.ts";
import type { CaseView } from "../../cases/service.ts";
import type { ItemContent, OfferingWithItem } from "../../catalog/service.ts";
import { inLocale } from "./eforms.ts";
import type { ApplicantFileListItem, ApplicationFile, EFormListItem, Service } from "./schemas.ts";
import { fileStatus } from "./status.ts";

/** GovStack bodies from native views (pure): ids are given already presented (alias or ours). */

/**
 * A service: an offering of an item, as GovStack describes one. `isClosed` false in BPMN's sense —
 * events outside the model (supplements, pauses) may happen while it runs.
 */
export function presentService(found: OfferingWithItem, id: string, locale: Locale): Service {
  const content = found.content as ItemContent;
  const { offering } = found;
  const department =
    locale === "en" && offering.departmentNameEn.trim() !== ""
      ? offering.departmentNameEn
      : offering.departmentName;
  const hall = [offering.hallName, offering.hallAddress].filter((part) => part).join(" ");
  const body: [string, string | null | undefined][] = [
    ["itemCode", found.item.code],
    ["department", department],
    ["regionCode", offering.regionCode],
    ["promisedDays", String(offering.promisedDays ?? content.promisedDays)],
    ["statutoryDays", String(content.statutoryDays)],
    ["feeFen", String(offering.feeFen ?? content.fee.fen)],
    ["visits", String(content.visits)],
    ["channels", content.channels.join(",")],
    ["hall", hall],
    ["hours", offering.hours],
    ["phone", offering.phone],
    ["legalBasis", content.legalBasis.map((basis) => inLocale(basis, locale)).join("; ")],
  ];
  return {
    id,
    name: inLocale(content.name, locale) ?? found.item.code,
    version: String(found.version),
    type: "Public",
    isExecutable: offering.status === "active" && found.status === "published",
    isClosed: false,
    description: inLocale(content.summary, locale) ?? "",
    serviceBody: body
      .filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "")
      .map(([code, value]) => ({ code, value })),
  };
}

/** One version of an item's form in a service's list of eForms. */
export function presentEFormItem(
  eFormId: string,
  version: { version: number; status: string; content: ItemContent },
  locale: Locale,
): EFormListItem {
  return {
    eFormId,
    name: inLocale(version.content.name, locale) ?? eFormId,
    description: inLocale(version.content.summary, locale) ?? "",
    version: String(version.version),
    latest: version.status === "published" || version.status === "retired",
  };
}

/** `{field: {value}}`: the spec's form data holds objects only. */
export function wrapped(data: Record<string, unknown>): Record<string, { value: unknown }> {
  return Object.fromEntries(Object.entries(data).map(([field, value]) => [field, { value }]));
}

export type TaskOfCase = NonNullable<CaseView["tasks"]>[number];

/** The ids a file is shown with: aliases where they exist. */
export interface FileIds {
  fileId: string;
  serviceId: string;
  /** The eForm of the case's item version. */
  eFormId: string;
}

/** What the client sent beside the case, as kept (a file made through GovStack). */
export interface KeptFile {
  applicantRef: string;
  applicationName: string | null;
  createdGiven: Date | null;
  eFormRef: string | null;
}

/**
 * An application file: the case as the client may see it, the body as the client sent it. A case not
 * made through GovStack shows its applicant by the masked identifier, never our person id.
 */
export function presentFile(
  view: CaseView,
  kept: KeptFile | undefined,
  ids: FileIds,
  documentUrls: string[],
  locale: Locale,
): ApplicationFile {
  const { status, ended } = fileStatus(view, locale);
  const formData = { eFormId: kept?.eFormRef ?? ids.eFormId, data: wrapped(view.data) };
  return {
    fileId: ids.fileId,
    applicantId: kept?.applicantRef ?? view.applicant.identifierMasked ?? "",
    registered: view.submittedAt.toISOString(),
    serviceId: ids.serviceId,
    serviceName: inLocale(view.item.name, locale) ?? view.item.code,
    status,
    ended,
    applicationData: kept
      ? {
          ...(kept.applicationName !== null ? { applicationName: kept.applicationName } : {}),
          applicantId: kept.applicantRef,
          created: (kept.createdGiven ?? view.submittedAt).toISOString(),
          formData,
          documentUrls,
        }
      : { applicantId: view.applicant.identifierMasked ?? "", formData },
  };
}

/** The task a file waits on: its first open one (the tasks of a stage run side by side). */
export const mainTaskOf = (view: CaseView): TaskOfCase | undefined =>
  view.tasks?.find((task) => task.status === "open");

/** A line of `GET /applications`. */
export function presentFileItem(
  view: CaseView,
  kept: KeptFile | undefined,
  ids: FileIds & { mainTaskId: string | undefined; operatorName?: string | undefined },
  documentUrls: string[],
  locale: Locale,
): ApplicantFileListItem {
  const file = presentFile(view, kept, ids, documentUrls, locale);
  const task = mainTaskOf(view);
  return {
    fileId: file.fileId,
    ...(task && ids.mainTaskId
      ? {
          mainTaskId: ids.mainTaskId,
          taskTitle: inLocale(task.name, locale) ?? task.key,
          roleId: task.role,
          roleName: roleName(task.role, locale),
          ...(task.assigneeId ? { assigneeId: task.assigneeId } : {}),
          ...(task.assigneeId && ids.operatorName ? { operatorName: ids.operatorName } : {}),
        }
      : {}),
    status: file.status,
    applicantId: file.applicationData.applicantId,
    created: file.applicationData.created ?? file.registered,
    registered: file.registered,
    description: view.number,
    serviceName: file.serviceName,
    serviceId: file.serviceId,
    eformId: file.applicationData.formData.eFormId ?? ids.eFormId,
    documentUrls,
    additionalMeta: {
      data: wrapped({
        caseNumber: view.number,
        state: view.state,
        dueAt: view.clock.dueAt ?? null,
        channel: view.channel,
      }),
    },
  };
}

const ROLE_NAMES: Record<string, Record<Locale, string>> = {
  window_clerk: { "zh-CN": "窗口受理人员", en: "Window clerk" },
  reviewer: { "zh-CN": "审查人员", en: "Reviewer" },
  approver: { "zh-CN": "审批人员", en: "Approver" },
};

/** A task role's name in the caller's language; its code when it has none. */
export const roleName = (role: string, locale: Locale) => ROLE_NAMES[role]?.[locale] ?? role;
