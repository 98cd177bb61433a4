import type { ColumnType, Selectable } from "kysely";

type Created = ColumnType<Date, Date | undefined, never>;

export const RATING_SUBJECTS = ["case", "visit"] as const;
/** case: a closed case. visit: a served ticket of a hall's queue. */
export type RatingSubject = (typeof RATING_SUBJECTS)[number];
export const RATING_CHANNELS = ["online", "sms", "pad"] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];
export type RaterKind = "applicant" | "agent";

export interface RatingTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  subject_kind: RatingSubject;
  subject_id: string;
  channel: RatingChannel;
  /** 5 非常满意 … 1 非常不满意. */
  level: number;
  tags: ColumnType<string[], string[] | undefined, never>;
  comment: ColumnType<string, string | undefined, never>;
  rater_kind: RaterKind;
  rater_person_id: string | null;
  region_code: string;
  department_id: string | null;
  item_code: string | null;
  /** The item's name when rated, so public pages need not read the catalogue's versions. */
  item_name: string | null;
  item_name_en: string | null;
  site_id: string | null;
  /** The case's own channel (online, hall, village_point…); null for a visit. */
  case_channel: string | null;
  created_at: Created;
}

/** 追评: what the rater adds later; the rating itself never changes. */
export interface RatingAdditionTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  rating_id: string;
  text: string;
  created_at: Created;
}

/** The link of the invitation's text message, or of the window's pad; only its hash is kept. */
export interface RatingTokenTable {
  province_code: string;
  token_hash: string;
  kind: "sms" | "pad";
  subject_kind: RatingSubject;
  subject_id: string;
  person_id: string | null;
  created_at: Created;
  used_at: Date | null;
}

export const RECTIFICATION_STATES = ["open", "called_back", "resolved", "contested", "closed"] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

export interface RectificationTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  rating_id: string;
  region_code: string;
  department_id: string;
  state: RectificationState;
  due_at: Date;
  rounds: ColumnType<number, number | undefined, number>;
  callback_by: string | null;
  callback_at: Date | null;
  callback_note: string | null;
  outcome: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolved_on_time: boolean | null;
  response: "accepted" | "contested" | null;
  contest_reason: string | null;
  responded_at: Date | null;
  review: "upheld" | "sent_back" | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  overdue_at: Date | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A region's rectification period; regions below it without their own take the nearest ancestor's. */
export interface RatingSettingTable {
  region_code: string;
  rectify_days: number;
  updated_by: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** The tables of this module, as Kysely sees them. */
export interface RatingsDatabase {
  ratings: RatingTable;
  rating_additions: RatingAdditionTable;
  rating_tokens: RatingTokenTable;
  rectifications: RectificationTable;
  rating_settings: RatingSettingTable;
}

export type RatingRow = Selectable<RatingTable>;
export type RatingAdditionRow = Selectable<RatingAdditionTable>;
export type RectificationRow = Selectable<RectificationTable>;
