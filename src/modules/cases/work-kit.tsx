import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import type { Locale } from "../../platform/config.ts";
import { errors } from "../../platform/errors.ts";
import { hasMessage, type MessageKey, type Translate } from "../../platform/i18n/index.ts";
import { type Action, can } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import type { Text } from "../catalog/content.ts";
import { inLocale } from "../catalog/form-render.tsx";
import type { ClockColour } from "./clock.ts";

/** Shared pieces of the staff pages: who may enter, the page frame, the clock in words, dates. */

export const WORK = "/work";
export const casePath = (id: string) => `${WORK}/cases/${encodeURIComponent(id)}`;

/**
 * Staff only, as the identity pages do it: anyone else is sent to the staff sign-in and back to
 * `next`; staff without the page's role are refused (403).
 */
export function staffContext(
  request: FastifyRequest,
  reply: FastifyReply,
  action: Extract<Action, "worklist.read" | "case.supervise"> | undefined,
  next = request.url,
): PageContext | undefined {
  if (request.actor.kind !== "staff") {
    void reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
    return undefined;
  }
  if (action && !can(request.actor, action)) throw errors.forbidden();
  return pageContext(request, reply, true);
}

export function sendWorkPage(reply: FastifyReply, ctx: PageContext, title: string, body: ComponentChildren) {
  return sendPage(reply, ctx, title, body, { styles: ["admin.css", "work.css"] });
}

/** A code's words from `${prefix}${code}`, or the code itself when the catalogue has none. */
export function word(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return "—";
  const key = `${prefix}${code}`;
  return hasMessage(key) ? t(key as MessageKey) : code;
}

export const textOf = (ctx: PageContext, text: Partial<Text> | null | undefined) =>
  inLocale(text ?? undefined, ctx.locale) || "—";

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}-${withTime}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
      timeZone: "Asia/Shanghai",
      dateStyle: "medium",
      ...(withTime ? { timeStyle: "short" } : {}),
    });
    formats.set(key, found);
  }
  return found;
}

/** A moment in China time; deadlines (which end at 24:00 of a day) as the day alone. */
export function When({ ctx, at, day }: { ctx: PageContext; at: Date | string | null; day?: boolean }) {
  if (!at) return <>—</>;
  const date = typeof at === "string" ? new Date(at) : at;
  return <time datetime={date.toISOString()}>{format(ctx.locale, !day).format(date)}</time>;
}

/** The clock's colour as a mark whose meaning is also written out, never told by colour alone. */
export function Mark({ t, colour }: { t: Translate; colour: ClockColour }) {
  return <span class={`mark mark-${colour}`}>{word(t, "work.colour.", colour)}</span>;
}

/** How the clock stands, in words: days left, due today, overdue by, paused, not started. */
export function clockWords(t: Translate, colour: ClockColour, daysLeft: number | null): string {
  if (colour === "none") return t("work.clock.notStarted");
  if (colour === "stopped") return t("work.clock.stopped");
  if (colour === "paused") {
    return daysLeft === null ? t("work.clock.paused") : t("work.clock.pausedLeft", { days: daysLeft });
  }
  if (daysLeft === null) return "";
  if (colour === "red" || daysLeft < 0) {
    return daysLeft < 0 ? t("work.clock.overdueBy", { days: -daysLeft }) : t("work.clock.overdue");
  }
  return daysLeft === 0 ? t("work.clock.dueToday") : t("work.clock.left", { days: daysLeft });
}

export interface Problem {
  href: string;
  text: string;
}

/** Problems as a list of links, each to where it is put right. */
export function ProblemLinks({ problems }: { problems: Problem[] }) {
  return (
    <ul>
      {problems.map((p) => (
        <li key={p.href + p.text}>
          <a href={p.href}>{p.text}</a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The linked list of every problem at the top of a page, announced at once; `autofocus` (no script
 * needed) where a screen reader should start there, and `children` for advice under the list.
 */
export function ErrorSummary({
  t,
  problems,
  title = t("work.errorSummary"),
  id = "error-summary-title",
  autofocus,
  children,
}: {
  t: Translate;
  problems: Problem[];
  title?: string;
  id?: string;
  autofocus?: boolean;
  children?: ComponentChildren;
}) {
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby={id} tabindex={-1} autofocus={autofocus}>
      <h2 id={id}>{title}</h2>
      <ProblemLinks problems={problems} />
      {children}
    </div>
  );
}

export function Notice({
  title,
  children,
  kind = "ok",
}: {
  title?: string;
  children: ComponentChildren;
  kind?: "ok" | "conflict";
}) {
  return (
    <div class={`notice notice-${kind}`} role="status">
      {title && <h2>{title}</h2>}
      {children}
    </div>
  );
}

/** A part of a page under its own heading, which names it (`${id}-title`) for a screen reader. */
export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** A section holding one table with these column heads, scrolling sideways on a narrow screen. */
export function TableSection({
  id,
  title,
  columns,
  children,
}: {
  id: string;
  title: string;
  columns: string[];
  children: ComponentChildren;
}) {
  return (
    <Section id={id} title={title}>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
    </Section>
  );
}

/** Previous and next page links of a list, keeping its filters. */
export function Pager({
  t,
  page,
  hasNext,
  href,
}: {
  t: Translate;
  page: number;
  hasNext: boolean;
  href: (page: number) => string;
}) {
  if (page <= 1 && !hasNext) return null;
  return (
    <nav class="pager" aria-label={t("work.pager")}>
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          {t("work.pager.previous")}
        </a>
      )}
      <span>{t("work.pager.page", { page })}</span>
      {hasNext && (
        <a href={href(page + 1)} rel="next">
          {t("work.pager.next")}
        </a>
      )}
    </nav>
  );
}
