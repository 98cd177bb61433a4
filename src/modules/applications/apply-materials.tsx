import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type AppError, isAppError } from "../../platform/errors.ts";
import { megabytes } from "../../platform/files/errors.ts";
import { readUpload, registerUploads } from "../../platform/files/multipart.ts";
import { hasMessage, type Translate } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { uploadLimit } from "../cases/service.ts";
import { inLocale } from "../catalog/form-render.tsx";
import { Txt } from "../catalog/public-views.tsx";
import { Commitment, type RefusedCommitment } from "./apply-commitment.tsx";
import {
  ApplyHead,
  changeable,
  Id,
  type Loaded,
  type Problem,
  ProblemList,
  paths,
  show,
  sizeText,
  titled,
  when,
} from "./apply-kit.tsx";
import { putMaterial, removeMaterial } from "./materials.ts";
import { setCommitment } from "./service.ts";

const Key = Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" });
const Notice = Type.Optional(Type.String({ maxLength: 40 }));
const Done = Type.Object({ uploaded: Notice, removed: Notice, signed: Notice, withdrawn: Notice });
const CommitmentBody = Type.Object({
  materials: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 40 }),
      Type.Array(Type.String({ maxLength: 40 }), { maxItems: 60 }),
    ]),
  ),
  sign: Type.Optional(Type.String({ maxLength: 10 })),
});

interface MaterialsState {
  limit: number;
  notice?: string | undefined;
  /** A refused upload: which material, and why in the reader's words. */
  refusal?: { key: string; text: string } | undefined;
  commitment?: RefusedCommitment | undefined;
}

/** Why a file was refused, in the reader's words (type, size, damage…: the file store's catalogue). */
function refusalText(error: AppError, t: Translate): string {
  const key = `error.${error.code}`;
  return hasMessage(key) ? t(key, error.extra.params) : error.message;
}

function Material({
  ctx,
  loaded,
  material,
  limit,
  refusal,
}: {
  ctx: PageContext;
  loaded: Loaded;
  material: Loaded["view"]["materials"][number];
  limit: number;
  refusal: string | undefined;
}) {
  const { t } = ctx;
  const id = loaded.view.id;
  const base = `m-${material.key}`;
  const action = `${paths.materials(id)}/${material.key}?_csrf=${encodeURIComponent(ctx.csrfToken ?? "")}`;
  return (
    <li class={refusal ? "material field-error" : "material"} id={base}>
      <h2 id={`${base}-title`}>
        <Txt ctx={ctx} text={material.name} />
      </h2>
      <p class="meta">
        {material.required ? t("apply.material.required") : t("apply.material.optional")}
        {material.condition && (
          <>
            {" "}
            <Txt ctx={ctx} text={material.condition} />
          </>
        )}
      </p>
      <p>
        {material.file ? (
          <>
            {t("apply.material.uploaded", {
              name: material.file.name,
              size: sizeText(material.file.size),
              at: when(material.file.uploadedAt, ctx.locale),
            })}{" "}
            <a href={`/api/v1/applications/${id}/materials/${material.key}`}>
              {t("apply.material.download")}
            </a>
          </>
        ) : material.fromForm ? (
          <strong class="fetched">{t("apply.material.fromForm")}</strong>
        ) : material.fetched ? (
          <strong class="fetched">
            {material.fetched.kind === "licence"
              ? t("exchange.source.licence", { title: inLocale(material.fetched.name, ctx.locale) })
              : t("exchange.source.registry", { name: inLocale(material.fetched.name, ctx.locale) })}
          </strong>
        ) : material.notFetched ? (
          t(`exchange.missing.${material.notFetched}`)
        ) : material.promised ? (
          <strong class="fetched">{t("apply.material.promised")}</strong>
        ) : (
          t("apply.material.none")
        )}
      </p>
      {refusal && (
        <p class="error-message" id={`${base}-error`}>
          {refusal}
        </p>
      )}
      {!material.fromForm && (
        <form method="post" action={action} enctype="multipart/form-data" class="upload">
          <div>
            <label for={`${base}-file`}>
              {material.file ? t("apply.material.replaceLabel") : t("apply.material.chooseLabel")}
            </label>
            <span class="hint" id={`${base}-hint`}>
              {t("apply.material.hint", { limit: megabytes(limit) })}
            </span>
            <input
              type="file"
              id={`${base}-file`}
              name="file"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              aria-describedby={refusal ? `${base}-hint ${base}-error` : `${base}-hint`}
              aria-invalid={refusal ? "true" : undefined}
            />
          </div>
          <button class="button secondary" type="submit">
            {material.file ? t("apply.material.replace") : t("apply.material.upload")}
          </button>
        </form>
      )}
      {material.file && (
        <form method="post" action={`${paths.materials(id)}/${material.key}/remove`} class="inline">
          <CsrfField token={ctx.csrfToken} />
          <button class="text-button" type="submit" aria-describedby={`${base}-title`}>
            {t("apply.material.remove")}
          </button>
        </form>
      )}
    </li>
  );
}

function MaterialsStep({ ctx, loaded, state }: { ctx: PageContext; loaded: Loaded; state: MaterialsState }) {
  const { t } = ctx;
  const { view } = loaded;
  const refusal = state.refusal;
  const refused = state.commitment;
  const summary: Problem[] = [
    ...(refusal ? [{ href: `#m-${refusal.key}-file`, text: refusal.text }] : []),
    ...(refused?.materials ? [{ href: "#c-materials", text: refused.materials }] : []),
    ...(refused?.sign ? [{ href: "#c-sign", text: refused.sign }] : []),
  ];
  return (
    <>
      <ApplyHead ctx={ctx} loaded={loaded} here="materials" title={t("apply.step.materials")} />
      <ProblemList ctx={ctx} problems={summary} refused />
      {state.notice && <p role="status">{state.notice}</p>}
      {view.materials.length === 0 ? (
        <p>{t("apply.material.noneNeeded")}</p>
      ) : (
        <>
          <p class="lead">{t("apply.material.lead")}</p>
          <ul class="materials-list">
            {view.materials.map((m) => (
              <Material
                key={m.key}
                ctx={ctx}
                loaded={loaded}
                material={m}
                limit={state.limit}
                refusal={refusal?.key === m.key ? refusal.text : undefined}
              />
            ))}
          </ul>
        </>
      )}
      {view.item.commitmentAllowed && view.materials.length > 0 && (
        <Commitment ctx={ctx} loaded={loaded} refused={state.commitment} />
      )}
      <p>
        <a class="button" href={paths.delivery(view.id)}>
          {t("apply.continue")}
        </a>
      </p>
    </>
  );
}

/** Materials: an upload form per material, and the commitment (告知承诺) where the item allows it. */
export const applyMaterialPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;
  const db = database.db;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    state: Omit<MaterialsState, "limit">,
  ) {
    const limit = await uploadLimit(db, loaded.view.item.id);
    return show(
      request,
      reply,
      (c) => titled(c.t, c.t("apply.step.materials"), Boolean(state.refusal || state.commitment)),
      (ctx) => <MaterialsStep ctx={ctx} loaded={loaded} state={{ ...state, limit }} />,
    );
  }

  app.get(
    "/applications/:id/materials",
    {
      config: { policy: "application.edit" },
      schema: { hide: true, params: Type.Object({ id: Id }), querystring: Done },
    },
    async (request, reply) => {
      const loaded = await changeable(db, request, reply, request.params.id, request.url);
      if (!loaded) return reply;
      const q = request.query;
      const name = (key: string | undefined) => {
        const m = loaded.view.materials.find((x) => x.key === key);
        return m ? inLocale(m.name, request.locale) : undefined;
      };
      const t = request.t;
      const notice = name(q.uploaded)
        ? t("apply.material.uploadedNotice", { name: name(q.uploaded) ?? "" })
        : name(q.removed)
          ? t("apply.material.removedNotice", { name: name(q.removed) ?? "" })
          : q.signed
            ? t("apply.commitment.signedNotice")
            : q.withdrawn
              ? t("apply.commitment.withdrawnNotice")
              : undefined;
      return render(request, reply, loaded, { notice });
    },
  );

  await app.register(async (scope) => {
    await registerUploads(scope);
    // A form posting a file carries its CSRF token in its address: the check runs before the
    // multipart body is read, and reads headers, so the token is handed over as one.
    scope.addHook("preValidation", async (request) => {
      const token = (request.query as { _csrf?: unknown })._csrf;
      if (typeof token === "string" && request.isMultipart()) request.headers = { "x-csrf-token": token };
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      "/applications/:id/materials/:key",
      {
        config: { policy: "application.edit" },
        schema: {
          hide: true,
          params: Type.Object({ id: Id, key: Key }),
          querystring: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const { id, key } = request.params;
        const loaded = await changeable(db, request, reply, id, paths.materials(id));
        if (!loaded) return reply;
        try {
          const upload = await readUpload(request, { maxBytes: await uploadLimit(db, loaded.view.item.id) });
          await putMaterial(db, config, request.actor, id, key, upload);
          return reply.redirect(`${paths.materials(id)}?uploaded=${key}#m-${key}`, 303);
        } catch (error) {
          if (!isAppError(error) || error.status >= 500 || error.code === "application_unknown_material") {
            throw error;
          }
          reply.code(error.status);
          return render(request, reply, loaded, { refusal: { key, text: refusalText(error, request.t) } });
        }
      },
    );
  });

  app.post(
    "/applications/:id/materials/:key/remove",
    {
      config: { policy: "application.edit" },
      schema: { hide: true, params: Type.Object({ id: Id, key: Key }) },
    },
    async (request, reply) => {
      const { id, key } = request.params;
      const loaded = await changeable(db, request, reply, id, paths.materials(id));
      if (!loaded) return reply;
      await removeMaterial(db, request.actor, id, key);
      return reply.redirect(`${paths.materials(id)}?removed=${key}#m-${key}`, 303);
    },
  );

  app.post(
    "/applications/:id/commitment",
    {
      config: { policy: "application.edit" },
      schema: { hide: true, params: Type.Object({ id: Id }), body: CommitmentBody },
    },
    async (request, reply) => {
      const { id } = request.params;
      const loaded = await changeable(db, request, reply, id, paths.materials(id));
      if (!loaded) return reply;
      const raw = request.body.materials;
      const chosen = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
      const t = request.t;
      const refused = {
        chosen,
        ...(chosen.length === 0 ? { materials: t("apply.commitment.chooseRequired") } : {}),
        ...(request.body.sign !== "yes" ? { sign: t("apply.commitment.signRequired") } : {}),
      };
      if (refused.materials || refused.sign) {
        reply.code(400);
        return render(request, reply, loaded, { commitment: refused });
      }
      await setCommitment(db, request.actor, id, chosen);
      return reply.redirect(`${paths.materials(id)}?signed=1#commitment`, 303);
    },
  );

  app.post(
    "/applications/:id/commitment/withdrawal",
    { config: { policy: "application.edit" }, schema: { hide: true, params: Type.Object({ id: Id }) } },
    async (request, reply) => {
      const { id } = request.params;
      const loaded = await changeable(db, request, reply, id, paths.materials(id));
      if (!loaded) return reply;
      await setCommitment(db, request.actor, id, []);
      return reply.redirect(`${paths.materials(id)}?withdrawn=1#commitment`, 303);
    },
  );
};
