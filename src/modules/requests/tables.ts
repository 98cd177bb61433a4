import type { ColumnType, Generated, Selectable } from "kysely";

/** 投诉 · 建议 · 咨询 · 求助 · 举报 */
export const REQUEST_KINDS = ["complaint", "suggestion", "consultation", "help", "report"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const CONTACT_PREFERENCES = ["phone", "sms", "email", "none"] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

/** received: at the dispatcher; assigned: at a department; replied: answered, awaiting the rating. */
export const REQUEST_STATES = ["received", "assigned", "replied", "closed"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** 满意 · 基本满意 · 不满意 */
export const SATISFACTIONS = ["satisfied", "basically", "dissatisfied"] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export type RequesterKind = "person" | "contact" | "anonymous";
export type RequestChannel = "web" | "api" | "open311";

/** A topic requests are filed under; Open311 calls it a service and its code the service_code. */
export interface RequestCategoryTable {
  code: string;
  kind: RequestKind;
  name: string;
  name_en: string;
  description: ColumnType<string, string | undefined, string>;
  description_en: ColumnType<string, string | undefined, string>;
  anonymous_allowed: boolean;
  due_working_days: number;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** Retired: off the form and Open311's services; the requests filed under it keep it. */
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Category × region → department; without a category, the region's dispatcher (12345 centre). */
export interface RequestRouteTable {
  id: Generated<string>;
  region_code: string;
  category_code: string | null;
  department_id: string;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface PublicRequestTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  number: string;
  /** SHA-256 of the follow token given to whoever filed it: the token itself is never kept. */
  token_hash: string;
  category_code: string;
  kind: RequestKind;
  text: string;
  /** The text as the public may read it: personal data masked; null for reports (举报). */
  public_text: string | null;
  region_code: string;
  lat: number | null;
  long: number | null;
  address: string | null;
  contact_preference: ContactPreference;
  requester_kind: RequesterKind;
  person_id: string | null;
  /** Contact details given without an account, encrypted with PERSONAL_DATA_KEY. */
  contact_name_enc: string | null;
  contact_phone_enc: string | null;
  contact_email_enc: string | null;
  channel: RequestChannel;
  client_id: string | null;
  attachments: ColumnType<string[], string[] | undefined, string[]>;
  state: RequestState;
  dispatcher_id: string;
  department_id: string | null;
  received_at: ColumnType<Date, Date | undefined, Date>;
  due_at: Date;
  due_uncertain: ColumnType<boolean, boolean | undefined, boolean>;
  overdue_at: Date | null;
  reply_text: string | null;
  reply_public: ColumnType<boolean, boolean | undefined, boolean>;
  /** The reply as the public sees it: names, phone, ID numbers and e-mail addresses masked. */
  reply_public_text: string | null;
  replied_at: Date | null;
  replied_by: string | null;
  satisfaction: Satisfaction | null;
  rated_at: Date | null;
  /** Until when the requester may reopen it: a period in working days from the reply. */
  reopen_until: Date | null;
  closed_at: Date | null;
  reopened_count: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Every step taken on a request (who, what, when, why): its history and Open311's status notes. */
export interface RequestEventTable {
  province_code: string;
  id: Generated<string>;
  request_id: string;
  at: ColumnType<Date, Date | undefined, never>;
  action: string;
  actor_kind: string;
  actor_id: string | null;
  department_id: string | null;
  reason: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface RequestsDatabase {
  request_categories: RequestCategoryTable;
  request_routes: RequestRouteTable;
  public_requests: PublicRequestTable;
  request_events: RequestEventTable;
}

export type CategoryRow = Selectable<RequestCategoryTable>;
export type RouteRow = Selectable<RequestRouteTable>;
export type RequestRow = Selectable<PublicRequestTable>;
export type RequestEventRow = Selectable<RequestEventTable>;
