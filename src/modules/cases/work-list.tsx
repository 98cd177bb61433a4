import { can } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import type { ClockColour } from "./clock.ts";
import { STAGE_KINDS } from "./definition.ts";
import type { WorkItem } from "./lists-store.ts";
import { taskAnchor } from "./work-case.tsx";
import { casePath, clockWords, Mark, Notice, Pager, textOf, When, WORK, word } from "./work-kit.tsx";

/** The worklist (待办): open tasks, what is due first on top, with filters, paging and bulk actions. */

export const WORK_PAGE_SIZE = 25;
export const BULK_ACTIONS = ["claim", "release", "accept"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface WorkFilter {
  assignee: "" | "mine" | "unassigned";
  stage: string;
  waiting: boolean;
  page: number;
}

export interface WorkRow extends WorkItem {
  colour: ClockColour;
  daysLeft: number | null;
}

export interface BulkOutcome {
  taskId: string;
  caseNumber: string | null;
  ok: boolean;
  message: string;
}

export function filterQuery(filter: WorkFilter, page = filter.page): string {
  const params = new URLSearchParams();
  if (filter.assignee) params.set("assignee", filter.assignee);
  if (filter.stage) params.set("stage", filter.stage);
  if (filter.waiting) params.set("waiting", "1");
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `${WORK}?${text}` : WORK;
}

/** The colour of a task's case: red when overdue, yellow once warned, paused while waiting. */
export function colourOf(item: WorkItem, now: Date): ClockColour {
  if (item.caseState === "paused" || item.caseState === "supplement") return "paused";
  if (!item.caseDueAt) return "none";
  if (now > item.caseDueAt) return "red";
  return item.warnAt && now >= item.warnAt ? "yellow" : "green";
}

function Filters({ ctx, filter }: { ctx: PageContext; filter: WorkFilter }) {
  const { t } = ctx;
  return (
    <form method="get" action={WORK} class="inline" aria-label={t("work.filters")}>
      <div>
        <label for="f-assignee">{t("work.filter.assignee")}</label>
        <select id="f-assignee" name="assignee">
          {(["", "mine", "unassigned"] as const).map((value) => (
            <option key={value} value={value} selected={filter.assignee === value}>
              {t(`work.filter.assignee.${value || "all"}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-stage">{t("work.filter.stage")}</label>
        <select id="f-stage" name="stage">
          <option value="">{t("work.filter.anyStage")}</option>
          {STAGE_KINDS.map((kind) => (
            <option key={kind} value={kind} selected={filter.stage === kind}>
              {word(t, "work.stage.", kind)}
            </option>
          ))}
        </select>
      </div>
      <div class="check">
        <input type="checkbox" id="f-waiting" name="waiting" value="1" checked={filter.waiting} />
        <label for="f-waiting">{t("work.filter.waiting")}</label>
      </div>
      <button class="button secondary" type="submit">
        {t("work.filter.apply")}
      </button>
    </form>
  );
}

function Results({ ctx, results, action }: { ctx: PageContext; results: BulkOutcome[]; action: BulkAction }) {
  const { t } = ctx;
  const done = results.filter((r) => r.ok).length;
  if (results.length === 0) return <Notice kind="conflict">{t("work.bulk.nonePicked")}</Notice>;
  return (
    <Notice
      kind={done === results.length ? "ok" : "conflict"}
      title={t("work.bulk.results", { done, total: results.length, action: word(t, "work.action.", action) })}
    >
      <ul>
        {results.map((r) => (
          <li key={r.taskId}>
            {t("work.pair", {
              label: r.caseNumber ?? t("work.bulk.unknownCase"),
              value: r.ok ? t("work.bulk.ok") : t("work.bulk.failed", { reason: r.message }),
            })}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function Row({ ctx, item }: { ctx: PageContext; item: WorkRow }) {
  const { t } = ctx;
  const box = `pick-${item.taskId}`;
  return (
    <tr class={`due-${item.colour}`}>
      <td>
        <input type="checkbox" id={box} name="task" value={`${item.taskId}:${item.taskVersion}`} />
        <label for={box} class="visually-hidden">
          {t("work.bulk.pick", { number: item.caseNumber })}
        </label>
      </td>
      <td>
        <Mark t={t} colour={item.colour} />
        <br />
        {clockWords(t, item.colour, item.daysLeft)}
        <br />
        <span class="meta">
          {item.caseDueAt ? t("work.list.caseDue") : t("work.list.taskDue")}{" "}
          <When ctx={ctx} at={item.caseDueAt ?? item.taskDueAt} day />
        </span>
      </td>
      <th scope="row">
        <a href={`${casePath(item.caseId)}#${taskAnchor(item.taskId)}`}>{item.caseNumber}</a>
      </th>
      <td>{textOf(ctx, item.itemName)}</td>
      <td>{item.applicantName}</td>
      <td>
        {textOf(ctx, item.taskName)}
        <br />
        <span class="meta">
          {word(t, "work.stage.", item.stageKind)}
          {item.caseState !== item.stageKind && ` · ${word(t, "work.state.", item.caseState)}`}
        </span>
      </td>
      <td>{textOf(ctx, { zh: item.departmentName, en: item.departmentNameEn })}</td>
      <td>
        {item.assigneeId === null
          ? t("work.holder.none")
          : ctx.actor.kind === "staff" && item.assigneeId === ctx.actor.id
            ? t("work.holder.you")
            : (item.assigneeName ?? t("work.holder.other"))}
      </td>
    </tr>
  );
}

export function WorklistPage({
  ctx,
  filter,
  items,
  total,
  bulk,
}: {
  ctx: PageContext;
  filter: WorkFilter;
  items: WorkRow[];
  total: number;
  bulk?: { action: BulkAction; results: BulkOutcome[] } | undefined;
}) {
  const { t } = ctx;
  const first = (filter.page - 1) * WORK_PAGE_SIZE;
  return (
    <>
      <h1>{t("work.title")}</h1>
      <p class="lead">{t("work.lead")}</p>
      {ctx.actor.kind === "staff" && ctx.actor.grants.some((g) => g.role === "supervisor") && (
        <p>
          <a href={`${WORK}/supervision`}>{t("work.supervision.title")}</a> ·{" "}
          <a href={`${WORK}/supervision/overview`}>{t("supervision.overview.link")}</a>
        </p>
      )}
      {can(ctx.actor, "insights.read") && (
        <p>
          <a href={`${WORK}/insights`}>{t("insights.title")}</a>: {t("insights.link")}
        </p>
      )}
      {bulk && <Results ctx={ctx} results={bulk.results} action={bulk.action} />}
      <Filters ctx={ctx} filter={filter} />
      <p role="status">
        {total === 0
          ? t("work.list.none")
          : t("work.list.count", { from: first + 1, to: first + items.length, total })}
      </p>
      {items.length > 0 && (
        <form method="post" action={`${WORK}/bulk`}>
          <CsrfField token={ctx.csrfToken} />
          {filter.assignee && <input type="hidden" name="assignee" value={filter.assignee} />}
          {filter.stage && <input type="hidden" name="stage" value={filter.stage} />}
          {filter.waiting && <input type="hidden" name="waiting" value="1" />}
          <input type="hidden" name="page" value={String(filter.page)} />
          <div class="table-scroll">
            <table class="worklist">
              <caption>{t("work.list.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">{t("work.col.pick")}</span>
                  </th>
                  <th scope="col">{t("work.col.clock")}</th>
                  <th scope="col">{t("work.col.number")}</th>
                  <th scope="col">{t("work.col.item")}</th>
                  <th scope="col">{t("work.col.applicant")}</th>
                  <th scope="col">{t("work.col.stage")}</th>
                  <th scope="col">{t("work.col.department")}</th>
                  <th scope="col">{t("work.col.holder")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <Row key={item.taskId} ctx={ctx} item={item} />
                ))}
              </tbody>
            </table>
          </div>
          <fieldset class="actions">
            <legend>{t("work.bulk.legend")}</legend>
            {BULK_ACTIONS.map((action) => (
              <button key={action} class="button secondary" type="submit" name="action" value={action}>
                {t(`work.bulk.${action}`)}
              </button>
            ))}
          </fieldset>
        </form>
      )}
      <Pager
        t={t}
        page={filter.page}
        hasNext={first + items.length < total}
        href={(page) => filterQuery(filter, page)}
      />
    </>
  );
}
