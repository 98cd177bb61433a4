import fontkit from "@pdf-lib/fontkit";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { type CertificateData, renderCertificatePdf } from "./certificate.ts";
import { loadFont } from "./font.ts";
import { QR_TAG, qrMatrix } from "./qr.ts";
import { type ReceiptData, renderReceiptPdf } from "./receipt.ts";
import { drawnQr, pageContents } from "./testing.ts";

const receipt = (overrides: Partial<ReceiptData> = {}): ReceiptData => ({
  locale: "zh-CN",
  caseNumber: "330523-20261127-000123",
  itemName: "食品经营许可证核发（仅销售预包装食品）",
  applicantName: "王芳",
  submittedAt: new Date("2026-11-27T06:05:00Z"),
  regionName: "浙江省湖州市安吉县",
  departmentName: "安吉县市场监督管理局",
  promisedDays: 5,
  statutoryDays: 20,
  materials: [
    { name: "食品经营许可申请书", how: "在线填写" },
    { name: "营业执照", how: "电子证照" },
  ],
  commitment: true,
  progressUrl: "https://tongban.example.cn/cases/330523-20261127-000123",
  ...overrides,
});

const certificate = (overrides: Partial<CertificateData> = {}): CertificateData => ({
  locale: "zh-CN",
  title: "食品经营许可证",
  licenceId: "L7Q2M9X4K1B8C3D5F6G0H",
  holderName: "安吉甲茶叶有限公司",
  holderIdentifierMasked: null,
  fields: [
    { label: "经营场所", value: "安吉县递铺街道天目路 1 号" },
    { label: "经营项目", value: "预包装食品销售（含冷藏冷冻食品）" },
  ],
  departmentName: "安吉县市场监督管理局",
  issuedAt: new Date("2026-11-27T06:05:00Z"),
  validUntil: null,
  verifyUrl: "https://tongban.example.cn/verify/L7Q2M9X4K1B8C3D5F6G0H",
  ...overrides,
});

/** Font descriptors that carry an embedded TrueType font (FontFile2), by font name. */
function embeddedFonts(doc: PDFDocument): string[] {
  return doc.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of("Type")) === PDFName.of("FontDescriptor"),
    )
    .filter((d) => d.get(PDFName.of("FontFile2")) !== undefined)
    .map((d) => String(d.get(PDFName.of("FontName"))));
}

describe("the receipt (申请回执)", () => {
  it.each(["zh-CN", "en"] as const)(
    "renders in %s on one A4 page with the font embedded as a subset",
    async (locale) => {
      const started = performance.now();
      const bytes = await renderReceiptPdf(receipt({ locale }));
      const took = performance.now() - started;
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(1);
      const { width, height } = doc.getPage(0).getSize();
      expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
      expect(doc.getTitle()).toBe(
        `${locale === "en" ? "Application receipt" : "申请回执"} 330523-20261127-000123`,
      );
      const fonts = embeddedFonts(doc);
      expect(fonts).toHaveLength(1);
      expect(fonts[0]).toContain("NotoSansSC-Regular");
      // A subset: a few tens of kilobytes, not the ten megabytes of the whole font.
      expect(bytes.length).toBeLessThan(80_000);
      // The first document of a process reads and parses the font (well under a second); later ones not.
      expect(took).toBeLessThan(10_000);
    },
  );

  it("draws the QR code of the progress page, module for module", async () => {
    const r = receipt();
    const [content] = pageContents(await PDFDocument.load(await renderReceiptPdf(r)));
    expect(drawnQr(content as string)).toEqual(qrMatrix(r.progressUrl));
  });

  it("cuts a 10,000-character item name with an ellipsis instead of running it over pages", async () => {
    const doc = await PDFDocument.load(await renderReceiptPdf(receipt({ itemName: "长".repeat(10_000) })));
    expect(doc.getPageCount()).toBe(1);
  });

  it("runs a long list of materials onto further pages, each numbered", async () => {
    const materials = Array.from({ length: 120 }, (_, i) => ({ name: `材料 ${i + 1}`, how: "已上传" }));
    const doc = await PDFDocument.load(await renderReceiptPdf(receipt({ materials })));
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    const contents = pageContents(doc);
    // The QR code comes once, on the last page, after the list.
    expect(contents.filter((c) => c.includes(`/${QR_TAG} BMC`))).toHaveLength(1);
    expect(contents.at(-1)).toContain(`/${QR_TAG} BMC`);
  });

  it("does not throw on emoji, scripts the font lacks, control characters or an empty list", async () => {
    const bytes = await renderReceiptPdf(
      receipt({
        applicantName: "王芳😀👍🏽\u200d",
        itemName: "مرحبا \u0000\u0007 𓀀 食品",
        materials: [],
        commitment: false,
      }),
    );
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });
});

describe("the certificate of an e-licence", () => {
  it.each(["zh-CN", "en"] as const)(
    "renders in %s with the QR code of its verification page",
    async (locale) => {
      const c = certificate({
        locale,
        holderIdentifierMasked: "9133**********123X",
        validUntil: new Date("2031-11-26T16:00:00Z"),
      });
      const started = performance.now();
      const bytes = await renderCertificatePdf(c);
      const took = performance.now() - started;
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(1);
      expect(embeddedFonts(doc)).toHaveLength(1);
      expect(drawnQr(pageContents(doc)[0] as string)).toEqual(qrMatrix(c.verifyUrl));
      expect(took).toBeLessThan(10_000);
    },
  );

  it("puts many fields onto a second page rather than off the first", async () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({
      label: `项目 ${i + 1}`,
      value: "内容".repeat(30),
    }));
    const doc = await PDFDocument.load(await renderCertificatePdf(certificate({ fields })));
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });
});

describe("the font", () => {
  it("is a TrueType font whose glyphs all start on four-byte boundaries (or subsets break)", async () => {
    const { bytes, codePoints } = await loadFont();
    const font = fontkit.create(bytes) as unknown as {
      directory: { tables: Record<string, unknown> };
      loca: { offsets: number[] };
      glyphsForString(s: string): { path: { commands: unknown[] } }[];
    };
    expect(font.directory.tables.glyf).toBeDefined();
    expect(font.loca.offsets.every((o) => o % 4 === 0)).toBe(true);
    expect(font.glyphsForString("申")[0]?.path.commands.length).toBeGreaterThan(0);
    for (const char of "申请回执办件编号证照")
      expect(codePoints.has(char.codePointAt(0) as number)).toBe(true);
  });

  it("survives subsetting: every glyph of a subset still has its outline", async () => {
    const { bytes } = await loadFont();
    const font = fontkit.create(bytes);
    const subset = font.createSubset();
    for (const char of "申请回执办件编号") subset.includeGlyph(font.glyphsForString(char)[0] as never);
    const chunks: Uint8Array[] = [];
    const stream = subset.encodeStream();
    stream.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    await new Promise((resolve) => stream.on("end", resolve));
    const made = fontkit.create(Buffer.concat(chunks));
    for (let id = 1; id < made.numGlyphs; id++) {
      expect(made.getGlyph(id).path.toSVG(), `glyph ${id}`).not.toBe("");
    }
  });
});
