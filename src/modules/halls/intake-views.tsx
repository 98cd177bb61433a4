import type { FastifyRequest } from "fastify";
import { can } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, Submit, type Values } from "../applicants/form-kit.tsx";
import type { Profile } from "../applicants/service.ts";
import { listSites, type Site } from "./sites.ts";

/** The views of window intake: where it starts (find or register), and the person found. */
export const BASE = "/work/intake";

/** The sites a clerk may say they sit at: those within the jurisdictions they hold window_clerk in. */
export async function sitesOf(request: FastifyRequest): Promise<Site[]> {
  const actor = request.actor;
  if (actor.kind !== "staff") return [];
  const regions = actor.grants.filter((g) => g.role === "window_clerk").map((g) => g.jurisdictionCode);
  const lists = await Promise.all(
    [...new Set(regions)].map((region) => listSites(request.server.platform.database.db, { region })),
  );
  const seen = new Map(lists.flat().map((s) => [s.code, s]));
  return [...seen.values()].filter((s) => can(actor, "intake.site", { regionCode: s.regionCode }));
}

function SiteSelect({
  ctx,
  sites,
  value,
  id,
}: {
  ctx: PageContext;
  sites: Site[];
  value?: string | undefined;
  id: string;
}) {
  return (
    <div>
      <label for={id}>{ctx.t("intake.site")}</label>
      <select id={id} name="site" required>
        {sites.map((s) => (
          <option key={s.code} value={s.code} selected={s.code === value}>
            {ctx.locale === "en" && s.nameEn ? s.nameEn : s.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface Start {
  sites: Site[];
  drafts: { id: string; name: string; name_en: string }[];
  values: Values;
  find: FormErrors;
  register: FormErrors;
}

/** Where the intake starts: who sits where, then find the person or register them. */
export function StartPage({ ctx, state }: { ctx: PageContext; state: Start }) {
  const { t } = ctx;
  const v = state.values;
  return (
    <>
      <h1>{t("intake.title")}</h1>
      <p class="lead">{t("intake.lead")}</p>
      <section aria-labelledby="find-title">
        <h2 id="find-title">{t("intake.find.title")}</h2>
        <ErrorSummary t={t} errors={state.find} firstField="idNumber" />
        <form class="stack" method="post" action={`${BASE}/find`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <SiteSelect ctx={ctx} sites={state.sites} value={v.site} id="find-site" />
          <Field
            id="idNumber"
            label={t("intake.idNumber")}
            value={v.idNumber}
            error={state.find.fields.idNumber}
            autocomplete="off"
            required
          />
          <Field
            id="purpose"
            label={t("intake.purpose")}
            hint={t("intake.purposeHint")}
            value={v.purpose}
            error={state.find.fields.purpose}
            autocomplete="off"
            required
          />
          <Submit>{t("intake.find.submit")}</Submit>
        </form>
      </section>
      <section aria-labelledby="register-title">
        <h2 id="register-title">{t("intake.register.title")}</h2>
        <p>{t("intake.register.lead")}</p>
        <ErrorSummary t={t} errors={state.register} firstField="r-name" />
        <form class="stack" method="post" action={`${BASE}/register`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <SiteSelect ctx={ctx} sites={state.sites} value={v.site} id="register-site" />
          <Field
            id="r-name"
            name="name"
            label={t("intake.name")}
            value={v.name}
            error={state.register.fields["r-name"]}
            autocomplete="off"
            required
          />
          <Field
            id="r-idNumber"
            name="idNumber"
            label={t("intake.idNumber")}
            value={v.registerId}
            error={state.register.fields["r-idNumber"]}
            autocomplete="off"
            required
          />
          <Field
            id="r-mobile"
            name="mobile"
            label={t("intake.mobile")}
            value={v.mobile}
            error={state.register.fields["r-mobile"]}
            inputmode="tel"
            autocomplete="off"
            required
          />
          <Submit>{t("intake.register.submit")}</Submit>
        </form>
      </section>
      {state.drafts.length > 0 && (
        <section aria-labelledby="drafts-title">
          <h2 id="drafts-title">{t("intake.drafts")}</h2>
          <ul>
            {state.drafts.map((d) => (
              <li key={d.id}>
                <a href={`/applications/${d.id}`}>{ctx.locale === "en" && d.name_en ? d.name_en : d.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export interface PersonState {
  person: Profile;
  pass: string;
  site: string;
  created: boolean;
  values: Values;
  start: FormErrors;
  takeOver: FormErrors;
}

/** The person found: start a new application for them, or take over the one on their phone. */
export function PersonPage({ ctx, state }: { ctx: PageContext; state: PersonState }) {
  const { t } = ctx;
  const { person } = state;
  const hidden = (
    <>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="pass" value={state.pass} />
      <input type="hidden" name="site" value={state.site} />
    </>
  );
  return (
    <>
      <h1>{person.name}</h1>
      {state.created && <p class="notice">{t("intake.registered")}</p>}
      <dl class="facts">
        <dt>{t("intake.idNumber")}</dt>
        <dd>{person.idNumberMasked}</dd>
        <dt>{t("intake.mobile")}</dt>
        <dd>{person.mobileMasked ?? t("intake.none")}</dd>
      </dl>
      <section aria-labelledby="start-title">
        <h2 id="start-title">{t("intake.start.title")}</h2>
        <ErrorSummary t={t} errors={state.start} firstField="item" />
        <form class="stack" method="post" action={`${BASE}/start`} novalidate>
          {hidden}
          <Field
            id="item"
            label={t("intake.item")}
            hint={t("intake.itemHint")}
            value={state.values.item}
            error={state.start.fields.item}
            autocomplete="off"
            required
          />
          <Field
            id="handlingRegion"
            label={t("intake.handlingRegion")}
            hint={t("intake.handlingRegionHint")}
            value={state.values.handlingRegion}
            error={state.start.fields.handlingRegion}
            inputmode="numeric"
            autocomplete="off"
          />
          <Submit>{t("intake.start.submit")}</Submit>
        </form>
      </section>
      <section aria-labelledby="takeover-title">
        <h2 id="takeover-title">{t("intake.takeOver.title")}</h2>
        <p>{t("intake.takeOver.lead")}</p>
        <ErrorSummary t={t} errors={state.takeOver} firstField="application" />
        <form class="stack" method="post" action={`${BASE}/takeover`} novalidate>
          {hidden}
          <Field
            id="application"
            label={t("intake.application")}
            value={state.values.application}
            error={state.takeOver.fields.application}
            autocomplete="off"
            required
          />
          <Submit>{t("intake.takeOver.submit")}</Submit>
        </form>
      </section>
      <p>
        <a href={BASE}>{t("intake.next")}</a>
      </p>
    </>
  );
}
