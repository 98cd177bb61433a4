import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { padGlyphs } from "./sfnt.ts";

/**
 * Noto Sans SC Regular (SIL Open Font License 1.1), from the npm package @expo-google-fonts/noto-sans-sc:
 * a TrueType font with glyf outlines, which pdf-lib can subset. (CFF-based OpenType fonts and WOFF2
 * files embed but render blank.) It covers GB 18030's common characters, Latin, and CJK punctuation.
 */
const FONT_FILE = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";

/** What is drawn in place of a character the font has no glyph for: visible, never an exception. */
export const PLACEHOLDER = "□";

interface LoadedFont {
  bytes: Uint8Array;
  /** The font's code points, asked once: every document needs them to replace what it cannot draw. */
  codePoints: ReadonlySet<number>;
}

let loading: Promise<LoadedFont> | undefined;
let loadedBytes: Uint8Array | undefined;
let parsed: ReturnType<typeof fontkit.create> | undefined;

export class FontMissingError extends Error {
  override name = "FontMissingError";
}

/**
 * pdf-lib parses the font file again for every document; parsing ten megabytes costs more than laying
 * out a receipt, so the parsed font is kept for the life of the process (fontkit's fonts are not changed
 * by subsetting: each document makes its own subset).
 */
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create: (data: Uint8Array, postscriptName?: string) => {
    if (data !== loadedBytes) return fontkit.create(data, postscriptName);
    parsed ??= fontkit.create(data);
    return parsed;
  },
};

async function load(): Promise<LoadedFont> {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve(FONT_FILE);
  } catch {
    throw new FontMissingError(
      `The font for PDF documents is missing (${FONT_FILE}): run npm ci to install the dependencies`,
    );
  }
  const bytes = padGlyphs(new Uint8Array(await readFile(path)));
  loadedBytes = bytes;
  const font = cachingFontkit.create(bytes);
  return { bytes, codePoints: new Set(font.characterSet) };
}

/** The font's bytes and code points, read from disk on first use and kept for the process. */
export function loadFont(): Promise<LoadedFont> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Embeds the font in a document as a subset: only the glyphs the document uses are written. */
export async function embedDocumentFont(
  doc: PDFDocument,
): Promise<{ font: PDFFont; codePoints: ReadonlySet<number> }> {
  const { bytes, codePoints } = await loadFont();
  doc.registerFontkit(cachingFontkit);
  return { font: await doc.embedFont(bytes, { subset: true }), codePoints };
}
