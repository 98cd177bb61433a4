import type { ColumnType, Selectable } from "kysely";

/** The media types the file store accepts; the migration's check lists the same three. */
export type FileMediaType = "application/pdf" | "image/jpeg" | "image/png";

/** bigint: node-postgres gives a string, PGlite a number; the store turns it into a number. */
type Int8 = ColumnType<string | number, number, never>;
/** Content never changes under its hash: a row is written once. */
type Once<T> = ColumnType<T, T, never>;

export interface FileTable {
  sha256: Once<string>;
  size: Int8;
  media_type: Once<FileMediaType>;
  active_content: ColumnType<boolean, boolean | undefined, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface FilesDatabase {
  files: FileTable;
}

export type FileRow = Selectable<FileTable>;
