import type { ComponentChildren } from "preact";
import type { Translate } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import type { ItemContent } from "../catalog/content.ts";
import { PAUSE_KINDS, type StaffAction } from "./states.ts";
import type { CaseView, TaskView } from "./views.ts";
import { type ActionForm, inputId, rowsOf } from "./work-form.ts";
import { textOf, word } from "./work-kit.tsx";

/**
 * The forms of one task on the case page: one per action the viewer may take now, each posting the
 * task's version so a form left open while someone else acted is refused (409), not applied to a case
 * that has moved on. Actions without fields are buttons; the others open as disclosures, the one
 * that was refused open again with what was typed.
 */

export interface Choice {
  value: string;
  label: string;
}

interface FormProps {
  ctx: PageContext;
  view: CaseView;
  task: TaskView;
  action: StaffAction;
  form: ActionForm | undefined;
}

export const actionUrl = (caseId: string, taskId: string) =>
  `/work/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(taskId)}`;

function Hidden({ ctx, task, action }: { ctx: PageContext; task: TaskView; action: StaffAction }) {
  return (
    <>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="version" value={String(task.version)} />
    </>
  );
}

function Problem({ id, t, form, name }: { id: string; t: Translate; form: FormProps["form"]; name: string }) {
  const issue = form?.errors[name];
  return issue ? (
    <span class="error-message" id={`${id}-error`}>
      {t(issue.key, issue.params)}
    </span>
  ) : null;
}

/** One labelled control of an action form, its hint and problem tied to it. */
function Control(props: {
  p: FormProps;
  name: string;
  label: string;
  hint?: string;
  kind?: "text" | "textarea" | "select";
  choices?: Choice[];
  empty?: string;
  initial?: string;
}) {
  const { p, name } = props;
  const { t } = p.ctx;
  const id = inputId(p.task.id, p.action, name);
  const error = p.form?.errors[name];
  const value = p.form ? (p.form.values[name] ?? "") : (props.initial ?? "");
  const describedBy = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = {
    id,
    name,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
  return (
    <div class={error ? "field-error" : undefined}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      <Problem id={id} t={t} form={p.form} name={name} />
      {props.kind === "textarea" ? (
        <textarea {...common} rows={3} maxLength={2000}>
          {value}
        </textarea>
      ) : props.kind === "select" ? (
        <select {...common}>
          {props.empty !== undefined && <option value="">{props.empty}</option>}
          {(props.choices ?? []).map((c) => (
            <option key={c.value} value={c.value} selected={c.value === value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type="text" value={value} maxLength={60} />
      )}
    </div>
  );
}

function Fielded({ p, children, more }: { p: FormProps; children: ComponentChildren; more?: boolean }) {
  const { t } = p.ctx;
  return (
    <details class="action" open={p.form !== undefined}>
      <summary>{word(t, "work.action.", p.action)}</summary>
      <form method="post" action={actionUrl(p.view.id, p.task.id)} class="stack" novalidate>
        <Hidden ctx={p.ctx} task={p.task} action={p.action} />
        {children}
        <div class="actions">
          <button class="button" type="submit">
            {word(t, "work.submit.", p.action)}
          </button>
          {more && (
            <button class="button secondary" type="submit" name="more" value="1">
              {t("work.supplement.more")}
            </button>
          )}
        </div>
      </form>
    </details>
  );
}

function SupplementRows({ p, content }: { p: FormProps; content: ItemContent }) {
  const { ctx } = p;
  const { t } = ctx;
  const rows = p.form ? p.form.rows : rowsOf({});
  const materials = content.materials.map((m) => ({ value: m.key, label: textOf(ctx, m.name) }));
  const fields = formFields(ctx, content);
  return (
    <ol class="row-list">
      {Array.from({ length: rows }, (_, i) => (
        <li class="row" key={i}>
          <fieldset>
            <legend>{t("work.supplement.row", { n: i + 1 })}</legend>
            <Control
              p={p}
              name={`items.${i}.material`}
              label={t("work.supplement.material")}
              kind="select"
              choices={materials}
              empty={t("work.supplement.none")}
            />
            <Control
              p={p}
              name={`items.${i}.field`}
              label={t("work.supplement.field")}
              kind="select"
              choices={fields}
              empty={t("work.supplement.none")}
            />
            <Control p={p} name={`items.${i}.problem`} label={t("work.supplement.problem")} kind="textarea" />
          </fieldset>
        </li>
      ))}
    </ol>
  );
}

/** The item's form fields by name with their labels, in the order the form's pages show them. */
export function formFields(ctx: PageContext, content: ItemContent): Choice[] {
  const schema = content.form.schema as { properties?: Record<string, { title?: unknown }> };
  const properties = schema.properties ?? {};
  const ordered = (content.form.ui?.pages ?? []).flatMap((page) => page.fields);
  const names = [...new Set([...ordered, ...Object.keys(properties)])].filter((n) => n in properties);
  return names.map((name) => ({ value: name, label: fieldLabel(ctx, content, name) }));
}

export function fieldLabel(ctx: PageContext, content: ItemContent, name: string): string {
  const ui = content.form.ui?.fields?.[name]?.label;
  const title = (content.form.schema as { properties?: Record<string, { title?: unknown }> }).properties?.[
    name
  ]?.title;
  return (ui && textOf(ctx, ui)) || (typeof title === "string" && title) || name;
}

function ActionFields({ p, content, handlers }: { p: FormProps; content: ItemContent; handlers: Choice[] }) {
  const { t } = p.ctx;
  const reason = (label = t("work.field.reason"), hint?: string) => (
    <Control p={p} name="reason" label={label} kind="textarea" hint={hint} />
  );
  switch (p.action) {
    case "assign":
    case "transfer":
      return (
        <Fielded p={p}>
          <Control
            p={p}
            name="assignee"
            label={t("work.field.assignee")}
            kind="select"
            choices={handlers}
            empty={t("work.field.choose")}
          />
          {p.action === "transfer" && reason(t("work.field.transferReason"))}
        </Fielded>
      );
    case "reject":
    case "return":
      return <Fielded p={p}>{reason(t(`work.field.${p.action}Reason`))}</Fielded>;
    case "request_supplement":
      return (
        <Fielded p={p} more>
          <p class="hint">{t("work.supplement.lead")}</p>
          <SupplementRows p={p} content={content} />
          {reason(t("work.field.supplementNote"), t("work.field.optional"))}
        </Fielded>
      );
    case "complete":
      return (
        <Fielded p={p}>
          <Opinion p={p} />
          {reason(t("work.field.comment"), t("work.field.commentHint"))}
        </Fielded>
      );
    case "pause":
      return (
        <Fielded p={p}>
          <Control
            p={p}
            name="procedure"
            label={t("work.field.procedure")}
            kind="select"
            choices={PAUSE_KINDS.map((k) => ({ value: k, label: word(t, "work.pause.", k) }))}
            empty={t("work.field.choose")}
          />
          {reason()}
        </Fielded>
      );
    case "grant":
    case "deny":
      return (
        <Fielded p={p}>
          {reason(t(`work.field.${p.action}Reason`))}
          <Control
            p={p}
            name="legalBasis"
            label={t("work.field.legalBasis")}
            hint={t("work.field.legalBasisHint")}
            kind="textarea"
            initial={content.legalBasis.map((b) => b.zh).join("\n")}
          />
        </Fielded>
      );
    case "deliver":
      if (p.view.delivery.method !== "post") return null;
      return (
        <Fielded p={p}>
          <Control p={p} name="trackingNumber" label={t("work.field.trackingNumber")} />
          <Control p={p} name="carrier" label={t("work.field.carrier")} hint={t("work.field.optional")} />
        </Fielded>
      );
    default:
      return null;
  }
}

function Opinion({ p }: { p: FormProps }) {
  const { t } = p.ctx;
  const id = inputId(p.task.id, p.action, "opinion");
  const error = p.form?.errors.opinion;
  const chosen = p.form?.values.opinion ?? "";
  return (
    <fieldset
      id={id}
      class={error ? "field-error" : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{t("work.field.opinion")}</legend>
      <Problem id={id} t={t} form={p.form} name="opinion" />
      {(["agree", "disagree"] as const).map((value) => (
        <div class="choice" key={value}>
          <input type="radio" id={`${id}-${value}`} name="opinion" value={value} checked={chosen === value} />
          <label for={`${id}-${value}`}>{t(`work.opinion.${value}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Actions that are one press: no field to fill in (delivery only when nothing is posted). */
function isButton(action: StaffAction, view: CaseView): boolean {
  return (
    ["claim", "release", "accept", "issue", "resume"].includes(action) ||
    (action === "deliver" && view.delivery.method !== "post")
  );
}

export function TaskActions({
  ctx,
  view,
  task,
  actions,
  content,
  handlers,
  form,
}: {
  ctx: PageContext;
  view: CaseView;
  task: TaskView;
  actions: StaffAction[];
  content: ItemContent;
  handlers: Choice[];
  form: ActionForm | undefined;
}) {
  const { t } = ctx;
  const mine = (action: StaffAction) =>
    form?.taskId === task.id && form.action === action ? form : undefined;
  const buttons = actions.filter((a) => isButton(a, view));
  const fielded = actions.filter((a) => !isButton(a, view));
  return (
    <>
      {buttons.length > 0 && (
        <div class="actions">
          {buttons.map((action) => (
            <form key={action} method="post" action={actionUrl(view.id, task.id)}>
              <Hidden ctx={ctx} task={task} action={action} />
              <button class={action === "release" ? "button secondary" : "button"} type="submit">
                {word(t, "work.submit.", action)}
              </button>
            </form>
          ))}
        </div>
      )}
      {fielded.map((action) => (
        <ActionFields
          key={action}
          p={{ ctx, view, task, action, form: mine(action) }}
          content={content}
          handlers={handlers}
        />
      ))}
    </>
  );
}
