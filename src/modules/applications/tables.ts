import type { ColumnType, Generated, Selectable } from "kysely";
import type { ApplicantKind, CaseChannel, Delivery } from "../cases/tables.ts";

type Json<T> = ColumnType<T, string, string>;

export type ApplicationStatus = "draft" | "submitted" | "abandoned";

/** What the applicant is writing: answers saved at every page, so it can be finished elsewhere. */
export interface ApplicationTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  region_code: string;
  item_id: string;
  item_version: number;
  offering_id: string;
  /** Who works on the draft: the applicant, their agent, a clerk at a window, or a department system. */
  owner_kind: "person" | "staff" | "client";
  owner_id: string;
  applicant_kind: ApplicantKind;
  applicant_id: string;
  mandate_id: string | null;
  channel: CaseChannel;
  /** The hall or service point where a window draft was started: the case's receiving office. */
  site_id: ColumnType<string | null, string | null | undefined, string | null>;
  data: Json<Record<string, unknown>>;
  prefilled: Json<Record<string, string>>;
  page: Generated<number>;
  /** The commitment text signed (告知承诺) and the materials it stands in for. */
  commitment: Json<{ materials: string[]; signedAt: string } | null>;
  delivery: Json<Delivery | null>;
  status: Generated<ApplicationStatus>;
  case_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface ApplicationMaterialTable {
  province_code: string;
  application_id: string;
  material_key: string;
  file_sha256: string;
  /** For display only: never a path. */
  file_name: string;
  media_type: string;
  size: number;
  active_content: Generated<boolean>;
  uploaded_at: Generated<Date>;
}

export interface ApplicationsDatabase {
  applications: ApplicationTable;
  application_materials: ApplicationMaterialTable;
}

export type ApplicationRow = Selectable<ApplicationTable>;
export type ApplicationMaterialRow = Selectable<ApplicationMaterialTable>;
