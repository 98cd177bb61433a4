import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { errors } from "../../platform/errors.ts";
import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import { can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { LINES } from "../departments/lines.ts";
import { inputId, type TextPair } from "./admin-form.ts";

/** Shared pieces of the catalogue managers' pages: access, the page frame, labelled inputs. */

export const ADMIN = "/catalog/admin";
export const itemPath = (code: string) => `${ADMIN}/items/${encodeURIComponent(code)}`;

/**
 * Staff only: others are sent to the staff sign-in and back; staff without the catalogue manager's
 * role are refused (403), as the service would.
 */
export function adminContext(request: FastifyRequest, reply: FastifyReply): PageContext | undefined {
  if (request.actor.kind !== "staff") {
    void reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  if (!can(request.actor, "catalog.manage", "any")) throw errors.forbidden();
  return pageContext(request, reply, true);
}

/** Sends a whole page with the managers' stylesheet, and the enhancement script when asked. */
export function sendAdminPage(
  reply: FastifyReply,
  ctx: PageContext,
  title: string,
  body: ComponentChildren,
  options: { script?: boolean } = {},
) {
  return sendPage(reply, ctx, title, body, {
    styles: ["admin.css"],
    scripts: options.script ? ["admin.js"] : [],
  });
}

export interface Problem {
  href: string;
  text: string;
}

/** The linked list of every problem at the top of a page, announced at once. */
export function ErrorSummary({ t, problems, title }: { t: Translate; problems: Problem[]; title?: string }) {
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{title ?? t("catalogAdmin.errorSummary")}</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <a href={p.href}>{p.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

/** Problems by posted field name, in the reader's words. */
export type FieldErrors = Record<string, string[]>;

export function describedBy(name: string, errors: FieldErrors, hint?: boolean): string | undefined {
  const id = inputId(name);
  return [hint ? `${id}-hint` : "", errors[name] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

export function Messages({ name, errors, hint }: { name: string; errors: FieldErrors; hint?: string }) {
  const id = inputId(name);
  return (
    <>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {errors[name] && (
        <span class="error-message" id={`${id}-error`}>
          {errors[name].join(" ")}
        </span>
      )}
    </>
  );
}

interface InputProps {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
  type?: "text" | "number" | "search";
  multiline?: boolean;
  rows?: number;
  lang?: string;
  mono?: boolean;
  class?: string;
  inputmode?: "numeric" | "decimal";
  maxLength?: number;
}

/** One labelled input (or text area) whose hint and problem are tied to it. */
export function Input(props: InputProps) {
  const { name, errors } = props;
  const id = inputId(name);
  const common = {
    id,
    name,
    lang: props.lang,
    maxLength: props.maxLength,
    "aria-invalid": errors[name] ? ("true" as const) : undefined,
    "aria-describedby": describedBy(name, errors, Boolean(props.hint)),
  };
  return (
    <div
      class={[errors[name] ? "field-error" : "", props.class ?? ""].filter(Boolean).join(" ") || undefined}
    >
      <label for={id}>{props.label}</label>
      <Messages name={name} errors={errors} hint={props.hint} />
      {props.multiline ? (
        <textarea
          {...common}
          rows={props.rows ?? 3}
          class={props.mono ? "mono" : undefined}
          spellcheck={!props.mono}
        >
          {props.value}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? "text"} inputmode={props.inputmode} value={props.value} />
      )}
    </div>
  );
}

/** The same words in Chinese and English: two inputs under one legend. */
export function TextPairInput({
  t,
  name,
  label,
  value,
  errors,
  multiline,
}: {
  t: Translate;
  name: string;
  label: string;
  value: TextPair;
  errors: FieldErrors;
  multiline?: boolean;
}) {
  return (
    <fieldset class="pair">
      <legend>{label}</legend>
      <Input
        name={`${name}.zh`}
        label={t("catalogAdmin.zh")}
        value={value.zh}
        errors={errors}
        lang="zh-CN"
        multiline={multiline}
      />
      <Input
        name={`${name}.en`}
        label={t("catalogAdmin.en")}
        value={value.en}
        errors={errors}
        lang="en"
        multiline={multiline}
      />
    </fieldset>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function Select({
  name,
  label,
  value,
  choices,
  errors,
  empty,
  hint,
}: {
  name: string;
  label: string;
  value: string;
  choices: Choice[];
  errors: FieldErrors;
  /** The label of a first, empty choice ("not chosen yet"). */
  empty?: string;
  hint?: string;
}) {
  const id = inputId(name);
  return (
    <div class={errors[name] ? "field-error" : undefined}>
      <label for={id}>{label}</label>
      <Messages name={name} errors={errors} hint={hint} />
      <select
        id={id}
        name={name}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={describedBy(name, errors, Boolean(hint))}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes posting one name once per box ticked. */
export function Checkboxes({
  name,
  legend,
  values,
  choices,
  errors,
}: {
  name: string;
  legend: string;
  values: string[];
  choices: Choice[];
  errors: FieldErrors;
}) {
  const id = inputId(name);
  return (
    <fieldset
      class={errors[name] ? "checks field-error" : "checks"}
      id={id}
      aria-describedby={describedBy(name, errors)}
    >
      <legend>{legend}</legend>
      <Messages name={name} errors={errors} />
      {choices.map((c) => (
        <div class="choice" key={c.value}>
          <input
            type="checkbox"
            id={`${id}-${c.value}`}
            name={name}
            value={c.value}
            checked={values.includes(c.value)}
          />
          <label for={`${id}-${c.value}`}>{c.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** One checkbox posting "true" when ticked. */
export function Checkbox({
  name,
  label,
  checked,
  errors,
  hint,
}: {
  name: string;
  label: string;
  checked: boolean;
  errors: FieldErrors;
  hint?: string;
}) {
  const id = inputId(name);
  return (
    <div class={errors[name] ? "choice field-error" : "choice"}>
      <input
        type="checkbox"
        id={id}
        name={name}
        value="true"
        checked={checked}
        aria-describedby={describedBy(name, errors, Boolean(hint))}
      />
      <label for={id}>{label}</label>
      <Messages name={name} errors={errors} hint={hint} />
    </div>
  );
}

/** Labels of a list of codes from message keys `${prefix}${code}`. */
export function choicesOf(t: Translate, prefix: string, codes: readonly string[]): Choice[] {
  return codes.map((code) => ({ value: code, label: t(`${prefix}${code}` as MessageKey) }));
}

export const dateTime = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** The department lines (条), by the name a county's department of the line has. */
export function lineChoices(locale: string): Choice[] {
  return LINES.map((line) => ({ value: line.code, label: locale === "en" ? line.en : line.county }));
}

/** Problems at posted fields, in the reader's words, each linking to its input; repeats dropped. */
export function problemsAt(
  t: Translate,
  issues: { name: string; key: MessageKey; params?: Record<string, string | number> | undefined }[],
): (Problem & { name: string })[] {
  const seen = new Set<string>();
  return issues.flatMap((issue) => {
    const text = t(issue.key, issue.params);
    const key = `${issue.name}\u0000${text}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ name: issue.name, text, href: `#${inputId(issue.name)}` }];
  });
}

/** Problems grouped by the field they are about, for the inputs to show beside them. */
export function errorsByField(problems: { name: string; text: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) errors[p.name] = [...(errors[p.name] ?? []), p.text];
  return errors;
}
