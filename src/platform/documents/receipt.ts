import type { Locale } from "../config.ts";
import { translator } from "../i18n/index.ts";
import { chinaDateTime } from "./dates.ts";
import { PdfWriter } from "./layout.ts";

/** What a receipt (申请回执) says about one submitted application. */
export interface ReceiptData {
  locale: Locale;
  caseNumber: string;
  itemName: string;
  applicantName: string;
  submittedAt: Date;
  regionName: string;
  departmentName: string;
  promisedDays: number;
  statutoryDays: number;
  materials: { name: string; how: string }[];
  /** Whether the applicant signed a commitment (告知承诺) in place of some materials. */
  commitment: boolean;
  /** The progress page, as the QR code gives it. */
  progressUrl: string;
}

/**
 * The printable receipt of a submitted application, one A4 page as a rule. Names are single values:
 * each is wrapped over at most four lines and cut there with an ellipsis (an item name of ten thousand
 * characters is a mistake upstream, not something to print over pages). The materials are a list: it
 * runs onto further pages, repeating its header, with each material's cells cut at six lines.
 */
export async function renderReceiptPdf(r: ReceiptData): Promise<Uint8Array> {
  const t = translator(r.locale);
  const title = t("document.receipt.title");
  const pdf = await PdfWriter.create({
    title: `${title} ${r.caseNumber}`,
    locale: r.locale,
    author: t("site.name"),
  });
  pdf.title(title, `${t("site.name")} · ${t("site.tagline")}`);
  pdf.paragraph(t("document.receipt.lead"));
  pdf.gap(8);
  pdf.keyValues([
    { label: t("document.receipt.caseNumber"), value: r.caseNumber },
    { label: t("document.receipt.item"), value: r.itemName },
    { label: t("document.receipt.applicant"), value: r.applicantName },
    { label: t("document.receipt.submittedAt"), value: chinaDateTime(r.submittedAt, r.locale) },
    { label: t("document.receipt.region"), value: r.regionName },
    { label: t("document.receipt.department"), value: r.departmentName },
    {
      label: t("document.receipt.timeLimit"),
      value: t("document.receipt.days", { promised: r.promisedDays, statutory: r.statutoryDays }),
    },
    {
      label: t("document.receipt.commitment"),
      value: t(r.commitment ? "document.receipt.commitment.yes" : "document.receipt.commitment.no"),
    },
  ]);
  pdf.heading(t("document.receipt.materials", { count: r.materials.length }));
  if (r.materials.length === 0) {
    pdf.paragraph(t("document.receipt.noMaterials"));
  } else {
    pdf.table(
      [
        { header: t("document.receipt.material.number"), share: 0.1 },
        { header: t("document.receipt.material.name"), share: 0.6 },
        { header: t("document.receipt.material.how"), share: 0.3 },
      ],
      r.materials.map((m, i) => [String(i + 1), m.name, m.how]),
    );
  }
  pdf.heading(t("document.receipt.progress"));
  pdf.qrBlock(r.progressUrl, [
    t("document.receipt.progress.scan", { caseNumber: r.caseNumber }),
    t("document.receipt.progress.hall"),
  ]);
  return pdf.finish((page, pages) => t("document.footer", { site: t("site.name"), title, page, pages }));
}
