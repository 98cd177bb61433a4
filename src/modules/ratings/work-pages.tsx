import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { presentRectification, type RectificationView } from "./present.ts";
import { levelName, RectificationFacts, tagName, when } from "./rate-views.tsx";
import { loadRectification, rectificationWorklist, STEPS, type Step, takeStep } from "./rectify.ts";
import type { RatingRow } from "./tables.ts";

const Uuid = Type.String({ format: "uuid" });
const STEP_WORDS: Partial<Record<Step, { button: MessageKey; label: MessageKey }>> = {
  callback: { button: "rating.work.callback", label: "rating.work.callbackLabel" },
  resolve: { button: "rating.work.resolve", label: "rating.work.resolveLabel" },
  uphold: { button: "rating.work.uphold", label: "rating.work.reviewLabel" },
  send_back: { button: "rating.work.sendBack", label: "rating.work.reviewLabel" },
};
const path = (id: string) => `/work/rectifications/${id}`;

function Detail({
  ctx,
  r,
  rating,
  steps,
  problem,
}: {
  ctx: PageContext;
  r: RectificationView;
  rating: RatingRow;
  steps: Step[];
  problem?: string | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[
          { label: t("rating.work.title"), href: "/work/rectifications" },
          { label: levelName(t, rating.level) },
        ]}
      />
      <h1>{t("rating.work.title")}</h1>
      <ProblemSummary
        title={t("account.errorSummary")}
        problems={problem ? [{ id: "text", text: problem }] : []}
      />
      <p>
        <strong>{levelName(t, rating.level)}</strong> · {t(`rating.rect.state.${r.state}` as MessageKey)} ·{" "}
        {t("rating.work.round", { round: r.round })}
        {r.overdue && r.state !== "closed" ? ` · ${t("rating.rect.overdue")}` : ""}
      </p>
      <p class="meta">{t("rating.rect.due", { at: when(ctx, r.dueAt) })}</p>
      {rating.tags.length > 0 && <p>{rating.tags.map((tag) => tagName(t, tag)).join("、")}</p>}
      {rating.comment && <blockquote>{rating.comment}</blockquote>}
      <RectificationFacts t={t} r={r} />
      {steps.map((step) => {
        const words = STEP_WORDS[step];
        if (!words) return null;
        return (
          <form key={step} method="post" action={`${path(r.id)}/steps`} class="stack">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="step" value={step} />
            <label for={`text-${step}`}>{t(words.label)}</label>
            <textarea
              id={`text-${step}`}
              name="text"
              rows={3}
              maxlength={2000}
              required={step !== "uphold"}
            />
            <div>
              <button class="button" type="submit">
                {t(words.button)}
              </button>
            </div>
          </form>
        );
      })}
    </>
  );
}

/** The staff's rectification pages under /work, and the region's rectification period. */
export const ratingsWorkPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const signIn = (reply: FastifyReply, back: string) =>
    reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);

  app.get(
    "/work/rectifications",
    { config: { policy: "rectification.list" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      const rows = await rectificationWorklist(db, request.actor, [
        "open",
        "called_back",
        "resolved",
        "contested",
      ]);
      const ctx = pageContext(request, reply);
      const { t } = ctx;
      return sendPage(
        reply,
        ctx,
        t("rating.work.title"),
        <>
          <h1>{t("rating.work.title")}</h1>
          {rows.length === 0 ? (
            <p>{t("rating.work.none")}</p>
          ) : (
            <table class="worklist">
              <thead>
                <tr>
                  <th scope="col">{t("rating.work.level")}</th>
                  <th scope="col">{t("rating.work.state")}</th>
                  <th scope="col">{t("rating.work.due")}</th>
                  <th scope="col">{t("rating.work.comment")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={path(r.id)}>{levelName(t, r.level)}</a>
                    </td>
                    <td>
                      {t(`rating.rect.state.${r.state}` as MessageKey)}
                      {r.overdue_at ? ` · ${t("rating.rect.overdue")}` : ""}
                    </td>
                    <td>{when(ctx, r.due_at)}</td>
                    <td>{r.comment.slice(0, 80)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>,
        { styles: ["work.css"] },
      );
    },
  );

  async function show(request: FastifyRequest, reply: FastifyReply, id: string, problem?: string) {
    const { rectification, rating, parties } = await loadRectification(db, request.actor, id);
    const view = presentRectification(rectification);
    const mine = (step: Step) =>
      (parties.has("department") && (step === "callback" || step === "resolve")) ||
      (parties.has("supervisor") && (step === "uphold" || step === "send_back"));
    const ctx = pageContext(request, reply, true);
    const steps = STEPS.filter((s) => view.allowed.includes(s) && mine(s));
    return sendPage(
      reply,
      ctx,
      request.t("rating.work.title"),
      <Detail ctx={ctx} r={view} rating={rating} steps={steps} problem={problem} />,
      {
        styles: ["work.css"],
      },
    );
  }

  app.get(
    "/work/rectifications/:id",
    { config: { policy: "rectification.read" }, schema: { hide: true, params: Type.Object({ id: Uuid }) } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      return show(request, reply, request.params.id);
    },
  );

  app.post(
    "/work/rectifications/:id/steps",
    {
      config: { policy: "rectification.read" },
      schema: {
        hide: true,
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ step: Type.Enum(STEPS), text: Type.Optional(Type.String({ maxLength: 4000 })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, path(request.params.id));
      try {
        await takeStep(
          db,
          { jobs, config, requestId: request.id },
          request.actor,
          request.params.id,
          request.body,
        );
        return reply.redirect(path(request.params.id), 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        reply.code(error.status);
        const text =
          error.code === "validation_failed"
            ? request.t("rating.problem.text")
            : problemText(error, request.t);
        return show(request, reply, request.params.id, text);
      }
    },
  );
};
