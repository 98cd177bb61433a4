import type { ColumnType, Generated, JSONColumnType, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** bigint: node-postgres gives a string, PGlite a number; the store turns it into a number. */
type Int8 = ColumnType<string | number, number | undefined, number>;

export interface BilingualText {
  zh: string;
  en: string;
}

export type SubjectKind = "person" | "organisation" | "property";
/** How a record is keyed: a resident ID number (kept as a digest), a credit code, or a number of its own. */
export type KeyKind = "id_number" | "credit_code" | "number";
export type FieldType = "string" | "integer" | "number" | "boolean" | "date";

/** One field a registry's records hold. */
export interface RegistryField {
  name: string;
  type: FieldType;
  label: BilingualText;
}

export interface RegistryTable {
  id: Generated<string>;
  code: string;
  name: JSONColumnType<BilingualText>;
  description: JSONColumnType<BilingualText, string | undefined>;
  /** The steward: the department that publishes the registry and approves agreements on it. */
  department_id: string;
  subject_kind: SubjectKind;
  key_kind: KeyKind;
  fields: JSONColumnType<RegistryField[]>;
  change_seq: Int8;
  created_at: CreatedAt;
}

export interface RegistryRecordTable {
  id: Generated<string>;
  registry_id: string;
  record_key: string;
  key_masked: string;
  region_code: string | null;
  data: JSONColumnType<Record<string, unknown>>;
  version: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  retracted_at: Date | null;
}

export interface RegistryChangeTable {
  registry_id: string;
  seq: Int8;
  record_id: string;
  version: number;
  change: "published" | "retracted";
  at: CreatedAt;
}

export type AgreementStatus = "requested" | "approved" | "refused" | "revoked";

export interface DataAgreementTable {
  id: Generated<string>;
  registry_id: string;
  consumer_department_id: string;
  fields: string[];
  purpose: string;
  legal_basis: string;
  status: ColumnType<AgreementStatus, AgreementStatus | undefined, AgreementStatus>;
  valid_until: Date | null;
  requested_by: string | null;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
}

export interface ExchangeDatabase {
  registries: RegistryTable;
  registry_records: RegistryRecordTable;
  registry_changes: RegistryChangeTable;
  data_agreements: DataAgreementTable;
}

export type RegistryRow = Selectable<RegistryTable>;
export type RegistryRecordRow = Selectable<RegistryRecordTable>;
export type DataAgreementRow = Selectable<DataAgreementTable>;
