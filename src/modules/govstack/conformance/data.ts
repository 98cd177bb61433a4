/**
 * The conformance data of the public GovStack suites (registration-test-data.json and
 * digital-registries-test-parameters.json), read where the workspace keeps the specifications or from
 * a folder given. The files are GovStack's and are read in place, not copied into Tongban.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** `<repo>/../shared/specs/govstack/`, or `GOVSTACK_SPECS_DIR`. */
export function defaultSpecsDir(): string {
  return (
    process.env.GOVSTACK_SPECS_DIR ??
    resolve(import.meta.dirname, "..", "..", "..", "..", "..", "shared", "specs", "govstack")
  );
}

export const DATA_FILES = {
  registration: "registration-test-data.json",
  registries: "digital-registries-test-parameters.json",
} as const;

export interface ConformanceService {
  id: string;
  name: string;
  eFormIds: string[];
}

export interface ConformanceFile {
  fileId: string;
  serviceId: string;
  applicantId: string;
  /** The application's main task, or a task's own id: both name the file's intake task. */
  taskIds: string[];
  description: string | null;
}

export interface ConformanceData {
  header: string;
  services: ConformanceService[];
  files: ConformanceFile[];
  /** `ID_0 … ID_n`, `FirstName_0 …` as the Digital Registries suite names them. */
  registryParameters: Record<string, string>;
}

type Json = Record<string, unknown>;

function read(dir: string, file: string): Json {
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw new Error(
      `${file} is not in ${dir}: give the folder that holds the GovStack conformance data with --data`,
    );
  }
  const value = JSON.parse(readFileSync(path, "utf8")) as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${path} does not hold a JSON object`);
  }
  return value as Json;
}

const text = (value: unknown, what: string): string => {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`The conformance data lacks ${what}`);
  return value;
};

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

export function loadConformanceData(dir = defaultSpecsDir()): ConformanceData {
  const registration = read(dir, DATA_FILES.registration);
  const services = new Map<string, ConformanceService>();
  const serviceOf = (id: string, name: string): ConformanceService => {
    const known = services.get(id) ?? { id, name, eFormIds: [] };
    services.set(id, known);
    return known;
  };
  for (const service of list(registration.services)) {
    const known = serviceOf(text(service.id, "a service's id"), text(service.name, "a service's name"));
    for (const form of list(service.eForms)) known.eFormIds.push(text(form.eFormId, "an eForm's id"));
  }
  const files = new Map<string, ConformanceFile>();
  const sources = [
    ...list(registration.applications).map((a) => ({ row: a, taskId: a.mainTaskId })),
    ...list(registration.tasks).map((t) => ({ row: t, taskId: t.taskId })),
  ];
  for (const { row, taskId } of sources) {
    const serviceId = text(row.serviceId, "a file's serviceId");
    serviceOf(serviceId, text(row.serviceName, "a file's serviceName"));
    const fileId = text(row.fileId, "a file's fileId");
    const file = files.get(fileId) ?? {
      fileId,
      serviceId,
      applicantId: typeof row.applicantId === "string" ? row.applicantId : fileId,
      taskIds: [],
      description: typeof row.description === "string" ? row.description : null,
    };
    file.taskIds.push(text(taskId, "a task's id"));
    files.set(fileId, file);
  }
  const header = text(
    (registration.informationMediatorClientHeader as Json | undefined)?.value,
    "the Information-Mediator-Client header",
  );
  const registryParameters: Record<string, string> = {};
  for (const [key, value] of Object.entries(read(dir, DATA_FILES.registries))) {
    if (typeof value === "string") registryParameters[key] = value;
  }
  return { header, services: [...services.values()], files: [...files.values()], registryParameters };
}
