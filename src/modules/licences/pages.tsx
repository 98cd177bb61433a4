import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { chinaDate, chinaDateTime } from "../../platform/documents/dates.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type PublicLicence, type Verification, verifyLicence } from "./service.ts";
import type { BilingualText } from "./tables.ts";

type Found = Extract<Verification, { found: true }>;

const pick = (ctx: PageContext, text: BilingualText) => (ctx.locale === "en" ? text.en || text.zh : text.zh);

/** The answer in one sentence or two: what the reader most needs, before any detail. */
export function Result({ ctx, checked }: { ctx: PageContext; checked: Found }) {
  const { t } = ctx;
  const l = checked.licence;
  const date = (d: Date | null) => (d ? chinaDate(d, ctx.locale) : "");
  const [heading, text] = !checked.genuine
    ? [t("verify.result.forged"), t("verify.result.forged.text")]
    : checked.status === "revoked"
      ? [t("verify.result.revoked"), t("verify.result.revoked.text", { date: date(l.revokedAt) })]
      : checked.status === "expired"
        ? [t("verify.result.expired"), t("verify.result.expired.text", { date: date(l.validUntil) })]
        : checked.status === "not_yet_valid"
          ? [
              t("verify.result.not_yet_valid"),
              t("verify.result.not_yet_valid.text", { date: date(l.validFrom) }),
            ]
          : [t("verify.result.valid"), t("verify.result.valid.text")];
  const good = checked.genuine && checked.status === "valid";
  return (
    <section class={good ? "card" : "notice"} aria-labelledby="verify-result">
      <h2 id="verify-result">
        <span class={good ? "tag ok" : "tag"}>{heading}</span>
      </h2>
      <p>{text}</p>
      {checked.genuine && checked.status === "revoked" && l.revokeReason && (
        <p>{t("verify.result.revokedReason", { reason: l.revokeReason })}</p>
      )}
    </section>
  );
}

/** The licence's content; `identifier`: the holder's masked number, where the reader may see it. */
export function Details({
  ctx,
  licence: l,
  identifier,
}: {
  ctx: PageContext;
  licence: PublicLicence;
  identifier?: string | null;
}) {
  const { t, locale } = ctx;
  const rows: [string, string][] = [
    [t("verify.col.title"), pick(ctx, l.title)],
    [t("verify.col.holder"), l.holderName],
    ...(identifier ? [[t("verify.col.identifier"), identifier] as [string, string]] : []),
    [
      t("verify.col.department"),
      locale === "en" ? l.department.nameEn || l.department.name : l.department.name,
    ],
    [t("verify.col.issuedAt"), chinaDate(l.issuedAt, locale)],
    [t("verify.col.validFrom"), chinaDate(l.validFrom, locale)],
    [t("verify.col.validUntil"), l.validUntil ? chinaDate(l.validUntil, locale) : t("verify.noExpiry")],
    ...l.fields.map((f): [string, string] => [pick(ctx, f.label), f.value]),
  ];
  return (
    <>
      <h2>{t("verify.details")}</h2>
      <dl class="facts">
        {rows.map(([label, value]) => [
          <dt key={`t${label}`}>{label}</dt>,
          <dd key={`d${label}`}>{value}</dd>,
        ])}
      </dl>
    </>
  );
}

function VerifyPage({ ctx, checked, now }: { ctx: PageContext; checked: Found; now: Date }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("verify.title")}</h1>
      <p class="kicker">{t("verify.number", { id: checked.licence.id })}</p>
      <Result ctx={ctx} checked={checked} />
      {/* An altered record's content is not shown: it would be read as if it were the licence. */}
      {checked.genuine && <Details ctx={ctx} licence={checked.licence} />}
      <p class="meta">{t("verify.checkedAt", { time: chinaDateTime(now, ctx.locale) })}</p>
      <p class="meta">{t("verify.how")}</p>
    </>
  );
}

function NotFoundPage({ ctx, id }: { ctx: PageContext; id: string }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("verify.notFound.title")}</h1>
      <section class="notice" aria-labelledby="verify-result">
        <h2 id="verify-result">{t("verify.notFound.text", { id })}</h2>
        <p>{t("verify.notFound.next")}</p>
        <p>{t("verify.notFound.contact")}</p>
      </section>
    </>
  );
}

/**
 * The public check of an e-licence, where its QR code leads: no sign-in, no script, in the reader's
 * language. It says plainly whether the licence is genuine and valid, revoked (when and why), expired,
 * not yet valid, or not genuine; a number that does not exist (or is not a number at all) gets a 404
 * page saying what to do.
 */
export const licencesPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.get(
    "/verify/:id",
    {
      config: { policy: "licence.verify" },
      schema: { hide: true, params: Type.Object({ id: Type.String() }) },
    },
    async (request, reply) => {
      const now = new Date();
      const checked = await verifyLicence(db, request.params.id, now);
      const ctx = pageContext(request, reply);
      if (!checked.found) {
        // Shown as typed, cut short: the page is no place to echo a long paste back.
        const id = [...request.params.id].slice(0, 40).join("");
        reply.code(404);
        return sendPage(reply, ctx, ctx.t("verify.notFound.title"), <NotFoundPage ctx={ctx} id={id} />);
      }
      return sendPage(
        reply,
        ctx,
        ctx.t("verify.title"),
        <VerifyPage ctx={ctx} checked={checked} now={now} />,
      );
    },
  );
};
