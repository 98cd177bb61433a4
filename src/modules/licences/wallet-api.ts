import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { presentLicence, presentShare, presentShared } from "./present.ts";
import { LicenceParams } from "./schemas.ts";
import { myWallet, openShare, revokeShare, shareLicence } from "./wallet.ts";
import { NewShare, Share, ShareBody, Shared, ShareParams, TokenParams, Wallet } from "./wallet-schemas.ts";

const tags = ["licences"];

/** The wallet (证照夹) and share links: one's licences with their links; making, ending, opening one. */
export const walletApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Share);
  const { database, config } = app.platform;
  const db = database.db;

  app.get(
    "/wallet",
    {
      config: { policy: "wallet.read" },
      schema: {
        tags,
        summary:
          "My wallet: my e-licences and my organisations', each with its state, whether it may be shared, and its share links with their openings",
        response: { 200: Wallet },
      },
    },
    async (request) => ({
      items: (await myWallet(db, request.actor)).map((entry) => ({
        licence: presentLicence(entry.licence),
        allowed: entry.allowed,
        shares: entry.shares.map(presentShare),
      })),
    }),
  );

  app.post(
    "/licences/:id/shares",
    {
      config: { policy: "licence.share" },
      schema: {
        tags,
        summary:
          "Share an e-licence by a time-limited link (1h, 1d, 7d or 30d) for a named recipient; a revoked, expired or not yet valid licence is refused (409)",
        params: LicenceParams,
        body: ShareBody,
        response: { 201: NewShare },
      },
    },
    async (request, reply) => {
      const made = await shareLicence(
        db,
        request.actor,
        request.params.id,
        request.body,
        { baseUrl: config.baseUrl },
        { requestId: request.id },
      );
      reply.code(201).header("cache-control", "no-store");
      return { share: presentShare(made.share), token: made.token, url: made.url };
    },
  );

  app.delete(
    "/licences/:id/shares/:shareId",
    {
      config: { policy: "licence.share" },
      schema: {
        tags,
        summary: "End a share link now (it then answers 410); one already ended answers 409",
        params: ShareParams,
        response: { 200: Type.Ref("LicenceShare") },
      },
    },
    async (request) =>
      presentShare(
        await revokeShare(
          db,
          request.actor,
          request.params.shareId,
          { licenceId: request.params.id },
          { requestId: request.id },
        ),
      ),
  );

  app.get(
    "/shares/:token",
    {
      config: { policy: "licence.openShare" },
      schema: {
        tags,
        summary:
          "Open a share link without signing in: the licence as checked now, the recipient and the expiry (each opening is shown to the holder); 410 once expired or revoked, 404 for no such link",
        params: TokenParams,
        response: { 200: Shared },
      },
    },
    async (request, reply) => {
      const shared = await openShare(db, request.params.token, {
        userAgent: request.headers["user-agent"],
        ip: request.ip,
        via: "api",
      });
      reply.header("cache-control", "no-store");
      return presentShared(shared);
    },
  );
};
