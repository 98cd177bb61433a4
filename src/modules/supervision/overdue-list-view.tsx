import type { PageContext } from "../../web/layout.tsx";
import { casePath, Pager, When } from "../cases/work-kit.tsx";
import { levelName } from "../ratings/rate-views.tsx";
import type { Region } from "../regions/service.ts";
import type { OverdueKind, OverdueRow } from "./overdue.ts";
import { Crumbs, kindWord, type ListFilter, listHref, named, overviewHref } from "./overview-views.tsx";

/** Where a row's staff page is: the case, the rectification, the request. */
function rowHref(kind: OverdueKind, ref: string): string {
  if (kind === "cases") return casePath(ref);
  if (kind === "rectifications") return `/work/rectifications/${encodeURIComponent(ref)}`;
  return `/work/requests/${encodeURIComponent(ref)}`;
}

export function OverdueListPage({
  ctx,
  region,
  trail,
  filter,
  rows,
  page,
  hasNext,
}: {
  ctx: PageContext;
  region: Region;
  trail: Region[];
  filter: ListFilter;
  rows: OverdueRow[];
  page: number;
  hasNext: boolean;
}) {
  const { t } = ctx;
  const title = t("supervision.list.title", { kind: kindWord(ctx, filter.kind), region: region.name });
  const first = rows[0];
  return (
    <>
      <Crumbs ctx={ctx} trail={trail} region={region} last={kindWord(ctx, filter.kind)} />
      <h1>{title}</h1>
      {filter.department && first && (
        <p>
          {t("supervision.list.filterDepartment", {
            name: named(ctx, { name: first.departmentName, nameEn: first.departmentNameEn }),
          })}
        </p>
      )}
      {filter.item !== undefined && first && (
        <p>
          {t("supervision.list.filterItem", {
            name: named(ctx, { name: first.itemName, nameEn: first.itemNameEn }),
          })}
        </p>
      )}
      <p>
        <a href={overviewHref(region.code)}>{t("supervision.list.back", { region: region.name })}</a>
      </p>
      {rows.length === 0 ? (
        <p role="status">{t("supervision.list.none")}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {t(filter.kind === "rectifications" ? "supervision.list.rating" : "supervision.list.ref")}
                </th>
                <th scope="col">
                  {t(
                    filter.kind === "requests"
                      ? "supervision.overview.category"
                      : "supervision.overview.item",
                  )}
                </th>
                <th scope="col">{t("supervision.overview.department")}</th>
                <th scope="col">{t("supervision.list.regionCode")}</th>
                <th scope="col">{t("supervision.list.due")}</th>
                <th scope="col">{t("supervision.list.overdueSince")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.ref}>
                  <th scope="row">
                    <a href={rowHref(filter.kind, r.ref)}>
                      {filter.kind === "rectifications" ? levelName(t, Number(r.label)) : r.label}
                    </a>
                  </th>
                  <td>{named(ctx, { name: r.itemName, nameEn: r.itemNameEn })}</td>
                  <td>{named(ctx, { name: r.departmentName, nameEn: r.departmentNameEn })}</td>
                  <td>{r.regionCode}</td>
                  <td>
                    <When ctx={ctx} at={r.dueAt} day />
                  </td>
                  <td>
                    <When ctx={ctx} at={r.overdueAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager t={t} page={page} hasNext={hasNext} href={(p) => listHref(region.code, filter, p)} />
    </>
  );
}
