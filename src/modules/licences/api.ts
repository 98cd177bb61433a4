import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { sendPdf } from "../../web/render.tsx";
import { licenceErrors } from "./errors.ts";
import { iso, presentLicence, presentVerification } from "./present.ts";
import {
  DepartmentParams,
  Licence,
  LicenceList,
  LicenceParams,
  RevokeBody,
  SigningKeys,
  Verification,
} from "./schemas.ts";
import * as service from "./service.ts";
import { walletApi } from "./wallet-api.ts";

const tags = ["licences"];

const origin = (request: FastifyRequest) => ({ requestId: request.id });

/** The e-licence library (电子证照库): one's licences, verification, revocation, certificates, keys. */
export const licencesApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Licence);
  await app.register(walletApi);
  const { database, config } = app.platform;
  const db = database.db;

  app.get(
    "/licences",
    {
      config: { policy: "licence.list" },
      schema: {
        tags,
        summary: "My e-licences and those of the organisations I act for, newest first",
        response: { 200: LicenceList },
      },
    },
    async (request) => ({
      items: (await service.listMyLicences(db, request.actor)).map(presentLicence),
    }),
  );

  app.get(
    "/licences/:id",
    {
      config: { policy: "licence.read" },
      schema: {
        tags,
        summary:
          "One e-licence in full, with its signature, for its holder and the staff of its region; to anyone else it does not exist",
        params: LicenceParams,
        response: { 200: Type.Ref("Licence") },
      },
    },
    async (request) =>
      presentLicence(await service.getLicence(db, request.actor, request.params.id, origin(request))),
  );

  app.get(
    "/licences/:id/verification",
    {
      config: { policy: "licence.verify" },
      schema: {
        tags,
        summary:
          "Check an e-licence without signing in: whether it is genuine (its signature holds) and valid, revoked, expired or not yet valid; a person holder's name masked",
        params: LicenceParams,
        response: { 200: Verification },
      },
    },
    async (request) => {
      const checked = await service.verifyLicence(db, request.params.id);
      if (!checked.found) throw licenceErrors.notFound();
      return presentVerification(checked);
    },
  );

  app.post(
    "/licences/:id/revocation",
    {
      config: { policy: "licence.revoke" },
      schema: {
        tags,
        summary:
          "Revoke an e-licence (approvers of the issuing department within its jurisdiction), saying why; final",
        params: LicenceParams,
        body: RevokeBody,
        response: { 200: Type.Ref("Licence") },
      },
    },
    async (request) =>
      presentLicence(
        await service.revokeLicence(
          db,
          request.actor,
          request.params.id,
          request.body.reason,
          origin(request),
        ),
      ),
  );

  app.get(
    "/licences/:id/certificate.pdf",
    {
      config: { policy: "licence.read" },
      schema: {
        tags,
        summary: "The printable certificate (PDF) of an e-licence, with the QR code of its public check",
        params: LicenceParams,
      },
    },
    async (request, reply) => {
      const pdf = await service.licenceCertificate(
        db,
        request.actor,
        request.params.id,
        request.locale,
        config.baseUrl,
        origin(request),
      );
      return sendPdf(reply, `licence-${request.params.id}.pdf`, pdf);
    },
  );

  app.get(
    "/departments/:id/signing-keys",
    {
      config: { policy: "licence.verify" },
      schema: {
        tags,
        summary:
          "A department's public keys (the one in use and retired ones), for checking its e-licences offline",
        params: DepartmentParams,
        response: { 200: SigningKeys },
      },
    },
    async (request) => ({
      departmentId: request.params.id,
      keys: (await service.departmentPublicKeys(db, request.params.id)).map((k) => ({
        id: k.id,
        algorithm: k.algorithm,
        publicKey: k.publicKey,
        createdAt: k.createdAt.toISOString(),
        retiredAt: iso(k.retiredAt),
      })),
    }),
  );
};
