import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { readUpload, registerUploads } from "../../platform/files/multipart.ts";
import { wire } from "../../platform/http/wire.ts";
import { sendPdf } from "../../web/render.tsx";
import { Profile } from "../applicants/schemas.ts";
import { putMaterial } from "../applications/materials.ts";
import { presentApplication } from "../applications/present.ts";
import {
  ApplicationParams,
  ApplicationView,
  DraftPatch,
  IdempotencyHeaders,
  MaterialParams,
  SavedDraft,
} from "../applications/schemas.ts";
import { contentOf, loadApplication, saveDraft } from "../applications/service.ts";
import { submitAtWindow } from "../applications/window-submit.ts";
import { uploadLimit } from "../cases/service.ts";
import { findAtWindow, registerAtWindow } from "./intake-persons.ts";
import {
  CaseParams,
  FindBody,
  FoundPerson,
  RegisterBody,
  StartBody,
  TakeOverBody,
  WindowSubmitted,
} from "./intake-schemas.ts";
import { intakeReceipt, startIntake, takeOverIntake } from "./intake-service.ts";

const tags = ["intake"];
const policy = "intake.work" as const;

/**
 * Window intake for hall systems (窗口受理): find or register the person, start a draft for them or
 * take over theirs, save answers, upload materials, submit, print the receipt. Drafts have the shape of
 * the applications API; the person found is carried between steps by the intake pass.
 */
export const intakeApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(ApplicationView);
  app.addSchema(Profile);
  const { database, jobs, config } = app.platform;
  const db = database.db;
  const key = config.personalDataKey;
  const origin = (request: FastifyRequest) => ({ locale: request.locale, requestId: request.id });
  const view = async (request: FastifyRequest, id: string) => {
    const row = await loadApplication(db, request.actor, id);
    return wire(await presentApplication(db, row, await contentOf(db, row)));
  };

  app.post(
    "/intake/persons/lookup",
    {
      config: { policy },
      schema: {
        tags,
        summary: "Find the person at the window by their full ID number, saying why (audited)",
        body: FindBody,
        response: { 200: FoundPerson },
      },
    },
    async (request) => wire(await findAtWindow(db, key, request.actor, request.body, origin(request))),
  );

  app.post(
    "/intake/persons",
    {
      config: { policy },
      schema: {
        tags,
        summary: "Register a walk-in without an account (no password: they claim it online later)",
        description:
          "Every problem is listed at once. An ID number that has an account already is found, not " +
          "registered again (200, audited as a lookup).",
        body: RegisterBody,
        response: { 200: FoundPerson, 201: FoundPerson },
      },
    },
    async (request, reply) => {
      const purpose = request.body.purpose?.trim() || request.t("intake.purpose.register");
      const found = await registerAtWindow(
        db,
        key,
        request.actor,
        { ...request.body, purpose },
        origin(request),
      );
      return reply.code(found.created ? 201 : 200).send(wire(found));
    },
  );

  app.post(
    "/intake/applications",
    {
      config: { policy },
      schema: {
        tags,
        summary: "Start a draft for the person found, at the site where the clerk sits",
        body: StartBody,
        response: { 201: Type.Ref("ApplicationView") },
      },
    },
    async (request, reply) => {
      const row = await startIntake(db, key, request.actor, request.body);
      return reply.code(201).send(await view(request, row.id));
    },
  );

  app.post(
    "/intake/takeovers",
    {
      config: { policy },
      schema: {
        tags,
        summary: "Take over the person's own draft (by its id or its case number) to finish it at the window",
        body: TakeOverBody,
        response: { 200: Type.Ref("ApplicationView") },
      },
    },
    async (request) => {
      const row = await takeOverIntake(db, key, request.actor, request.body, request.id);
      return view(request, row.id);
    },
  );

  app.patch(
    "/intake/applications/:id",
    {
      config: { policy },
      schema: {
        tags,
        summary: "Save answers of a window draft (as PATCH /applications/{id})",
        params: ApplicationParams,
        body: DraftPatch,
        response: { 200: SavedDraft },
      },
    },
    async (request) => {
      const { problems } = await saveDraft(db, request.actor, request.params.id, request.body);
      return wire({ application: await view(request, request.params.id), problems });
    },
  );

  await app.register(async (scope) => {
    await registerUploads(scope);
    scope.withTypeProvider<TypeBoxTypeProvider>().put(
      "/intake/applications/:id/materials/:key",
      {
        config: { policy },
        schema: {
          tags,
          summary: "Upload or scan one material: PDF, JPEG or PNG, multipart/form-data with a `file` part",
          consumes: ["multipart/form-data"],
          params: MaterialParams,
          response: { 200: Type.Ref("ApplicationView") },
        },
      },
      async (request) => {
        const row = await loadApplication(db, request.actor, request.params.id);
        const upload = await readUpload(request, { maxBytes: await uploadLimit(db, row.item_id) });
        await putMaterial(db, config, request.actor, row.id, request.params.key, upload);
        return view(request, row.id);
      },
    );
  });

  app.post(
    "/intake/applications/:id/submission",
    {
      config: { policy },
      schema: {
        tags,
        summary:
          "Submit at the window: every problem at once; a second submission answers with the same case",
        params: ApplicationParams,
        headers: IdempotencyHeaders,
        response: { 200: WindowSubmitted, 201: WindowSubmitted },
      },
    },
    async (request, reply) => {
      const result = await submitAtWindow(
        db,
        { jobs, config, requestId: request.id },
        request.actor,
        request.params.id,
        request.headers["idempotency-key"] ?? null,
      );
      return reply.code(result.created ? 201 : 200).send({
        caseId: result.caseId,
        number: result.number,
        receipt: `/api/v1/intake/cases/${result.number}/receipt.pdf`,
        progress: `/cases/${result.number}`,
      });
    },
  );

  app.get(
    "/intake/cases/:case/receipt.pdf",
    {
      config: { policy },
      schema: {
        tags,
        summary: "The receipt (PDF) to print at the window, for the clerk who submitted the case",
        params: CaseParams,
      },
    },
    async (request, reply) => {
      const { number, pdf } = await intakeReceipt(
        db,
        request.actor,
        request.params.case,
        request.locale,
        config.baseUrl,
      );
      return sendPdf(reply, `receipt-${number}.pdf`, pdf);
    },
  );
};
