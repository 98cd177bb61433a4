/** The parts of a case's progress page: stages, the clock in words, the supplement notice, the timeline. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { chinaDate, chinaDateTime } from "../../platform/documents/dates.ts";
import { hasMessage } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import type { ItemContent } from "../catalog/content.ts";
import { inLocale } from "../catalog/form-render.tsx";
import { Txt, textOf } from "../catalog/public-views.tsx";
import type { CaseView, TimelineEntry } from "./views.ts";

/** What the page is drawn for: the signed-in applicant (with actions), or a lookup without signing in. */
export interface ProgressData {
  view: CaseView;
  timeline: TimelineEntry[];
  content: ItemContent;
  /** Without signing in: no personal data, no actions. */
  anonymous: boolean;
}

export const casePath = (number: string) => `/cases/${number}`;

/** A page of the applicant's side of cases, with the applying pages' stylesheet. */
export function showPage(
  request: FastifyRequest,
  reply: FastifyReply,
  title: (ctx: PageContext) => string,
  body: (ctx: PageContext) => ComponentChildren,
) {
  const ctx = pageContext(request, reply, true);
  return sendPage(reply, ctx, title(ctx), body(ctx), { styles: ["apply.css"] });
}

const word = (ctx: PageContext, key: string, fallback: string) => (hasMessage(key) ? ctx.t(key) : fallback);

function Time({ ctx, at, withTime = true }: { ctx: PageContext; at: Date | string; withTime?: boolean }) {
  const date = new Date(at);
  return (
    <time datetime={date.toISOString()}>
      {withTime ? chinaDateTime(date, ctx.locale) : chinaDate(date, ctx.locale)}
    </time>
  );
}

/** The state of a case in words, the outcome once it is closed. */
export function stateText(ctx: PageContext, view: Pick<CaseView, "state" | "outcome">): string {
  return view.state === "closed" && view.outcome
    ? word(ctx, `progress.outcome.${view.outcome}`, view.outcome)
    : word(ctx, `progress.state.${view.state}`, view.state);
}

function Stages({ ctx, view }: { ctx: PageContext; view: CaseView }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="stages-title">
      <h2 id="stages-title">{t("progress.stages")}</h2>
      <ol class="stages">
        {view.stages.map((stage) => (
          <li
            key={stage.key}
            class={`stage ${stage.status}`}
            aria-current={stage.status === "current" ? "step" : undefined}
          >
            <strong>
              <Txt ctx={ctx} text={stage.name} />
            </strong>{" "}
            <span class="tag">{t(`progress.stage.${stage.status}`)}</span>
            {stage.departments.length > 0 && (
              <span class="hint">
                {stage.departments.map((d, i) => (
                  <span key={d.zh}>
                    {i > 0 && (ctx.locale === "en" ? ", " : "、")}
                    <Txt ctx={ctx} text={d} />
                  </span>
                ))}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The clock said in words, never by colour alone; the class only adds the colour. */
function Clock({ ctx, view }: { ctx: PageContext; view: CaseView }) {
  const { t } = ctx;
  const { clock } = view;
  const days = Math.abs(clock.daysLeft ?? 0);
  const said: Record<string, string> = {
    none: t("progress.clock.none"),
    green: t("progress.clock.green", { days }),
    yellow: t("progress.clock.yellow", { days }),
    red: t("progress.clock.red", { days }),
    paused: t("progress.clock.paused"),
    stopped: t("progress.clock.stopped"),
  };
  return (
    <section aria-labelledby="clock-title">
      <h2 id="clock-title">{t("progress.clock.title")}</h2>
      <p class={`clock clock-${clock.colour}`}>
        <strong>{said[clock.colour] ?? clock.colour}</strong>
      </p>
      <dl class="facts">
        <dt>{t("progress.clock.promised")}</dt>
        <dd>{t("progress.clock.days", { promised: clock.promisedDays, statutory: clock.statutoryDays })}</dd>
        {clock.dueAt && (
          <>
            <dt>{t("progress.clock.due")}</dt>
            <dd>
              <Time ctx={ctx} at={clock.dueAt} withTime={false} />
              {clock.uncertain && <span class="hint">{t("progress.clock.uncertain")}</span>}
            </dd>
          </>
        )}
        {clock.pausedDays > 0 && (
          <>
            <dt>{t("progress.clock.pausedDays")}</dt>
            <dd>{t("progress.clock.pausedCount", { days: clock.pausedDays })}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

interface SupplementItem {
  material?: string;
  field?: string;
  problem: string;
}

const isItem = (v: unknown): v is SupplementItem =>
  typeof v === "object" && v !== null && typeof (v as SupplementItem).problem === "string";

/** What a supplement item is about: a material's name, a field's label, or nothing more. */
function subjectOf(ctx: PageContext, content: ItemContent, item: SupplementItem): string | undefined {
  if (item.material) {
    const m = content.materials.find((x) => x.key === item.material);
    return m ? inLocale(m.name, ctx.locale) : item.material;
  }
  if (item.field) {
    const ui = content.form.ui?.fields?.[item.field];
    const props = content.form.schema.properties as Record<string, { title?: unknown }> | undefined;
    const title = props?.[item.field]?.title;
    return inLocale(ui?.label, ctx.locale) || (typeof title === "string" ? title : item.field);
  }
  return undefined;
}

/** 一次性告知: everything the department asked for at once, each linked to where it is corrected. */
function Supplement({ ctx, data }: { ctx: PageContext; data: ProgressData }) {
  const { t } = ctx;
  const { view } = data;
  const supplement = view.supplement;
  if (!supplement) return null;
  const items = supplement.items.filter(isItem);
  const base = `${casePath(view.number)}/correction`;
  const link = (item: SupplementItem) =>
    item.material
      ? `${base}?material=${encodeURIComponent(item.material)}`
      : item.field
        ? `${base}?field=${encodeURIComponent(item.field)}`
        : base;
  return (
    <section class="notice" id="supplement" aria-labelledby="supplement-title">
      <h2 id="supplement-title">{t("progress.supplement.title")}</h2>
      <p>{t("progress.supplement.lead", { count: items.length })}</p>
      <ol>
        {items.map((item, i) => {
          const subject = subjectOf(ctx, data.content, item);
          const said: ComponentChildren = (
            <>
              {subject && <strong>{subject}</strong>}
              {subject && (ctx.locale === "en" ? ": " : "：")}
              <span lang={ctx.locale === "en" ? "zh-CN" : undefined}>{item.problem}</span>
            </>
          );
          return <li key={i}>{data.anonymous ? said : <a href={link(item)}>{said}</a>}</li>;
        })}
      </ol>
      {supplement.dueAt && (
        <p>
          {t("progress.supplement.due")} <Time ctx={ctx} at={supplement.dueAt} withTime={false} />
        </p>
      )}
      {data.anonymous ? (
        <p>{t("progress.supplement.signIn")}</p>
      ) : (
        <>
          <p>
            <a class="button secondary" href={base}>
              {t("progress.supplement.correct")}
            </a>
          </p>
          <form method="post" action={`${casePath(view.number)}/resubmission`}>
            <CsrfField token={ctx.csrfToken} />
            <p class="hint">{t("progress.supplement.resubmitHint")}</p>
            <button class="button" type="submit">
              {t("progress.supplement.resubmit")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

function eventDetail(ctx: PageContext, entry: TimelineEntry): string | undefined {
  const { t } = ctx;
  const data = entry.data;
  if (entry.action === "request_supplement" && Array.isArray(data.items)) {
    return t("progress.event.items", { count: data.items.length });
  }
  if (entry.action === "pause" && typeof data.procedure === "string") {
    return word(ctx, `progress.pause.${data.procedure}`, data.procedure);
  }
  if (entry.action === "deliver" && typeof data.trackingNumber === "string") {
    return t("progress.event.tracking", { number: data.trackingNumber });
  }
  if (entry.action === "resubmit" && typeof data.pausedDays === "number" && data.pausedDays > 0) {
    return t("progress.clock.pausedCount", { days: data.pausedDays });
  }
  return undefined;
}

/** Reasons are written by people about the applicant: shown to the signed-in applicant only. */
function Timeline({
  ctx,
  timeline,
  reasons,
}: {
  ctx: PageContext;
  timeline: TimelineEntry[];
  reasons: boolean;
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("progress.timeline")}</h2>
      <ol class="timeline" reversed>
        {[...timeline].reverse().map((entry) => {
          const detail = eventDetail(ctx, entry);
          return (
            <li key={entry.seq}>
              <Time ctx={ctx} at={entry.at} />{" "}
              <strong>{word(ctx, `progress.event.${entry.action}`, entry.action)}</strong>
              {entry.department && (
                <>
                  {" · "}
                  <Txt ctx={ctx} text={entry.department} />
                </>
              )}
              {detail && <span class="hint">{detail}</span>}
              {reasons && entry.reason && (
                <span class="hint">
                  {t("progress.event.reason")}{" "}
                  <span lang={ctx.locale === "en" ? "zh-CN" : undefined}>{entry.reason}</span>
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The whole progress of a case; the same for its applicant and, without personal data, for a lookup. */
export function ProgressBody({ ctx, data }: { ctx: PageContext; data: ProgressData }) {
  const { t } = ctx;
  const { view } = data;
  const number = view.number;
  return (
    <>
      <p class="kicker">{textOf(ctx, view.item.name)}</p>
      <h1>{t("progress.title")}</h1>
      <p class="case-number">
        <span class="hint">{t("progress.number")}</span>
        <span class="number">{number}</span>
      </p>
      <dl class="facts">
        <dt>{t("progress.state")}</dt>
        <dd>
          <strong>{stateText(ctx, view)}</strong>
        </dd>
        {!data.anonymous && (
          <>
            <dt>{t("progress.applicant")}</dt>
            <dd>
              {view.applicant.name}
              {view.applicant.identifierMasked && ` · ${view.applicant.identifierMasked}`}
            </dd>
          </>
        )}
        <dt>{t("progress.submitted")}</dt>
        <dd>
          <Time ctx={ctx} at={view.submittedAt} />
        </dd>
        {view.acceptedAt && (
          <>
            <dt>{t("progress.accepted")}</dt>
            <dd>
              <Time ctx={ctx} at={view.acceptedAt} />
            </dd>
          </>
        )}
        {view.closedAt && (
          <>
            <dt>{t("progress.closed")}</dt>
            <dd>
              <Time ctx={ctx} at={view.closedAt} />
            </dd>
          </>
        )}
        <dt>{t("progress.delivery")}</dt>
        <dd>{word(ctx, `progress.delivery.${view.delivery.method}`, view.delivery.method)}</dd>
      </dl>
      <Supplement ctx={ctx} data={data} />
      {view.licenceId && (
        <p>
          <a class="button" href={`/verify/${encodeURIComponent(view.licenceId)}`}>
            {t("progress.licence")}
          </a>
        </p>
      )}
      <Stages ctx={ctx} view={view} />
      <Clock ctx={ctx} view={view} />
      <Timeline ctx={ctx} timeline={data.timeline} reasons={!data.anonymous} />
      {!data.anonymous && (
        <ul class="actions">
          <li>
            <a href={`${casePath(number)}/receipt`}>{t("progress.receipt")}</a>
          </li>
          {view.state === "closed" && ctx.actor.kind === "person" && (
            <li>
              <a href={`${casePath(number)}/rate`}>{t("rating.rate")}</a>
            </li>
          )}
          {view.allowedActions.includes("withdraw") && (
            <li>
              <a href={`${casePath(number)}/withdraw`}>{t("progress.withdraw")}</a>
            </li>
          )}
          <li>
            <a href="/applications">{t("progress.mine")}</a>
          </li>
        </ul>
      )}
    </>
  );
}
