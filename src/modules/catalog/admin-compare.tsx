import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { FormPreview } from "./admin-form-editor.tsx";
import { statusText } from "./admin-item.tsx";
import { yuanOf } from "./admin-money.ts";
import { ADMIN, itemPath, lineChoices } from "./admin-views.tsx";
import type { DraftContent, Text } from "./content.ts";
import { inLocale } from "./form-render.tsx";
import type { Change, VersionRecord } from "./service.ts";

/** Two versions side by side, change by change, grouped the way a guide reads; and one version alone. */

const SECTIONS = ["basics", "law", "materials", "form", "time", "fee", "handling", "faq"] as const;
type Section = (typeof SECTIONS)[number];

const SECTION_OF: Record<string, Section> = {
  name: "basics",
  type: "basics",
  line: "basics",
  levels: "basics",
  audience: "basics",
  events: "basics",
  summary: "basics",
  keywords: "basics",
  legalBasis: "law",
  conditions: "law",
  materials: "materials",
  form: "form",
  statutoryDays: "time",
  promisedDays: "time",
  steps: "time",
  fee: "fee",
  visits: "handling",
  fullyOnline: "handling",
  channels: "handling",
  commitmentAllowed: "handling",
  faq: "faq",
};

/** Words for the parts of a path; parts without any are shown as they are. */
const PART: Record<string, MessageKey> = {
  name: "catalogAdmin.diff.name",
  type: "catalogAdmin.type",
  line: "catalogAdmin.line",
  levels: "catalogAdmin.levels",
  audience: "catalogAdmin.audience",
  events: "catalogAdmin.events",
  summary: "catalogAdmin.summary",
  keywords: "catalogAdmin.keywords",
  legalBasis: "catalogAdmin.legalBasis",
  conditions: "catalogAdmin.conditions",
  materials: "catalogAdmin.materials",
  statutoryDays: "catalogAdmin.statutoryDays",
  promisedDays: "catalogAdmin.promisedDays",
  steps: "catalogAdmin.steps",
  visits: "catalogAdmin.visits",
  fullyOnline: "catalogAdmin.fullyOnline",
  channels: "catalogAdmin.channels",
  commitmentAllowed: "catalogAdmin.commitmentAllowed",
  faq: "catalogAdmin.faq",
  key: "catalogAdmin.key",
  count: "catalogAdmin.material.count",
  required: "catalogAdmin.material.required",
  condition: "catalogAdmin.material.condition",
  notes: "catalogAdmin.material.notes",
  satisfiedBy: "catalogAdmin.material.satisfiedBy",
  role: "catalogAdmin.step.role",
  level: "catalogAdmin.step.level",
  days: "catalogAdmin.step.days",
  fen: "catalogAdmin.diff.fen",
  varies: "catalogAdmin.fee.varies",
  basis: "catalogAdmin.fee.basis",
  question: "catalogAdmin.faq.question",
  answer: "catalogAdmin.faq.answer",
  zh: "catalogAdmin.zh",
  en: "catalogAdmin.en",
};

const decode = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

/** `/materials/2/name/zh` → "材料 › 第 3 项 › 名称 › 中文". */
export function pathLabel(t: Translate, path: string): string {
  const parts = path.split("/").filter(Boolean).map(decode);
  return parts
    .map((part, i) => {
      if (/^\d+$/.test(part)) return t("catalogAdmin.diff.nth", { n: Number(part) + 1 });
      if (i === 0 && part === "form") return t("catalogAdmin.section.form");
      if (i === 0 && part === "fee") return t("catalogAdmin.section.fee");
      if (part === "form" && parts[0] === "materials") return t("catalogAdmin.material.form");
      const key = parts[0] === "form" && i > 0 ? undefined : PART[part];
      return key ? t(key) : part;
    })
    .join(" › ");
}

function Value({ t, value }: { t: Translate; value: unknown }) {
  if (value === undefined) return <span class="meta">—</span>;
  if (typeof value === "boolean") return <>{value ? t("formRender.yes") : t("formRender.no")}</>;
  if (typeof value === "string" || typeof value === "number")
    return <span class="text">{String(value)}</span>;
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function ComparePage({
  ctx,
  code,
  from,
  to,
  changes,
}: {
  ctx: PageContext;
  code: string;
  from: VersionRecord;
  to: VersionRecord;
  changes: Change[];
}) {
  const { t } = ctx;
  const groups = SECTIONS.map((section) => ({
    section,
    changes: changes.filter((c) => (SECTION_OF[c.path.split("/")[1] ?? ""] ?? "basics") === section),
  })).filter((g) => g.changes.length > 0);
  const label = (v: VersionRecord) =>
    `${t("catalogAdmin.versionN", { version: v.version })} (${statusText(t, v.status)})`;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("catalogAdmin.title"), href: ADMIN },
          { label: code, href: itemPath(code) },
          { label: t("catalogAdmin.compare.crumb") },
        ]}
      />
      <h1>{t("catalogAdmin.compare.title", { from: from.version, to: to.version })}</h1>
      <p class="lead">{t("catalogAdmin.compare.lead", { count: changes.length })}</p>
      {groups.length === 0 && <p>{t("catalogAdmin.compare.same")}</p>}
      {groups.map((g) => (
        <section key={g.section} aria-labelledby={`h-${g.section}`}>
          <h2 id={`h-${g.section}`}>{t(`catalogAdmin.section.${g.section}`)}</h2>
          <div class="table-scroll">
            <table class="diff">
              <thead>
                <tr>
                  <th scope="col">{t("catalogAdmin.compare.what")}</th>
                  <th scope="col">{label(from)}</th>
                  <th scope="col">{label(to)}</th>
                </tr>
              </thead>
              <tbody>
                {g.changes.map((c) => (
                  <tr key={c.path} class={`diff-${c.kind}`}>
                    <th scope="row">
                      {pathLabel(t, c.path)}
                      <span class="tag">{t(`catalogAdmin.compare.${c.kind}`)}</span>
                    </th>
                    <td class="before">
                      <Value t={t} value={c.before} />
                    </td>
                    <td class="after">
                      <Value t={t} value={c.after} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <p>
        <a href={itemPath(code)}>{t("catalogAdmin.edit.back")}</a>
      </p>
    </>
  );
}

function Texts({ ctx, list }: { ctx: PageContext; list: Text[] | undefined }) {
  if (!list || list.length === 0) return <p class="meta">—</p>;
  return (
    <ul>
      {list.map((text, i) => (
        <li key={i}>{inLocale(text, ctx.locale)}</li>
      ))}
    </ul>
  );
}

/** One version as its guide reads, with its application form drawn as applicants see it. */
export function VersionPage({
  ctx,
  code,
  version,
}: {
  ctx: PageContext;
  code: string;
  version: VersionRecord;
}) {
  const { t, locale } = ctx;
  const c: DraftContent = version.content;
  const text = (v: Text | undefined) => (v ? inLocale(v, locale) : "—");
  const list = (prefix: string, codes: readonly string[] | undefined) =>
    codes && codes.length > 0
      ? codes.map((x) => t(`${prefix}${x}` as MessageKey)).join(t("catalogAdmin.listSeparator"))
      : "—";
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("catalogAdmin.title"), href: ADMIN },
          { label: code, href: itemPath(code) },
          { label: t("catalogAdmin.versionN", { version: version.version }) },
        ]}
      />
      <h1>
        {text(c.name)}{" "}
        <span class="meta">{`${t("catalogAdmin.versionN", { version: version.version })} · ${statusText(t, version.status)}`}</span>
      </h1>
      <dl class="facts">
        <dt>{t("catalogAdmin.type")}</dt>
        <dd>{c.type ? t(`catalogAdmin.type.${c.type}`) : "—"}</dd>
        <dt>{t("catalogAdmin.line")}</dt>
        <dd>{lineChoices(locale).find((l) => l.value === c.line)?.label ?? c.line ?? "—"}</dd>
        <dt>{t("catalogAdmin.levels")}</dt>
        <dd>{list("catalogAdmin.level.", c.levels)}</dd>
        <dt>{t("catalogAdmin.audience")}</dt>
        <dd>{list("catalogAdmin.audience.", c.audience)}</dd>
        <dt>{t("catalogAdmin.events")}</dt>
        <dd>{list("catalogAdmin.event.", c.events)}</dd>
        <dt>{t("catalogAdmin.statutoryDays")}</dt>
        <dd>{c.statutoryDays ?? "—"}</dd>
        <dt>{t("catalogAdmin.promisedDays")}</dt>
        <dd>{c.promisedDays ?? "—"}</dd>
        <dt>{t("catalogAdmin.section.fee")}</dt>
        <dd>
          {c.fee ? `¥${yuanOf(c.fee.fen)}${c.fee.varies ? ` · ${t("catalogAdmin.fee.varies")}` : ""}` : "—"}
          {c.fee?.basis && <div class="meta">{text(c.fee.basis)}</div>}
        </dd>
        <dt>{t("catalogAdmin.visits")}</dt>
        <dd>{c.visits === undefined ? "—" : t(`catalogAdmin.visits.${c.visits}` as MessageKey)}</dd>
        <dt>{t("catalogAdmin.channels")}</dt>
        <dd>{list("catalogAdmin.channel.", c.channels)}</dd>
      </dl>
      <h2>{t("catalogAdmin.summary")}</h2>
      <p>{text(c.summary)}</p>
      <h2>{t("catalogAdmin.legalBasis")}</h2>
      <Texts ctx={ctx} list={c.legalBasis} />
      <h2>{t("catalogAdmin.conditions")}</h2>
      <Texts ctx={ctx} list={c.conditions} />
      <h2>{t("catalogAdmin.materials")}</h2>
      {c.materials && c.materials.length > 0 ? (
        <ol>
          {c.materials.map((m) => (
            <li key={m.key}>
              {text(m.name)}{" "}
              <span class="meta">
                {`${t(`catalogAdmin.materialForm.${m.form}`)} × ${m.count}`}
                {m.required ? "" : ` · ${text(m.condition)}`}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="meta">—</p>
      )}
      <h2>{t("catalogAdmin.steps")}</h2>
      {c.steps && c.steps.length > 0 ? (
        <ol>
          {c.steps.map((s) => (
            <li key={s.key}>
              {text(s.name)}{" "}
              <span class="meta">{`${t(`catalogAdmin.role.${s.role}`)} · ${t("catalogAdmin.daysN", { days: s.days })}`}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="meta">—</p>
      )}
      <h2>{t("catalogAdmin.section.form")}</h2>
      <div class="form-preview">
        <FormPreview t={t} locale={locale} form={c.form} problems={[]} />
      </div>
      {c.faq && c.faq.length > 0 && (
        <>
          <h2>{t("catalogAdmin.faq")}</h2>
          <dl>
            {c.faq.map((f) => (
              <div key={f.question.zh}>
                <dt>{text(f.question)}</dt>
                <dd>{text(f.answer)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <p>
        <a href={itemPath(code)}>{t("catalogAdmin.edit.back")}</a>
      </p>
    </>
  );
}
