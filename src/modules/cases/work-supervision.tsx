import type { PageContext } from "../../web/layout.tsx";
import { Breadcrumb } from "../../web/layout.tsx";
import type { Text } from "../catalog/content.ts";
import type { ClockColour } from "./clock.ts";
import type { SupervisedCase } from "./lists-store.ts";
import { casePath, clockWords, Mark, Pager, textOf, When, WORK, word } from "./work-kit.tsx";

/** 效能监察: the overdue cases of a supervisor's jurisdictions, and (a tab) the warned ones. */

export const SUPERVISION = `${WORK}/supervision`;
export const SUPERVISION_PAGE_SIZE = 20;
export const LEVELS = ["overdue", "warned"] as const;
export type Level = (typeof LEVELS)[number];

export interface SupervisedRow extends SupervisedCase {
  colour: ClockColour;
  daysLeft: number | null;
  /** The departments of the stage the case is at. */
  departments: Text[];
}

const levelHref = (level: Level, page = 1) =>
  `${SUPERVISION}?level=${level}${page > 1 ? `&page=${page}` : ""}`;

export function SupervisionPage({
  ctx,
  level,
  page,
  rows,
  hasNext,
}: {
  ctx: PageContext;
  level: Level;
  page: number;
  rows: SupervisedRow[];
  hasNext: boolean;
}) {
  const { t } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("work.title"), href: WORK }, { label: t("work.supervision.title") }]}
      />
      <h1>{t("work.supervision.title")}</h1>
      <p class="lead">{t("work.supervision.lead")}</p>
      <p>
        <a href={`${SUPERVISION}/overview`}>{t("supervision.overview.link")}</a>
      </p>
      <nav aria-label={t("work.supervision.tabs")}>
        <ul class="tabs">
          {LEVELS.map((l) => (
            <li key={l}>
              <a href={levelHref(l)} aria-current={l === level ? "page" : undefined}>
                {t(`work.supervision.${l}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p role="status">{t(`work.supervision.none.${level}`)}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t(`work.supervision.${level}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("work.col.number")}</th>
                <th scope="col">{t("work.col.clock")}</th>
                <th scope="col">{t("work.col.item")}</th>
                <th scope="col">{t("work.col.department")}</th>
                <th scope="col">{t("work.case.state")}</th>
                <th scope="col">{t("work.supervision.since")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.caseId} class={`due-${row.colour}`}>
                  <th scope="row">
                    <a href={casePath(row.caseId)}>{row.caseNumber}</a>
                  </th>
                  <td>
                    <Mark t={t} colour={row.colour} />
                    <br />
                    {clockWords(t, row.colour, row.daysLeft)}
                    <br />
                    <span class="meta">
                      {t("work.list.caseDue")} <When ctx={ctx} at={row.dueAt} day />
                    </span>
                  </td>
                  <td>{textOf(ctx, row.itemName)}</td>
                  <td>{row.departments.map((d) => textOf(ctx, d)).join(t("work.listSeparator")) || "—"}</td>
                  <td>{word(t, "work.state.", row.state)}</td>
                  <td>
                    <When ctx={ctx} at={level === "overdue" ? row.overdueAt : row.warnedAt} />
                    {row.escalatedAt && (
                      <>
                        <br />
                        <span class="meta">
                          {t("work.supervision.escalated")} <When ctx={ctx} at={row.escalatedAt} />
                        </span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager t={t} page={page} hasNext={hasNext} href={(p) => levelHref(level, p)} />
    </>
  );
}
