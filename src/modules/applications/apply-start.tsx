import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors, isAppError } from "../../platform/errors.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { listMyOrganisations } from "../applicants/organisations.ts";
import { contactOf } from "../applicants/service.ts";
import { daysText, guidePath, Txt, textOf, Zh } from "../catalog/public-views.tsx";
import { type Applicable, applicableOffering, type OfferingRecord, publicItem } from "../catalog/service.ts";
import { listHeld } from "../mandates/service.ts";
import { paths, show, signIn, when } from "./apply-kit.tsx";
import { type OfferedNow, offeringsFor, whereOfferedNow } from "./apply-service.ts";
import { type ApplyFor, myDrafts, startApplication } from "./service.ts";

const OfferingParams = Type.Object({ offering: Type.String({ maxLength: 40 }) });
const StartBody = Type.Object({ for: Type.Optional(Type.String({ maxLength: 60 })) });

interface Choice {
  value: string;
  label: string;
  hint: string;
}

interface StartView {
  applicable: Applicable;
  choices: Choice[];
  drafts: { id: string; updatedAt: Date }[];
  chosen?: string | undefined;
  problem?: string | undefined;
}

function Hall({ ctx, offering }: { ctx: PageContext; offering: OfferingRecord }) {
  const department =
    ctx.locale === "en" && offering.departmentNameEn ? (
      offering.departmentNameEn
    ) : (
      <Zh ctx={ctx}>{offering.departmentName}</Zh>
    );
  return (
    <>
      {offering.hallName ? <Zh ctx={ctx}>{offering.hallName}</Zh> : department}
      {(offering.hallName || offering.hallAddress) && (
        <span class="hint">
          {offering.hallName && department}
          {offering.hallName && offering.hallAddress && " · "}
          {offering.hallAddress && <Zh ctx={ctx}>{offering.hallAddress}</Zh>}
        </span>
      )}
    </>
  );
}

function StartPage({ ctx, view }: { ctx: PageContext; view: StartView }) {
  const { t } = ctx;
  const { item, content, offering } = view.applicable;
  const action = `/apply/${offering.id}`;
  const chosen = view.chosen ?? view.choices[0]?.value;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("services.title"), href: "/services" },
          { label: textOf(ctx, content.name), href: guidePath(item.code) },
          { label: t("apply.start.title") },
        ]}
      />
      <p class="kicker">
        <Txt ctx={ctx} text={content.name} />
      </p>
      <h1>{t("apply.start.title")}</h1>
      <dl class="facts">
        <dt>{t("apply.start.where")}</dt>
        <dd>
          <Hall ctx={ctx} offering={offering} />
        </dd>
        <dt>{t("services.guide.promised")}</dt>
        <dd>{daysText(ctx, offering.promisedDays ?? content.promisedDays)}</dd>
      </dl>
      {view.drafts.length > 0 && (
        <section class="notice" aria-labelledby="drafts-title">
          <h2 id="drafts-title">{t("apply.start.drafts")}</h2>
          <ul>
            {view.drafts.map((d) => (
              <li key={d.id}>
                <a href={paths.resume(d.id)}>
                  {t("apply.start.continue", { date: when(d.updatedAt, ctx.locale) })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {view.problem && (
        <div class="error-summary" role="alert" aria-labelledby="start-problem" tabindex={-1} autofocus>
          <h2 id="start-problem">{t("apply.problems.title")}</h2>
          <p>
            <a href="#for">{view.problem}</a>
          </p>
        </div>
      )}
      {view.choices.length === 0 ? (
        <p>
          {t("apply.start.nobody")} <a href="/account">{t("apply.start.account")}</a>
        </p>
      ) : (
        <form method="post" action={action} class="stack">
          <CsrfField token={ctx.csrfToken} />
          <fieldset class="form-field" id="for" aria-describedby={view.problem ? "for-error" : undefined}>
            <legend>{t("apply.start.who")}</legend>
            {view.problem && (
              <span class="error-message" id="for-error">
                {view.problem}
              </span>
            )}
            <div class="choices">
              {view.choices.map((c, i) => (
                <div class="choice" key={c.value}>
                  <input
                    type="radio"
                    id={`for-${i}`}
                    name="for"
                    value={c.value}
                    checked={c.value === chosen}
                    aria-describedby={`for-${i}-hint`}
                  />
                  <label for={`for-${i}`}>{c.label}</label>
                  <span class="hint" id={`for-${i}-hint`}>
                    {c.hint}
                  </span>
                </div>
              ))}
            </div>
          </fieldset>
          <div>
            <button class="button" type="submit">
              {t("apply.start.submit")}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

/** 410: the address no longer takes applications; where the item is offered now, or that it is retired. */
export function GonePage({ ctx, gone }: { ctx: PageContext; gone: OfferedNow | undefined }) {
  const { t } = ctx;
  return (
    <>
      <h1>{gone ? textOf(ctx, gone.name) : t("apply.gone.title")}</h1>
      <div class="notice">
        <h2>{gone?.retired ? t("services.retired.title") : t("apply.gone.title")}</h2>
        <p>{gone?.retired ? t("services.retired.next") : t("apply.gone.text")}</p>
      </div>
      {gone && gone.offerings.length > 0 && (
        <>
          <h2>{t("apply.gone.now")}</h2>
          <OfferingList ctx={ctx} offerings={gone.offerings} />
        </>
      )}
      <p>
        {gone && !gone.retired ? (
          <a href={guidePath(gone.code)}>{t("apply.gone.guide")}</a>
        ) : (
          <a href="/services">{t("services.retired.search")}</a>
        )}
      </p>
    </>
  );
}

function OfferingList({ ctx, offerings }: { ctx: PageContext; offerings: OfferingRecord[] }) {
  return (
    <ul class="halls">
      {offerings.map((o) => (
        <li key={o.id}>
          <p>
            <Hall ctx={ctx} offering={o} />
          </p>
          <a class="button secondary" href={`/apply/${o.id}`}>
            {ctx.t("apply.gone.applyHere")}
          </a>
        </li>
      ))}
    </ul>
  );
}

function parseFor(raw: string | undefined): ApplyFor {
  const [kind, id] = (raw ?? "self").split(":");
  if (kind === "organisation" && id) return { organisation: id };
  if (kind === "principal" && id) return { principal: id };
  return undefined;
}

/**
 * Starting an application: through the guide's "Apply online" (which offering, when several take it),
 * then who is applying — oneself, an organisation one acts for, or someone whose mandate one holds.
 */
export const applyStartPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  async function choicesFor(request: FastifyRequest, applicable: Applicable): Promise<Choice[]> {
    const { t, actor } = request;
    const code = applicable.item.code;
    const audience = applicable.content.audience;
    const choices: Choice[] = [];
    if (audience.includes("person")) {
      choices.push({ value: "self", label: t("apply.start.self"), hint: t("apply.start.selfHint") });
      for (const m of await listHeld(db, actor)) {
        if (!m.allowed.includes("act") || (m.services && !m.services.includes(code))) continue;
        choices.push({
          value: `principal:${m.principal.id}`,
          label: t("apply.start.principal", { name: m.principal.name }),
          hint: t("apply.start.principalHint", { id: m.principal.idNumberMasked }),
        });
      }
    }
    if (audience.includes("legal_person")) {
      for (const o of await listMyOrganisations(db, actor)) {
        if (o.role === "agent" && o.myServices && !o.myServices.includes(code)) continue;
        choices.push({
          value: `organisation:${o.id}`,
          label: t("apply.start.organisation", { name: o.name }),
          hint: t("apply.start.organisationHint", { code: o.creditCode }),
        });
      }
    }
    return choices;
  }

  /** 410 Gone for an offering withdrawn or an item retired: where to apply now, or that it has ended. */
  async function gone(request: FastifyRequest, reply: FastifyReply, offeringId: string) {
    const contact = request.actor.kind === "person" ? await contactOf(db, request.actor.id) : undefined;
    const now = await whereOfferedNow(db, offeringId, contact?.addressRegionCode ?? null);
    reply.code(410);
    return show(
      request,
      reply,
      (c) => (now ? textOf(c, now.name) : c.t("apply.gone.title")),
      (ctx) => <GonePage ctx={ctx} gone={now} />,
    );
  }

  /** The offering applied through, or undefined once the reader has been given the 410 page. */
  async function applicable(request: FastifyRequest, reply: FastifyReply, offeringId: string) {
    try {
      return await applicableOffering(db, offeringId);
    } catch (error) {
      if (!isAppError(error) || error.status !== 410) throw error;
      await gone(request, reply, offeringId);
      return undefined;
    }
  }

  async function start(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Applicable,
    refused?: { chosen: string | undefined; problem: string },
  ) {
    const drafts = await myDrafts(db, request.actor);
    const view: StartView = {
      applicable: found,
      choices: await choicesFor(request, found),
      drafts: drafts
        .filter((d) => d.offering_id === found.offering.id)
        .map((d) => ({ id: d.id, updatedAt: d.updated_at })),
      ...(refused ? { chosen: refused.chosen, problem: refused.problem } : {}),
    };
    return show(
      request,
      reply,
      (c) => c.t("apply.start.title"),
      (ctx) => <StartPage ctx={ctx} view={view} />,
    );
  }

  app.get(
    "/apply/:offering",
    { config: { policy: "application.create" }, schema: { hide: true, params: OfferingParams } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      // Staff apply at a window, for someone: this page is for people, and says so (403).
      await myDrafts(db, request.actor);
      const found = await applicable(request, reply, request.params.offering);
      return found ? start(request, reply, found) : reply;
    },
  );

  app.post(
    "/apply/:offering",
    {
      config: { policy: "application.create" },
      schema: { hide: true, params: OfferingParams, body: StartBody },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      if (request.actor.kind !== "person") throw errors.forbidden();
      const found = await applicable(request, reply, request.params.offering);
      if (!found) return reply;
      try {
        const row = await startApplication(db, request.actor, {
          offeringId: found.offering.id,
          applyFor: parseFor(request.body.for),
        });
        return reply.redirect(paths.page(row.id, 1), 303);
      } catch (error) {
        // Whom the reader chose cannot apply (the wrong audience, a mandate no longer in force): the
        // choice is shown again with why.
        if (!isAppError(error) || error.status >= 500) throw error;
        reply.code(error.status === 404 ? 400 : error.status);
        return start(request, reply, found, {
          chosen: request.body.for,
          problem: problemText(error, request.t),
        });
      }
    },
  );

  app.get(
    "/services/:code/apply",
    {
      config: { policy: "catalog.read" },
      schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 60 }) }) },
    },
    async (request, reply) => {
      const { item, version } = await publicItem(db, request.params.code);
      const region = request.actor.kind === "person" ? await contactOf(db, request.actor.id) : undefined;
      const offerings =
        version.status === "retired"
          ? []
          : await offeringsFor(db, item.code, region?.addressRegionCode ?? null);
      if (offerings.length === 1 && offerings[0]) return reply.redirect(`/apply/${offerings[0].id}`, 303);
      if (offerings.length === 0) {
        reply.code(410);
        const gone: OfferedNow = {
          code: item.code,
          name: version.content.name,
          retired: version.status === "retired",
          offerings: [],
        };
        return show(
          request,
          reply,
          (c) => textOf(c, version.content.name),
          (ctx) => <GonePage ctx={ctx} gone={gone} />,
        );
      }
      return show(
        request,
        reply,
        (c) => c.t("apply.choose.title"),
        (ctx) => (
          <>
            <Breadcrumb
              ctx={ctx}
              items={[
                { label: ctx.t("services.title"), href: "/services" },
                { label: textOf(ctx, version.content.name), href: guidePath(item.code) },
                { label: ctx.t("apply.choose.title") },
              ]}
            />
            <p class="kicker">
              <Txt ctx={ctx} text={version.content.name} />
            </p>
            <h1>{ctx.t("apply.choose.title")}</h1>
            <p class="lead">{ctx.t("apply.choose.lead")}</p>
            <OfferingList ctx={ctx} offerings={offerings} />
          </>
        ),
      );
    },
  );
};
