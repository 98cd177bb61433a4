import { randomBytes } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Db } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { contactOf } from "../applicants/service.ts";
import { answersFromForm, fieldLabel, type Posted, problemWords } from "../applications/apply-values.ts";
import { inLocale } from "../catalog/form-render.tsx";
import { publicItem } from "../catalog/service.ts";
import { formFields } from "./definition.ts";
import * as service from "./service.ts";
import { BundleForm, BundleList, BundleStatusView, type FormState, MyBundles } from "./views.tsx";

/** The most a bundle's materials may weigh in one form post: the API's bound. */
const MAX_BYTES = 30 * 1024 * 1024;
const Code = Type.Object({ code: Type.String({ maxLength: 60 }) });
const RegionQuery = Type.Object({ region: Type.Optional(Type.String({ pattern: "^\\d{2,12}$" })) });

function signIn(reply: FastifyReply, back: string) {
  return reply.redirect(`/account/signin?next=${encodeURIComponent(back)}`, 303);
}

/** Where the visitor applies: the region asked for, or the one they live in. */
async function regionOf(
  db: Db,
  request: FastifyRequest,
  asked: string | undefined,
): Promise<string | undefined> {
  if (asked) return asked;
  if (request.actor.kind !== "person") return undefined;
  return (await contactOf(db, request.actor.id))?.addressRegionCode ?? undefined;
}

async function itemNames(db: Db, offer: service.BundleOffer, locale: FastifyRequest["locale"]) {
  return Promise.all(
    offer.bundle.definition.children.map(async (c) => {
      const found = await publicItem(db, c.itemCode).catch(() => undefined);
      return found ? inLocale(found.version.content.name, locale) : c.itemCode;
    }),
  );
}

/** The pages of bundles: the list, one form and one submission (works without JavaScript), the status. */
export const bundlesPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;

  async function showForm(request: FastifyRequest, reply: FastifyReply, code: string, state: FormState) {
    const ctx = pageContext(request, reply, true);
    const offer = await service.getBundle(db, code, await regionOf(db, request, undefined));
    const title = request.t("bundle.apply.title", {
      name: inLocale(offer.bundle.definition.name, request.locale),
    });
    return sendPage(
      reply,
      ctx,
      title,
      <BundleForm
        ctx={ctx}
        offer={offer}
        itemNames={await itemNames(db, offer, request.locale)}
        state={state}
      />,
    );
  }

  app.get(
    "/bundles",
    { config: { policy: "bundle.read" }, schema: { hide: true, querystring: RegionQuery } },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const offers = await service.listBundles(db, await regionOf(db, request, request.query.region));
      return sendPage(reply, ctx, request.t("bundle.list.title"), <BundleList ctx={ctx} offers={offers} />);
    },
  );

  app.get(
    "/bundles/applications",
    { config: { policy: "bundle.apply" }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, "/bundles/applications");
      const ctx = pageContext(request, reply);
      const views = await service.myBundleApplications(db, request.actor, { limit: 50, offset: 0 });
      return sendPage(reply, ctx, request.t("bundle.mine.title"), <MyBundles ctx={ctx} views={views} />);
    },
  );

  app.get(
    "/bundles/applications/:id",
    {
      config: { policy: "bundle.track" },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 40 }) }) },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const view = await service.getBundleApplication(db, request.actor, request.params.id);
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        request.t("bundle.status.title"),
        <BundleStatusView ctx={ctx} view={view} />,
      );
    },
  );

  app.get(
    "/bundles/:code",
    { config: { policy: "bundle.read" }, schema: { hide: true, params: Code } },
    async (request, reply) =>
      showForm(request, reply, request.params.code, {
        values: {},
        errors: {},
        others: [],
        // The form token: the submission's Idempotency-Key, so a double click or a resent post opens nothing twice.
        token: `page-${randomBytes(12).toString("hex")}`,
      }),
  );

  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { files: 40, fields: 200, fieldSize: 5000, fieldNameSize: 100, parts: 240, headerPairs: 20 },
    });
    // The token check runs before the multipart body is read and reads headers: hand it over as one.
    scope.addHook("preValidation", async (request) => {
      const token = (request.query as { _csrf?: unknown })._csrf;
      if (typeof token === "string" && request.isMultipart()) request.headers = { "x-csrf-token": token };
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      "/bundles/:code/apply",
      {
        bodyLimit: MAX_BYTES,
        config: { policy: "bundle.apply" },
        schema: {
          hide: true,
          params: Code,
          querystring: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const { code } = request.params;
        if (request.actor.kind !== "person") return signIn(reply, `/bundles/${code}`);
        const offer = await service.getBundle(db, code);
        const form = offer.bundle.definition.form;
        const posted: Posted = {};
        const files: { key: string; fileName: string | undefined; content: Buffer }[] = [];
        for await (const part of request.parts({ limits: { fileSize: MAX_BYTES } })) {
          if (part.type === "file") {
            const content = await part.toBuffer();
            if (content.length > 0 && part.fieldname.startsWith("m_")) {
              files.push({ key: part.fieldname.slice(2), fileName: part.filename || undefined, content });
            }
            continue;
          }
          const value = String(part.value);
          const before = posted[part.fieldname];
          posted[part.fieldname] =
            before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
        }
        const fields = formFields(form);
        const answers = Object.fromEntries(
          Object.entries(answersFromForm(form, fields, posted)).filter(
            ([, v]) => v !== undefined && v !== null && v !== "",
          ),
        );
        const token =
          typeof posted._token === "string" ? posted._token : `page-${randomBytes(12).toString("hex")}`;
        const region = await regionOf(db, request, undefined);
        try {
          const result = await service.applyForBundle(
            db,
            { jobs, config, requestId: request.id },
            request.actor,
            code,
            { regionCode: region ?? "", answers, materials: files },
            token,
          );
          return reply.redirect(`/bundles/applications/${result.application.id}`, 303);
        } catch (error) {
          if (!isAppError(error) || error.status !== 400) throw error;
          const problems = (error.extra.fields ?? []) as { field: string; message: string }[];
          const words = problemWords(form, answers, fields, request.t, request.locale);
          const errors: Record<string, string> = {};
          const others: FormState["others"] = [];
          for (const p of problems) {
            const name = /^\/answers\/(.+)$/.exec(p.field)?.[1];
            if (name && fields.includes(name)) {
              errors[name] ??=
                words[name] ??
                request.t("bundle.problem.child", {
                  label: fieldLabel(form, name, request.locale),
                  message: p.message,
                });
              continue;
            }
            const material = /^\/materials\/(.+)$/.exec(p.field)?.[1];
            const named = offer.bundle.definition.materials.find((m) => m.key === material);
            others.push({
              id: named ? `m-${named.key}` : "problems-title",
              text: request.t("bundle.problem.child", {
                label: named ? inLocale(named.name, request.locale) : p.field,
                message: p.message,
              }),
            });
          }
          reply.code(400);
          return showForm(request, reply, code, { values: posted, errors, others, token });
        }
      },
    );
  });
};
