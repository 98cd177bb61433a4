import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import {
  answerRequest,
  disclosureRequest,
  type RequestView,
  type WaitingRequest,
  waitingRequests,
} from "./answers.ts";
import { Input, type Problems, problemsOf, type Values } from "./form-parts.tsx";
import { ANSWERS } from "./tables.ts";

function AnswerForm({
  ctx,
  r,
  values,
  problems,
}: {
  ctx: PageContext;
  r: RequestView;
  values: Values;
  problems: Problems;
}) {
  const { t } = ctx;
  const due = r.caseView.clock.statutoryDueAt;
  return (
    <>
      <h1>{t("disclosure.answer.title", { number: r.caseView.number })}</h1>
      <p>
        <a href={`/work/cases/${r.caseView.number}`}>{r.caseView.number}</a>
      </p>
      {due && (
        <p>
          {t("disclosure.answer.due", {
            date: new Date(due.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
          })}
        </p>
      )}
      {r.answer ? (
        <p class="notice" role="status">
          {t("disclosure.answer.done", { answer: t(`disclosure.answer.${r.answer.answer}`) })}{" "}
          {r.answer.reason} {r.answer.legal_basis}
        </p>
      ) : !r.mayAnswer ? (
        <p>{t("disclosure.answer.waiting")}</p>
      ) : (
        <>
          <ProblemSummary title={t("disclosure.problems")} problems={problems} />
          <form method="post" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <fieldset id="answer">
              <legend>{t("disclosure.answer.type")}</legend>
              {ANSWERS.map((a) => (
                <div key={a}>
                  <input
                    type="radio"
                    id={`answer-${a}`}
                    name="answer"
                    value={a}
                    checked={(values.answer ?? "disclosed") === a}
                  />
                  <label for={`answer-${a}`}>{t(`disclosure.answer.${a}`)}</label>
                </div>
              ))}
            </fieldset>
            <Input
              id="reason"
              label={t("disclosure.answer.reason")}
              values={values}
              problems={problems}
              long
            />
            <Input
              id="legalBasis"
              label={t("disclosure.answer.legalBasis")}
              values={values}
              problems={problems}
            />
            <button class="button" type="submit">
              {t("disclosure.answer.submit")}
            </button>
          </form>
        </>
      )}
    </>
  );
}

const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function WaitingList({ ctx, items }: { ctx: PageContext; items: WaitingRequest[] }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("disclosure.requests.title")}</h1>
      {items.length === 0 ? (
        <p>{t("disclosure.requests.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("disclosure.requests.number")}</th>
              <th scope="col">{t("disclosure.requests.applicant")}</th>
              <th scope="col">{t("disclosure.requests.due")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.caseNumber}>
                <td>
                  <a href={`/work/disclosure/requests/${r.caseNumber}`}>{r.caseNumber}</a>
                </td>
                <td>{r.applicantName}</td>
                <td>{r.dueAt ? chinaDay(r.dueAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const signIn = (reply: FastifyReply, back: string) =>
  reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);

/** The staff's pages: publishing, and answering a disclosure request (linked from the case's page). */
/** The approver's page answering a disclosure request: the case's page's counterpart for its answer. */
export const disclosureAnswerPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;

  app.get(
    "/work/disclosure/requests",
    { config: { policy: "disclosure.answer" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      const items = await waitingRequests(db, request.actor);
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        request.t("disclosure.requests.title"),
        <WaitingList ctx={ctx} items={items} />,
      );
    },
  );

  const Params = Type.Object({ caseId: Type.String({ maxLength: 40 }) });
  async function showAnswer(
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    values: Values,
    problems: Problems,
  ) {
    const r = await disclosureRequest(db, request.actor, caseId);
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("disclosure.answer.title", { number: r.caseView.number }),
      <AnswerForm ctx={ctx} r={r} values={values} problems={problems} />,
    );
  }

  app.get(
    "/work/disclosure/requests/:caseId",
    { config: { policy: "case.read" }, schema: { hide: true, params: Params } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      return showAnswer(request, reply, request.params.caseId, {}, []);
    },
  );

  app.post(
    "/work/disclosure/requests/:caseId",
    {
      config: { policy: "disclosure.answer" },
      schema: {
        hide: true,
        params: Params,
        body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 4000 })),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      const v = request.body as Values;
      const answer = (ANSWERS as readonly string[]).includes(v.answer ?? "")
        ? (v.answer as (typeof ANSWERS)[number])
        : "disclosed";
      try {
        await answerRequest(
          db,
          { jobs, config, requestId: request.id },
          request.actor,
          request.params.caseId,
          {
            answer,
            reason: v.reason,
            legalBasis: v.legalBasis,
          },
        );
        return reply.redirect(request.url, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        reply.code(error.status);
        return showAnswer(request, reply, request.params.caseId, v, problemsOf(error, request.t, "reason"));
      }
    },
  );
};
