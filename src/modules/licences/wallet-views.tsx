/** The parts of the wallet pages: a licence's card, its links and their openings, the share form. */
import { chinaDate, chinaDateTime } from "../../platform/documents/dates.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, NO_ERRORS, type Values } from "../applicants/form-kit.tsx";
import type { Licence } from "./service.ts";
import type { BilingualText } from "./tables.ts";
import { DEFAULT_LIFETIME, LIFETIMES, RECIPIENT_MAX, type Share, type WalletEntry } from "./wallet.ts";

export const pick = (ctx: PageContext, text: BilingualText) =>
  ctx.locale === "en" ? text.en || text.zh : text.zh;

export const walletPaths = {
  wallet: "/wallet",
  shareForm: (licenceId: string) => `/wallet/licences/${licenceId}/share`,
  share: (licenceId: string) => `/wallet/licences/${licenceId}/shares`,
  revoke: (shareId: string) => `/wallet/shares/${shareId}/revoke`,
  certificate: (licenceId: string) => `/api/v1/licences/${licenceId}/certificate.pdf`,
  verify: (licenceId: string) => `/verify/${licenceId}`,
};

function validity(ctx: PageContext, l: Pick<Licence, "validFrom" | "validUntil">): string {
  const from = chinaDate(l.validFrom, ctx.locale);
  return l.validUntil
    ? ctx.t("wallet.validity", { from, until: chinaDate(l.validUntil, ctx.locale) })
    : ctx.t("wallet.validity.open", { from });
}

/** Valid, expired, revoked or not yet valid, in words and not by colour alone. */
export function LicenceStatus({ ctx, licence }: { ctx: PageContext; licence: Licence }) {
  const { t } = ctx;
  if (!licence.genuine) return <span class="tag">{t("wallet.state.not_genuine")}</span>;
  const good = licence.state === "valid";
  return <span class={good ? "tag ok" : "tag"}>{t(`wallet.state.${licence.state}` as MessageKey)}</span>;
}

function Opens({ ctx, share }: { ctx: PageContext; share: Share }) {
  const { t } = ctx;
  const { count, recent } = share.opens;
  if (count === 0) return <p class="meta">{t("wallet.opens.none")}</p>;
  return (
    <details>
      <summary>{t("wallet.opens.count", { count })}</summary>
      <table>
        <caption class="meta">
          {count > recent.length ? t("wallet.opens.latest", { shown: recent.length }) : t("wallet.opens.all")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("wallet.opens.at")}</th>
            <th scope="col">{t("wallet.opens.client")}</th>
            <th scope="col">{t("wallet.opens.network")}</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((o, i) => (
            <tr key={`${o.openedAt.toISOString()}-${i}`}>
              <td>{chinaDateTime(o.openedAt, ctx.locale)}</td>
              <td>
                {t(`wallet.agent.${o.agent}` as MessageKey)} ·{" "}
                {t(`wallet.platform.${o.platform}` as MessageKey)}
                {o.via === "api" ? ` · ${t("wallet.opens.api")}` : ""}
              </td>
              <td>{o.network ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function ShareItem({ ctx, share }: { ctx: PageContext; share: Share }) {
  const { t } = ctx;
  const ends =
    share.state === "revoked" && share.revokedAt
      ? t("wallet.share.revokedAt", { at: chinaDateTime(share.revokedAt, ctx.locale) })
      : share.state === "expired"
        ? t("wallet.share.expiredAt", { at: chinaDateTime(share.expiresAt, ctx.locale) })
        : t("wallet.share.expiresAt", { at: chinaDateTime(share.expiresAt, ctx.locale) });
  return (
    <li id={`share-${share.id}`}>
      <p>
        <strong>{t("wallet.share.to", { recipient: share.recipient })}</strong>{" "}
        <span class={share.state === "active" ? "tag ok" : "tag"}>
          {t(`wallet.share.state.${share.state}` as MessageKey)}
        </span>
      </p>
      <p class="meta">
        {t("wallet.share.createdAt", { at: chinaDateTime(share.createdAt, ctx.locale) })} · {ends}
      </p>
      <Opens ctx={ctx} share={share} />
      {share.allowed.includes("revoke") && (
        <form method="post" action={walletPaths.revoke(share.id)} class="inline">
          <CsrfField token={ctx.csrfToken} />
          <button
            class="button secondary"
            type="submit"
            aria-label={t("wallet.share.revokeLabel", { recipient: share.recipient })}
          >
            {t("wallet.share.revoke")}
          </button>
        </form>
      )}
    </li>
  );
}

/** One licence: what it is, where it stands, its documents, and the links made to it. */
export function LicenceCard({ ctx, entry }: { ctx: PageContext; entry: WalletEntry }) {
  const { t, locale } = ctx;
  const l = entry.licence;
  const heading = `licence-${l.id}`;
  return (
    <article class="card" aria-labelledby={heading} id={l.id}>
      <h3 id={heading}>{pick(ctx, l.title)}</h3>
      <dl class="facts">
        <dt>{t("wallet.col.number")}</dt>
        <dd>{l.id}</dd>
        <dt>{t("wallet.col.department")}</dt>
        <dd>{locale === "en" ? l.department.nameEn || l.department.name : l.department.name}</dd>
        <dt>{t("wallet.col.issuedAt")}</dt>
        <dd>{chinaDate(l.issuedAt, locale)}</dd>
        <dt>{t("wallet.col.validity")}</dt>
        <dd>{validity(ctx, l)}</dd>
        <dt>{t("wallet.col.status")}</dt>
        <dd>
          <LicenceStatus ctx={ctx} licence={l} />
          {l.state === "revoked" && l.revokeReason && (
            <span> {t("wallet.revokedReason", { reason: l.revokeReason })}</span>
          )}
        </dd>
      </dl>
      <ul class="actions">
        <li>
          <a href={walletPaths.certificate(l.id)}>{t("wallet.link.certificate")}</a>
        </li>
        <li>
          <a href={walletPaths.verify(l.id)}>{t("wallet.link.verify")}</a>
        </li>
        {entry.allowed.includes("share") && (
          <li>
            <a
              class="button"
              href={walletPaths.shareForm(l.id)}
              aria-label={t("wallet.link.shareLabel", { title: pick(ctx, l.title), id: l.id })}
            >
              {t("wallet.link.share")}
            </a>
          </li>
        )}
      </ul>
      {entry.allowed.length === 0 && <p class="meta">{t("wallet.cannotShare")}</p>}
      {entry.shares.length > 0 && (
        <>
          <h4>{t("wallet.shares")}</h4>
          <ul class="list">
            {entry.shares.map((s) => (
              <ShareItem key={s.id} ctx={ctx} share={s} />
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

/** The wallet, its licences under their holders: the person first, then each organisation. */
export function WalletPage({
  ctx,
  entries,
  notice,
  problem,
}: {
  ctx: PageContext;
  entries: WalletEntry[];
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const { t } = ctx;
  const groups = new Map<string, { name: string; own: boolean; entries: WalletEntry[] }>();
  for (const entry of entries) {
    const h = entry.licence.holder;
    const key = `${h.kind}-${h.id}`;
    if (!groups.has(key)) groups.set(key, { name: h.name, own: h.kind === "person", entries: [] });
    groups.get(key)?.entries.push(entry);
  }
  const ordered = [...groups.entries()].sort(([, a], [, b]) => Number(b.own) - Number(a.own));
  return (
    <>
      <h1>{t("wallet.title")}</h1>
      {notice && <p role="status">{notice}</p>}
      {problem && (
        <div class="error-summary" role="alert">
          <p>{problem}</p>
        </div>
      )}
      <p class="lead">{t("wallet.lead")}</p>
      {ordered.length === 0 && <p>{t("wallet.none")}</p>}
      {ordered.map(([key, group]) => (
        <section key={key} aria-labelledby={`holder-${key}`}>
          <h2 id={`holder-${key}`}>
            {group.own ? t("wallet.mine") : t("wallet.organisation", { name: group.name })}
          </h2>
          {group.entries.map((entry) => (
            <LicenceCard key={entry.licence.id} ctx={ctx} entry={entry} />
          ))}
        </section>
      ))}
    </>
  );
}

/** What a page about one licence needs of it. */
export type LicenceHeader = Pick<Licence, "id" | "title" | "holder" | "validFrom" | "validUntil">;

/** The facts that say which licence a page is about. */
function LicenceFacts({ ctx, licence }: { ctx: PageContext; licence: LicenceHeader }) {
  const { t } = ctx;
  return (
    <dl class="facts">
      <dt>{t("wallet.col.title")}</dt>
      <dd>{pick(ctx, licence.title)}</dd>
      <dt>{t("wallet.col.number")}</dt>
      <dd>{licence.id}</dd>
      <dt>{t("wallet.col.holder")}</dt>
      <dd>{licence.holder.name}</dd>
      <dt>{t("wallet.col.validity")}</dt>
      <dd>{validity(ctx, licence)}</dd>
    </dl>
  );
}

/** Choosing whom to share with and for how long; or, for a licence that may not be shared, why not. */
export function ShareFormPage({
  ctx,
  licence,
  refusal,
  values = {},
  errors = NO_ERRORS,
}: {
  ctx: PageContext;
  licence: LicenceHeader;
  refusal: string | undefined;
  values?: Values;
  errors?: FormErrors;
}) {
  const { t } = ctx;
  const chosen = values.lifetime ?? DEFAULT_LIFETIME;
  const lifetimeError = errors.fields.lifetime;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("wallet.title"), href: walletPaths.wallet }, { label: t("wallet.share.title") }]}
      />
      <h1>{t("wallet.share.title")}</h1>
      <LicenceFacts ctx={ctx} licence={licence} />
      {refusal ? (
        <div class="error-summary" role="alert" aria-labelledby="refusal-title">
          <h2 id="refusal-title">{t("wallet.share.refused")}</h2>
          <p>{refusal}</p>
          <p>
            <a href={walletPaths.wallet}>{t("wallet.back")}</a>
          </p>
        </div>
      ) : (
        <>
          <p>{t("wallet.share.lead")}</p>
          <ErrorSummary t={t} errors={errors} firstField="recipient" />
          <form method="post" action={walletPaths.share(licence.id)} class="stack" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field
              id="recipient"
              label={t("wallet.share.recipient")}
              hint={t("wallet.share.recipient.hint", { max: RECIPIENT_MAX })}
              error={errors.fields.recipient}
              value={values.recipient}
              required
            />
            <fieldset
              class={lifetimeError ? "field-error" : undefined}
              aria-describedby={lifetimeError ? "lifetime-error" : undefined}
            >
              <legend>{t("wallet.share.lifetime")}</legend>
              {lifetimeError && (
                <span class="error-message" id="lifetime-error">
                  {lifetimeError}
                </span>
              )}
              {LIFETIMES.map((lifetime, i) => (
                <div class="check" key={lifetime}>
                  <input
                    type="radio"
                    name="lifetime"
                    value={lifetime}
                    id={i === 0 ? "lifetime" : `lifetime-${lifetime}`}
                    checked={chosen === lifetime}
                  />
                  <label for={i === 0 ? "lifetime" : `lifetime-${lifetime}`}>
                    {t(`wallet.lifetime.${lifetime}` as MessageKey)}
                  </label>
                </div>
              ))}
            </fieldset>
            <div>
              <button class="button" type="submit">
                {t("wallet.share.submit")}
              </button>
            </div>
          </form>
          <p class="meta">{t("wallet.share.privacy")}</p>
        </>
      )}
    </>
  );
}

/** The link just made, with its QR code: shown once, since only its digest is kept. */
export function ShareMadePage({
  ctx,
  licence,
  share,
  url,
  qr,
}: {
  ctx: PageContext;
  licence: LicenceHeader;
  share: Share;
  url: string;
  qr: string;
}) {
  const { t } = ctx;
  const until = chinaDateTime(share.expiresAt, ctx.locale);
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("wallet.title"), href: walletPaths.wallet }, { label: t("wallet.made.title") }]}
      />
      <h1>{t("wallet.made.title")}</h1>
      <p role="status">{t("wallet.made.status", { recipient: share.recipient, until })}</p>
      <LicenceFacts ctx={ctx} licence={licence} />
      <h2>{t("wallet.made.link")}</h2>
      <label for="share-url">{t("wallet.made.copy")}</label>
      <input type="text" id="share-url" readonly value={url} />
      <img class="qr" src={qr} width={220} height={220} alt={t("wallet.made.qrAlt", { url })} />
      <ul>
        <li>{t("wallet.made.onlyTo", { recipient: share.recipient })}</li>
        <li>{t("wallet.made.once")}</li>
        <li>{t("wallet.made.revoke")}</li>
      </ul>
      <p>
        <a href={`${walletPaths.wallet}#share-${share.id}`}>{t("wallet.back")}</a>
      </p>
    </>
  );
}
