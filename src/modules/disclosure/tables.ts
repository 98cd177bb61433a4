import type { ColumnType, Generated, Selectable } from "kysely";

export const CATEGORIES = ["policy", "notice", "interpretation", "plan", "budget", "statistics"] as const;
export type Category = (typeof CATEGORIES)[number];
export const VALIDITIES = ["in_force", "amended", "repealed", "expired"] as const;
export type Validity = (typeof VALIDITIES)[number];
export const ANSWERS = ["disclosed", "partly_disclosed", "not_held", "not_disclosable"] as const;
export type AnswerType = (typeof ANSWERS)[number];

/** A day without a time (written, effective, expiry), as YYYY-MM-DD text: no time zone can move it. */
type Day = string | null;

export interface PublicationTable {
  id: Generated<string>;
  department_id: string;
  region_code: string;
  category: Category;
  index_number: string;
  document_number: string | null;
  title: string;
  body: string;
  written_on: Day;
  published_at: Date;
  effective_from: Day;
  expires_on: Day;
  validity: Validity;
  amended_by: string | null;
  repealed_by: string | null;
  interprets_id: string | null;
  revision: number;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
  created_by: string;
  updated_at: Date;
  /** The words of title, body and numbers (jieba's search mode, pinyin of the title): never read back. */
  document: string;
}

export interface RevisionTable {
  publication_id: string;
  revision: number;
  title: string;
  body: string;
  document_number: string | null;
  reason: string | null;
  revised_by: string;
  revised_at: Date;
}

export interface AttachmentTable {
  id: Generated<string>;
  publication_id: string;
  file_sha256: string;
  name: string;
  media_type: string;
  size: ColumnType<string | number, number, never>;
  added_by: string;
  added_at: ColumnType<Date, Date | undefined, never>;
}

export interface IndexCounterTable {
  department_id: string;
  year: number;
  last: number;
}

export interface GuideTable {
  department_id: string;
  office: string;
  address: string;
  phone: string;
  hours: string;
  email: string | null;
  notes: string;
  updated_by: string;
  updated_at: Date;
}

export interface AnswerTable {
  province_code: string;
  case_id: string;
  region_code: string;
  department_id: string;
  answer: AnswerType;
  reason: string;
  legal_basis: string;
  answered_by: string;
  answered_at: Date;
}

/** The tables of this module, as Kysely sees them. */
export interface DisclosureDatabase {
  disclosure_publications: PublicationTable;
  disclosure_revisions: RevisionTable;
  disclosure_attachments: AttachmentTable;
  disclosure_index_counters: IndexCounterTable;
  disclosure_guides: GuideTable;
  disclosure_answers: AnswerTable;
}

export type PublicationRow = Selectable<PublicationTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type GuideRow = Selectable<GuideTable>;
export type AnswerRow = Selectable<AnswerTable>;
