import { Fragment } from "preact";
import type { PageContext } from "../../web/layout.tsx";
import type { ItemContent } from "../catalog/content.ts";
import type { CaseView } from "./views.ts";
import { type Choice, fieldLabel } from "./work-actions.tsx";
import { Section, TableSection, textOf, When, word } from "./work-kit.tsx";

/** What the case holds, as the case page shows it: answers, materials, commitment, delivery, supplement. */

interface PartProps {
  ctx: PageContext;
  view: CaseView;
  content: ItemContent;
}

export function materialName(ctx: PageContext, content: ItemContent, key: string): string {
  const spec = content.materials.find((m) => m.key === key);
  return spec ? textOf(ctx, spec.name) : key;
}

function answerText(ctx: PageContext, value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (typeof value === "boolean") return ctx.t(value ? "work.yes" : "work.no");
  if (Array.isArray(value)) return value.map(String).join(ctx.t("work.listSeparator"));
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function Answers({ ctx, view, content, fields }: PartProps & { fields: Choice[] }) {
  const { t } = ctx;
  const known = new Set(fields.map((f) => f.value));
  const rest = Object.keys(view.data).filter((name) => !known.has(name));
  return (
    <Section id="answers" title={t("work.case.answers")}>
      <dl class="facts">
        {[...fields.map((f) => f.value), ...rest].map((name) => (
          <Fragment key={name}>
            <dt>{fieldLabel(ctx, content, name)}</dt>
            <dd class="text">{answerText(ctx, view.data[name])}</dd>
          </Fragment>
        ))}
      </dl>
    </Section>
  );
}

const size = (bytes: number | null) =>
  bytes === null
    ? ""
    : bytes < 1024 * 1024
      ? `${Math.ceil(bytes / 1024)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

export function Materials({ ctx, view, content }: PartProps) {
  const { t } = ctx;
  const held = new Map(view.materials.map((m) => [m.key, m]));
  const keys = [...new Set([...content.materials.map((m) => m.key), ...held.keys()])];
  return (
    <TableSection
      id="materials"
      title={t("work.case.materials")}
      columns={[t("work.col.material"), t("work.col.required"), t("work.col.provided")]}
    >
      {keys.map((key) => {
        const spec = content.materials.find((m) => m.key === key);
        const got = held.get(key);
        return (
          <tr key={key}>
            <th scope="row">{spec ? textOf(ctx, spec.name) : key}</th>
            <td>
              {spec?.required ? t("work.material.required") : t("work.material.conditional")}
              {spec?.condition && <span class="meta"> {textOf(ctx, spec.condition)}</span>}
            </td>
            <td>
              {!got ? (
                t("work.material.missing")
              ) : got.source === "upload" ? (
                <>
                  <a
                    href={`/api/v1/cases/${encodeURIComponent(view.id)}/materials/${encodeURIComponent(key)}`}
                    download={got.name ?? undefined}
                  >
                    {t("work.material.download", { name: got.name ?? key })}
                  </a>{" "}
                  <span class="meta">
                    {got.mediaType ?? ""} {size(got.size)}
                  </span>
                </>
              ) : got.origin?.kind === "licence" ? (
                <>
                  {t("work.source.licenceNamed", { title: textOf(ctx, got.origin.title) })}{" "}
                  <a href={`/verify/${encodeURIComponent(got.origin.licenceId)}`}>
                    {t("work.source.verify")}
                  </a>
                </>
              ) : got.origin?.kind === "registry" ? (
                <>
                  {t("work.source.registryNamed", {
                    name: textOf(ctx, got.origin.name),
                    version: got.origin.version,
                  })}
                  <span class="meta">
                    {" "}
                    {Object.entries(got.origin.fields)
                      .map(([field, value]) => `${field}: ${String(value)}`)
                      .join("；")}
                  </span>
                </>
              ) : (
                word(t, "work.source.", got.source)
              )}
            </td>
          </tr>
        );
      })}
    </TableSection>
  );
}

export function Commitment({ ctx, view, content }: PartProps) {
  const { t } = ctx;
  const c = view.commitment;
  if (!c) return null;
  const nameOf = (key: string) => materialName(ctx, content, key);
  return (
    <Section id="commitment" title={t("work.case.commitment")}>
      <p class="text">{c.text}</p>
      <dl class="facts">
        <dt>{t("work.commitment.materials")}</dt>
        <dd>{c.materials.map(nameOf).join(t("work.listSeparator")) || "—"}</dd>
        <dt>{t("work.commitment.signed")}</dt>
        <dd>
          {c.signedBy} <When ctx={ctx} at={c.signedAt} />
        </dd>
        <dt>{t("work.commitment.check")}</dt>
        <dd>{t("work.commitment.checkDue")}</dd>
      </dl>
    </Section>
  );
}

export function Delivery({ ctx, view }: { ctx: PageContext; view: CaseView }) {
  const { t } = ctx;
  const d = view.delivery as CaseView["delivery"] & { carrier?: string };
  const rows: [string, string | undefined][] = [
    [t("work.delivery.recipient"), d.recipient],
    [t("work.delivery.phone"), d.phone],
    [t("work.delivery.address"), d.address],
    [t("work.delivery.hall"), d.hall],
    [t("work.field.trackingNumber"), d.trackingNumber],
    [t("work.field.carrier"), d.carrier],
  ];
  return (
    <Section id="delivery" title={t("work.case.delivery")}>
      <dl class="facts">
        <dt>{t("work.delivery.method")}</dt>
        <dd>{word(t, "work.deliveryMethod.", d.method)}</dd>
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        <dt>{t("work.delivery.deliveredAt")}</dt>
        <dd>
          <When ctx={ctx} at={d.deliveredAt ?? null} />
        </dd>
      </dl>
    </Section>
  );
}

export function Supplement({ ctx, view, content }: PartProps) {
  const { t } = ctx;
  const s = view.supplement;
  if (!s) return null;
  const items = s.items as { material?: string; field?: string; problem?: string }[];
  return (
    <Section id="supplement" title={t("work.case.supplement", { round: s.round })}>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            {item.material && <strong>{materialName(ctx, content, item.material)} </strong>}
            {item.field && <strong>{fieldLabel(ctx, content, item.field)} </strong>}
            {item.problem}
          </li>
        ))}
      </ul>
      <p>
        {t("work.case.supplementDue")} <When ctx={ctx} at={s.dueAt} day />
      </p>
    </Section>
  );
}
