/** For tests of documents: what a PDF's pages draw, read back. */
import { decodePDFRawStream, PDFArray, type PDFDocument, PDFRawStream } from "pdf-lib";
import { QR_TAG } from "./qr.ts";

/** The decoded content streams of each page. */
export function pageContents(doc: PDFDocument): string[] {
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
    return streams
      .map((ref) => doc.context.lookup(ref as never))
      .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
      .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString("latin1"))
      .join("\n");
  });
}

/** The QR code as drawn: its rectangles turned back into a grid of modules. */
export function drawnQr(content: string): boolean[][] {
  const start = content.indexOf(`/${QR_TAG} BMC`);
  const body = content.slice(start, content.indexOf("EMC", start));
  const rects = [...body.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map((m) =>
    m.slice(1, 5).map(Number),
  ) as [number, number, number, number][];
  const module = Math.min(...rects.map((r) => r[3]));
  const left = Math.min(...rects.map((r) => r[0]));
  const top = Math.max(...rects.map((r) => r[1] + r[3]));
  const size = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - left) / module);
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [x, y, w] of rects) {
    const row = Math.round((top - y) / module) - 1;
    const col = Math.round((x - left) / module);
    for (let c = col; c < col + Math.round(w / module); c++) (grid[row] as boolean[])[c] = true;
  }
  return grid;
}
