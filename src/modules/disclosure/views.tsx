import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { publicationPath } from "./present.ts";
import type { Link, PublicationDetail, SearchPage } from "./reading.ts";
import { CATEGORIES, type Category, VALIDITIES } from "./tables.ts";
import type { Part } from "./text.ts";

/** The public pages of 政务公开: the home with search, a publication, a department's guide. */

export const categoryName = (ctx: PageContext, c: Category) =>
  ctx.t(`disclosure.category.${c}` as MessageKey);
const validityName = (ctx: PageContext, v: string) => ctx.t(`disclosure.validity.${v}` as MessageKey);
const day = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function Marked({ parts }: { parts: Part[] }) {
  return <>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}

export interface SearchForm {
  q: string;
  category: string;
  year: string;
  validity: string;
  department: string;
  offset: number;
  limit: number;
  problem?: string | undefined;
}

function pageHref(form: SearchForm, offset: number): string {
  const params = new URLSearchParams();
  for (const key of ["q", "category", "year", "validity", "department"] as const)
    if (form[key]) params.set(key, form[key]);
  if (offset > 0) params.set("offset", String(offset));
  const query = params.toString();
  return `/disclosure${query ? `?${query}` : ""}`;
}

export function DisclosureHome({
  ctx,
  form,
  page,
  years,
  requestHref,
}: {
  ctx: PageContext;
  form: SearchForm;
  page: SearchPage;
  years: number[];
  requestHref: string | null;
}) {
  const { t } = ctx;
  const feedQuery = new URLSearchParams({
    ...(form.department ? { department: form.department } : {}),
    ...(form.category ? { category: form.category } : {}),
  }).toString();
  const select = (name: "category" | "validity" | "year", options: [string, string][]) => (
    <div>
      <label for={name}>{t(`disclosure.search.${name}`)}</label>
      <select id={name} name={name}>
        <option value="">{t("disclosure.search.any")}</option>
        {options.map(([value, label]) => (
          <option key={value} value={value} selected={form[name] === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <h1>{t("disclosure.title")}</h1>
      <p>{t("disclosure.lead")}</p>
      <nav aria-labelledby="categories">
        <h2 id="categories">{t("disclosure.categories")}</h2>
        <ul class="inline-list">
          {CATEGORIES.map((c) => (
            <li key={c}>
              <a href={pageHref({ ...form, q: "", category: c, offset: 0 }, 0)}>{categoryName(ctx, c)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/disclosure">
        <h2>{t("disclosure.search")}</h2>
        {form.problem && (
          <p class="error-message" id="q-error">
            {form.problem}
          </p>
        )}
        <label for="q">{t("disclosure.search.q")}</label>
        <input
          id="q"
          name="q"
          type="search"
          value={form.q}
          maxLength={100}
          aria-invalid={form.problem ? "true" : undefined}
          aria-describedby={form.problem ? "q-error" : undefined}
        />
        {form.department && <input type="hidden" name="department" value={form.department} />}
        {select(
          "category",
          CATEGORIES.map((c) => [c, categoryName(ctx, c)]),
        )}
        {select(
          "year",
          years.map((y) => [String(y), String(y)]),
        )}
        {select(
          "validity",
          VALIDITIES.map((v) => [v, validityName(ctx, v)]),
        )}
        <button class="button" type="submit">
          {t("disclosure.search.submit")}
        </button>
      </form>
      <h2>
        {form.q || form.category || form.year || form.validity
          ? t("disclosure.search.total", { total: page.total })
          : t("disclosure.latest")}
      </h2>
      {page.hits.length === 0 ? (
        <p>{t("disclosure.none")}</p>
      ) : (
        <ol class="results">
          {page.hits.map((h) => (
            <li key={h.publication.id}>
              <a href={publicationPath(h.publication.id)}>
                <Marked parts={h.title} />
              </a>
              <br />
              <span class="hint">
                {categoryName(ctx, h.publication.category)} ·{" "}
                {h.publication.document_number ?? h.publication.index_number} ·{" "}
                {day(h.publication.published_at)} · {validityName(ctx, h.validity)}
              </span>
              {form.q && (
                <p>
                  <Marked parts={h.snippet} />
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label={t("disclosure.next")}>
        {form.offset > 0 && (
          <a href={pageHref(form, Math.max(0, form.offset - form.limit))}>{t("disclosure.prev")}</a>
        )}{" "}
        {form.offset + form.limit < page.total && (
          <a href={pageHref(form, form.offset + form.limit)}>{t("disclosure.next")}</a>
        )}
      </nav>
      <p>
        <a href={`/disclosure/rss.xml${feedQuery ? `?${feedQuery}` : ""}`}>RSS</a> ·{" "}
        <a href={`/disclosure/atom.xml${feedQuery ? `?${feedQuery}` : ""}`}>Atom</a>
        {requestHref && (
          <>
            {" "}
            · <a href={requestHref}>{t("disclosure.request")}</a>
          </>
        )}
      </p>
    </>
  );
}

function LinkTo({ link }: { link: Link }) {
  return <a href={publicationPath(link.id)}>{`${link.title}（${link.indexNumber}）`}</a>;
}

export function PublicationPage({ ctx, d }: { ctx: PageContext; d: PublicationDetail }) {
  const { t } = ctx;
  const p = d.publication;
  const deptName = ctx.locale === "en" ? d.department.nameEn : d.department.name;
  const none = t("disclosure.meta.none");
  const rows: [MessageKey, string][] = [
    ["disclosure.meta.indexNumber", p.index_number],
    ["disclosure.meta.category", categoryName(ctx, p.category)],
    ["disclosure.meta.department", deptName],
    ["disclosure.meta.writtenOn", p.written_on ?? none],
    ["disclosure.meta.documentNumber", p.document_number ?? none],
    ["disclosure.meta.publishedAt", day(p.published_at)],
    ["disclosure.meta.effectiveFrom", p.effective_from ?? none],
    ["disclosure.meta.expiresOn", p.expires_on ?? none],
    ["disclosure.meta.validity", validityName(ctx, d.validity)],
  ];
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("disclosure.title"), href: "/disclosure" }, { label: p.title }]}
      />
      <h1>{p.title}</h1>
      {p.withdrawn_at && (
        <p class="notice" role="status">
          {t("disclosure.withdrawn", { date: day(p.withdrawn_at), reason: p.withdrawn_reason ?? "" })}
        </p>
      )}
      <table class="meta">
        <caption>{t("disclosure.meta")}</caption>
        <tbody>
          {rows.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{t(key)}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.interprets && (
        <p>
          {t("disclosure.interprets")} <LinkTo link={d.interprets} />
        </p>
      )}
      {d.amendedBy && (
        <p>
          {t("disclosure.amendedBy")} <LinkTo link={d.amendedBy} />
        </p>
      )}
      {d.repealedBy && (
        <p>
          {t("disclosure.repealedBy")} <LinkTo link={d.repealedBy} />
        </p>
      )}
      {d.interpretations.length > 0 && (
        <p>
          {t("disclosure.interpretations")}{" "}
          {d.interpretations.map((l) => (
            <LinkTo key={l.id} link={l} />
          ))}
        </p>
      )}
      <h2>{t("disclosure.body")}</h2>
      <div class="document">
        {p.body.split(/\n\s*\n/).map((para, i) => (
          <p key={i}>{para}</p>
        ))}
      </div>
      {d.attachments.length > 0 && (
        <>
          <h2>{t("disclosure.attachments")}</h2>
          <ul>
            {d.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/api/v1/disclosure/publications/${p.id}/attachments/${a.id}`}>{a.name}</a> (
                {Math.max(1, Math.round(a.size / 1024))} KB)
              </li>
            ))}
          </ul>
        </>
      )}
      {d.revisions.length > 1 && (
        <>
          <h2>{t("disclosure.revisions")}</h2>
          <ul>
            {d.revisions.slice(1).map((r) => (
              <li key={r.revision}>
                {t("disclosure.revision", {
                  revision: r.revision,
                  date: day(r.revised_at),
                  reason: r.reason ?? "",
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={`/disclosure/guides/${d.department.id}`}>{t("disclosure.guide")}</a>
      </p>
    </>
  );
}
