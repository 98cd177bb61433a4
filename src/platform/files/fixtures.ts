import { crc32, deflateSync } from "node:zlib";

/**
 * Real files for the file store's tests, small enough to live in the source: a 16×16 baseline and a
 * progressive JPEG and a 4×4 PNG (written for these tests by an image library, no metadata), and
 * builders for what people actually send — a phone's Exif with GPS, a PNG's text chunks, a program
 * named .pdf, a PDF with script.
 */
export const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDn7ex6cVp29j04rTt7HpxWnb2PTiqq4sMvx22p/9k=",
  "base64",
);

export const PROGRESSIVE_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wgARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABAX/xAAVAQEBAAAAAAAAAAAAAAAAAAAAAf/aAAwDAQACEAMQAAABnpUmv//EABUQAQEAAAAAAAAAAAAAAAAAAAIA/9oACAEBAAEFAiIiIiL/xAAWEQADAAAAAAAAAAAAAAAAAAAAAwT/2gAIAQMBAT8Bnef/xAAWEQADAAAAAAAAAAAAAAAAAAAAAgP/2gAIAQIBAT8Bap//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAY/Ah//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAE/IQq//9oADAMBAAIAAwAAABBT/8QAFhEAAwAAAAAAAAAAAAAAAAAAACEx/9oACAEDAQE/EIM//8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAgEBPxB//8QAFhAAAwAAAAAAAAAAAAAAAAAAACEx/9oACAEBAAE/EIIgiCII/9k=",
  "base64",
);

export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAGElEQVR42mNk+B9lw8AAQSwMRxjgADcHAJtsBGfFxdQ3AAAAAElFTkSuQmCC",
  "base64",
);

/** Text the metadata carries, to look for in what comes out. */
export const SECRET = "secret-home-address";

/** A big-endian TIFF structure as Exif holds it: a description, and a GPS IFD at 30°15'N 120°10'E. */
export function exifTiff(): Buffer {
  const description = Buffer.from(`${SECRET}\0`, "latin1");
  const ifd0 = 8;
  const ifd0Size = 2 + 2 * 12 + 4;
  const descriptionAt = ifd0 + ifd0Size;
  const gpsAt = descriptionAt + description.length;
  const gpsSize = 2 + 4 * 12 + 4;
  const latitudeAt = gpsAt + gpsSize;
  const longitudeAt = latitudeAt + 24;
  const tiff = Buffer.alloc(longitudeAt + 24);
  tiff.write("MM\0*", 0, "latin1");
  tiff.writeUInt32BE(ifd0, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number | Buffer) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    if (typeof value === "number") tiff.writeUInt32BE(value, at + 8);
    else value.copy(tiff, at + 8);
  };
  tiff.writeUInt16BE(2, ifd0);
  entry(ifd0 + 2, 0x010e, 2, description.length, descriptionAt); // ImageDescription
  entry(ifd0 + 14, 0x8825, 4, 1, gpsAt); // GPSInfo
  description.copy(tiff, descriptionAt);
  tiff.writeUInt16BE(4, gpsAt);
  entry(gpsAt + 2, 1, 2, 2, Buffer.from("N\0")); // GPSLatitudeRef
  entry(gpsAt + 14, 2, 5, 3, latitudeAt); // GPSLatitude
  entry(gpsAt + 26, 3, 2, 2, Buffer.from("E\0")); // GPSLongitudeRef
  entry(gpsAt + 38, 4, 5, 3, longitudeAt); // GPSLongitude
  const rationals = (at: number, values: number[]) => {
    for (const [i, n] of values.entries()) tiff.writeUInt32BE(n, at + i * 4);
  };
  rationals(latitudeAt, [30, 1, 15, 1, 0, 1]);
  rationals(longitudeAt, [120, 1, 10, 1, 0, 1]);
  return tiff;
}

/** A JPEG segment: marker, length, payload. */
export function segment(marker: number, payload: Buffer | string): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload, "latin1") : payload;
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

export const EXIF_SEGMENT = segment(0xe1, Buffer.concat([Buffer.from("Exif\0\0", "latin1"), exifTiff()]));

/** The JPEG with these segments right after its JFIF header (SOI 2 bytes + APP0 18 bytes). */
export function jpegWith(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 20), ...segments, jpeg.subarray(20)]);
}

/** A PNG chunk with its length and CRC. */
export function chunk(type: string, data: Buffer | string): Buffer {
  const body = Buffer.concat([
    Buffer.from(type, "latin1"),
    typeof data === "string" ? Buffer.from(data) : data,
  ]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(body.length - 4, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** The PNG with these chunks right after its IHDR (signature 8 bytes + IHDR 25 bytes). */
export function pngWith(png: Buffer, ...chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

/** What a Windows program starts with: "MZ", and at 0x3C the offset of its "PE" header. */
export function exeBytes(): Buffer {
  const exe = Buffer.alloc(1024);
  exe.write("MZ", 0, "latin1");
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write("PE\0\0", 0x80, "latin1");
  return exe;
}

/** A ZIP archive of one stored, empty file named a.txt. */
export function zipBytes(): Buffer {
  const name = Buffer.from("a.txt");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length, 16);
  return Buffer.concat([local, name, central, name, end]);
}

/** A one-page PDF; `catalog` adds entries to its catalogue and `objects` whole objects after it. */
export function pdfBytes(options: { catalog?: string; objects?: Buffer[] } = {}): Buffer {
  return Buffer.concat([
    Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"),
    Buffer.from(`1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ""}>>\nendobj\n`, "latin1"),
    Buffer.from("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n", "latin1"),
    Buffer.from("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n", "latin1"),
    ...(options.objects ?? []),
    Buffer.from("trailer\n<< /Root 1 0 R /Size 9 >>\n%%EOF\n", "latin1"),
  ]);
}

/** An object stream (PDF 1.5) holding `text`, deflated as writers do. */
export function objectStream(number: number, text: string | Buffer): Buffer {
  const data = deflateSync(typeof text === "string" ? Buffer.from(text, "latin1") : text);
  return Buffer.concat([
    Buffer.from(
      `${number} 0 obj\n<< /Type /ObjStm /N 1 /First 6 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
      "latin1",
    ),
    data,
    Buffer.from("\nendstream\nendobj\n", "latin1"),
  ]);
}
