import type { ColumnType, Generated, Selectable } from "kysely";

/**
 * Where a consultation is in its life. "closed" is not stored: a published consultation is closed once
 * its closing instant has passed, whatever a job did or did not do.
 */
export const STORED_STATES = ["draft", "published", "summarised"] as const;
export type StoredState = (typeof STORED_STATES)[number];

/** A draft policy put out for public comment (征求意见) by one department. */
export interface ConsultationTable {
  id: Generated<string>;
  department_id: string;
  /** The department's region, kept here so lists filter by region without a join and Citus can shard. */
  region_code: string;
  title: string;
  /** 起草说明: why the draft is made and what it changes. */
  purpose: string;
  /** Where comments may also be sent offline (post, e-mail, telephone). */
  contact: string;
  opens_at: Date;
  closes_at: Date;
  /** Required when the period is shorter than the region's minimum: why it had to be. */
  short_period_reason: string | null;
  state: ColumnType<StoredState, StoredState | undefined, StoredState>;
  /** Hashed with a commenter's id to give their stable pseudonym here, and nowhere else. */
  pseudonym_salt: string;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  published_at: Date | null;
  published_by: string | null;
  summarised_at: Date | null;
  summarised_by: string | null;
}

/** One article (条) of the draft, in order; its position is what comments point at. */
export interface ConsultationArticleTable {
  consultation_id: string;
  position: number;
  /** As the draft numbers it: "第一条". */
  number: string;
  heading: string | null;
  body: string;
}

export const HIDE_REASONS = ["abuse", "personal_data", "advertising", "unrelated"] as const;
export type HideReason = (typeof HIDE_REASONS)[number];

export interface ConsultationCommentTable {
  id: Generated<string>;
  consultation_id: string;
  /** The article commented on; null for a comment on the draft as a whole. */
  article_position: number | null;
  person_id: string;
  body: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  withdrawn_at: Date | null;
  hidden_at: Date | null;
  hidden_by: string | null;
  hidden_reason: HideReason | null;
}

export const ADOPTIONS = ["adopted", "partly_adopted", "not_adopted"] as const;
export type Adoption = (typeof ADOPTIONS)[number];

/** One point of the feedback summary (意见采纳情况): what was said, whether it was taken up, and why. */
export interface ConsultationSummaryPointTable {
  id: Generated<string>;
  consultation_id: string;
  position: number;
  summary: string;
  adoption: Adoption;
  reason: string | null;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ConsultationPointCommentTable {
  point_id: string;
  comment_id: string;
}

/** A file published beside the draft (the full text as issued, an explanatory table). */
export interface ConsultationAttachmentTable {
  consultation_id: string;
  sha256: string;
  name: string;
  added_by: string;
  added_at: ColumnType<Date, Date | undefined, never>;
}

/** The shortest open period a region allows; a region without a row takes its nearest ancestor's, or 30. */
export interface ConsultationSettingTable {
  region_code: string;
  minimum_open_days: number;
  updated_by: string;
  updated_at: Date;
}

export interface ConsultationsDatabase {
  consultations: ConsultationTable;
  consultation_articles: ConsultationArticleTable;
  consultation_comments: ConsultationCommentTable;
  consultation_summary_points: ConsultationSummaryPointTable;
  consultation_point_comments: ConsultationPointCommentTable;
  consultation_attachments: ConsultationAttachmentTable;
  consultation_settings: ConsultationSettingTable;
}

export type ConsultationRow = Selectable<ConsultationTable>;
export type ArticleRow = Selectable<ConsultationArticleTable>;
export type CommentRow = Selectable<ConsultationCommentTable>;
export type SummaryPointRow = Selectable<ConsultationSummaryPointTable>;
