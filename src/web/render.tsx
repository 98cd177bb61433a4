import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import { Layout, type PageContext } from "./layout.tsx";

export function pageContext(request: FastifyRequest, reply: FastifyReply, withForm = false): PageContext {
  // Signed-in visitors get one on every page: the header's sign-out button is a form.
  const needsToken = withForm || request.actor.kind !== "anonymous";
  return {
    t: request.t,
    locale: request.locale,
    elder: request.elder,
    actor: request.actor,
    path: request.url,
    csrfToken: needsToken ? reply.generateCsrf() : undefined,
  };
}

/** What a page adds to the layout's head: stylesheets and enhancement scripts by asset name. */
export interface PageAssets {
  styles?: string[];
  scripts?: string[];
}

export function renderDocument(
  ctx: PageContext,
  title: string,
  body: ComponentChildren,
  assets: PageAssets = {},
): string {
  return `<!doctype html>${renderToString(
    <Layout ctx={ctx} title={title} styles={assets.styles ?? []} scripts={assets.scripts ?? []}>
      {body}
    </Layout>,
  )}`;
}

/**
 * Sends a whole page. Its Cache-Control is decided for every answer in one place (security.ts): `no-store`
 * for a signed-in visitor, a form's answer or a capability link's page, `private, no-cache` otherwise.
 */
export function sendPage(
  reply: FastifyReply,
  ctx: PageContext,
  title: string,
  body: ComponentChildren,
  assets: PageAssets = {},
) {
  return reply
    .header("vary", "Cookie")
    .type("text/html; charset=utf-8")
    .send(renderDocument(ctx, title, body, assets));
}

/** Sends a generated PDF to open in the browser: personal, so no cache keeps it. */
export function sendPdf(reply: FastifyReply, fileName: string, pdf: Uint8Array) {
  return reply
    .type("application/pdf")
    .header("Content-Disposition", `inline; filename="${fileName}"`)
    .header("Cache-Control", "private, no-store")
    .send(Buffer.from(pdf));
}
