import { AppError, errors } from "../errors.ts";
import type { UploadType } from "./check.ts";

/** Bytes in a megabyte, as limits are shown to people (and as most systems show file sizes). */
export const MEGABYTE = 1024 * 1024;

/** A limit in megabytes, as short as it stays exact enough to act on: 10, 2.5, 0.000954. */
export function megabytes(bytes: number): number {
  return Number((bytes / MEGABYTE).toPrecision(3));
}

/** What a refused file turned out to be, in each language of the catalogue: "an executable program (exe)". */
export interface FoundKind {
  en: string;
  zh: string;
}

const NAMES: Record<UploadType, string> = { pdf: "PDF", jpeg: "JPEG", png: "PNG" };

/** "PDF/JPEG/PNG": the same in both languages, so it can go into either catalogue's text. */
export function acceptedList(types: readonly UploadType[]): string {
  return types.map((type) => NAMES[type]).join("/");
}

/** A clamd restarting reloads its signatures: about a minute with the full database. */
const SCAN_RETRY_AFTER_SECONDS = 60;

/** The file store's errors; each code's words are `error.<code>` in messages.ts. */
export const fileErrors = {
  tooLarge: (maxBytes: number) =>
    new AppError(
      "file_too_large",
      413,
      `The file is larger than the limit of ${megabytes(maxBytes)} MB: make it smaller (scan at a lower resolution, or split it into parts) and upload it again`,
      { params: { limit: megabytes(maxBytes) } },
    ),
  empty: () => new AppError("file_empty", 400, "The file is empty: choose the file again and upload it"),
  // The catalogue's texts take plain parameters only, so what was found comes in both languages.
  typeRefused: (found: FoundKind, accepted: readonly UploadType[]) =>
    new AppError(
      "file_type_refused",
      415,
      `The file's content is ${found.en}, whatever its name says: upload a file in one of these formats: ${acceptedList(accepted)}`,
      { params: { found: found.en, foundZh: found.zh, accepted: acceptedList(accepted) } },
    ),
  damaged: (type: UploadType, reason: string) =>
    new AppError(
      "file_damaged",
      415,
      `The ${NAMES[type]} file is damaged (${reason}): open it to check, save or scan it again, and upload the new file`,
      { params: { format: NAMES[type] } },
    ),
  tooManyPixels: (width: number, height: number, maxPixels: number) =>
    new AppError(
      "image_too_many_pixels",
      413,
      `The picture is ${width} × ${height} pixels, more than the limit of ${maxPixels / 1_000_000} million: resize it (a long side of 4,000 pixels keeps a document readable) and upload it again`,
      { params: { width, height, limit: maxPixels / 1_000_000 } },
    ),
  missing: () =>
    new AppError(
      "file_missing",
      400,
      "The request carries no file: choose a file and send it in the form's file field",
    ),
  formRefused: (limits: { fields: number; fieldBytes: number }) =>
    new AppError(
      "upload_form_refused",
      413,
      `An upload carries one file and at most ${limits.fields} short fields of up to ${limits.fieldBytes} bytes: send the other files one at a time`,
      { params: limits },
    ),
  /** clamd matched a signature (scan.ts): the name is clamd's, the same in both languages. */
  malwareFound: (signature: string) =>
    new AppError(
      "file_malware_found",
      422,
      `The virus scanner found malicious code in the file (${signature}), so it was not kept: check the device it came from with an antivirus program, get or scan the document again, and upload the clean file`,
      { params: { signature } },
    ),
  /** More than clamd is set to read (StreamMaxLength, MaxFileSize): it cannot vouch for the file. */
  tooLargeToScan: () =>
    new AppError(
      "file_too_large_to_scan",
      413,
      "The file is too large for the virus scanner to check, so it was not kept: make it smaller (scan at a lower resolution, or split it into parts) and upload it again",
    ),
  /** clamd is configured but gave no verdict: the file is refused, never kept unscanned. */
  scanUnavailable: (reason: string) =>
    new AppError("malware_scan_unavailable", 503, `Uploads cannot be scanned for malware: ${reason}`, {
      retryAfterSeconds: SCAN_RETRY_AFTER_SECONDS,
    }),
  /** An id that is not a SHA-256 cannot name a stored file: not found, like any other unknown id. */
  notFound: () => errors.notFound("file"),
};
