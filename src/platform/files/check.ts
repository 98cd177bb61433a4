import { type FoundKind, fileErrors } from "./errors.ts";
import { pdfHasActiveContent } from "./pdf.ts";
import type { FileMediaType } from "./tables.ts";

/**
 * What an uploaded material is, decided from its content alone.
 *
 * A name and a declared Content-Type are whatever the sender typed, so neither is read: the magic bytes
 * (file-type) decide, and only PDF, JPEG and PNG pass — the formats a clerk's browser shows without
 * plug-ins and that an archive keeps readable. A refusal says what the content really is when that is
 * known ("an executable program (exe)"), because "scan.pdf" that is refused as "not a PDF" leaves its
 * sender puzzled, while "it is a ZIP archive" tells them to unpack it.
 *
 * A file that is one format at its start and another further on (a JPEG followed by a ZIP) is what its
 * start says; the strip step (strip.ts) then keeps only the image, dropping anything after its end.
 */
export type UploadType = "pdf" | "jpeg" | "png";

export const UPLOAD_TYPES: Record<UploadType, { mediaType: FileMediaType; extension: string }> = {
  pdf: { mediaType: "application/pdf", extension: "pdf" },
  jpeg: { mediaType: "image/jpeg", extension: "jpg" },
  png: { mediaType: "image/png", extension: "png" },
};

const ALL_TYPES = Object.keys(UPLOAD_TYPES) as UploadType[];

/** file-type's extension for each accepted type. */
const DETECTED: Record<string, UploadType> = { pdf: "pdf", jpg: "jpeg", png: "png" };

export interface CheckedUpload {
  type: UploadType;
  mediaType: FileMediaType;
  /** The extension the stored file is shown with, whatever the uploaded name had. */
  extension: string;
  /** A PDF that can run script, launch programs or carry other files (pdf.ts). */
  activeContent: boolean;
}

export async function checkUpload(
  bytes: Uint8Array,
  options: { maxBytes: number; allowed?: readonly UploadType[] },
): Promise<CheckedUpload> {
  const allowed = options.allowed ?? ALL_TYPES;
  if (bytes.length === 0) throw fileErrors.empty();
  if (bytes.length > options.maxBytes) throw fileErrors.tooLarge(options.maxBytes);
  // Loaded on the first upload: its signatures are not worth a start-up that takes none.
  const { fileTypeFromBuffer } = await import("file-type");
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected ? DETECTED[detected.ext] : undefined;
  if (!type || !allowed.includes(type)) {
    throw fileErrors.typeRefused(describe(detected?.ext, bytes), allowed);
  }
  const { mediaType, extension } = UPLOAD_TYPES[type];
  const activeContent = type === "pdf" && (await pdfHasActiveContent(bytes));
  return { type, mediaType, extension, activeContent };
}

/** The formats people most often send by mistake, named in words; the rest by their extension. */
const KINDS: Record<string, { en: string; zh: string }> = {
  exe: { en: "an executable program", zh: "可执行程序" },
  elf: { en: "an executable program", zh: "可执行程序" },
  macho: { en: "an executable program", zh: "可执行程序" },
  msi: { en: "an installer", zh: "安装程序" },
  zip: { en: "a ZIP archive", zh: "ZIP 压缩包" },
  rar: { en: "a RAR archive", zh: "RAR 压缩包" },
  "7z": { en: "a 7-Zip archive", zh: "7-Zip 压缩包" },
  gz: { en: "a gzip archive", zh: "gzip 压缩包" },
  docx: { en: "a Word document", zh: "Word 文档" },
  xlsx: { en: "an Excel workbook", zh: "Excel 表格" },
  pptx: { en: "a PowerPoint presentation", zh: "PowerPoint 演示文稿" },
  cfb: { en: "an old Office document", zh: "旧版 Office 文档" },
  heic: { en: "an HEIC photo", zh: "HEIC 照片" },
  webp: { en: "a WebP image", zh: "WebP 图片" },
  gif: { en: "a GIF image", zh: "GIF 图片" },
  bmp: { en: "a BMP image", zh: "BMP 图片" },
  tif: { en: "a TIFF image", zh: "TIFF 图片" },
  apng: { en: "an animated PNG", zh: "动画 PNG" },
  html: { en: "a web page", zh: "网页" },
  xml: { en: "an XML or SVG document", zh: "XML 或 SVG 文档" },
  txt: { en: "plain text", zh: "纯文本" },
};

function describe(ext: string | undefined, bytes: Uint8Array): FoundKind {
  // file-type recognises binary formats only; text is the usual disguise of a web page.
  const format = ext ?? sniffText(bytes);
  if (!format) return { en: "in a format that is not recognised", zh: "无法识别的格式" };
  const kind = KINDS[format];
  if (!kind) return { en: `a file of type ${format}`, zh: `${format} 格式的文件` };
  return { en: `${kind.en} (${format})`, zh: `${kind.zh}（${format}）` };
}

function sniffText(bytes: Uint8Array): "html" | "xml" | "txt" | undefined {
  const head = bytes.subarray(0, 1024);
  // Control characters other than tab, line feed, form feed and carriage return mean binary.
  for (const c of head) if (c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) return undefined;
  const text = Buffer.from(head)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (/^\s*<(!doctype\s+html|html|head|body|script|iframe|meta|a\s)/i.test(text)) return "html";
  if (/^\s*<(\?xml|svg|!doctype\s+svg)/i.test(text)) return "xml";
  return "txt";
}

/** At most this many characters in a shown name, the extension included. */
export const NAME_LENGTH = 100;

/** Extensions as people's systems add them: a few letters or digits after the last dot. */
const EXTENSION = /\.[A-Za-z0-9]{1,5}$/;

/**
 * A material's name as it is shown and offered for download, never used as a path (the store names
 * files by their hash). The rule:
 * 1. only the last segment of the sent name counts, whether it was cut by / or by \;
 * 2. control and invisible formatting characters go (a right-to-left override can make "gpj.exe" read
 *    as "exe.jpg"), and characters Windows refuses in names (\ / : * ? " < > |) become "_";
 * 3. the last extension goes, whatever it was, and so does the real one if it is next: the name then
 *    ends with the real extension exactly once. `scan.pdf.exe` that is a PDF becomes `scan.pdf`, and
 *    `photo.JPEG` becomes `photo.jpg`;
 * 4. leading dots and spaces go (no hidden files), and trailing ones (Windows drops them);
 * 5. at most 100 characters in all (counted as characters, so Chinese names keep whole characters);
 * 6. nothing left: `material.<ext>`.
 */
export function displayName(raw: string | undefined, extension: string): string {
  const suffix = `.${extension}`;
  const segment = (raw ?? "").split(/[/\\]/).at(-1) ?? "";
  let stem = segment
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, "")
    .replace(/[:*?"<>|]/g, "_")
    .replace(/[\s.]+$/u, "")
    .replace(EXTENSION, "");
  for (const same of sameExtensions(extension)) {
    if (stem.toLowerCase().endsWith(same)) stem = stem.slice(0, -same.length);
  }
  stem = stem.replace(/^[\s.]+/u, "").replace(/[\s.]+$/u, "");
  const room = NAME_LENGTH - suffix.length;
  const characters = Array.from(stem);
  if (characters.length > room)
    stem = characters
      .slice(0, room)
      .join("")
      .replace(/[\s.]+$/u, "");
  return `${stem || "material"}${suffix}`;
}

function sameExtensions(extension: string): string[] {
  return extension === "jpg" ? [".jpg", ".jpeg"] : [`.${extension}`];
}
