/** The parts every application page shares: paths, the steps, problem lists, answers as text. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { Type } from "typebox";
import type { Locale } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import { chinaDateTime } from "../../platform/documents/dates.ts";
import type { FieldProblem } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { type PageAssets, pageContext, sendPage } from "../../web/render.tsx";
import { loadCase } from "../cases/service.ts";
import { type Problem, ProblemLinks } from "../cases/work-kit.tsx";
import type { ItemContent } from "../catalog/content.ts";
import { inLocale } from "../catalog/form-render.tsx";
import { textOf } from "../catalog/public-views.tsx";
import { fieldLabel, problemWords } from "./apply-values.ts";
import { type ApplicationView, presentApplication } from "./present.ts";
import { contentOf, loadApplication } from "./service.ts";

export const STYLES: PageAssets = { styles: ["apply.css"] };

/** An application's id in an address. */
export const Id = Type.String({ maxLength: 40 });

export const paths = {
  list: "/applications",
  resume: (id: string) => `/applications/${id}`,
  page: (id: string, n: number) => `/applications/${id}/pages/${n}`,
  materials: (id: string) => `/applications/${id}/materials`,
  delivery: (id: string) => `/applications/${id}/delivery`,
  check: (id: string) => `/applications/${id}/check`,
  progress: (number: string) => `/cases/${number}`,
  receipt: (number: string) => `/cases/${number}/receipt`,
};

/** A person is asked to sign in and comes back here; staff and strangers meet the policy's answer. */
export function signIn(reply: FastifyReply, back: string) {
  return reply.redirect(`/account/signin?next=${encodeURIComponent(back)}`, 303);
}

/** A page's title, saying so when the page comes back with problems. */
export function titled(t: Translate, title: string, refused: boolean): string {
  return refused ? t("apply.errorTitle", { title }) : title;
}

export function show(
  request: FastifyRequest,
  reply: FastifyReply,
  title: (ctx: PageContext) => string,
  body: (ctx: PageContext) => ComponentChildren,
) {
  const ctx = pageContext(request, reply, true);
  return sendPage(reply, ctx, title(ctx), body(ctx), STYLES);
}

/** An application as its pages show it, with the number of its case while it is being corrected. */
export interface Loaded {
  view: ApplicationView;
  content: ItemContent;
  /** Set once submitted: the case it became. */
  caseNumber: string | null;
  /** Submitted, and the department waits for a correction (补正). */
  correcting: boolean;
}

export async function loadView(db: Executor, actor: Actor, id: string): Promise<Loaded> {
  const row = await loadApplication(db, actor, id);
  const content = await contentOf(db, row);
  const view = await presentApplication(db, row, content);
  const caseRow = row.case_id ? await loadCase(db, actor, row.case_id) : undefined;
  return {
    view,
    content,
    caseNumber: caseRow?.number ?? null,
    correcting: row.status === "submitted" && caseRow?.state === "supplement",
  };
}

/** Where a page of an application that cannot be changed now sends its reader, if anywhere. */
export function lockedTarget(loaded: Loaded): string | undefined {
  if (loaded.view.status === "draft" || loaded.correcting) return undefined;
  return loaded.caseNumber ? paths.progress(loaded.caseNumber) : paths.list;
}

/**
 * The application a page works on, while it can be changed. Otherwise undefined, the reader sent on:
 * signed out, to sign in and come back to `back`; once it cannot be changed, to where it stands now.
 */
export async function changeable(
  db: Executor,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  back: string,
): Promise<Loaded | undefined> {
  if (request.actor.kind === "anonymous") {
    await signIn(reply, back);
    return undefined;
  }
  const loaded = await loadView(db, request.actor, id);
  const locked = lockedTarget(loaded);
  if (locked) {
    await reply.redirect(locked, 303);
    return undefined;
  }
  return loaded;
}

export type Step = { page: number } | "materials" | "delivery" | "check";

function stepTitle(ctx: PageContext, view: ApplicationView, step: Step): string {
  if (typeof step === "object") {
    const title = view.pages[step.page]?.title;
    return title ? inLocale(title, ctx.locale) : ctx.t("apply.step.form");
  }
  return ctx.t(`apply.step.${step}`);
}

const stepPath = (id: string, step: Step) =>
  typeof step === "object" ? paths.page(id, step.page + 1) : paths[step](id);

/** The steps of applying, every one reachable at any time, the current one marked. */
export function Steps({ ctx, view, here }: { ctx: PageContext; view: ApplicationView; here: Step }) {
  const steps: Step[] = [...view.pages.map((_, page) => ({ page })), "materials", "delivery", "check"];
  const same = (a: Step, b: Step) =>
    typeof a === "object" && typeof b === "object" ? a.page === b.page : a === b;
  return (
    <nav class="apply-steps" aria-label={ctx.t("apply.steps")}>
      <ol>
        {steps.map((step) => (
          <li key={stepPath(view.id, step)}>
            <a href={stepPath(view.id, step)} aria-current={same(step, here) ? "step" : undefined}>
              {stepTitle(ctx, view, step)}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The head of every page of an application: where it sits, the item, the step's title, the steps. */
export function ApplyHead({
  ctx,
  loaded,
  here,
  title,
}: {
  ctx: PageContext;
  loaded: Loaded;
  here: Step;
  title: string;
}) {
  const { t } = ctx;
  const { view } = loaded;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("apply.list.title"), href: paths.list },
          ...(loaded.caseNumber
            ? [{ label: loaded.caseNumber, href: paths.progress(loaded.caseNumber) }]
            : []),
          { label: title },
        ]}
      />
      <p class="kicker">
        {loaded.correcting
          ? t("apply.correcting", { name: textOf(ctx, view.item.name) })
          : textOf(ctx, view.item.name)}
      </p>
      <h1>{title}</h1>
      <Steps ctx={ctx} view={view} here={here} />
    </>
  );
}

/**
 * A step's form, posted to `action`, ending in its button on to the next step; with `saveLater`, also
 * one that keeps the draft and leaves (the two told apart by `_action`).
 */
export function StepForm({
  ctx,
  action,
  class: className,
  saveLater = false,
  children,
}: {
  ctx: PageContext;
  action: string;
  class: string;
  saveLater?: boolean;
  children: ComponentChildren;
}) {
  const { t } = ctx;
  return (
    <form method="post" action={action} class={className} novalidate>
      <CsrfField token={ctx.csrfToken} />
      {children}
      {saveLater ? (
        <div class="actions">
          <button class="button" type="submit" name="_action" value="next">
            {t("apply.next")}
          </button>
          <button class="button secondary" type="submit" name="_action" value="save">
            {t("apply.saveLater")}
          </button>
        </div>
      ) : (
        <div>
          <button class="button" type="submit">
            {t("apply.next")}
          </button>
        </div>
      )}
    </form>
  );
}

export type { Problem };

/**
 * Problems as a list of links to their fields. After a refused post it is the error summary: announced,
 * and focused on load (autofocus needs no script), so a screen reader starts there. Before, a notice.
 */
export function ProblemList({
  ctx,
  problems,
  refused,
}: {
  ctx: PageContext;
  problems: Problem[];
  refused: boolean;
}) {
  if (problems.length === 0) return null;
  const list = <ProblemLinks problems={problems} />;
  return refused ? (
    <div class="error-summary" role="alert" aria-labelledby="problems-title" tabindex={-1} autofocus>
      <h2 id="problems-title">{ctx.t("apply.problems.title")}</h2>
      {list}
    </div>
  ) : (
    <section class="notice" aria-labelledby="problems-title">
      <h2 id="problems-title">{ctx.t("apply.problems.todo")}</h2>
      {list}
    </section>
  );
}

/** The page (0-based) a field is on. */
export function pageOf(view: ApplicationView, field: string): number {
  return Math.max(
    0,
    view.pages.findIndex((p) => p.fields.includes(field)),
  );
}

/**
 * Every problem of an application, linked to where it is put right: an answer to its field on its
 * page, a material to its upload form, a delivery detail to its input.
 */
export function problemLinks(ctx: PageContext, view: ApplicationView, problems: FieldProblem[]): Problem[] {
  const { t, locale } = ctx;
  const answerFields = problems
    .filter((p) => p.field.startsWith("/answers/"))
    .map((p) => p.field.slice("/answers/".length));
  const words = problemWords(view.form, view.answers, answerFields, t, locale);
  return problems.map((p) => {
    const [, kind = "", name = ""] = p.field.split("/");
    if (kind === "answers") {
      return {
        href: `${paths.page(view.id, pageOf(view, name) + 1)}#f-${name}`,
        text: words[name] ?? t("apply.problem.invalid", { label: fieldLabel(view.form, name, locale) }),
      };
    }
    if (kind === "materials") {
      const material = view.materials.find((m) => m.key === name);
      return {
        href: `${paths.materials(view.id)}#m-${name}`,
        text: t("apply.problem.material", { name: material ? inLocale(material.name, locale) : name }),
      };
    }
    return {
      href: `${paths.delivery(view.id)}#d-${name}`,
      text: t(
        name === "address"
          ? "apply.problem.address"
          : name === "recipient"
            ? "apply.problem.recipient"
            : "apply.problem.phone",
      ),
    };
  });
}

/** An answer as text: choices joined, yes or no, numbers as typed. */
export function answerText(ctx: PageContext, value: unknown): string {
  if (value === undefined || value === null || value === "") return ctx.t("apply.answer.none");
  if (typeof value === "boolean") return value ? ctx.t("formRender.yes") : ctx.t("formRender.no");
  if (Array.isArray(value)) return value.map(String).join(ctx.locale === "en" ? ", " : "、");
  return String(value);
}

/** Where a prefilled answer came from, in the reader's words; `fixed` when it cannot be changed. */
export function prefillNote(ctx: PageContext, source: string | undefined, fixed = false): string | undefined {
  if (!source) return undefined;
  if (source === "profile") return ctx.t(fixed ? "apply.source.profile" : "apply.prefilled.profile");
  if (source.startsWith("case:")) {
    return ctx.t(fixed ? "apply.source.case" : "apply.prefilled.case", { number: source.slice(5) });
  }
  return undefined;
}

/** A size as people read it: 820 KB, 2.4 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const when = (date: Date | string, locale: Locale) => chinaDateTime(new Date(date), locale);
