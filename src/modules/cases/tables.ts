import type { ColumnType, Generated, JSONColumnType, Selectable } from "kysely";
import type { Text } from "../catalog/content.ts";
import type { StageKind } from "./definition.ts";
import type { CaseOutcome, CaseState, PauseKind } from "./states.ts";

type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export const CASE_CHANNELS = ["online", "hall", "village_point", "mobile", "api"] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export type ApplicantKind = "person" | "organisation";
export const DELIVERY_METHODS = ["download", "post", "pickup"] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** A stage of the plan: the definition's stage with each task's department found for this case. */
export interface PlannedTask {
  key: string;
  name: Text;
  role: string;
  departmentId: string;
  days: number;
  /**
   * Whose jurisdiction works it when not the case's region: a cross-region case's intake and delivery
   * at the receiving office (跨域通办).
   */
  regionCode?: string | undefined;
}
export interface PlannedStage {
  key: string;
  kind: StageKind;
  name: Text;
  tasks: PlannedTask[];
}
export interface CasePlan {
  definitionVersion: number | null;
  stages: PlannedStage[];
  onOverdue: "escalate" | "deemed_approval";
  supplementDays: number | null;
  licence: { type: string; title: Text; validYears: number | null } | null;
}

export interface Delivery {
  method: DeliveryMethod;
  /** Post: where to. */
  address?: string | undefined;
  recipient?: string | undefined;
  phone?: string | undefined;
  /** Pick-up: the offering's hall, named when the case opens. */
  hall?: string | undefined;
  /** Filled when delivered. */
  trackingNumber?: string | undefined;
  deliveredAt?: string | undefined;
}

/** 告知承诺: the text the applicant signed and the materials it stands in for. */
export interface Commitment {
  text: string;
  materials: string[];
  signedAt: string;
  signedBy: string;
  /** Marked for a check after the decision (事中事后核查). */
  checkDue: true;
}

export type DefinitionStatus = "draft" | "published";

export interface ProcessDefinitionTable {
  id: Generated<string>;
  item_id: string;
  version: number;
  definition: Json<unknown>;
  /** A draft (a what-if proposal, issue 9) is shown to the catalogue manager; no case ever runs on one. */
  status: ColumnType<DefinitionStatus, DefinitionStatus | undefined, never>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  number: string;
  region_code: string;
  item_id: string;
  item_version: number;
  item_code: string;
  item_name: Json<Text>;
  item_type: string;
  offering_id: string;
  definition_id: string | null;
  plan: Json<CasePlan>;
  applicant_kind: ApplicantKind;
  applicant_id: string;
  applicant_name: string;
  applicant_identifier_masked: string | null;
  applicant_region_code: string | null;
  submitter_kind: "person" | "staff" | "client";
  submitter_id: string;
  mandate_id: string | null;
  channel: CaseChannel;
  /** Where it was received in person: a hall or a service point (null online). */
  site_id: ColumnType<string | null, string | null | undefined, never>;
  state: CaseState;
  paused_state: CaseState | null;
  stage_index: Generated<number>;
  decision: "granted" | "denied" | "deemed_granted" | null;
  outcome: CaseOutcome | null;
  data: Json<Record<string, unknown>>;
  commitment: Json<Commitment | null>;
  delivery: Json<Delivery>;
  licence_id: string | null;
  submitted_at: CreatedAt;
  accepted_at: Date | null;
  decided_at: Date | null;
  closed_at: Date | null;
  promised_days: number;
  statutory_days: number;
  paused_days: Generated<number>;
  paused_since: Date | null;
  due_at: Date | null;
  statutory_due_at: Date | null;
  warn_at: Date | null;
  clock_uncertain: Generated<boolean>;
  warned_at: Date | null;
  overdue_at: Date | null;
  escalated_at: Date | null;
  supplement_rounds: Generated<number>;
  supplement_due_at: Date | null;
  lookup_digests: ColumnType<string[], string[] | undefined, string[]>;
  /** What a short link (/c/…) names the case by: derived from its number under the server's key. */
  short_token: ColumnType<string | null, string | null | undefined, never>;
  idempotency_key: string | null;
  request_hash: string | null;
  /** Materials taken from e-licences and registries instead of uploads (免提交), and visits saved so. */
  materials_avoided: Generated<number>;
  visits_avoided: Generated<number>;
  /** Granted by instant approval's rules (秒批): a supervisor may reverse it. */
  decided_by_rules: Generated<boolean>;
  version: Generated<number>;
  updated_at: Generated<Date>;
}

export type TaskStatus = "open" | "done" | "cancelled";

export interface CaseTaskTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  case_id: string;
  region_code: string;
  stage_index: number;
  stage_kind: StageKind;
  task_key: string;
  name: Json<Text>;
  role: string;
  department_id: string;
  /** The region whose staff work it; null: the case's region. */
  work_region_code: ColumnType<string | null, string | null | undefined, never>;
  assignee_id: string | null;
  status: Generated<TaskStatus>;
  opinion: "agree" | "disagree" | null;
  comment: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  due_at: Date | null;
  claimed_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface CaseEventTable {
  province_code: string;
  id: Generated<string>;
  case_id: string;
  region_code: string;
  seq: number;
  at: Generated<Date>;
  action: string;
  from_state: CaseState | null;
  to_state: CaseState;
  stage_index: number | null;
  task_id: string | null;
  department_id: string | null;
  actor_kind: "staff" | "person" | "system" | "client";
  actor_id: string | null;
  on_behalf_of: string | null;
  reason: string | null;
  data: Json<Record<string, unknown>>;
}

export interface CasePauseTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  case_id: string;
  region_code: string;
  kind: PauseKind;
  reason: string;
  started_at: Date;
  ended_at: Date | null;
  working_days: number | null;
  started_by: string | null;
  ended_by: string | null;
}

/** upload; commitment (告知承诺); form: produced from the answers; licence, registry: fetched (数据跑路). */
export const MATERIAL_SOURCES = ["upload", "commitment", "form", "licence", "registry"] as const;
export type MaterialSource = (typeof MATERIAL_SOURCES)[number];

/** A material as a case receives it: an uploaded file, or how it was satisfied otherwise. */
export interface CaseMaterialInput {
  key: string;
  source: MaterialSource;
  sha256: string | null;
  name: string | null;
  mediaType: string | null;
  size: number | null;
  activeContent: boolean;
  /** Where a fetched material (licence, registry) came from. */
  origin?: MaterialOrigin | null | undefined;
}

/** A material the applicant's signed commitment stands in for: no file. */
export const promisedMaterial = (key: string): CaseMaterialInput => ({
  key,
  source: "commitment",
  sha256: null,
  name: null,
  mediaType: null,
  size: null,
  activeContent: false,
});

/** What stood in for an upload: an e-licence the applicant holds, or fields of a registry record. */
export type MaterialOrigin =
  | {
      kind: "licence";
      licenceId: string;
      licenceType: string;
      title: { zh: string; en: string };
      departmentId: string;
    }
  | {
      kind: "registry";
      registry: string;
      name: { zh: string; en: string };
      departmentId: string;
      fields: Record<string, unknown>;
      version: number;
    };

export interface CaseMaterialTable {
  province_code: string;
  case_id: string;
  region_code: string;
  material_key: string;
  source: MaterialSource;
  file_sha256: string | null;
  file_name: string | null;
  media_type: string | null;
  size: number | null;
  active_content: Generated<boolean>;
  /** Where a fetched material came from (source licence or registry); null for the others. */
  origin: JSONColumnType<MaterialOrigin | null, string | null | undefined, string | null>;
  added_at: Generated<Date>;
}

export interface CaseNumberCounterTable {
  province_code: string;
  region_code: string;
  day: string;
  last: number;
}

export interface CasesDatabase {
  process_definitions: ProcessDefinitionTable;
  cases: CaseTable;
  case_tasks: CaseTaskTable;
  case_events: CaseEventTable;
  case_pauses: CasePauseTable;
  case_materials: CaseMaterialTable;
  case_number_counters: CaseNumberCounterTable;
}

export type CaseRow = Selectable<CaseTable>;
export type CaseTaskRow = Selectable<CaseTaskTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
