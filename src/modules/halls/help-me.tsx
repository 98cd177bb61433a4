import type { PageContext } from "../../web/layout.tsx";
import type { Site } from "./sites.ts";
import type { SiteHours, Span } from "./tables.ts";

const spans = (list: Span[]) => list.map(([from, to]) => `${from}–${to}`).join(", ");

/** Opening hours in words: the working-day spans, and the rest-day ones where a site keeps any. */
export function hoursText(ctx: PageContext, hours: SiteHours): string {
  const { t } = ctx;
  const working = t("halls.hours.working", { spans: spans(hours.working) });
  return hours.rest.length > 0
    ? `${working}; ${t("halls.hours.rest", { spans: spans(hours.rest) })}`
    : `${working}; ${t("halls.hours.restClosed")}`;
}

function SiteFacts({ ctx, site, heading }: { ctx: PageContext; site: Site; heading: string }) {
  const { t } = ctx;
  const name = ctx.locale === "en" && site.nameEn ? site.nameEn : site.name;
  return (
    <li>
      <h3>
        {heading}: <span lang={ctx.locale === "en" && !site.nameEn ? "zh-CN" : undefined}>{name}</span>
      </h3>
      <dl class="facts">
        {site.address && (
          <>
            <dt>{t("halls.site.address")}</dt>
            <dd lang="zh-CN">{site.address}</dd>
          </>
        )}
        <dt>{t("halls.site.hours")}</dt>
        <dd>{site.open ? hoursText(ctx, site.hours) : t("halls.site.closed")}</dd>
        {site.phone && (
          <>
            <dt>{t("halls.site.phone")}</dt>
            <dd>
              <a href={`tel:${site.phone.replace(/[^\d+]/g, "")}`}>{site.phone}</a>
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

/**
 * "Help me" (帮我办): the service point and the hall nearest where the reader lives, where someone
 * applies with them or for them. Without a place chosen, it asks for one.
 */
export function HelpMe({
  ctx,
  nearest,
  choosePlaceHref,
}: {
  ctx: PageContext;
  nearest: { point: Site | undefined; hall: Site | undefined } | undefined;
  choosePlaceHref: string;
}) {
  const { t } = ctx;
  return (
    <section class="help-me" aria-labelledby="help-me">
      <h2 id="help-me">{t("halls.help.title")}</h2>
      <p>{t("halls.help.lead")}</p>
      {!nearest ? (
        <p>
          <a href={choosePlaceHref}>{t("halls.help.choosePlace")}</a>
        </p>
      ) : !nearest.point && !nearest.hall ? (
        <p>{t("halls.help.none")}</p>
      ) : (
        <ul class="halls">
          {nearest.point && <SiteFacts ctx={ctx} site={nearest.point} heading={t("halls.help.point")} />}
          {nearest.hall && <SiteFacts ctx={ctx} site={nearest.hall} heading={t("halls.help.hall")} />}
        </ul>
      )}
    </section>
  );
}
