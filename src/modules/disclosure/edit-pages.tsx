import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import { readUpload, registerUploads } from "../../platform/files/multipart.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { Breadcrumb, CsrfField, type PageContext } from "../../web/layout.tsx";
import { ProblemSummary } from "../../web/problems.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { ATTACHMENT_MAX_BYTES, attach } from "./attachments.ts";
import { Input, type Problems, problemsOf, type Values } from "./form-parts.tsx";
import { publicationPath } from "./present.ts";
import { assertMayChange, correct, getPublicationRow, type Publication, withdraw } from "./publications.ts";

/** The staff's page of one publication: a correction (a new revision) or a withdrawal, without script. */

export const editPath = (id: string) => `/work/disclosure/publications/${id}`;

function EditPage({
  ctx,
  p,
  values,
  problems,
}: {
  ctx: PageContext;
  p: Publication;
  values: Values;
  problems: Problems;
}) {
  const { t } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("disclosure.staff.title"), href: "/work/disclosure" }, { label: p.title }]}
      />
      <h1>{t("disclosure.edit.title", { title: p.title })}</h1>
      <p>
        <a href={publicationPath(p.id)}>{p.index_number}</a>
      </p>
      <ProblemSummary title={t("disclosure.problems")} problems={problems} />
      {p.withdrawn_at ? (
        <p class="notice" role="status">
          {t("disclosure.edit.withdrawn")}
        </p>
      ) : (
        <>
          <h2>{t("disclosure.edit.correct")}</h2>
          <p class="hint">{t("disclosure.edit.correctLead")}</p>
          <form method="post" action={`${editPath(p.id)}/corrections`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Input id="title" label={t("disclosure.staff.titleField")} values={values} problems={problems} />
            <Input id="body" label={t("disclosure.staff.body")} values={values} problems={problems} long />
            <Input
              id="documentNumber"
              label={t("disclosure.staff.documentNumber")}
              values={values}
              problems={problems}
            />
            <Input id="reason" label={t("disclosure.edit.reason")} values={values} problems={problems} />
            <button class="button" type="submit">
              {t("disclosure.edit.submitCorrection")}
            </button>
          </form>
          <h2>{t("disclosure.attachments")}</h2>
          <form
            method="post"
            action={`${editPath(p.id)}/attachments?_csrf=${encodeURIComponent(ctx.csrfToken ?? "")}`}
            enctype="multipart/form-data"
          >
            <label for="file">{t("disclosure.edit.file")}</label>
            <input type="file" id="file" name="file" accept="application/pdf,image/jpeg,image/png" />
            <button class="button secondary" type="submit">
              {t("disclosure.edit.attach")}
            </button>
          </form>
          <h2>{t("disclosure.edit.withdraw")}</h2>
          <p class="hint">{t("disclosure.edit.withdrawLead")}</p>
          <form method="post" action={`${editPath(p.id)}/withdrawal`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Input
              id="withdrawReason"
              label={t("disclosure.edit.withdrawReason")}
              values={values}
              problems={problems}
            />
            <button class="button secondary" type="submit">
              {t("disclosure.edit.submitWithdraw")}
            </button>
          </form>
        </>
      )}
    </>
  );
}

const signIn = (reply: FastifyReply, back: string) =>
  reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);

export const disclosureEditPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  const Params = Type.Object({ id: Type.String({ format: "uuid" }) });
  const Form = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 100_000 }));

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Values,
    problems: Problems,
  ) {
    await assertMayChange(db, request.actor, id).catch((error) => {
      // A withdrawn publication's page still opens for its staff, saying it can no longer change.
      if (!isAppError(error) || error.code !== "disclosure_withdrawn") throw error;
    });
    const p = await getPublicationRow(db, id);
    const ctx = pageContext(request, reply, true);
    const initial =
      Object.keys(values).length > 0
        ? values
        : { title: p.title, body: p.body, documentNumber: p.document_number ?? "" };
    return sendPage(reply, ctx, p.title, <EditPage ctx={ctx} p={p} values={initial} problems={problems} />);
  }

  app.get(
    "/work/disclosure/publications/:id",
    { config: { policy: "disclosure.publish" }, schema: { hide: true, params: Params } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, request.url);
      return show(request, reply, request.params.id, {}, []);
    },
  );

  app.post(
    "/work/disclosure/publications/:id/corrections",
    { config: { policy: "disclosure.publish" }, schema: { hide: true, params: Params, body: Form } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, editPath(request.params.id));
      const v = request.body as Values;
      try {
        await correct(db, request.actor, request.params.id, {
          title: v.title,
          body: v.body,
          documentNumber: v.documentNumber,
          reason: v.reason ?? "",
        });
        return reply.redirect(publicationPath(request.params.id), 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        reply.code(error.status);
        return show(request, reply, request.params.id, v, problemsOf(error, request.t, "reason"));
      }
    },
  );

  app.post(
    "/work/disclosure/publications/:id/withdrawal",
    { config: { policy: "disclosure.publish" }, schema: { hide: true, params: Params, body: Form } },
    async (request, reply) => {
      if (request.actor.kind !== "staff") return signIn(reply, editPath(request.params.id));
      const v = request.body as Values;
      try {
        await withdraw(db, request.actor, request.params.id, v.withdrawReason ?? "");
        return reply.redirect(publicationPath(request.params.id), 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
        reply.code(error.status);
        const problems = problemsOf(error, request.t, "withdrawReason").map((p) =>
          p.id === "reason" ? { ...p, id: "withdrawReason" } : p,
        );
        return show(request, reply, request.params.id, v, problems);
      }
    },
  );

  await app.register(async (scope) => {
    await registerUploads(scope);
    // A form posting a file carries its CSRF token in its address: the check runs before the multipart
    // body is read and reads headers, so the token is handed over as one (as the materials page does).
    scope.addHook("preValidation", async (request) => {
      const token = (request.query as { _csrf?: unknown })._csrf;
      if (typeof token === "string" && request.isMultipart()) request.headers["x-csrf-token"] = token;
    });
    scope
      .withTypeProvider<TypeBoxTypeProvider>()
      .post(
        "/work/disclosure/publications/:id/attachments",
        { config: { policy: "disclosure.publish" }, schema: { hide: true, params: Params } },
        async (request, reply) => {
          if (request.actor.kind !== "staff") return signIn(reply, editPath(request.params.id));
          await assertMayChange(db, request.actor, request.params.id);
          try {
            const upload = await readUpload(request, { maxBytes: ATTACHMENT_MAX_BYTES });
            await attach(db, app.platform.config, request.actor, request.params.id, upload);
            return reply.redirect(publicationPath(request.params.id), 303);
          } catch (error) {
            if (!isAppError(error) || error.status >= 500 || error.status === 404) throw error;
            reply.code(error.status);
            const text = request.t(`error.${error.code}` as MessageKey, error.extra.params);
            return show(request, reply, request.params.id, {}, [{ id: "file", text }]);
          }
        },
      );
  });
};
