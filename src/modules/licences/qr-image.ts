/**
 * The QR code of a share link as an SVG data URI for an <img>: no script, sharp at any size, and
 * allowed by the pages' content security policy (images from data: URIs). One path, a run of dark
 * modules per segment, on white with the quiet zone a scanner needs.
 */
export async function qrImage(text: string): Promise<string> {
  // qr.ts draws into PDFs too, so it brings pdf-lib: loaded on the first share, not at start.
  const { QUIET_ZONE, qrMatrix } = await import("../../platform/documents/qr.ts");
  const matrix = qrMatrix(text);
  const size = matrix.length + 2 * QUIET_ZONE;
  let path = "";
  matrix.forEach((cells, row) => {
    let col = 0;
    while (col < cells.length) {
      if (!cells[col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < cells.length && cells[col]) col++;
      path += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`;
    }
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
