import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { inputId } from "./admin-form.ts";
import { OfferingsSection, type OfferingsState } from "./admin-offerings.tsx";
import {
  ADMIN,
  dateTime,
  describedBy,
  ErrorSummary,
  type FieldErrors,
  itemPath,
  Messages,
  Notice,
  type Problem,
} from "./admin-views.tsx";
import type { ItemDetail } from "./service.ts";

/** An item as its managers see it: where it stands, what may be done now, its history and offerings. */

export const ACTIONS = ["edit", "publish", "retire"] as const;
export type ItemAction = (typeof ACTIONS)[number];

/** What the item's state allows a manager who keeps it; the same rules the service applies. */
export function allowedActions(detail: ItemDetail, keeps: boolean): ItemAction[] {
  if (!keeps || detail.current?.status === "retired") return [];
  return [
    "edit",
    ...(detail.draft ? (["publish"] as const) : []),
    ...(detail.current?.status === "published" ? (["retire"] as const) : []),
  ];
}

export interface Refusal {
  /** The service's words for what was refused. */
  message: string;
  /** What it says may be done instead (a 409's `allowed`); undefined when it did not say. */
  allowed?: string[];
  /** Field problems of the draft (publishing an incomplete draft), linked into the editor. */
  problems?: Problem[];
}

export const DONE: Record<string, MessageKey> = {
  created: "catalogAdmin.done.created",
  published: "catalogAdmin.done.published",
  retired: "catalogAdmin.done.retired",
  "offering-added": "catalogAdmin.done.offeringAdded",
  "offering-withdrawn": "catalogAdmin.done.offeringWithdrawn",
  "offering-restored": "catalogAdmin.done.offeringRestored",
};

export function statusText(t: Translate, status: string): string {
  return t(`catalogAdmin.status.${status}` as MessageKey);
}

function RefusalBox({ t, code, refusal }: { t: Translate; code: string; refusal: Refusal }) {
  if (refusal.problems) {
    return (
      <ErrorSummary
        t={t}
        title={refusal.message}
        problems={refusal.problems.map((p) => ({ ...p, href: `${itemPath(code)}/edit${p.href}` }))}
      />
    );
  }
  const allowed = refusal.allowed?.filter((a): a is ItemAction => (ACTIONS as readonly string[]).includes(a));
  return (
    <div class="error-summary" role="alert" aria-labelledby="refusal-title" tabindex={-1}>
      <h2 id="refusal-title">{t("catalogAdmin.refused")}</h2>
      <p>{refusal.message}</p>
      {allowed && (
        <p>
          {allowed.length === 0
            ? t("catalogAdmin.allowed.none")
            : t("catalogAdmin.allowed.some", {
                actions: allowed
                  .map((a) => t(`catalogAdmin.action.${a}`))
                  .join(t("catalogAdmin.listSeparator")),
              })}
        </p>
      )}
    </div>
  );
}

function Actions({
  ctx,
  detail,
  allowed,
  reason,
  errors,
}: {
  ctx: PageContext;
  detail: ItemDetail;
  allowed: ItemAction[];
  reason: string;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  const code = detail.item.code;
  return (
    <section aria-labelledby="h-actions" id="actions">
      <h2 id="h-actions">{t("catalogAdmin.item.actions")}</h2>
      {allowed.length === 0 && (
        <p>
          {detail.current?.status === "retired"
            ? t("catalogAdmin.allowed.retired")
            : t("catalogAdmin.allowed.notYours")}
        </p>
      )}
      <div class="actions">
        {allowed.includes("edit") && (
          <a class="button" href={`${itemPath(code)}/edit`}>
            {detail.draft
              ? t("catalogAdmin.item.editDraft", { version: detail.draft.version })
              : t("catalogAdmin.item.newDraft", { version: detail.current?.version ?? 0 })}
          </a>
        )}
        {allowed.includes("publish") && detail.draft && (
          <form method="post" action={`${itemPath(code)}/publish`}>
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="button">
              {t("catalogAdmin.item.publish", { version: detail.draft.version })}
            </button>
          </form>
        )}
      </div>
      {allowed.includes("retire") && (
        <form method="post" action={`${itemPath(code)}/retire`} class="retire" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <div class={errors.reason ? "field-error" : undefined}>
            <label for={inputId("reason")}>{t("catalogAdmin.item.retireReason")}</label>
            <Messages name="reason" errors={errors} hint={t("catalogAdmin.item.retireHint")} />
            <textarea
              id={inputId("reason")}
              name="reason"
              rows={3}
              maxLength={1000}
              aria-invalid={errors.reason ? "true" : undefined}
              aria-describedby={describedBy("reason", errors, true)}
            >
              {reason}
            </textarea>
          </div>
          <button type="submit" class="button danger">
            {t("catalogAdmin.item.retire")}
          </button>
        </form>
      )}
    </section>
  );
}

function Versions({ t, detail }: { t: Translate; detail: ItemDetail }) {
  const code = detail.item.code;
  const numbers = detail.versions.map((v) => v.version);
  const newest = numbers[0];
  const previous = numbers[1];
  return (
    <section aria-labelledby="h-versions">
      <h2 id="h-versions">{t("catalogAdmin.item.versions")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("catalogAdmin.version")}</th>
            <th scope="col">{t("catalogAdmin.status")}</th>
            <th scope="col">{t("catalogAdmin.publishedAt")}</th>
            <th scope="col">{t("catalogAdmin.updatedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {detail.versions.map((v) => (
            <tr key={v.version}>
              <td>
                <a href={`${itemPath(code)}/versions/${v.version}`}>
                  {t("catalogAdmin.versionN", { version: v.version })}
                </a>
              </td>
              <td>{statusText(t, v.status)}</td>
              <td>{v.publishedAt ? dateTime.format(v.publishedAt) : "—"}</td>
              <td>{dateTime.format(v.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {numbers.length > 1 && (
        <form method="get" action={`${itemPath(code)}/compare`} class="inline compare-form">
          {(["from", "to"] as const).map((end) => (
            <div key={end}>
              <label for={`compare-${end}`}>{t(`catalogAdmin.compare.${end}`)}</label>
              <select id={`compare-${end}`} name={end}>
                {numbers.map((n) => (
                  <option key={n} value={String(n)} selected={n === (end === "from" ? previous : newest)}>
                    {t("catalogAdmin.versionN", { version: n })}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div>
            <button type="submit" class="button secondary">
              {t("catalogAdmin.compare.submit")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export interface ItemPageProps {
  ctx: PageContext;
  detail: ItemDetail;
  ownerName: string | null;
  allowed: ItemAction[];
  done?: string | undefined;
  refusal?: Refusal | undefined;
  retire?: { reason: string; errors: FieldErrors };
  offerings: OfferingsState;
}

export function ItemPage({
  ctx,
  detail,
  ownerName,
  allowed,
  done,
  refusal,
  retire,
  offerings,
}: ItemPageProps) {
  const { t, locale } = ctx;
  const { item, current, draft } = detail;
  const content = (draft ?? current)?.content;
  const name = (locale === "en" ? content?.name?.en : undefined) || content?.name?.zh || item.code;
  const notice = done ? DONE[done] : undefined;
  return (
    <>
      <Breadcrumb ctx={ctx} items={[{ label: t("catalogAdmin.title"), href: ADMIN }, { label: item.code }]} />
      <h1>
        {name} <span class="meta">{item.code}</span>
      </h1>
      {notice && <Notice>{t(notice)}</Notice>}
      {refusal && <RefusalBox t={t} code={item.code} refusal={refusal} />}
      {retire && Object.keys(retire.errors).length > 0 && (
        <ErrorSummary
          t={t}
          problems={Object.entries(retire.errors).map(([field, texts]) => ({
            href: `#${inputId(field)}`,
            text: texts.join(" "),
          }))}
        />
      )}
      <dl class="facts">
        <dt>{t("catalogAdmin.code")}</dt>
        <dd>
          <code>{item.code}</code>
        </dd>
        <dt>{t("catalogAdmin.owner")}</dt>
        <dd>
          {item.ownerRegionCode
            ? `${ownerName ?? ""} ${item.ownerRegionCode}`.trim()
            : t("catalogAdmin.national")}
        </dd>
        <dt>{t("catalogAdmin.item.current")}</dt>
        <dd>
          {current
            ? `${t("catalogAdmin.versionN", { version: current.version })} · ${statusText(t, current.status)}${
                current.publishedAt ? ` · ${dateTime.format(current.publishedAt)}` : ""
              }`
            : t("catalogAdmin.item.noCurrent")}
        </dd>
        <dt>{t("catalogAdmin.item.draft")}</dt>
        <dd>
          {draft
            ? `${t("catalogAdmin.versionN", { version: draft.version })} · ${t("catalogAdmin.updatedAt")} ${dateTime.format(draft.updatedAt)}`
            : t("catalogAdmin.item.noDraft")}
        </dd>
      </dl>
      <Actions
        ctx={ctx}
        detail={detail}
        allowed={allowed}
        reason={retire?.reason ?? ""}
        errors={retire?.errors ?? {}}
      />
      <Versions t={t} detail={detail} />
      <OfferingsSection ctx={ctx} code={item.code} state={offerings} />
    </>
  );
}
