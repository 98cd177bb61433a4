import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { clearSessionCookie, setSessionCookie } from "../../platform/http/request-context.ts";
import { authorize } from "../../platform/policy.ts";
import { presentProfile } from "./present.ts";
import { Credentials, Session, StaffProfile } from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["staff"];

export const identityApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(StaffProfile);
  const { database, config } = app.platform;
  const db = database.db;
  const secure = config.baseUrl.startsWith("https:");
  const signInLimit = { rateLimit: { max: config.signIn.perIpPerMinute, timeWindow: 60_000 } };

  app.post(
    "/session",
    {
      config: signInLimit,
      schema: {
        tags,
        summary: "Sign in as staff; sets the session cookie",
        body: Credentials,
        response: { 201: Session },
      },
    },
    async (request, reply) => {
      const signedIn = await service.signIn(db, config.signIn, request.body, request.sessionToken);
      if (request.sessionToken) app.sessions.forget(request.sessionToken);
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt, secure);
      return reply.code(201).send({ staffId: signedIn.staffId, expiresAt: signedIn.expiresAt.toISOString() });
    },
  );

  app.delete(
    "/session",
    { schema: { tags, summary: "Sign out", response: { 204: Type.Null() } } },
    async (request, reply) => {
      if (request.sessionToken) {
        await service.signOut(db, request.sessionToken);
        app.sessions.forget(request.sessionToken);
      }
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/me",
    {
      schema: {
        tags,
        summary: "Who I am: roles, departments, jurisdictions",
        response: { 200: Type.Ref("StaffProfile") },
      },
    },
    async (request) => {
      authorize(request.actor, "workspace.read");
      const actor = request.actor as Extract<typeof request.actor, { kind: "staff" }>;
      return presentProfile(await service.getProfile(db, actor, actor.id), request.locale);
    },
  );

  app.get(
    "/staff",
    {
      schema: {
        tags,
        summary: "Staff within my jurisdiction (administrators and supervisors)",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref("StaffProfile")) }) },
      },
    },
    async (request) => ({
      items: (await service.listStaff(db, request.actor)).map((p) => presentProfile(p, request.locale)),
    }),
  );

  app.get(
    "/staff/:id",
    {
      schema: {
        tags,
        summary: "One staff member; outside my jurisdiction it does not exist (404)",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: Type.Ref("StaffProfile") },
      },
    },
    async (request) =>
      presentProfile(await service.getProfile(db, request.actor, request.params.id), request.locale),
  );
};
