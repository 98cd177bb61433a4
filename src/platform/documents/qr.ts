import {
  beginMarkedContent,
  endMarkedContent,
  fill,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
} from "pdf-lib";
import QRCode from "qrcode";

/** The marked-content tag around a drawn QR code, so that a reader (or a test) can find its modules. */
export const QR_TAG = "QRCode";
/** The light margin a scanner needs around the symbol, in modules (ISO/IEC 18004 asks for four). */
export const QUIET_ZONE = 4;

/**
 * The dark modules of the QR code of `text`, row by row (error correction M: a printed code still
 * scans with about 15 % of it smudged or folded).
 */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => modules.get(row, col) === 1),
  );
}

/**
 * Draws the QR code as filled rectangles (one per run of dark modules in a row): vector, so it prints
 * sharp at any size, and small. (x, y) is the bottom-left corner of the quiet zone, `size` its side.
 */
export function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(text);
  const module = size / (matrix.length + 2 * QUIET_ZONE);
  const left = x + QUIET_ZONE * module;
  const top = y + size - QUIET_ZONE * module;
  const operators = [beginMarkedContent(QR_TAG), pushGraphicsState(), setFillingGrayscaleColor(0)];
  matrix.forEach((cells, row) => {
    let col = 0;
    while (col < cells.length) {
      if (!cells[col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < cells.length && cells[col]) col++;
      operators.push(
        rectangle(left + start * module, top - (row + 1) * module, (col - start) * module, module),
      );
    }
  });
  operators.push(fill(), popGraphicsState(), endMarkedContent());
  page.pushOperators(...operators);
}
