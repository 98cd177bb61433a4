import type { FastifyError, FastifyInstance } from "fastify";
import { errors } from "../../platform/errors.ts";
import { withoutSecrets } from "../../platform/http/metrics.ts";
import { ANONYMOUS } from "../../platform/policy.ts";
import { sendGovstackProblem } from "./errors.ts";
import type { IdentityDirectory } from "./identities.ts";
import { resolveCaller } from "./identity.ts";
import { parseFormBody } from "./parse.ts";
import { MEDIATOR_CLIENT_HEADER } from "./route.ts";

/** What both façade plugins are given by facades.ts: one identity cache for the process. */
export interface FacadeOptions {
  identities: IdentityDirectory;
}

const FORM = "application/x-www-form-urlencoded";

/**
 * What every GovStack façade shares, set on its own (encapsulated) plugin: the body parsers of section
 * 9.1, the caller's resolution of section 2.4, and GovStack error bodies for everything — errors of the
 * root hooks (a bad bearer token's 401) and unknown paths under the prefix included.
 */
export function govstackScope(app: FastifyInstance, { identities }: FacadeOptions): void {
  const { config } = app.platform;
  app.decorateRequest("govstack", null as never);

  // The root's form parser allows 64 KiB and makes no nesting; text/plain is no body a GovStack
  // operation takes (415, as every other type without a parser here).
  app.removeContentTypeParser([FORM, "text/plain"]);
  app.addContentTypeParser(FORM, { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, parseFormBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook("onRequest", async (request) => {
    // As Open311: a browser's session must not make a GovStack call act for a person or a staff member.
    if (request.actor.kind !== "client") request.actor = ANONYMOUS;
    const spec = request.routeOptions.config.govstack;
    if (!spec) return;
    request.govstack = await resolveCaller(
      spec,
      { actor: request.actor, header: request.headers[MEDIATOR_CLIENT_HEADER], ip: request.ip },
      {
        identities,
        mediatorNetworks: config.govstackMediatorNetworks,
        actorOf: (clientId) => app.clientCredentials.actorOf(clientId),
      },
    );
    // So that CSRF, cache and audit logic see who acts.
    request.actor = request.govstack.actor;
  });

  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendGovstackProblem(request, reply, error, {
      uploadErrorsAs400: request.routeOptions.config.govstack?.uploadErrorsAs400 === true,
    }),
  );
  // The path may hold a key (a record's ID number): the message, which the log keeps, names it masked.
  app.setNotFoundHandler((request, reply) =>
    sendGovstackProblem(
      request,
      reply,
      errors.routeNotFound(request.method, withoutSecrets(request.url).split("?")[0] ?? ""),
    ),
  );
}
