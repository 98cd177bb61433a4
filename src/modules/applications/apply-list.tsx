import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { stateText } from "../cases/progress-views.tsx";
import { myCases } from "../cases/service.ts";
import { textOf } from "../catalog/public-views.tsx";
import { paths, show, signIn, when } from "./apply-kit.tsx";
import { abandonApplication, myDrafts } from "./service.ts";

const Id = Type.String({ maxLength: 40 });
const LIST_SIZE = 50;

type Drafts = Awaited<ReturnType<typeof myDrafts>>;
type Cases = Awaited<ReturnType<typeof myCases>>;

function ListPage({
  ctx,
  drafts,
  cases,
  notice,
}: {
  ctx: PageContext;
  drafts: Drafts;
  cases: Cases;
  notice: string | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("apply.list.title")}</h1>
      {notice && <p role="status">{notice}</p>}
      <p class="lead">{t("apply.list.lead")}</p>
      <h2 id="drafts">{t("apply.list.drafts")}</h2>
      {drafts.length === 0 ? (
        <p>
          {t("apply.list.noDrafts")} <a href="/services">{t("apply.list.find")}</a>
        </p>
      ) : (
        <ul class="list" aria-labelledby="drafts">
          {drafts.map((d) => (
            <li key={d.id}>
              <span>
                <a href={paths.resume(d.id)}>{textOf(ctx, { zh: d.name, en: d.name_en ?? "" })}</a>
                <span class="meta"> {t("apply.list.saved", { at: when(d.updated_at, ctx.locale) })}</span>
              </span>
              <form method="post" action={`/applications/${d.id}/abandon`} class="inline">
                <CsrfField token={ctx.csrfToken} />
                <button class="text-button" type="submit">
                  {t("apply.list.abandon")}
                  <span class="visually-hidden"> {textOf(ctx, { zh: d.name, en: d.name_en ?? "" })}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2 id="cases">{t("apply.list.cases")}</h2>
      {cases.length === 0 ? (
        <p>{t("apply.list.noCases")}</p>
      ) : (
        <ul class="list" aria-labelledby="cases">
          {cases.map((c) => (
            <li key={c.id}>
              <span>
                <a href={paths.progress(c.number)}>{textOf(ctx, c.itemName)}</a>
                <span class="meta">
                  {" "}
                  {t("apply.list.case", { number: c.number, at: when(c.submittedAt, ctx.locale) })}
                </span>
              </span>
              <span class="tag">{stateText(ctx, c)}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/cases/lookup">{t("progress.lookup.link")}</a>
      </p>
    </>
  );
}

/** "My applications": drafts to finish (from any device) and the cases they became. */
export const applyListPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/applications",
    {
      config: { policy: "application.create" },
      schema: {
        hide: true,
        querystring: Type.Object({
          saved: Type.Optional(Type.String({ maxLength: 40 })),
          abandoned: Type.Optional(Type.String({ maxLength: 5 })),
        }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, request.url);
      const [drafts, cases] = await Promise.all([
        myDrafts(db, request.actor),
        myCases(db, request.actor, { limit: LIST_SIZE, offset: 0 }),
      ]);
      const t = request.t;
      const notice = request.query.saved
        ? t("apply.list.savedNotice")
        : request.query.abandoned
          ? t("apply.list.abandonedNotice")
          : undefined;
      return show(
        request,
        reply,
        (c) => c.t("apply.list.title"),
        (ctx) => <ListPage ctx={ctx} drafts={drafts} cases={cases} notice={notice} />,
      );
    },
  );

  app.post(
    "/applications/:id/abandon",
    { config: { policy: "application.edit" }, schema: { hide: true, params: Type.Object({ id: Id }) } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(reply, paths.list);
      await abandonApplication(db, request.actor, request.params.id);
      return reply.redirect(`${paths.list}?abandoned=1`, 303);
    },
  );
};
