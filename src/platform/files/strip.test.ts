import { deflateSync, inflateSync } from "node:zlib";
import { fileTypeFromBuffer } from "file-type";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { checkUpload } from "./check.ts";
import {
  chunk,
  EXIF_SEGMENT,
  exifTiff,
  JPEG,
  jpegWith,
  PNG,
  PROGRESSIVE_JPEG,
  pdfBytes,
  pngWith,
  SECRET,
  segment,
  zipBytes,
} from "./fixtures.ts";
import { MAX_PIXELS, stripMetadata } from "./strip.ts";

function damaged(run: () => unknown): AppError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: "file_damaged", status: 415 });
  return error as AppError;
}

const XMP = segment(0xe1, `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRET}</x:xmpmeta>`);
const PHOTOSHOP = segment(0xed, `Photoshop 3.0\x008BIM${SECRET}`);
const COMMENT = segment(0xfe, `taken at ${SECRET}`);
const ICC = segment(0xe2, "ICC_PROFILE\0\x01\x01not-a-real-profile");
const MPF = segment(0xe2, `MPF\0${SECRET}`);
const ADOBE = segment(0xee, "Adobe\0\x64\0\0\0\0\x01");

describe("stripMetadata for JPEG", () => {
  it("drops an Exif segment carrying GPS, and what comes out is the original JPEG", async () => {
    const photo = jpegWith(JPEG, EXIF_SEGMENT);
    expect(photo.includes(exifTiff())).toBe(true);
    const clean = Buffer.from(stripMetadata(photo, "jpeg"));
    expect(clean.includes("Exif\0\0")).toBe(false);
    expect(clean.includes(SECRET)).toBe(false);
    expect(clean.includes(exifTiff().subarray(0, 40))).toBe(false);
    expect(await fileTypeFromBuffer(clean)).toEqual({ ext: "jpg", mime: "image/jpeg" });
    expect(clean.equals(JPEG)).toBe(true);
  });

  it("drops XMP, Photoshop/IPTC, comments and other APPn, keeping ICC and Adobe colour segments", () => {
    const photo = jpegWith(JPEG, XMP, PHOTOSHOP, COMMENT, ICC, MPF, ADOBE);
    const clean = Buffer.from(stripMetadata(photo, "jpeg"));
    expect(clean.includes(SECRET)).toBe(false);
    expect(clean.includes(ICC)).toBe(true);
    expect(clean.includes(ADOBE)).toBe(true);
    expect(clean.equals(jpegWith(JPEG, ICC, ADOBE))).toBe(true);
  });

  it("drops the JFIF thumbnail: a picture of the uncropped original", () => {
    const thumbnail = Buffer.from("4a46494600010100000100010001ffffff", "hex"); // 1×1, one white pixel
    const photo = Buffer.concat([JPEG.subarray(0, 2), segment(0xe0, thumbnail), JPEG.subarray(20)]);
    const clean = Buffer.from(stripMetadata(photo, "jpeg"));
    expect(clean.subarray(0, 20).equals(JPEG.subarray(0, 20))).toBe(true);
    expect(clean.equals(JPEG)).toBe(true);
  });

  it("copies a progressive JPEG's many scans whole", async () => {
    const clean = Buffer.from(stripMetadata(jpegWith(PROGRESSIVE_JPEG, EXIF_SEGMENT), "jpeg"));
    expect(clean.equals(PROGRESSIVE_JPEG)).toBe(true);
    expect((await fileTypeFromBuffer(clean))?.mime).toBe("image/jpeg");
  });

  it("keeps only the image of a JPEG/ZIP polyglot: the ZIP after the end of image goes", async () => {
    const polyglot = Buffer.concat([JPEG, zipBytes()]);
    const checked = await checkUpload(polyglot, { maxBytes: 1 << 20 });
    expect(checked.type).toBe("jpeg");
    const clean = Buffer.from(stripMetadata(polyglot, checked.type));
    expect(clean.includes(Buffer.from("PK\x03\x04", "latin1"))).toBe(false);
    expect(clean.equals(JPEG)).toBe(true);
  });

  it("refuses a JPEG cut short, a segment running past the end, and one with no image data", () => {
    damaged(() => stripMetadata(JPEG.subarray(0, JPEG.length - 40), "jpeg"));
    damaged(() => stripMetadata(JPEG.subarray(0, 100), "jpeg"));
    const overlong = Buffer.concat([JPEG.subarray(0, 20), Buffer.from([0xff, 0xe1, 0xff, 0xf0, 1, 2, 3])]);
    expect(damaged(() => stripMetadata(overlong, "jpeg")).message).toContain("runs past the end");
    damaged(() => stripMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), "jpeg"));
    damaged(() => stripMetadata(Buffer.from([0xff, 0xd8, 0x00, 0x00]), "jpeg"));
  });
});

describe("stripMetadata for PNG", () => {
  const textChunks = [
    chunk("tEXt", `Comment\0${SECRET}`),
    chunk("zTXt", Buffer.concat([Buffer.from("Raw profile\0\0"), Buffer.from(SECRET)])),
    chunk("iTXt", `XML:com.adobe.xmp\0\0\0\0\0${SECRET}`),
    chunk("eXIf", exifTiff()),
    chunk("tIME", Buffer.from([0x07, 0xe9, 1, 2, 3, 4, 5])),
  ];
  const physical = chunk("pHYs", Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]));

  it("drops text, Exif and time chunks and keeps every other chunk byte for byte", async () => {
    const photo = pngWith(PNG, physical, ...textChunks);
    const clean = Buffer.from(stripMetadata(photo, "png"));
    expect(clean.includes(SECRET)).toBe(false);
    expect(clean.includes(exifTiff().subarray(0, 40))).toBe(false);
    expect(clean.equals(pngWith(PNG, physical))).toBe(true);
    expect(await fileTypeFromBuffer(clean)).toEqual({ ext: "png", mime: "image/png" });
    // The image data is intact: 4 rows of a filter byte and 4 RGB pixels.
    const idat = clean.indexOf("IDAT");
    const length = clean.readUInt32BE(idat - 4);
    expect(inflateSync(clean.subarray(idat + 4, idat + 4 + length))).toHaveLength(4 * (1 + 4 * 3));
  });

  it("drops whatever follows the IEND chunk", () => {
    const clean = Buffer.from(stripMetadata(Buffer.concat([PNG, zipBytes()]), "png"));
    expect(clean.equals(PNG)).toBe(true);
  });

  it("refuses a bad chunk length, a wrong checksum, a missing IEND and a missing header", () => {
    const badLength = Buffer.from(PNG);
    badLength.writeUInt32BE(0x7ffffff0, 33);
    expect(damaged(() => stripMetadata(badLength, "png")).message).toContain("runs past the end");
    const badCrc = Buffer.from(PNG);
    badCrc[30] = (badCrc[30] ?? 0) ^ 0xff;
    expect(damaged(() => stripMetadata(badCrc, "png")).message).toContain("checksum");
    damaged(() => stripMetadata(PNG.subarray(0, PNG.length - 12), "png"));
    damaged(() => stripMetadata(Buffer.concat([PNG.subarray(0, 8), PNG.subarray(33)]), "png"));
  });
});

describe("stripMetadata for PDF", () => {
  it("passes a PDF through unchanged", () => {
    const pdf = pdfBytes({ catalog: "/OpenAction << /S /JavaScript /JS (x) >>" });
    expect(stripMetadata(pdf, "pdf")).toBe(pdf);
  });
});

describe("decompression bombs", () => {
  /** A PNG whose header claims `width` × `height` and whose data is 4 MB of zeros, deflated to a few KB. */
  function pngClaiming(width: number, height: number): Buffer {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
    const signature = PNG.subarray(0, 8);
    const data = deflateSync(Buffer.alloc(4 << 20));
    return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", data), chunk("IEND", "")]);
  }

  /** The JPEG fixture with its frame header's height and width replaced. */
  function jpegClaiming(width: number, height: number): Buffer {
    const bytes = Buffer.from(JPEG);
    for (let at = 2; at < bytes.length - 9; at++) {
      if (bytes[at] === 0xff && (bytes[at + 1] === 0xc0 || bytes[at + 1] === 0xc2)) {
        bytes.writeUInt16BE(height, at + 5);
        bytes.writeUInt16BE(width, at + 7);
        return bytes;
      }
    }
    throw new Error("the fixture has no frame header");
  }

  function refused(run: () => unknown): AppError {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "image_too_many_pixels", status: 413 });
    return error as AppError;
  }

  it("refuses a small PNG that claims 50,000 × 50,000 pixels, naming its size and the limit", () => {
    const bomb = pngClaiming(50_000, 50_000);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = refused(() => stripMetadata(bomb, "png"));
    expect(error.message).toContain("50000 × 50000 pixels");
    expect(error.message).toContain(`${MAX_PIXELS / 1_000_000} million`);
  });

  it("refuses a JPEG whose frame claims 65,535 × 65,535, and keeps one just under the limit", () => {
    refused(() => stripMetadata(jpegClaiming(65_535, 65_535), "jpeg"));
    expect(() => stripMetadata(pngClaiming(10_000, 10_000), "png")).not.toThrow();
  });

  it("counts a picture with no width or no height as damaged", () => {
    damaged(() => stripMetadata(pngClaiming(0, 100), "png"));
    damaged(() => stripMetadata(jpegClaiming(100, 0), "jpeg"));
  });
});
