import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import {
  ADMIN,
  type Choice,
  choicesOf,
  dateTime,
  ErrorSummary,
  errorsByField,
  type FieldErrors,
  Input,
  itemPath,
  lineChoices,
  type Problem,
  Select,
} from "./admin-views.tsx";
import { ITEM_TYPES } from "./content.ts";
import type { ItemSummary } from "./service.ts";

/** The managers' list of items with its filters, and the form that starts a new item. */

export const PAGE_SIZE = 20;
export const STATUSES = ["draft", "published", "retired"] as const;

export interface ListFilter {
  q: string;
  line: string;
  status: string;
  page: number;
}

function query(filter: ListFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.line) params.set("line", filter.line);
  if (filter.status) params.set("status", filter.status);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `${ADMIN}?${text}` : ADMIN;
}

export function ListPage({
  ctx,
  filter,
  items,
  total,
}: {
  ctx: PageContext;
  filter: ListFilter;
  items: ItemSummary[];
  total: number;
}) {
  const { t, locale } = ctx;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const none: FieldErrors = {};
  const lineName = (code: string | null) =>
    lineChoices(locale).find((c) => c.value === code)?.label ?? code ?? "—";
  return (
    <>
      <h1>{t("catalogAdmin.title")}</h1>
      <p class="lead">{t("catalogAdmin.lead")}</p>
      <p>
        <a class="button" href={`${ADMIN}/new`}>
          {t("catalogAdmin.new")}
        </a>
      </p>
      <form method="get" action={ADMIN} class="inline" aria-label={t("catalogAdmin.filters")}>
        <Input name="q" label={t("catalogAdmin.filter.text")} value={filter.q} errors={none} type="search" />
        <Select
          name="line"
          label={t("catalogAdmin.line")}
          value={filter.line}
          choices={lineChoices(locale)}
          empty={t("catalogAdmin.filter.any")}
          errors={none}
        />
        <Select
          name="status"
          label={t("catalogAdmin.status")}
          value={filter.status}
          choices={choicesOf(t, "catalogAdmin.filter.status.", STATUSES)}
          empty={t("catalogAdmin.filter.any")}
          errors={none}
        />
        <div>
          <button type="submit" class="button secondary">
            {t("catalogAdmin.filter.submit")}
          </button>{" "}
          <a href={ADMIN}>{t("catalogAdmin.filter.clear")}</a>
        </div>
      </form>
      <p class="meta">{t("catalogAdmin.count", { total, page: filter.page, pages })}</p>
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("catalogAdmin.code")}</th>
              <th scope="col">{t("catalogAdmin.name")}</th>
              <th scope="col">{t("catalogAdmin.line")}</th>
              <th scope="col">{t("catalogAdmin.item.current")}</th>
              <th scope="col">{t("catalogAdmin.item.draft")}</th>
              <th scope="col">{t("catalogAdmin.updatedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={itemPath(item.code)}>
                    <code>{item.code}</code>
                  </a>
                </td>
                <td>{(locale === "en" && item.nameEn) || item.name}</td>
                <td>{lineName(item.line)}</td>
                <td>
                  {item.current
                    ? `${t("catalogAdmin.versionN", { version: item.current.version })} · ${t(`catalogAdmin.status.${item.current.status}`)}`
                    : "—"}
                </td>
                <td>{item.draft ? t("catalogAdmin.versionN", { version: item.draft }) : "—"}</td>
                <td>{dateTime.format(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t("catalogAdmin.pages")}>
          {filter.page > 1 && <a href={query(filter, filter.page - 1)}>{t("catalogAdmin.previous")}</a>}{" "}
          {filter.page < pages && <a href={query(filter, filter.page + 1)}>{t("catalogAdmin.next")}</a>}
        </nav>
      )}
    </>
  );
}

export const NEW_FIELDS = ["code", "ownerRegionCode", "name.zh", "name.en", "type", "line"] as const;
export type NewValues = Partial<Record<(typeof NEW_FIELDS)[number], string>>;

export function NewItemPage({
  ctx,
  provinces,
  values,
  problems,
}: {
  ctx: PageContext;
  provinces: Choice[];
  values: NewValues;
  problems: (Problem & { name: string })[];
}) {
  const { t, locale } = ctx;
  const errors = errorsByField(problems);
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("catalogAdmin.title"), href: ADMIN }, { label: t("catalogAdmin.new") }]}
      />
      <h1>{t("catalogAdmin.new")}</h1>
      <p class="lead">{t("catalogAdmin.newLead")}</p>
      <ErrorSummary t={t} problems={problems} />
      {provinces.length === 0 ? (
        <p>{t("catalogAdmin.newNoProvince")}</p>
      ) : (
        <form method="post" action={`${ADMIN}/new`} class="stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Input
            name="code"
            label={t("catalogAdmin.code")}
            hint={t("catalog.problem.code")}
            value={values.code ?? ""}
            errors={errors}
            mono
          />
          <Select
            name="ownerRegionCode"
            label={t("catalogAdmin.owner")}
            value={values.ownerRegionCode ?? ""}
            choices={provinces}
            errors={errors}
          />
          <Input
            name="name.zh"
            label={t("catalogAdmin.nameZh")}
            value={values["name.zh"] ?? ""}
            errors={errors}
            lang="zh-CN"
          />
          <Input
            name="name.en"
            label={t("catalogAdmin.nameEn")}
            value={values["name.en"] ?? ""}
            errors={errors}
            lang="en"
          />
          <Select
            name="type"
            label={t("catalogAdmin.type")}
            value={values.type ?? ""}
            choices={choicesOf(t, "catalogAdmin.type.", ITEM_TYPES)}
            empty={t("catalogAdmin.notChosen")}
            errors={errors}
          />
          <Select
            name="line"
            label={t("catalogAdmin.line")}
            value={values.line ?? ""}
            choices={lineChoices(locale)}
            empty={t("catalogAdmin.notChosen")}
            errors={errors}
          />
          <div>
            <button type="submit" class="button">
              {t("catalogAdmin.create")}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
