import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { authorize } from "../../platform/policy.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { dataReadsPage } from "./data-reads-page.tsx";
import * as service from "./service.ts";

const PAGE_SIZE = 50;
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Dates typed on the page are days in China Standard Time (UTC+8 all year, no daylight saving).
const CST = "+08:00";
export const TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

const TEXT_FIELDS = ["personId", "actorId", "caseId"] as const;
type Field = (typeof TEXT_FIELDS)[number] | "action" | "from" | "to";

const Query = Type.Object({
  personId: Type.Optional(Type.String({ maxLength: 100 })),
  actorId: Type.Optional(Type.String({ maxLength: 100 })),
  caseId: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
});

type Values = Partial<Record<Field, string>>;

/** A typed day as an instant: its first or last millisecond in China Standard Time; undefined if not a day. */
function day(value: string, end: boolean): Date | undefined {
  if (!DATE.test(value)) return undefined;
  const at = new Date(`${value}T${end ? "23:59:59.999" : "00:00:00.000"}${CST}`);
  // 2026-02-30 parses as an invalid date; the round trip catches days JavaScript would roll over.
  return Number.isNaN(at.getTime()) || TIME.format(at).slice(0, 10) !== value ? undefined : at;
}

function read(values: Values): {
  filters: service.AuditFilters;
  problems: Partial<Record<Field, MessageKey>>;
} {
  const problems: Partial<Record<Field, MessageKey>> = {};
  const filters: service.AuditFilters = {};
  for (const field of TEXT_FIELDS) if (values[field]) filters[field] = values[field];
  if (values.action) {
    if (ACTION.test(values.action)) filters.action = values.action;
    else problems.action = "audit.badAction";
  }
  for (const field of ["from", "to"] as const) {
    const raw = values[field];
    if (!raw) continue;
    const at = day(raw, field === "to");
    if (at) filters[field] = at;
    else problems[field] = "audit.badDate";
  }
  if (filters.from && filters.to && filters.from > filters.to) problems.from = "audit.fromAfterTo";
  return { filters, problems };
}

function Filters({
  ctx,
  values,
  problems,
}: {
  ctx: PageContext;
  values: Values;
  problems: Partial<Record<Field, MessageKey>>;
}) {
  const { t } = ctx;
  const field = (id: Field, type: string, hint?: MessageKey) => {
    const problem = problems[id];
    const describedBy = [hint && `audit-${id}-hint`, problem && `audit-${id}-error`]
      .filter(Boolean)
      .join(" ");
    return (
      <div class={problem ? "field-error" : undefined}>
        <label for={`audit-${id}`}>{t(`audit.${id}`)}</label>
        {hint && (
          <span class="meta" id={`audit-${id}-hint`}>
            {t(hint)}
          </span>
        )}
        {problem && (
          <span class="error-message" id={`audit-${id}-error`}>
            {t(problem)}
          </span>
        )}
        <input
          type={type}
          id={`audit-${id}`}
          name={id}
          value={values[id] ?? ""}
          maxLength={100}
          aria-invalid={problem ? "true" : undefined}
          aria-describedby={describedBy || undefined}
        />
      </div>
    );
  };
  return (
    <form class="inline" method="get" action="/audit" aria-label={t("audit.filters")}>
      {field("personId", "search")}
      {field("actorId", "search")}
      {field("caseId", "search")}
      {field("action", "text", "audit.actionHint")}
      {field("from", "date")}
      {field("to", "date")}
      <div>
        <button class="button" type="submit">
          {t("audit.search")}
        </button>{" "}
        <a href="/audit">{t("audit.clear")}</a>
      </div>
    </form>
  );
}

function Actor({ ctx, entry }: { ctx: PageContext; entry: service.AuditEntry }) {
  const { t } = ctx;
  const who =
    entry.actorKind === "staff"
      ? (entry.actorName ?? entry.actorId)
      : t(`audit.actor.${entry.actorKind}`, { id: entry.actorId ?? "" });
  return (
    <>
      {who}
      {entry.onBehalfOf && <div class="meta">{t("audit.onBehalfOf", { id: entry.onBehalfOf })}</div>}
      {typeof entry.details.ip === "string" && (
        <div class="meta">{t("audit.fromAddress", { ip: entry.details.ip })}</div>
      )}
    </>
  );
}

function Entries({ ctx, entries }: { ctx: PageContext; entries: service.AuditEntry[] }) {
  const { t } = ctx;
  return (
    <table>
      <caption class="meta">{t("audit.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("audit.col.seq")}</th>
          <th scope="col">{t("audit.col.at")}</th>
          <th scope="col">{t("audit.col.actor")}</th>
          <th scope="col">{t("audit.col.action")}</th>
          <th scope="col">{t("audit.col.about")}</th>
          <th scope="col">{t("audit.col.purpose")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.seq}>
            <td>{entry.seq}</td>
            <td>
              <time datetime={entry.at.toISOString()}>{TIME.format(entry.at)}</time>
            </td>
            <td>
              <Actor ctx={ctx} entry={entry} />
            </td>
            <td>
              <code>{entry.action}</code>
            </td>
            <td>
              {entry.personId && <div>{t("audit.person", { id: entry.personId })}</div>}
              {entry.caseId && <div>{t("audit.case", { id: entry.caseId })}</div>}
              {entry.regionCode && <div class="meta">{entry.regionCode}</div>}
            </td>
            <td>{entry.purpose}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The supervisors' page over the audit trail: the same search as GET /api/v1/audit. */
export const auditPages: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(dataReadsPage);
  const db = app.platform.database.db;

  app.get(
    "/audit",
    { config: { policy: "audit.search" }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") {
        return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
      }
      authorize(request.actor, "audit.search");
      const { before, ...values } = request.query;
      const { filters, problems } = read(values);
      const invalid = Object.keys(problems).length > 0;
      const page = invalid
        ? { items: [], nextBefore: null }
        : await service.searchAudit(db, request.actor, filters, { limit: PAGE_SIZE, before });
      const ctx = pageContext(request, reply);
      const { t } = ctx;
      const older = new URLSearchParams(
        Object.entries(values).filter((pair): pair is [string, string] => Boolean(pair[1])),
      );
      if (page.nextBefore !== null) older.set("before", String(page.nextBefore));
      return sendPage(
        reply.code(invalid ? 400 : 200),
        ctx,
        t("audit.title"),
        <>
          <h1>{t("audit.title")}</h1>
          <p class="lead">{t("audit.lead")}</p>
          {invalid && (
            <div class="error-summary" role="alert" aria-labelledby="audit-errors-title" tabindex={-1}>
              <h2 id="audit-errors-title">{t("audit.errorSummary")}</h2>
              <ul>
                {Object.entries(problems).map(([field, key]) => (
                  <li key={field}>
                    <a href={`#audit-${field}`}>{t(key)}</a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <Filters ctx={ctx} values={values} problems={problems} />
          {page.items.length === 0 ? (
            !invalid && <p>{t("audit.none")}</p>
          ) : (
            <Entries ctx={ctx} entries={page.items} />
          )}
          {page.nextBefore !== null && (
            <p>
              <a href={`/audit?${older.toString()}`}>{t("audit.older")}</a>
            </p>
          )}
        </>,
      );
    },
  );
};
