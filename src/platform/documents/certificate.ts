import type { Locale } from "../config.ts";
import { translator } from "../i18n/index.ts";
import { chinaDate } from "./dates.ts";
import { PdfWriter } from "./layout.ts";

/** What the printable certificate of an e-licence (电子证照) shows. */
export interface CertificateData {
  locale: Locale;
  /** The licence's name: 食品经营许可证. */
  title: string;
  licenceId: string;
  holderName: string;
  holderIdentifierMasked: string | null;
  /** The licence's own fields, already in the reader's language. */
  fields: { label: string; value: string }[];
  departmentName: string;
  issuedAt: Date;
  validUntil: Date | null;
  /** The public verification page, as the QR code gives it. */
  verifyUrl: string;
}

/**
 * The certificate of an e-licence: its fields, the issuing department and dates, and the QR code of its
 * public verification page — the paper is a copy; the signed record online is what counts. Values are
 * cut at four lines with an ellipsis; many fields run onto a second page.
 */
export async function renderCertificatePdf(c: CertificateData): Promise<Uint8Array> {
  const t = translator(c.locale);
  const pdf = await PdfWriter.create({
    title: `${c.title} ${c.licenceId}`,
    locale: c.locale,
    author: c.departmentName,
  });
  pdf.gap(12);
  pdf.title(c.title, t("document.certificate.kind"));
  pdf.keyValues([
    { label: t("document.certificate.id"), value: c.licenceId },
    { label: t("document.certificate.holder"), value: c.holderName },
    ...(c.holderIdentifierMasked
      ? [{ label: t("document.certificate.identifier"), value: c.holderIdentifierMasked }]
      : []),
    ...c.fields,
    { label: t("document.certificate.department"), value: c.departmentName },
    { label: t("document.certificate.issuedAt"), value: chinaDate(c.issuedAt, c.locale) },
    {
      label: t("document.certificate.validUntil"),
      value: c.validUntil ? chinaDate(c.validUntil, c.locale) : t("document.certificate.noExpiry"),
    },
  ]);
  pdf.gap(12);
  pdf.heading(t("document.certificate.verify"));
  pdf.qrBlock(c.verifyUrl, [
    t("document.certificate.verify.scan"),
    t("document.certificate.verify.printout"),
  ]);
  return pdf.finish((page, pages) =>
    t("document.footer", { site: t("site.name"), title: t("document.certificate.kind"), page, pages }),
  );
}
