import type { MessageKey } from "../../platform/i18n/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import type { Phase } from "./consultations.ts";

export const consultationPath = (id: string) => `/consultations/${id}`;
export const phaseWord = (ctx: PageContext, phase: Phase) =>
  ctx.t(`consultation.phase.${phase}` as MessageKey);
const _tagName = (ctx: PageContext, tag: string) => ctx.t("consultation.pseudonym", { tag });

export interface ListEntry {
  id: string;
  title: string;
  departmentName: string;
  departmentNameEn: string;
  regionName: string;
  phase: Phase;
  opensAt: Date;
  closesAt: Date;
  daysLeft: number;
  comments: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** An instant in China time, as the reader's language writes it. */
export function chinaTime(ctx: PageContext, at: Date): string {
  let f = formats.get(ctx.locale);
  if (!f) {
    f = new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "zh-CN", {
      timeZone: "Asia/Shanghai",
      dateStyle: "medium",
      timeStyle: "short",
    });
    formats.set(ctx.locale, f);
  }
  return f.format(at);
}

/** Text kept as typed: each line its own paragraph (no markup is ever read from it). */
export function Lines({ text, lang }: { text: string; lang?: string }) {
  return (
    <>
      {text.split(/\n+/).map((line, i) => (
        <p key={i} lang={lang}>
          {line}
        </p>
      ))}
    </>
  );
}

export function Period({
  ctx,
  item,
}: {
  ctx: PageContext;
  item: Pick<ListEntry, "phase" | "opensAt" | "closesAt" | "daysLeft">;
}) {
  const { t } = ctx;
  return (
    <p class="meta">
      <span class="tag">{phaseWord(ctx, item.phase)}</span>{" "}
      {t("consultation.period", {
        opens: chinaTime(ctx, item.opensAt),
        closes: chinaTime(ctx, item.closesAt),
      })}
      {item.phase === "open" && <> · {t("consultation.daysLeft", { days: item.daysLeft })}</>}
    </p>
  );
}

export function ConsultationListPage({
  ctx,
  items,
  regions,
  departments,
  chosen,
}: {
  ctx: PageContext;
  items: ListEntry[];
  regions: { code: string; name: string }[];
  departments: { id: string; name: string }[];
  chosen: { region?: string | undefined; department?: string | undefined };
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("consultation.list.title")}</h1>
      <p class="lead">{t("consultation.list.intro")}</p>
      <form method="get" action="/consultations" class="filters">
        <div>
          <label for="region">{t("consultation.list.region")}</label>
          <select id="region" name="region">
            <option value="">{t("consultation.list.any")}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code} selected={chosen.region === r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="department">{t("consultation.list.department")}</label>
          <select id="department" name="department">
            <option value="">{t("consultation.list.any")}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id} selected={chosen.department === d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button class="button" type="submit">
            {t("consultation.list.filter")}
          </button>
        </div>
      </form>
      {items.length === 0 ? (
        <p>{t("consultation.list.none")}</p>
      ) : (
        <ul class="list">
          {items.map((c) => (
            <li key={c.id}>
              <div>
                <h2>
                  <a href={consultationPath(c.id)} lang="zh-CN">
                    {c.title}
                  </a>
                </h2>
                <p class="meta" lang="zh-CN">
                  {c.regionName} · {ctx.locale === "en" ? c.departmentNameEn : c.departmentName}
                </p>
                <Period ctx={ctx} item={c} />
              </div>
              <span class="meta">{t("consultation.list.comments", { count: c.comments })}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
