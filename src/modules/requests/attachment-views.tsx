import { MEGABYTE, megabytes } from "../../platform/files/errors.ts";
import type { PageContext } from "../../web/layout.tsx";
import type { AttachmentFile } from "./attachments.ts";
import { ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "./filing.ts";

/**
 * Images up to this size are shown as a thumbnail; a bigger photograph is a link with its size, so a
 * page on a slow village link does not fetch megabytes nobody asked for.
 */
const THUMBNAIL_BYTES = MEGABYTE;
const KINDS: Record<AttachmentFile["mediaType"], string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
};

const sizeText = (bytes: number) =>
  bytes < MEGABYTE ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${megabytes(bytes)} MB`;

/** The form's file field, the last of the form: a refused file must be chosen again, nothing else. */
export function AttachmentField({ ctx, error }: { ctx: PageContext; error?: string | undefined }) {
  const { t } = ctx;
  const described = ["attachments-hint", error ? "attachments-error" : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field-error" : undefined}>
      <label for="attachments">{t("requests.attachments.field")}</label>
      <span class="hint" id="attachments-hint">
        {t("requests.attachments.hint", { max: MAX_ATTACHMENTS, mb: megabytes(ATTACHMENT_BYTES) })}
      </span>
      {error && (
        <span class="error-message" id="attachments-error">
          {error} {t("requests.attachments.again")}
        </span>
      )}
      <input
        type="file"
        id="attachments"
        name="attachments"
        multiple
        accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
      />
    </div>
  );
}

/** A request's attachments on its requester's and its staff's pages, each through `href`'s checked route. */
export function AttachmentList(props: {
  ctx: PageContext;
  files: AttachmentFile[];
  href: (file: AttachmentFile) => string;
}) {
  const { ctx, files, href } = props;
  const { t } = ctx;
  if (files.length === 0) return null;
  return (
    <section aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t("requests.attachments.title")}</h2>
      <ul class="attachments">
        {files.map((f) => (
          <li key={f.sha256}>
            <a href={href(f)}>
              {f.mediaType !== "application/pdf" && f.size <= THUMBNAIL_BYTES && (
                <img
                  src={href(f)}
                  alt={t("requests.attachments.image", { n: f.position })}
                  width={160}
                  loading="lazy"
                />
              )}
              {t("requests.attachments.item", {
                n: f.position,
                kind: KINDS[f.mediaType],
                size: sizeText(f.size),
              })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
