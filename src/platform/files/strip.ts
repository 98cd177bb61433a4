import { crc32 } from "node:zlib";
import type { UploadType } from "./check.ts";
import { fileErrors } from "./errors.ts";

/**
 * Photos of documents carry more than the document: a phone writes where and when it was taken (Exif
 * GPS), the camera's serial number, the editing software's history and often a thumbnail of the
 * uncropped picture. None of it is part of the material, and all of it is personal data that would
 * otherwise be kept for years and shown to every clerk. So images are rewritten without it before they
 * are stored.
 *
 * The rewrite parses the container and copies what draws the picture, byte for byte — the compressed
 * image data is never decoded, so quality is untouched and no native library is needed:
 * - JPEG keeps its frame, tables and scans, APP0 JFIF (without its thumbnail), APP2 ICC profile and APP14
 *   Adobe (both change the colours shown); every other APPn (Exif, XMP, Photoshop/IPTC, MPF…) and
 *   comments go.
 * - PNG drops tEXt, zTXt, iTXt, eXIf and tIME and keeps every other chunk unchanged, CRCs included.
 * - Anything after the image's end (a JPEG's EOI, a PNG's IEND) goes: a phone's "motion photo" video,
 *   or the ZIP of a JPEG/ZIP polyglot.
 * A container that does not parse — a segment running past the end, a bad chunk length or checksum, no
 *   image data — is refused as damaged rather than stored half-understood. PDFs pass through unchanged
 *   (pdf.ts flags the ones with active content).
 * An image whose header claims more than MAX_PIXELS is refused: a few megabytes of compressed data can
 *   declare a picture that needs gigabytes to show (a decompression bomb), and the clerk's browser
 *   that opens it is the one that falls over. Photos from phones, scans of A3 at 600 dpi, stay under it.
 */
export function stripMetadata(bytes: Uint8Array, type: UploadType): Uint8Array {
  if (type === "jpeg") return stripJpeg(bytes);
  if (type === "png") return stripPng(bytes);
  return bytes;
}

const damaged = (type: UploadType, reason: string) => fileErrors.damaged(type, reason);

/** 100 million pixels: a 200-megapixel phone's pictures are over the size limit before they reach it. */
export const MAX_PIXELS = 100_000_000;

function checkPixels(width: number, height: number, type: UploadType): void {
  if (width === 0 || height === 0) throw damaged(type, "its header gives the picture no size");
  if (width * height > MAX_PIXELS) throw fileErrors.tooManyPixels(width, height, MAX_PIXELS);
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;

function startsWith(payload: Uint8Array, text: string): boolean {
  if (payload.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (payload[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** A start-of-frame marker: C0–CF but DHT (C4), JPG (C8) and DAC (CC). */
function isFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function stripJpeg(b: Uint8Array): Uint8Array {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== SOI) throw damaged("jpeg", "it does not start as a JPEG");
  const kept: Uint8Array[] = [b.subarray(0, 2)];
  let pos = 2;
  let frame = false;
  let scans = 0;
  for (;;) {
    if (pos >= b.length) throw damaged("jpeg", "it ends before the end-of-image marker");
    if (b[pos] !== 0xff) throw damaged("jpeg", `byte ${pos} should start a marker`);
    let at = pos + 1;
    while (b[at] === 0xff) at++; // fill bytes before a marker
    if (at >= b.length) throw damaged("jpeg", "it ends inside a marker");
    const marker = b[at] as number;
    pos = at + 1;
    if (marker === EOI) {
      if (scans === 0) throw damaged("jpeg", "it has no image data");
      kept.push(Uint8Array.of(0xff, EOI));
      return Buffer.concat(kept);
    }
    if (marker === SOI || marker === 0x00) throw damaged("jpeg", `marker ${hex(marker)} is out of place`);
    // RSTn and TEM stand alone, without a length.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(Uint8Array.of(0xff, marker));
      continue;
    }
    if (pos + 2 > b.length) throw damaged("jpeg", "it ends inside a segment header");
    const length = ((b[pos] as number) << 8) | (b[pos + 1] as number);
    const end = pos + length;
    if (length < 2 || end > b.length) throw damaged("jpeg", `segment ${hex(marker)} runs past the end`);
    const segment = jpegSegment(marker, b.subarray(pos + 2, end));
    if (segment) kept.push(Uint8Array.of(0xff, marker), segment);
    if (isFrame(marker)) {
      if (length < 7) throw damaged("jpeg", "its frame header is cut short");
      // SOFn: precision, then height and width, two bytes each. A height of 0 (set later by a DNL
      // marker) is allowed by the standard but written by nothing people photograph with.
      checkPixels(
        ((b[pos + 5] as number) << 8) | (b[pos + 6] as number),
        ((b[pos + 3] as number) << 8) | (b[pos + 4] as number),
        "jpeg",
      );
      frame = true;
    }
    pos = end;
    if (marker === SOS) {
      if (!frame) throw damaged("jpeg", "image data comes before the frame header");
      scans++;
      const dataEnd = entropyEnd(b, pos);
      kept.push(b.subarray(pos, dataEnd));
      pos = dataEnd;
    }
  }
}

/**
 * The segment as it is kept, length field included, or undefined when it goes. A JFIF header loses its
 * thumbnail: the image as it was before cropping is exactly what should not travel.
 */
function jpegSegment(marker: number, payload: Uint8Array): Uint8Array | undefined {
  if (marker === APP0) {
    if (!startsWith(payload, "JFIF\0") || payload.length < 14) return undefined;
    const header = Uint8Array.from(payload.subarray(0, 14));
    header[12] = 0; // thumbnail width
    header[13] = 0; // thumbnail height
    return withLength(header);
  }
  if (marker === APP2) return startsWith(payload, "ICC_PROFILE\0") ? withLength(payload) : undefined;
  if (marker === APP14) return startsWith(payload, "Adobe") ? withLength(payload) : undefined;
  if ((marker > APP0 && marker <= 0xef) || marker === COM) return undefined;
  return withLength(payload);
}

function withLength(payload: Uint8Array): Uint8Array {
  const length = payload.length + 2;
  const out = new Uint8Array(length);
  out[0] = length >> 8;
  out[1] = length & 0xff;
  out.set(payload, 2);
  return out;
}

/**
 * Where a scan's entropy-coded data ends: at the first 0xFF that is neither a stuffed zero (FF 00) nor a
 * restart marker (FF D0–D7). The data may not run to the end of the file: the EOI must still come.
 */
function entropyEnd(b: Uint8Array, from: number): number {
  let at = b.indexOf(0xff, from);
  while (at !== -1 && at + 1 < b.length) {
    const next = b[at + 1] as number;
    if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) return at;
    at = b.indexOf(0xff, at + 2);
  }
  throw damaged("jpeg", "the image data ends before the end-of-image marker");
}

function hex(marker: number): string {
  return `FF${marker.toString(16).toUpperCase().padStart(2, "0")}`;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DROPPED = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

function stripPng(b: Uint8Array): Uint8Array {
  if (b.length < 8 || PNG_SIGNATURE.some((byte, i) => b[i] !== byte)) {
    throw damaged("png", "it does not start as a PNG");
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const kept: Uint8Array[] = [b.subarray(0, 8)];
  let pos = 8;
  let data = false;
  for (;;) {
    if (pos + 12 > b.length) throw damaged("png", "it ends before the IEND chunk");
    const length = view.getUint32(pos);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > b.length)
      throw damaged("png", `the chunk at byte ${pos} runs past the end`);
    const type = String.fromCharCode(...b.subarray(pos + 4, pos + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw damaged("png", `the chunk at byte ${pos} has no valid type`);
    if (crc32(b.subarray(pos + 4, pos + 8 + length)) !== view.getUint32(pos + 8 + length)) {
      throw damaged("png", `the ${type} chunk's checksum is wrong`);
    }
    if (pos === 8 && type !== "IHDR") throw damaged("png", "it does not begin with its header chunk");
    if (pos === 8) {
      if (length < 8) throw damaged("png", "its header chunk is cut short");
      checkPixels(view.getUint32(pos + 8), view.getUint32(pos + 12), "png");
    }
    if (type === "IDAT") data = true;
    if (!PNG_DROPPED.has(type)) kept.push(b.subarray(pos, end));
    pos = end;
    if (type === "IEND") {
      if (!data) throw damaged("png", "it has no image data");
      return Buffer.concat(kept);
    }
  }
}
