import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppError } from "../platform/errors.ts";
import { hasMessage } from "../platform/i18n/index.ts";
import { pageContext, renderDocument } from "./render.tsx";

/** The friendly page a browser gets for any error: what went wrong, what to do, and the request id. */
export function renderProblemPage(request: FastifyRequest, reply: FastifyReply, problem: AppError): string {
  const ctx = pageContext(request, reply);
  const key = `error.${problem.code}`;
  const message = hasMessage(key) ? ctx.t(key, problem.extra.params) : problem.message;
  return renderDocument(
    ctx,
    ctx.t("error.title"),
    <>
      <h1>{ctx.t("error.title")}</h1>
      <p class="lead">{message}</p>
      <p>
        <a href="/">{ctx.t("error.back")}</a>
      </p>
      <p class="meta">{ctx.t("error.requestId", { id: request.id })}</p>
    </>,
  );
}
