import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { textOf } from "../catalog/public-views.tsx";
import { versionContent } from "../catalog/service.ts";
import { progressLookupPages } from "./progress-lookup.tsx";
import { casePath, ProgressBody, type ProgressData, showPage } from "./progress-views.tsx";
import * as service from "./service.ts";

const Params = Type.Object({ number: Type.String({ maxLength: 40 }) });
const MAX_REASON = 500;

function signIn(reply: FastifyReply, back: string) {
  return reply.redirect(`/account/signin?next=${encodeURIComponent(back)}`, 303);
}

function Receipt({ ctx, view }: { ctx: PageContext; view: service.CaseView }) {
  const { t } = ctx;
  const path = casePath(view.number);
  return (
    <>
      <p class="kicker">{textOf(ctx, view.item.name)}</p>
      <h1>{t("progress.receipt.title")}</h1>
      <div class="case-number panel">
        <span class="hint">{t("progress.number")}</span>
        <span class="number">{view.number}</span>
      </div>
      <p class="lead">{t("progress.receipt.keep")}</p>
      <h2>{t("progress.receipt.next")}</h2>
      <ol>
        <li>{t("progress.receipt.intake")}</li>
        <li>
          {view.clock.promisedDays === 0
            ? t("progress.receipt.instant")
            : t("progress.receipt.days", {
                days: view.clock.promisedDays,
                statutory: view.clock.statutoryDays,
              })}
        </li>
        <li>{t("progress.receipt.supplement")}</li>
        <li>{t("progress.receipt.follow")}</li>
      </ol>
      <ul class="actions">
        <li>
          <a class="button" href={`/api/v1/cases/${view.number}/receipt.pdf`}>
            {t("progress.receipt.pdf")}
          </a>
        </li>
        <li>
          <a href={path}>{t("progress.receipt.progress")}</a>
        </li>
        <li>
          <a href="/applications">{t("progress.mine")}</a>
        </li>
      </ul>
    </>
  );
}

interface WithdrawState {
  reason: string;
  problem?: string | undefined;
}

function Withdraw({ ctx, view, state }: { ctx: PageContext; view: service.CaseView; state: WithdrawState }) {
  const { t } = ctx;
  const path = casePath(view.number);
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("progress.mine"), href: "/applications" },
          { label: view.number, href: path },
          { label: t("progress.withdraw.title") },
        ]}
      />
      <p class="kicker">{textOf(ctx, view.item.name)}</p>
      <h1>{t("progress.withdraw.title")}</h1>
      {state.problem && (
        <div class="error-summary" role="alert" aria-labelledby="withdraw-problem" tabindex={-1} autofocus>
          <h2 id="withdraw-problem">{t("apply.problems.title")}</h2>
          <ul>
            <li>
              <a href="#reason">{state.problem}</a>
            </li>
          </ul>
        </div>
      )}
      <p class="lead">{t("progress.withdraw.lead", { number: view.number })}</p>
      <form method="post" action={`${path}/withdrawal`} class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(view.version)} />
        <div class={state.problem ? "field-error" : undefined}>
          <label for="reason">{t("progress.withdraw.reason")}</label>
          <span class="hint" id="reason-hint">
            {t("progress.withdraw.reasonHint", { max: MAX_REASON })}
          </span>
          {state.problem && (
            <span class="error-message" id="reason-error">
              {state.problem}
            </span>
          )}
          <textarea
            id="reason"
            name="reason"
            rows={3}
            maxLength={MAX_REASON}
            required
            aria-invalid={state.problem ? "true" : undefined}
            aria-describedby={state.problem ? "reason-hint reason-error" : "reason-hint"}
            value={state.reason}
          />
        </div>
        <div class="actions">
          <button class="button" type="submit">
            {t("progress.withdraw.confirm")}
          </button>
          <a href={path}>{t("progress.withdraw.cancel")}</a>
        </div>
      </form>
    </>
  );
}

const NOTICES = { withdrawn: "progress.done.withdrawn", resubmitted: "progress.done.resubmitted" } as const;

/** The applicant's side of a case: the receipt, the progress page, withdrawal; and the lookup. */
export const casePublicPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;

  async function progress(request: FastifyRequest, reply: FastifyReply, number: string, notice?: string) {
    const view = await service.getCase(db, request.actor, number);
    const [timeline, content] = await Promise.all([
      service.caseTimeline(db, request.actor, view.id),
      versionContent(db, view.item.id, view.item.version),
    ]);
    const data: ProgressData = { view, timeline, content, anonymous: false };
    return showPage(
      request,
      reply,
      (c) => `${c.t("progress.title")} ${view.number}`,
      (ctx) => (
        <>
          <Breadcrumb
            ctx={ctx}
            items={[{ label: ctx.t("progress.mine"), href: "/applications" }, { label: view.number }]}
          />
          {notice && <p role="status">{notice}</p>}
          <ProgressBody ctx={ctx} data={data} />
        </>
      ),
    );
  }

  await app.register(progressLookupPages);

  app.get(
    "/cases/:number",
    {
      config: { policy: "case.read" },
      schema: {
        hide: true,
        params: Params,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const done = request.query.done;
      const key = done && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : undefined;
      return progress(request, reply, request.params.number, key ? request.t(key) : undefined);
    },
  );

  app.get(
    "/cases/:number/receipt",
    { config: { policy: "case.read" }, schema: { hide: true, params: Params } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const view = await service.getCase(db, request.actor, request.params.number);
      return showPage(
        request,
        reply,
        (c) => c.t("progress.receipt.title"),
        (ctx) => <Receipt ctx={ctx} view={view} />,
      );
    },
  );

  app.get(
    "/cases/:number/withdraw",
    { config: { policy: "case.applicantAct" }, schema: { hide: true, params: Params } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const view = await service.getCase(db, request.actor, request.params.number);
      if (!view.allowedActions.includes("withdraw")) return reply.redirect(casePath(view.number), 303);
      return showPage(
        request,
        reply,
        (c) => c.t("progress.withdraw.title"),
        (ctx) => <Withdraw ctx={ctx} view={view} state={{ reason: "" }} />,
      );
    },
  );

  app.post(
    "/cases/:number/withdrawal",
    {
      config: { policy: "case.applicantAct" },
      schema: {
        hide: true,
        params: Params,
        body: Type.Object({
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
          version: Type.Optional(Type.String({ maxLength: 12 })),
        }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, casePath(request.params.number));
      const view = await service.getCase(db, request.actor, request.params.number);
      const reason = request.body.reason?.trim() ?? "";
      const refuse = (problem: string, status: number) => {
        reply.code(status);
        return showPage(
          request,
          reply,
          (c) => c.t("apply.errorTitle", { title: c.t("progress.withdraw.title") }),
          (ctx) => <Withdraw ctx={ctx} view={view} state={{ reason, problem }} />,
        );
      };
      if (!reason) return refuse(request.t("progress.withdraw.reasonRequired"), 400);
      if (reason.length > MAX_REASON) {
        return refuse(request.t("progress.withdraw.reasonTooLong", { max: MAX_REASON }), 400);
      }
      const version = Number(request.body.version);
      try {
        await service.applicantAct(
          db,
          { jobs, config, requestId: request.id },
          request.actor,
          view.id,
          "withdraw",
          { reason, ...(Number.isInteger(version) ? { version } : {}) },
        );
      } catch (error) {
        // Changed since the page was drawn, or no longer allowed: the page says so and what to do.
        if (!isAppError(error) || error.status !== 409) throw error;
        return refuse(problemText(error, request.t), 409);
      }
      return reply.redirect(`${casePath(view.number)}?done=withdrawn`, 303);
    },
  );
};
