import type { PageContext } from "../../web/layout.tsx";
import { Breadcrumb } from "../../web/layout.tsx";
import type { ItemContent } from "../catalog/content.ts";
import type { StaffAction } from "./states.ts";
import type { CaseView, TaskView, TimelineEntry } from "./views.ts";
import { type Choice, fieldLabel, formFields, TaskActions } from "./work-actions.tsx";
import { Answers, Commitment, Delivery, Materials, materialName, Supplement } from "./work-case-parts.tsx";
import { type ActionForm, inputId } from "./work-form.ts";
import {
  clockWords,
  ErrorSummary,
  Mark,
  Notice,
  type Problem,
  Section,
  TableSection,
  textOf,
  When,
  WORK,
  word,
} from "./work-kit.tsx";

/** The case as staff see it: what they can do now first, then everything the case holds. */

export interface WorkableTask {
  task: TaskView;
  actions: StaffAction[];
  handlers: Choice[];
}

export interface CasePageProps {
  ctx: PageContext;
  view: CaseView;
  timeline: TimelineEntry[];
  content: ItemContent;
  /** Open tasks the viewer may work, with the forms each offers. */
  workable: WorkableTask[];
  /** Holders' names by staff id. */
  names: Map<string, string>;
  form?: ActionForm | undefined;
  /** What was just done, or why the posted form was refused. */
  done?: string | undefined;
  conflict?: string | undefined;
}

export const taskAnchor = (taskId: string) => `task-${taskId}`;

function holderOf(ctx: PageContext, names: Map<string, string>, id: string | null): string {
  if (!id) return ctx.t("work.holder.none");
  if (ctx.actor.kind === "staff" && ctx.actor.id === id) return ctx.t("work.holder.you");
  return names.get(id) ?? ctx.t("work.holder.other");
}

function problemsOf(ctx: PageContext, form: ActionForm | undefined): Problem[] {
  if (!form) return [];
  return Object.entries(form.errors).map(([name, issue]) => ({
    href: `#${inputId(form.taskId, form.action, name)}`,
    text: ctx.t(issue.key, issue.params),
  }));
}

function Clock({ ctx, view }: { ctx: PageContext; view: CaseView }) {
  const { t } = ctx;
  const c = view.clock;
  return (
    <Section id="clock" title={t("work.case.clock")}>
      <p>
        <Mark t={t} colour={c.colour} /> {clockWords(t, c.colour, c.daysLeft)}
      </p>
      <dl class="facts">
        <dt>{t("work.case.dueAt")}</dt>
        <dd>
          <When ctx={ctx} at={c.dueAt} day /> {t("work.case.promisedDays", { days: c.promisedDays })}
        </dd>
        <dt>{t("work.case.statutoryDueAt")}</dt>
        <dd>
          <When ctx={ctx} at={c.statutoryDueAt} day />{" "}
          {t("work.case.statutoryDays", { days: c.statutoryDays })}
        </dd>
        <dt>{t("work.case.pausedDays")}</dt>
        <dd>{t("work.days", { days: c.pausedDays })}</dd>
      </dl>
      {c.uncertain && <p class="notice notice-conflict">{t("work.case.uncertain")}</p>}
    </Section>
  );
}

function Stages({ ctx, view }: { ctx: PageContext; view: CaseView }) {
  const { t } = ctx;
  return (
    <Section id="stages" title={t("work.case.stages")}>
      <ol class="stages">
        {view.stages.map((s) => (
          <li
            key={s.key}
            class={`stage-${s.status}`}
            aria-current={s.status === "current" ? "step" : undefined}
          >
            <strong>{textOf(ctx, s.name)}</strong>{" "}
            <span class="tag">{word(t, "work.stageStatus.", s.status)}</span>{" "}
            <span class="meta">{s.departments.map((d) => textOf(ctx, d)).join(t("work.listSeparator"))}</span>
          </li>
        ))}
      </ol>
    </Section>
  );
}

function Tasks({ ctx, view, names }: { ctx: PageContext; view: CaseView; names: Map<string, string> }) {
  const { t } = ctx;
  return (
    <TableSection
      id="tasks"
      title={t("work.case.tasks")}
      columns={[
        t("work.col.task"),
        t("work.col.department"),
        t("work.col.holder"),
        t("work.col.status"),
        t("work.col.taskDue"),
        t("work.col.opinion"),
      ]}
    >
      {(view.tasks ?? []).map((task) => (
        <tr key={task.id}>
          <th scope="row">
            {textOf(ctx, task.name)} <span class="meta">{word(t, "work.stage.", task.stageKind)}</span>
          </th>
          <td>{textOf(ctx, task.department.name)}</td>
          <td>{holderOf(ctx, names, task.assigneeId)}</td>
          <td>
            {word(t, "work.taskStatus.", task.status)}
            {task.completedAt && (
              <>
                {" "}
                <When ctx={ctx} at={task.completedAt} />
              </>
            )}
          </td>
          <td>
            <When ctx={ctx} at={task.dueAt} day />
          </td>
          <td>
            {task.opinion && word(t, "work.opinion.", task.opinion)}
            {task.comment && <span class="text"> {task.comment}</span>}
          </td>
        </tr>
      ))}
    </TableSection>
  );
}

function eventDetails(ctx: PageContext, content: ItemContent, e: TimelineEntry): string[] {
  const { t } = ctx;
  const d = e.data;
  const out: string[] = [];
  if (typeof d.opinion === "string") out.push(word(t, "work.opinion.", d.opinion));
  if (typeof d.procedure === "string") out.push(word(t, "work.pause.", d.procedure));
  const pair = (label: string, value: string) => t("work.pair", { label, value });
  if (typeof d.legalBasis === "string") out.push(pair(t("work.field.legalBasis"), d.legalBasis));
  if (typeof d.pausedDays === "number") out.push(t("work.event.pausedDays", { days: d.pausedDays }));
  if (typeof d.trackingNumber === "string") out.push(pair(t("work.field.trackingNumber"), d.trackingNumber));
  if (Array.isArray(d.items)) {
    for (const item of d.items as { material?: string; field?: string; problem?: string }[]) {
      const what = item.material
        ? materialName(ctx, content, item.material)
        : item.field
          ? fieldLabel(ctx, content, item.field)
          : "";
      out.push(what ? pair(what, item.problem ?? "") : (item.problem ?? ""));
    }
  }
  return out;
}

function Timeline({
  ctx,
  content,
  timeline,
}: {
  ctx: PageContext;
  content: ItemContent;
  timeline: TimelineEntry[];
}) {
  const { t } = ctx;
  const who = (e: TimelineEntry) =>
    e.actorKind === "staff" ? (e.staffName ?? "—") : word(t, "work.actorKind.", e.actorKind);
  return (
    <TableSection
      id="timeline"
      title={t("work.case.timeline")}
      columns={[
        t("work.col.when"),
        t("work.col.event"),
        t("work.col.who"),
        t("work.col.department"),
        t("work.col.details"),
      ]}
    >
      {timeline.map((e) => (
        <tr key={e.seq}>
          <td>
            <When ctx={ctx} at={e.at} />
          </td>
          <th scope="row">
            {word(t, "work.event.", e.action)} <span class="meta">→ {word(t, "work.state.", e.state)}</span>
          </th>
          <td>{who(e)}</td>
          <td>{e.department ? textOf(ctx, e.department) : "—"}</td>
          <td>
            {e.reason && <p class="text">{e.reason}</p>}
            {eventDetails(ctx, content, e).map((line, i) => (
              <p key={i} class="text">
                {line}
              </p>
            ))}
          </td>
        </tr>
      ))}
    </TableSection>
  );
}

function Summary({ ctx, view }: { ctx: PageContext; view: CaseView }) {
  const { t } = ctx;
  return (
    <dl class="facts">
      <dt>{t("work.case.state")}</dt>
      <dd>
        {word(t, "work.state.", view.state)}
        {view.outcome && ` · ${word(t, "work.outcome.", view.outcome)}`}
      </dd>
      <dt>{t("work.col.applicant")}</dt>
      <dd>
        {view.applicant.name} <span class="meta">{view.applicant.identifierMasked ?? ""}</span>
      </dd>
      <dt>{t("work.case.channel")}</dt>
      <dd>{word(t, "work.channel.", view.channel)}</dd>
      <dt>{t("work.case.submittedAt")}</dt>
      <dd>
        <When ctx={ctx} at={view.submittedAt} />
      </dd>
      <dt>{t("work.case.acceptedAt")}</dt>
      <dd>
        <When ctx={ctx} at={view.acceptedAt} />
      </dd>
      <dt>{t("work.case.decidedAt")}</dt>
      <dd>
        <When ctx={ctx} at={view.decidedAt} />
      </dd>
      <dt>{t("work.case.closedAt")}</dt>
      <dd>
        <When ctx={ctx} at={view.closedAt} />
      </dd>
    </dl>
  );
}

export function CasePage(props: CasePageProps) {
  const { ctx, view, content, workable, names, form } = props;
  const { t } = ctx;
  const title = t("work.case.title", { number: view.number });
  return (
    <>
      <Breadcrumb ctx={ctx} items={[{ label: t("work.title"), href: WORK }, { label: title }]} />
      <ErrorSummary t={t} problems={problemsOf(ctx, form)} />
      {props.conflict && (
        <Notice kind="conflict" title={t("work.conflict.title")}>
          <p>{props.conflict}</p>
          <p>{t("work.conflict.lead")}</p>
        </Notice>
      )}
      {props.done && <Notice>{word(t, "work.done.", props.done)}</Notice>}
      <h1>
        {textOf(ctx, view.item.name)} <span class="meta">{title}</span>
      </h1>
      <Summary ctx={ctx} view={view} />
      <Section id="work" title={t("work.case.yourTasks")}>
        {workable.length === 0 && <p>{t("work.case.nothingToDo")}</p>}
        {workable.map(({ task, actions, handlers }) => (
          <article
            key={task.id}
            id={taskAnchor(task.id)}
            class="task"
            aria-labelledby={`${taskAnchor(task.id)}-h`}
          >
            <h3 id={`${taskAnchor(task.id)}-h`}>
              {textOf(ctx, task.name)} <span class="meta">{textOf(ctx, task.department.name)}</span>
            </h3>
            <dl class="facts">
              <dt>{t("work.col.holder")}</dt>
              <dd>{holderOf(ctx, names, task.assigneeId)}</dd>
              <dt>{t("work.col.taskDue")}</dt>
              <dd>
                <When ctx={ctx} at={task.dueAt} day />
              </dd>
            </dl>
            {actions.length === 0 ? (
              <p>{task.assigneeId ? t("work.case.heldByOther") : t("work.case.waiting")}</p>
            ) : (
              <TaskActions
                ctx={ctx}
                view={view}
                task={task}
                actions={actions}
                content={content}
                handlers={handlers}
                form={form}
              />
            )}
          </article>
        ))}
      </Section>
      <Clock ctx={ctx} view={view} />
      <Stages ctx={ctx} view={view} />
      <Supplement ctx={ctx} view={view} content={content} />
      <Answers ctx={ctx} view={view} content={content} fields={formFields(ctx, content)} />
      <Materials ctx={ctx} view={view} content={content} />
      <Commitment ctx={ctx} view={view} content={content} />
      <Delivery ctx={ctx} view={view} />
      <Tasks ctx={ctx} view={view} names={names} />
      <Timeline ctx={ctx} content={content} timeline={props.timeline} />
    </>
  );
}
