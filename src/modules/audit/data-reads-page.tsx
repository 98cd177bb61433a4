import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { TIME } from "./pages.tsx";
import * as service from "./service.ts";

const PAGE_SIZE = 50;

function Reader({ ctx, read }: { ctx: PageContext; read: service.DataRead }) {
  const { t, locale } = ctx;
  const { reader } = read;
  if (reader.kind === "system") return <>{t("audit.actor.system")}</>;
  const departments = reader.departments.map((d) => (locale === "en" ? d.nameEn : d.name)).join("、");
  return (
    <>
      {reader.name ?? t("dataReads.readerUnnamed")}
      {departments && <div class="meta">{departments}</div>}
      {reader.onBehalfOf && <div class="meta">{t("dataReads.underMandate")}</div>}
    </>
  );
}

/** The reads, newest first, with a link to older ones when there may be more: a person's or an organisation's. */
export function DataReadsList({
  ctx,
  reads,
  more,
  olderHref,
}: {
  ctx: PageContext;
  reads: service.DataRead[];
  /** This is a page after the first. */
  more: boolean;
  olderHref: string;
}) {
  const { t } = ctx;
  const last = reads.at(-1);
  return (
    <>
      {reads.length === 0 ? (
        <p>{t(more ? "dataReads.noMore" : "dataReads.none")}</p>
      ) : (
        <table>
          <caption>{t("dataReads.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.col.at")}</th>
              <th scope="col">{t("dataReads.col.reader")}</th>
              <th scope="col">{t("dataReads.col.what")}</th>
              <th scope="col">{t("audit.col.purpose")}</th>
            </tr>
          </thead>
          <tbody>
            {reads.map((read) => (
              <tr key={read.seq}>
                <td>
                  <time datetime={read.at.toISOString()}>{TIME.format(read.at)}</time>
                </td>
                <td>
                  <Reader ctx={ctx} read={read} />
                </td>
                <td>{t(`dataReads.action.${read.action}` as "dataReads.action.personal_data.read")}</td>
                <td>
                  {read.purpose}
                  {read.caseId && <div class="meta">{t("audit.case", { id: read.caseId })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reads.length >= PAGE_SIZE && last && (
        <p>
          <a href={`${olderHref}?before=${last.seq}`}>{t("audit.older")}</a>
        </p>
      )}
    </>
  );
}

/**
 * "谁查看了我的信息": a person's list of every read of their data by staff, the data exchange or an agent,
 * with who read it and why; the same as GET /api/v1/account/data-reads.
 */
export const dataReadsPage: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/account/data-reads",
    {
      config: { policy: "account.read" },
      schema: {
        hide: true,
        querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request, reply) => {
      const { actor } = request;
      if (actor.kind !== "person") {
        return reply.redirect(`/account/signin?next=${encodeURIComponent("/account/data-reads")}`, 303);
      }
      const reads = await service.whoReadMyData(db, actor.id, {
        limit: PAGE_SIZE,
        before: request.query.before,
      });
      const ctx = pageContext(request, reply);
      const { t } = ctx;
      return sendPage(
        reply,
        ctx,
        t("dataReads.title"),
        <>
          <h1>{t("dataReads.title")}</h1>
          <p class="lead">{t("dataReads.lead")}</p>
          <DataReadsList
            ctx={ctx}
            reads={reads}
            more={!!request.query.before}
            olderHref="/account/data-reads"
          />
          <p>
            <a href="/account">{t("dataReads.back")}</a>
          </p>
        </>,
      );
    },
  );
};
