import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { presentProfile } from "./present.ts";
import { AccountState, NewStaffAccount, RoleGrant } from "./schemas.ts";
import { getProfile } from "./service.ts";
import * as admin from "./staff-admin.ts";
import { HANDLING_ROLES } from "./tables.ts";

const tags = ["staff"];
const StaffId = Type.Object({ id: Type.String({ format: "uuid" }) });

/** The three administrators' work on staff accounts (staff-admin.ts says who does what). */
export const staffAdminApi: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.post(
    "/staff",
    {
      config: { policy: "staff.create" },
      schema: {
        tags,
        summary: "Make a staff account with no role (system administrators, within their jurisdiction)",
        description:
          "409 staff_username_taken. Roles come from a security administrator: POST /staff/{id}/grants.",
        body: NewStaffAccount,
        response: { 201: Type.Ref("StaffProfile") },
      },
    },
    async (request, reply) => {
      const id = await admin.createAccount(db, { kind: "staff", actor: request.actor }, request.body, {
        requestId: request.id,
      });
      const profile = await getProfile(db, request.actor, id);
      return reply.code(201).send(presentProfile(profile, request.locale));
    },
  );

  app.put(
    "/staff/:id/state",
    {
      config: { policy: "staff.disable" },
      schema: {
        tags,
        summary: "Disable an account (its sessions end) or enable it again (system administrators)",
        params: StaffId,
        body: AccountState,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await admin.setAccountEnabled(db, request.actor, request.params.id, !request.body.disabled, {
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/staff/:id/grants",
    {
      config: { policy: "staff.grant" },
      schema: {
        tags,
        summary: "Grant a role in a department over a jurisdiction (security administrators)",
        description:
          "Never one's own account, never beyond one's jurisdiction. 403 staff_role_reserved for the three " +
          "administrator roles, which only the server's command line grants.",
        params: StaffId,
        body: RoleGrant,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await admin.grantRole(db, { kind: "staff", actor: request.actor }, request.params.id, request.body, {
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/staff/:id/grants/:departmentId/:role",
    {
      config: { policy: "staff.grant" },
      schema: {
        tags,
        summary: "Revoke a role (security administrators); the account's sessions end",
        params: Type.Object({
          id: Type.String({ format: "uuid" }),
          departmentId: Type.String({ format: "uuid" }),
          role: Type.Union(HANDLING_ROLES.map((r) => Type.Literal(r))),
        }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { id, departmentId, role } = request.params;
      await admin.revokeRole(
        db,
        { kind: "staff", actor: request.actor },
        id,
        { departmentId, role },
        {
          requestId: request.id,
        },
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/staff/:id/lock",
    {
      config: { policy: "staff.unlock" },
      schema: {
        tags,
        summary: "Unlock an account locked by failed sign-ins (security administrators)",
        params: StaffId,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await admin.unlockAccount(db, request.actor, request.params.id, { requestId: request.id });
      return reply.code(204).send(null);
    },
  );
};
