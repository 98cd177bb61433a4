/**
 * fontkit's TrueType subsetter (which pdf-lib uses) copies each glyph as it is and writes the short
 * `loca` format, whose offsets are halved: a glyph of odd length shifts every later glyph by a byte,
 * and they render blank or as garbage. Fonts built by some tools (Noto Sans SC as Google Fonts ships
 * it) do not pad their glyphs. This rewrites such a font once, in memory, with every glyph padded to
 * four bytes and the long `loca` format; nothing else changes.
 */

const pad4 = (n: number) => (n + 3) & ~3;

interface Table {
  tag: string;
  data: Uint8Array;
}

/** The OpenType checksum: the sum of the big-endian 32-bit words, the last one padded with zeros. */
function checksum(data: Uint8Array): number {
  const padded = new Uint8Array(pad4(data.length));
  padded.set(data);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

function readTables(font: Uint8Array): Table[] {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const count = view.getUint16(4);
  return Array.from({ length: count }, (_, i) => {
    const record = 12 + 16 * i;
    const offset = view.getUint32(record + 8);
    return {
      tag: String.fromCharCode(...font.subarray(record, record + 4)),
      data: font.subarray(offset, offset + view.getUint32(record + 12)),
    };
  });
}

/** The font with its glyphs padded to four bytes; a font without TrueType outlines comes back as it was. */
export function padGlyphs(font: Uint8Array): Uint8Array {
  const tables = readTables(font);
  const find = (tag: string) => tables.find((t) => t.tag === tag);
  const [head, maxp, loca, glyf] = [find("head"), find("maxp"), find("loca"), find("glyf")];
  if (!head || !maxp || !loca || !glyf) return font;
  const numGlyphs = new DataView(maxp.data.buffer, maxp.data.byteOffset).getUint16(4);
  const longLoca = new DataView(head.data.buffer, head.data.byteOffset).getInt16(50) === 1;
  const locaView = new DataView(loca.data.buffer, loca.data.byteOffset, loca.data.byteLength);
  const at = (i: number) => (longLoca ? locaView.getUint32(4 * i) : locaView.getUint16(2 * i) * 2);

  let size = 0;
  for (let i = 0; i < numGlyphs; i++) size += pad4(at(i + 1) - at(i));
  const newGlyf = new Uint8Array(size);
  const newLoca = new Uint8Array(4 * (numGlyphs + 1));
  const newLocaView = new DataView(newLoca.buffer);
  let position = 0;
  for (let i = 0; i < numGlyphs; i++) {
    newLocaView.setUint32(4 * i, position);
    newGlyf.set(glyf.data.subarray(at(i), at(i + 1)), position);
    position += pad4(at(i + 1) - at(i));
  }
  newLocaView.setUint32(4 * numGlyphs, position);
  const newHead = head.data.slice();
  const headView = new DataView(newHead.buffer);
  headView.setUint32(8, 0);
  headView.setInt16(50, 1);

  const replaced = tables.map((t) => ({
    tag: t.tag,
    data: t.tag === "glyf" ? newGlyf : t.tag === "loca" ? newLoca : t.tag === "head" ? newHead : t.data,
  }));
  const directorySize = 12 + 16 * replaced.length;
  const out = new Uint8Array(directorySize + replaced.reduce((sum, t) => sum + pad4(t.data.length), 0));
  const view = new DataView(out.buffer);
  out.set(font.subarray(0, 12));
  let offset = directorySize;
  let headOffset = 0;
  replaced.forEach((t, i) => {
    const record = 12 + 16 * i;
    for (let c = 0; c < 4; c++) out[record + c] = t.tag.charCodeAt(c);
    view.setUint32(record + 4, checksum(t.data));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, t.data.length);
    out.set(t.data, offset);
    if (t.tag === "head") headOffset = offset;
    offset += pad4(t.data.length);
  });
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
