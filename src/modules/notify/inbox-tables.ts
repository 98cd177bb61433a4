import type { ColumnType, Selectable } from "kysely";
import type { Locale } from "../../platform/config.ts";
import type { InboxText } from "./templates.ts";

export const RECIPIENT_KINDS = ["person", "staff"] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** The message's words in every language, rendered from its template when it was posted. */
export type InboxContent = Record<Locale, InboxText>;

/** One message of the in-app inbox of a person or a staff member. */
export interface InboxMessageTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  recipient_kind: RecipientKind;
  recipient_id: string;
  /** The notification template it was written from ("case.accepted"). */
  template: string;
  content: ColumnType<InboxContent, string, never>;
  /** Where reading on leads: an http(s) link or a path of this site. */
  link: string | null;
  case_id: string | null;
  region_code: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  read_at: Date | null;
}

export type InboxMessageRow = Selectable<InboxMessageTable>;

export interface InboxDatabase {
  inbox_messages: InboxMessageTable;
}
