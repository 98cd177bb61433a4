import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { checkUpload, displayName, NAME_LENGTH } from "./check.ts";
import { megabytes } from "./errors.ts";
import { exeBytes, JPEG, objectStream, PNG, pdfBytes, zipBytes } from "./fixtures.ts";
import { en, zhCN } from "./messages.ts";
import { OBJECT_STREAM_BUDGET, pdfHasActiveContent } from "./pdf.ts";

const MB = 1024 * 1024;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("checkUpload", () => {
  it("decides PDF, JPEG and PNG from the content", async () => {
    expect(await checkUpload(pdfBytes(), { maxBytes: MB })).toEqual({
      type: "pdf",
      mediaType: "application/pdf",
      extension: "pdf",
      activeContent: false,
    });
    expect(await checkUpload(JPEG, { maxBytes: MB })).toMatchObject({
      type: "jpeg",
      mediaType: "image/jpeg",
    });
    expect(await checkUpload(PNG, { maxBytes: MB })).toMatchObject({ type: "png", extension: "png" });
  });

  it("refuses a program named .pdf, saying it is a program and what is accepted", async () => {
    const error = await refusal(checkUpload(exeBytes(), { maxBytes: MB }));
    expect(error).toMatchObject({ code: "file_type_refused", status: 415 });
    expect(error.message).toContain("an executable program (exe)");
    expect(error.message).toContain("PDF/JPEG/PNG");
    expect(error.extra.params).toMatchObject({ foundZh: "可执行程序（exe）", accepted: "PDF/JPEG/PNG" });
  });

  it("refuses a web page named .png and a ZIP named .pdf, naming each", async () => {
    const html = Buffer.from("<!DOCTYPE html><html><body><script>alert(document.cookie)</script>");
    expect((await refusal(checkUpload(html, { maxBytes: MB }))).message).toContain("a web page (html)");
    const zip = await refusal(checkUpload(zipBytes(), { maxBytes: MB }));
    expect(zip).toMatchObject({ code: "file_type_refused", status: 415 });
    expect(zip.message).toContain("a ZIP archive (zip)");
  });

  it("says so when the content is of no known kind", async () => {
    const error = await refusal(checkUpload(Buffer.from([0x00, 0x13, 0x37, 0x99, 0x01]), { maxBytes: MB }));
    expect(error.message).toContain("in a format that is not recognised");
    expect(error.extra.params?.foundZh).toBe("无法识别的格式");
  });

  it("refuses a type the caller does not allow, listing the ones it does", async () => {
    const error = await refusal(checkUpload(PNG, { maxBytes: MB, allowed: ["pdf"] }));
    expect(error).toMatchObject({ code: "file_type_refused" });
    expect(error.extra.params?.accepted).toBe("PDF");
  });

  it("refuses an empty file and one over the limit, naming the limit in MB", async () => {
    expect(await refusal(checkUpload(new Uint8Array(0), { maxBytes: MB }))).toMatchObject({
      code: "file_empty",
      status: 400,
    });
    const tooLarge = await refusal(checkUpload(Buffer.alloc(10 * MB + 1, 0x25), { maxBytes: 10 * MB }));
    expect(tooLarge).toMatchObject({ code: "file_too_large", status: 413, extra: { params: { limit: 10 } } });
    expect(tooLarge.message).toContain("10 MB");
    expect(megabytes(2.5 * MB)).toBe(2.5);
  });

  it("flags a PDF with script as active content, and keeps accepting it", async () => {
    const pdf = pdfBytes({ catalog: "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>" });
    expect(await checkUpload(pdf, { maxBytes: MB })).toMatchObject({ type: "pdf", activeContent: true });
  });

  it("has the words of every error in both languages, with the same parameters", () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(en[key]).filter((p) => p !== "found")).toEqual(
        params(zhCN[key]).filter((p) => p !== "foundZh"),
      );
    }
  });
});

describe("pdfHasActiveContent", () => {
  const active = (catalog: string) => pdfHasActiveContent(pdfBytes({ catalog }));

  it("finds script, launch actions, embedded files, rich media and XFA", async () => {
    expect(await active("/AA << /O << /S /JavaScript /JS (x) >> >>")).toBe(true);
    expect(await active("/OpenAction << /S /Launch /F (cmd.exe) >>")).toBe(true);
    expect(await active("/Names << /EmbeddedFiles 9 0 R >>")).toBe(true);
    expect(await active("/RichMedia 9 0 R")).toBe(true);
    expect(await active("/AcroForm << /XFA 9 0 R >>")).toBe(true);
  });

  it("sees through #xx escapes in names, and matches whole names only", async () => {
    expect(await active("/OpenAction << /S /J#61vaScript /J#53 (x) >>")).toBe(true);
    expect(await active("/JSON (not a script) /JavaScriptish 1")).toBe(false);
  });

  it("does not flag an OpenAction that only opens at a page, or an ordinary PDF", async () => {
    expect(await active("/OpenAction [3 0 R /Fit]")).toBe(false);
    expect(await pdfHasActiveContent(pdfBytes())).toBe(false);
  });

  it("looks inside compressed object streams", async () => {
    const inside = objectStream(4, "5 0 << /S /JavaScript /JS (app.alert(1)) >>");
    expect(inside.includes("JavaScript")).toBe(false);
    expect(await pdfHasActiveContent(pdfBytes({ objects: [inside] }))).toBe(true);
    const harmless = objectStream(4, "5 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    expect(await pdfHasActiveContent(pdfBytes({ objects: [harmless] }))).toBe(false);
  });

  it("finds script a real writer put in an object stream (pdf-lib)", async () => {
    const document = await PDFDocument.create();
    document.addPage();
    const clean = await document.save();
    expect(await pdfHasActiveContent(clean)).toBe(false);
    const action = document.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert(1)") });
    document.catalog.set(PDFName.of("OpenAction"), document.context.register(action));
    const withScript = await document.save({ useObjectStreams: true });
    expect(Buffer.from(withScript).includes("/JavaScript")).toBe(false);
    expect(await pdfHasActiveContent(withScript)).toBe(true);
  });

  it("reads only the first MB of object streams (the documented limit)", async () => {
    const filler = objectStream(4, Buffer.alloc(OBJECT_STREAM_BUDGET + 10, 0x20));
    const late = objectStream(5, "6 0 << /S /JavaScript /JS (x) >>");
    expect(await pdfHasActiveContent(pdfBytes({ objects: [late] }))).toBe(true);
    expect(await pdfHasActiveContent(pdfBytes({ objects: [filler, late] }))).toBe(false);
  });

  it("counts an encrypted PDF as active: its object streams cannot be read", async () => {
    const encrypted = Buffer.concat([pdfBytes(), Buffer.from("trailer << /Encrypt 9 0 R >>")]);
    expect(await pdfHasActiveContent(encrypted)).toBe(true);
  });
});

describe("displayName", () => {
  it("keeps only the last segment of a path, whichever slash cut it", () => {
    expect(displayName("../../etc/passwd", "pdf")).toBe("passwd.pdf");
    expect(displayName("C:\\x\\..\\y.pdf", "pdf")).toBe("y.pdf");
    expect(displayName("/var/lib/../..", "pdf")).toBe("material.pdf");
  });

  it("ends the name with the real extension exactly once", () => {
    expect(displayName("scan.pdf.exe", "pdf")).toBe("scan.pdf");
    expect(displayName("scan.exe", "pdf")).toBe("scan.pdf");
    expect(displayName("photo.JPEG", "jpg")).toBe("photo.jpg");
    expect(displayName("营业执照副本", "png")).toBe("营业执照副本.png");
  });

  it("drops control and direction characters, hidden-file dots and characters Windows refuses", () => {
    expect(displayName("a\r\nb\u0000.pdf", "pdf")).toBe("ab.pdf");
    expect(displayName("invoice\u202Efdp.exe", "pdf")).toBe("invoicefdp.pdf");
    expect(displayName("...hidden.pdf", "pdf")).toBe("hidden.pdf");
    expect(displayName('a:b*c?"d<e>f|g.png', "png")).toBe("a_b_c__d_e_f_g.png");
  });

  it("keeps at most 100 characters, whole Chinese characters included", () => {
    const name = displayName(`${"申请材料".repeat(40)}.pdf`, "pdf");
    expect(Array.from(name)).toHaveLength(NAME_LENGTH);
    expect(name.endsWith(".pdf")).toBe(true);
    expect(name.startsWith("申请材料")).toBe(true);
  });

  it("falls back to material.<ext> when nothing is left", () => {
    expect(displayName(undefined, "png")).toBe("material.png");
    expect(displayName("", "jpg")).toBe("material.jpg");
    expect(displayName("   ", "pdf")).toBe("material.pdf");
    expect(displayName(".pdf", "pdf")).toBe("material.pdf");
  });
});
