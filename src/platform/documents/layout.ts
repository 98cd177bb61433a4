import { PDFDocument, type PDFFont, type PDFPage, type RGB, rgb } from "pdf-lib";
import type { Locale } from "../config.ts";
import { embedDocumentFont } from "./font.ts";
import { drawQr } from "./qr.ts";
import { printable, wrapText } from "./text.ts";

/** A4 in points, with 20 mm margins. */
export const PAGE = { width: 595.28, height: 841.89, margin: 56.7 };
const FOOTER_SPACE = 28;
const LEADING = 1.5;

export const COLOURS = {
  text: rgb(0.1, 0.1, 0.1),
  muted: rgb(0.36, 0.36, 0.4),
  accent: rgb(0.09, 0.24, 0.5),
  rule: rgb(0.75, 0.77, 0.8),
  shade: rgb(0.94, 0.95, 0.97),
};

export interface TextStyle {
  size?: number;
  colour?: RGB;
  /** Text needing more lines is cut there, ending in an ellipsis. */
  maxLines?: number;
  align?: "left" | "centre";
}

export interface Column {
  header: string;
  /** Share of the table's width. */
  share: number;
}

/**
 * A small layout kit for printable documents on A4: it keeps a cursor going down the page and starts a
 * new page when the next piece does not fit. Every text goes through the font's coverage (a character
 * the font lacks is drawn as a placeholder) and is wrapped to the width it is given.
 */
export class PdfWriter {
  private page: PDFPage;
  private y: number;
  private readonly widths = new Map<string, number>();

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly codePoints: ReadonlySet<number>,
  ) {
    this.page = this.newPage();
    this.y = PAGE.height - PAGE.margin;
  }

  static async create(meta: { title: string; locale: Locale; author: string }): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    const { font, codePoints } = await embedDocumentFont(doc);
    const writer = new PdfWriter(doc, font, codePoints);
    doc.setTitle(writer.clean(meta.title), { showInWindowTitleBar: true });
    doc.setAuthor(writer.clean(meta.author));
    doc.setLanguage(meta.locale);
    doc.setCreator("Tongban");
    doc.setProducer("Tongban (pdf-lib)");
    return writer;
  }

  /** The width text may take between the margins. */
  get contentWidth(): number {
    return PAGE.width - 2 * PAGE.margin;
  }

  /** The text as the font can draw it. */
  clean(text: string): string {
    return printable(text, (codePoint) => this.codePoints.has(codePoint));
  }

  /** Width of cleaned text at a size; per character, cached (pdf-lib draws no kerning either). */
  measure(text: string, size: number): number {
    let units = 0;
    for (const char of text) {
      let width = this.widths.get(char);
      if (width === undefined) {
        width = this.font.widthOfTextAtSize(char, 1);
        this.widths.set(char, width);
      }
      units += width;
    }
    return units * size;
  }

  lines(text: string, width: number, size: number, maxLines?: number): string[] {
    return wrapText(this.clean(text), width, (s) => this.measure(s, size), maxLines);
  }

  /** Vertical space. */
  gap(points: number): void {
    this.y -= points;
  }

  /** Starts a new page unless `height` still fits above the footer. */
  ensure(height: number): void {
    if (this.y - height < PAGE.margin + FOOTER_SPACE) {
      this.page = this.newPage();
      this.y = PAGE.height - PAGE.margin;
    }
  }

  /** A paragraph at the cursor, `x`/`width` inside the margins; long paragraphs flow over pages. */
  paragraph(text: string, style: TextStyle = {}, x = 0, width = this.contentWidth): void {
    const size = style.size ?? 10.5;
    for (const line of this.lines(text, width, size, style.maxLines)) {
      this.ensure(size * LEADING);
      this.drawLine(line, x, width, size, style);
      this.y -= size * LEADING;
    }
  }

  title(text: string, subtitle?: string): void {
    this.paragraph(text, { size: 20, colour: COLOURS.accent, align: "centre", maxLines: 3 });
    if (subtitle) this.paragraph(subtitle, { size: 10.5, colour: COLOURS.muted, align: "centre" });
    this.gap(6);
    this.rule();
    this.gap(10);
  }

  heading(text: string): void {
    this.ensure(60);
    this.gap(6);
    this.paragraph(text, { size: 13, colour: COLOURS.accent, maxLines: 2 });
    this.gap(2);
  }

  rule(): void {
    this.page.drawLine({
      start: { x: PAGE.margin, y: this.y },
      end: { x: PAGE.width - PAGE.margin, y: this.y },
      thickness: 0.6,
      color: COLOURS.rule,
    });
  }

  /**
   * Label–value rows, the label in a column of its own. Values are wrapped and, past `maxLines`, cut
   * with an ellipsis: a single value never runs over pages.
   */
  keyValues(
    rows: { label: string; value: string }[],
    options: { labelShare?: number; maxLines?: number } = {},
  ): void {
    const size = 10.5;
    const labelWidth = this.contentWidth * (options.labelShare ?? 0.24);
    const valueWidth = this.contentWidth - labelWidth - 8;
    for (const row of rows) {
      const labels = this.lines(row.label, labelWidth, size, 2);
      const values = this.lines(row.value, valueWidth, size, options.maxLines ?? 4);
      const height = Math.max(labels.length, values.length) * size * LEADING + 4;
      this.ensure(height);
      this.drawLines(labels, 0, labelWidth, size, { colour: COLOURS.muted });
      this.drawLines(values, labelWidth + 8, valueWidth, size, {});
      this.y -= height;
    }
  }

  /**
   * A table with a header row, repeated on every page it runs onto. Each cell is wrapped in its column
   * and cut after `maxLines` lines, so one row always fits on a page.
   */
  table(columns: Column[], rows: string[][], options: { maxLines?: number } = {}): void {
    const size = 9.5;
    const pad = 4;
    const total = columns.reduce((sum, c) => sum + c.share, 0);
    const widths = columns.map((c) => (this.contentWidth * c.share) / total);
    const lefts = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
    const layOut = (cells: string[], maxLines: number) => {
      const wrapped = cells.map((cell, i) =>
        this.lines(cell, (widths[i] as number) - 2 * pad, size, maxLines),
      );
      return { wrapped, height: Math.max(1, ...wrapped.map((l) => l.length)) * size * LEADING + 2 * pad };
    };
    const paint = (row: ReturnType<typeof layOut>, header: boolean) => {
      if (header) {
        this.page.drawRectangle({
          x: PAGE.margin,
          y: this.y - row.height,
          width: this.contentWidth,
          height: row.height,
          color: COLOURS.shade,
        });
      }
      const style = { colour: header ? COLOURS.accent : COLOURS.text };
      row.wrapped.forEach((lines, i) => {
        this.drawLines(lines, (lefts[i] as number) + pad, (widths[i] as number) - 2 * pad, size, style, pad);
      });
      this.y -= row.height;
      this.rule();
    };
    const header = layOut(
      columns.map((c) => c.header),
      2,
    );
    this.ensure(header.height * 2);
    paint(header, true);
    for (const cells of rows) {
      const row = layOut(cells, options.maxLines ?? 6);
      const before = this.page;
      this.ensure(row.height);
      if (this.page !== before) paint(header, true);
      paint(row, false);
    }
  }

  /** A QR code with text beside it (what it is for, and the address it holds, for those who type). */
  qrBlock(url: string, texts: string[], size = 100): void {
    const textWidth = this.contentWidth - size - 16;
    const blocks = [...texts.map((t) => this.lines(t, textWidth, 10, 6)), this.lines(url, textWidth, 9, 4)];
    const textHeight = blocks.reduce((sum, lines) => sum + lines.length * 10 * LEADING + 4, 0);
    const height = Math.max(size, textHeight);
    this.ensure(height);
    drawQr(this.page, url, PAGE.margin, this.y - size, size);
    let offset = 6;
    blocks.forEach((lines, b) => {
      const last = b === blocks.length - 1;
      const style = { colour: last ? COLOURS.accent : COLOURS.text };
      this.drawLines(lines, size + 16, textWidth, last ? 9 : 10, style, offset, 10 * LEADING);
      offset += lines.length * 10 * LEADING + 4;
    });
    this.y -= height;
  }

  /** Numbers the pages, writes the footer on each, and gives the file. */
  async finish(footer: (page: number, pages: number) => string): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const text = this.lines(footer(i + 1, pages.length), this.contentWidth, 8, 1)[0] ?? "";
      page.drawText(text, {
        x: PAGE.margin + (this.contentWidth - this.measure(text, 8)) / 2,
        y: PAGE.margin / 2,
        size: 8,
        font: this.font,
        color: COLOURS.muted,
      });
    });
    return this.doc.save();
  }

  private newPage(): PDFPage {
    return this.doc.addPage([PAGE.width, PAGE.height]);
  }

  /** Lines one under the other, the first one's top `offset` below the cursor. */
  private drawLines(
    lines: string[],
    x: number,
    width: number,
    size: number,
    style: TextStyle,
    offset = 0,
    leading = size * LEADING,
  ): void {
    lines.forEach((line, i) => {
      this.drawLine(line, x, width, size, style, offset + i * leading);
    });
  }

  /** One line whose top is `offset` below the cursor. */
  private drawLine(line: string, x: number, width: number, size: number, style: TextStyle, offset = 0): void {
    const shift = style.align === "centre" ? (width - this.measure(line, size)) / 2 : 0;
    this.page.drawText(line, {
      x: PAGE.margin + x + Math.max(0, shift),
      y: this.y - offset - size * 1.1,
      size,
      font: this.font,
      color: style.colour ?? COLOURS.text,
    });
  }
}
