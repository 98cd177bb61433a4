/** The parts of the account page: profile, address, organisations with their agents. */
import type { MessageKey } from "../../platform/i18n/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import { CsrfField } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, NO_ERRORS, Submit, type Values } from "./form-kit.tsx";
import type * as organisations from "./organisations.ts";
import type * as service from "./service.ts";
import { ORGANISATION_KINDS } from "./tables.ts";

/** A form the page shows again after a refused post, with what was typed and what was wrong. */
export interface Refused {
  values: Values;
  errors: FormErrors;
}

/** What the page shows besides the account: a notice after a change, or the form that was refused. */
export interface AccountState {
  notice?: MessageKey;
  contact?: Refused;
  password?: Refused;
  mobile?: Refused;
  mobileCode?: Refused;
  mobileRemoval?: Refused;
  register?: Refused;
  grant?: Refused & { organisationId: string };
}

export function Profile({ ctx, profile }: { ctx: PageContext; profile: service.Profile }) {
  const { t } = ctx;
  return (
    <>
      <h2>{t("account.profile")}</h2>
      <dl class="facts">
        <dt>{t("account.field.name")}</dt>
        <dd>{profile.name}</dd>
        <dt>{t("account.field.idNumber")}</dt>
        <dd>{profile.idNumberMasked}</dd>
        <dt>{t("account.field.email")}</dt>
        <dd>
          {profile.email ?? t("account.none")}{" "}
          <span class="tag">
            {t(profile.emailVerified ? "account.emailVerified" : "account.emailUnverified")}
          </span>
        </dd>
        <dt>{t("account.field.mobile")}</dt>
        <dd>{profile.mobileMasked ?? t("account.none")}</dd>
        <dt>{t("account.field.addressRegion")}</dt>
        <dd>
          {profile.addressRegion ? (
            <a href={`/regions/${profile.addressRegion.code}`}>{profile.addressRegion.name}</a>
          ) : (
            t("account.none")
          )}
        </dd>
      </dl>
      {profile.email && !profile.emailVerified && (
        <form method="post" action="/account/verify/resend">
          <CsrfField token={ctx.csrfToken} />
          <Submit>{t("account.resend")}</Submit>
        </form>
      )}
    </>
  );
}

export function ContactForm({
  ctx,
  profile,
  refused,
}: {
  ctx: PageContext;
  profile: service.Profile;
  refused: Refused | undefined;
}) {
  const { t } = ctx;
  const errors = refused?.errors ?? NO_ERRORS;
  return (
    <>
      <h2>{t("account.contact.title")}</h2>
      <ErrorSummary t={t} errors={errors} firstField="addressRegionCode" />
      <form class="stack" method="post" action="/account/contact" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id="addressRegionCode"
          label={t("account.contact.region")}
          hint={t("account.field.addressRegion.hint")}
          value={refused ? refused.values.addressRegionCode : profile.addressRegion?.code}
          error={errors.fields.addressRegionCode}
          inputmode="numeric"
        />
        <Submit>{t("account.contact.submit")}</Submit>
      </form>
    </>
  );
}

export function Agents({
  ctx,
  organisation,
  refused,
}: {
  ctx: PageContext;
  organisation: organisations.Organisation;
  refused: Refused | undefined;
}) {
  const { t } = ctx;
  const agents = organisation.agents ?? [];
  const prefix = `g${organisation.id}-`;
  const errors = refused?.errors ?? NO_ERRORS;
  return (
    <>
      <h4>{t("organisation.agents")}</h4>
      {agents.length === 0 ? (
        <p>{t("organisation.noAgents")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("organisation.agent.name")}</th>
              <th scope="col">{t("organisation.agent.idNumber")}</th>
              <th scope="col">{t("organisation.agent.services")}</th>
              <th scope="col">
                <span class="meta">{t("organisation.agent.revoke")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.personId}>
                <td>{a.name}</td>
                <td>{a.idNumberMasked}</td>
                <td>{a.services ? a.services.join(", ") : t("organisation.agent.allServices")}</td>
                <td>
                  <form
                    method="post"
                    action={`/account/organisations/${organisation.id}/agents/${a.personId}/revoke`}
                  >
                    <CsrfField token={ctx.csrfToken} />
                    <button
                      class="button"
                      type="submit"
                      aria-label={`${t("organisation.agent.revoke")}: ${a.name}`}
                    >
                      {t("organisation.agent.revoke")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{t("organisation.grant.title")}</h4>
      <ErrorSummary t={t} errors={errors} firstField={`${prefix}agent`} />
      <form
        class="stack"
        method="post"
        action={`/account/organisations/${organisation.id}/agents`}
        novalidate
      >
        <CsrfField token={ctx.csrfToken} />
        <Field
          id={`${prefix}agent`}
          name="agent"
          label={t("organisation.grant.agent")}
          value={refused?.values.agent}
          error={errors.fields[`${prefix}agent`]}
          autocomplete="off"
          required
        />
        <Field
          id={`${prefix}services`}
          name="services"
          label={t("organisation.grant.services")}
          value={refused?.values.services}
          error={errors.fields[`${prefix}services`]}
        />
        <Submit>{t("organisation.grant.submit")}</Submit>
      </form>
    </>
  );
}

export function Organisations({
  ctx,
  list,
  state,
}: {
  ctx: PageContext;
  list: organisations.Organisation[];
  state: AccountState;
}) {
  const { t } = ctx;
  return (
    <>
      <h2>{t("organisation.title")}</h2>
      {list.length === 0 && <p>{t("organisation.none")}</p>}
      {list.map((o) => (
        <section key={o.id} aria-labelledby={`org-${o.id}`}>
          <h3 id={`org-${o.id}`}>{o.name}</h3>
          <dl class="facts">
            <dt>{t("organisation.creditCode")}</dt>
            <dd>{o.creditCode}</dd>
            <dt>{t("organisation.kind")}</dt>
            <dd>{t(`organisation.kind.${o.kind}`)}</dd>
            <dt>{t("organisation.region")}</dt>
            <dd>
              <a href={`/regions/${o.regionCode}`}>{o.regionName}</a>
            </dd>
            <dt>{t("organisation.role")}</dt>
            <dd>{t(`organisation.role.${o.role}`)}</dd>
          </dl>
          <p>
            <a href={`/account/organisations/${o.id}/data-reads`}>{t("dataReads.organisationLink")}</a>
          </p>
          {o.role === "legal_representative" && (
            <Agents
              ctx={ctx}
              organisation={o}
              refused={state.grant?.organisationId === o.id ? state.grant : undefined}
            />
          )}
        </section>
      ))}
      <RegisterForm ctx={ctx} refused={state.register} />
    </>
  );
}

export function RegisterForm({ ctx, refused }: { ctx: PageContext; refused: Refused | undefined }) {
  const { t } = ctx;
  const errors = refused?.errors ?? NO_ERRORS;
  const kindError = errors.fields["org-kind"];
  return (
    <>
      <h3>{t("organisation.register.title")}</h3>
      <p>{t("organisation.register.lead")}</p>
      <ErrorSummary t={t} errors={errors} firstField="org-kind" />
      <form class="stack" method="post" action="/account/organisations" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <fieldset
          class={kindError ? "field-error" : undefined}
          aria-describedby={kindError ? "org-kind-error" : undefined}
        >
          <legend>{t("organisation.kind")}</legend>
          {kindError && (
            <span class="error-message" id="org-kind-error">
              {kindError}
            </span>
          )}
          {ORGANISATION_KINDS.map((kind, i) => (
            <label key={kind}>
              <input
                type="radio"
                id={i === 0 ? "org-kind" : `org-kind-${kind}`}
                name="kind"
                value={kind}
                checked={refused?.values.kind === kind}
              />{" "}
              {t(`organisation.kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <Field
          id="org-name"
          name="name"
          label={t("organisation.name")}
          value={refused?.values.name}
          error={errors.fields["org-name"]}
          autocomplete="organization"
          required
        />
        <Field
          id="org-creditCode"
          name="creditCode"
          label={t("organisation.creditCode")}
          value={refused?.values.creditCode}
          error={errors.fields["org-creditCode"]}
          autocomplete="off"
          required
        />
        <Field
          id="org-regionCode"
          name="regionCode"
          label={t("organisation.region")}
          value={refused?.values.regionCode}
          error={errors.fields["org-regionCode"]}
          inputmode="numeric"
          required
        />
        <Submit>{t("organisation.register.submit")}</Submit>
      </form>
    </>
  );
}
