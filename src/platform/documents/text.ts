import { PLACEHOLDER } from "./font.ts";

/**
 * Invisible format characters (zero-width spaces and joiners, variation selectors, byte-order marks,
 * tag characters): emoji sequences and pasted text carry them; drawn, they would each show up as a
 * placeholder of their own.
 */
function invisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0000 && cp <= 0xe01ef)
  );
}

/** Control characters (C0, DEL, C1): the line feed separates paragraphs, the rest become spaces. */
const control = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);

/**
 * The text as the font can draw it: control characters become spaces (but line feeds), invisible format
 * characters are dropped, and every character the font has no glyph for (an emoji, a rare character
 * outside the font) becomes a visible placeholder, so that nothing is silently lost and nothing throws.
 */
export function printable(text: string, has: (codePoint: number) => boolean): string {
  let out = "";
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    if (char === "\n") out += char;
    else if (control(cp)) out += " ";
    else if (!invisible(cp)) out += has(cp) ? char : PLACEHOLDER;
  }
  return out;
}

/** Ideographs (with extensions), kana, hangul, CJK symbols and full-width forms: breakable anywhere. */
function cjk(char: string): boolean {
  const cp = char.codePointAt(0) as number;
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    char === PLACEHOLDER
  );
}
/**
 * Punctuation that must not begin a line (避头): it stays at the end of the line before, hanging into
 * the margin if need be, as Chinese typesetting does.
 */
const NO_LINE_START = new Set([..."，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}"]);
export const ELLIPSIS = "…";

/**
 * Breaks text into lines no wider than `width`: Chinese (and other CJK) text between any two
 * characters, other text at spaces, and a word too long for a line (an address, a code) wherever it
 * must. Line feeds start a new line. With `maxLines`, text that needs more lines is cut, and the last
 * line ends with an ellipsis.
 */
export function wrapText(
  text: string,
  width: number,
  measure: (text: string) => number,
  maxLines = Number.POSITIVE_INFINITY,
): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    for (const line of wrapParagraph(paragraph, width, measure)) {
      if (lines.length === maxLines) return cut(lines, width, measure);
      lines.push(line);
    }
  }
  return lines;
}

function cut(lines: string[], width: number, measure: (text: string) => number): string[] {
  const chars = [...(lines.pop() ?? "")];
  while (chars.length > 0 && measure(chars.join("") + ELLIPSIS) > width) chars.pop();
  lines.push(chars.join("").trimEnd() + ELLIPSIS);
  return lines;
}

/**
 * Pieces that stay together: one CJK character (with the punctuation that follows it, which must not
 * begin a line), or a word with the spaces after it.
 */
function tokens(paragraph: string): string[] {
  const out: string[] = [];
  let word = "";
  for (const char of paragraph) {
    if (cjk(char)) {
      if (NO_LINE_START.has(char)) {
        out.push(word + char);
      } else {
        if (word) out.push(word);
        out.push(char);
      }
      word = "";
    } else if (char === " ") {
      out.push(`${word} `);
      word = "";
    } else {
      word += char;
    }
  }
  if (word) out.push(word);
  return out;
}

/** The line without the punctuation hanging at its end (which may reach into the margin). */
function withoutHanging(line: string): string {
  const chars = [...line];
  while (chars.length > 0 && NO_LINE_START.has(chars.at(-1) as string)) chars.pop();
  return chars.join("");
}

function wrapParagraph(paragraph: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const token of tokens(paragraph)) {
    if (line === "" || NO_LINE_START.has(token[0] as string) || measure((line + token).trimEnd()) <= width) {
      line += token;
    } else {
      lines.push(line.trimEnd());
      line = token;
    }
    // A word wider than a whole line (an address, a long code) is broken wherever it must be.
    while (measure(withoutHanging(line.trimEnd())) > width && [...line.trimEnd()].length > 1) {
      const chars = [...line];
      let fit = 1;
      while (fit < chars.length && measure(chars.slice(0, fit + 1).join("")) <= width) fit++;
      lines.push(chars.slice(0, fit).join(""));
      line = chars.slice(fit).join("");
    }
  }
  lines.push(line.trimEnd());
  return lines;
}
