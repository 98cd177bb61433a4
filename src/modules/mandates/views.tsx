/** The parts of the mandate pages: a mandate's facts, the actions under it, and the forms. */
import { hasMessage, type MessageKey, type Translate } from "../../platform/i18n/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import { CsrfField } from "../../web/layout.tsx";
import {
  ErrorSummary,
  Field,
  type FormErrors,
  NO_ERRORS,
  Submit,
  type Values,
} from "../applicants/form-kit.tsx";
import { dayOf, lastDayBefore, minuteOf } from "./dates.ts";
import { describeServices, type Mandate } from "./service.ts";

/** A form shown again after a refused post, with what was typed and what was wrong. */
export interface Refused {
  values: Values;
  errors: FormErrors;
}

/** What a page shows besides the list: a notice after a change, a refusal, or the form that was refused. */
export interface PageState {
  notice?: { key: MessageKey; params?: Record<string, string | number> };
  problem?: string;
  grant?: Refused;
  request?: Refused;
  consent?: Refused & { mandateId: string };
}

export function Notices({ ctx, state }: { ctx: PageContext; state: PageState }) {
  return (
    <>
      {state.notice && <p role="status">{ctx.t(state.notice.key, state.notice.params)}</p>}
      {state.problem && (
        <div class="error-summary" role="alert">
          <p>{state.problem}</p>
        </div>
      )}
    </>
  );
}

function Facts({ t, mandate }: { t: Translate; mandate: Mandate }) {
  const other = mandate.role === "principal" ? mandate.agent : mandate.principal;
  return (
    <dl class="facts">
      <dt>{t("mandate.col.idNumber")}</dt>
      <dd>{other.idNumberMasked}</dd>
      <dt>{t("mandate.col.services")}</dt>
      <dd>{describeServices(t, mandate.services)}</dd>
      <dt>{t("mandate.col.period")}</dt>
      <dd>
        {t("mandate.period", { from: dayOf(mandate.validFrom), until: lastDayBefore(mandate.validUntil) })}
      </dd>
      <dt>{t("mandate.col.state")}</dt>
      <dd>
        <span class="tag">{t(`mandate.state.${mandate.state}`)}</span>
      </dd>
      <dt>{t("mandate.col.method")}</dt>
      <dd>{t(`mandate.method.${mandate.consentMethod}`)}</dd>
    </dl>
  );
}

function actionLabel(t: Translate, action: string): string {
  const key = `mandate.act.${action}`;
  return hasMessage(key) ? t(key) : action;
}

function Actions({ t, mandate }: { t: Translate; mandate: Mandate }) {
  const actions = mandate.actions ?? [];
  return (
    <>
      <h3>{t("mandate.actions")}</h3>
      {actions.length === 0 ? (
        <p>{t("mandate.actions.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("mandate.col.at")}</th>
              <th scope="col">{t("mandate.col.action")}</th>
              <th scope="col">{t("mandate.col.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={`${a.at.toISOString()}${a.action}${a.subjectId}`}>
                <td>{minuteOf(a.at)}</td>
                <td>{actionLabel(t, a.action)}</td>
                <td>
                  {a.subjectKind && a.subjectKind !== "person"
                    ? `${a.subjectKind} ${a.subjectId ?? ""}`
                    : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The button that ends a mandate; `back` tells the post which page to return to. */
function EndButton({ ctx, mandate }: { ctx: PageContext; mandate: Mandate }) {
  if (!mandate.allowed.includes("revoke")) return null;
  const { t } = ctx;
  const other = mandate.role === "principal" ? mandate.agent : mandate.principal;
  const label =
    mandate.role === "agent"
      ? t("mandate.renounce")
      : mandate.state === "pending"
        ? t("mandate.refuse")
        : t("mandate.revoke");
  return (
    <form method="post" action={`/account/mandates/${mandate.id}/revoke`}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="back" value={mandate.role === "agent" ? "held" : "granted"} />
      <button class="button" type="submit" aria-label={`${label}: ${other.name}`}>
        {label}
      </button>
    </form>
  );
}

export function GrantedList({ ctx, list }: { ctx: PageContext; list: Mandate[] }) {
  const { t } = ctx;
  if (list.length === 0) return <p>{t("mandate.granted.none")}</p>;
  return (
    <>
      {list.map((m) => (
        <section key={m.id} aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>{t("mandate.heading.agent", { name: m.agent.name })}</h2>
          <Facts t={t} mandate={m} />
          <EndButton ctx={ctx} mandate={m} />
          <Actions t={t} mandate={m} />
        </section>
      ))}
    </>
  );
}

function ConsentForm({ ctx, mandate, refused }: { ctx: PageContext; mandate: Mandate; refused?: Refused }) {
  const { t } = ctx;
  const id = `c${mandate.id}-code`;
  const errors = refused?.errors ?? NO_ERRORS;
  // A refusal of the code itself (wrong, expired) belongs under the code field.
  const codeError = errors.fields[id] ?? errors.form;
  return (
    <>
      {mandate.codeSentTo && <p>{t("mandate.codeSentTo", { to: mandate.codeSentTo })}</p>}
      <ErrorSummary t={t} errors={{ fields: codeError ? { [id]: codeError } : {} }} firstField={id} />
      <form class="inline" method="post" action={`/account/mandates/${mandate.id}/consent`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id={id}
          name="code"
          label={t("mandate.consent.code")}
          error={codeError}
          autocomplete="one-time-code"
          inputmode="numeric"
          required
        />
        <Submit>{t("mandate.consent.submit")}</Submit>
      </form>
    </>
  );
}

export function HeldList({ ctx, list, state }: { ctx: PageContext; list: Mandate[]; state: PageState }) {
  const { t } = ctx;
  if (list.length === 0) return <p>{t("mandate.held.none")}</p>;
  return (
    <>
      {list.map((m) => (
        <section key={m.id} aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>{t("mandate.heading.principal", { name: m.principal.name })}</h2>
          <Facts t={t} mandate={m} />
          {m.allowed.includes("act") && (
            <p>
              <a href={`/account/mandates/${m.id}/principal`}>{t("mandate.principal.link")}</a>
            </p>
          )}
          {m.allowed.includes("confirm") && (
            <ConsentForm
              ctx={ctx}
              mandate={m}
              {...(state.consent?.mandateId === m.id ? { refused: state.consent } : {})}
            />
          )}
          <EndButton ctx={ctx} mandate={m} />
        </section>
      ))}
    </>
  );
}

/** The period and services fields both forms share. */
function TermsFields({ t, refused }: { t: Translate; refused: Refused | undefined }) {
  const errors = refused?.errors ?? NO_ERRORS;
  return (
    <>
      <Field
        id="services"
        label={t("mandate.field.services")}
        value={refused?.values.services}
        error={errors.fields.services}
      />
      <Field
        id="validFrom"
        label={t("mandate.field.validFrom")}
        value={refused?.values.validFrom}
        error={errors.fields.validFrom}
        inputmode="numeric"
      />
      <Field
        id="validUntil"
        label={t("mandate.field.validUntil")}
        hint={t("mandate.field.validUntil.hint")}
        value={refused?.values.validUntil}
        error={errors.fields.validUntil}
        inputmode="numeric"
        required
      />
    </>
  );
}

/** The two ways to ask for a mandate differ only in who is named and where the form goes. */
const PARTY_FORMS = {
  grant: {
    action: "/account/mandates",
    name: "agentName",
    identifier: "agent",
    keys: {
      title: "mandate.grant.title",
      lead: "mandate.grant.lead",
      name: "mandate.grant.agentName",
      identifier: "mandate.grant.agent",
      submit: "mandate.grant.submit",
    },
  },
  request: {
    action: "/account/mandates/held",
    name: "principalName",
    identifier: "principal",
    keys: {
      title: "mandate.request.title",
      lead: "mandate.request.lead",
      name: "mandate.request.principalName",
      identifier: "mandate.request.principal",
      submit: "mandate.request.submit",
    },
  },
} as const;

/** The principal granting online (`grant`) or the agent asking by code (`request`): the other party and the terms. */
function PartyForm({
  ctx,
  refused,
  kind,
}: {
  ctx: PageContext;
  refused: Refused | undefined;
  kind: keyof typeof PARTY_FORMS;
}) {
  const { t } = ctx;
  const { action, name, identifier, keys } = PARTY_FORMS[kind];
  const errors = refused?.errors ?? NO_ERRORS;
  return (
    <section aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`}>{t(keys.title)}</h2>
      <p>{t(keys.lead)}</p>
      <ErrorSummary t={t} errors={errors} firstField={name} />
      <form class="stack" method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          id={name}
          label={t(keys.name)}
          value={refused?.values[name]}
          error={errors.fields[name]}
          autocomplete="off"
          required
        />
        <Field
          id={identifier}
          label={t(keys.identifier)}
          value={refused?.values[identifier]}
          error={errors.fields[identifier]}
          autocomplete="off"
          required
        />
        <TermsFields t={t} refused={refused} />
        <Submit>{t(keys.submit)}</Submit>
      </form>
    </section>
  );
}

export function GrantForm({ ctx, refused }: { ctx: PageContext; refused: Refused | undefined }) {
  return <PartyForm ctx={ctx} refused={refused} kind="grant" />;
}

export function RequestForm({ ctx, refused }: { ctx: PageContext; refused: Refused | undefined }) {
  return <PartyForm ctx={ctx} refused={refused} kind="request" />;
}

/** Links between the person's own pages. */
export function PageLinks({ t, here }: { t: Translate; here: "granted" | "held" }) {
  return (
    <p>
      <a href="/account">{t("mandate.link.account")}</a>
      {" · "}
      {here === "granted" ? (
        <a href="/account/mandates/held">{t("mandate.link.held")}</a>
      ) : (
        <a href="/account/mandates">{t("mandate.link.granted")}</a>
      )}
    </p>
  );
}
