import { hasMessage } from "../../platform/i18n/index.ts";
import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import { HelpMe } from "../halls/help-me.tsx";
import type { Site } from "../halls/sites.ts";
import type { PlaceChoice } from "./browse.ts";
import type { ItemContent, Material } from "./content.ts";
import { Where } from "./public-places.tsx";
import {
  dateOf,
  daysText,
  feeText,
  guidePath,
  inParens,
  key,
  lineName,
  queryString,
  Txt,
  textOf,
} from "./public-views.tsx";
import type { ItemRecord, OfferingRecord, VersionRecord } from "./service.ts";

export interface GuideView {
  item: ItemRecord;
  version: VersionRecord & { content: ItemContent };
  offerings: OfferingRecord[];
  choice: PlaceChoice;
  print: boolean;
  /** Where the site is reached from outside: printed addresses must work when typed in. */
  baseUrl: string;
  /** The service point and hall nearest the place chosen ("help me"); none without a place. */
  nearest?: { point: Site | undefined; hall: Site | undefined } | undefined;
}

/** "Data runs, people don't": where the government fetches the material from instead of asking for it. */
function fetchedFrom(ctx: PageContext, by: NonNullable<Material["satisfiedBy"]>): string {
  const { t } = ctx;
  if (by.form) return t("services.guide.material.fromForm");
  const licence = by.licenceType && `services.source.${by.licenceType}`;
  const registry = by.registry && `services.source.${by.registry}`;
  if (licence && hasMessage(licence))
    return t("services.guide.material.fetched", {
      source: t("services.source.licence", { name: t(licence) }),
    });
  if (registry && hasMessage(registry)) return t("services.guide.material.fetched", { source: t(registry) });
  return t("services.guide.material.fetchedAny");
}

function Materials({ ctx, materials }: { ctx: PageContext; materials: Material[] }) {
  const { t } = ctx;
  if (materials.length === 0) return <p>{t("services.guide.noMaterials")}</p>;
  return (
    <section class="table-wrap" aria-labelledby="materials-caption" tabindex={0}>
      <table class="materials">
        <caption id="materials-caption">
          {t("services.guide.materialsCaption", { count: materials.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("services.guide.material.name")}</th>
            <th scope="col">{t("services.guide.material.form")}</th>
            <th scope="col">{t("services.guide.material.count")}</th>
            <th scope="col">{t("services.guide.material.required")}</th>
            <th scope="col">{t("services.guide.material.notes")}</th>
          </tr>
        </thead>
        <tbody>
          {materials.map((m) => (
            <tr key={m.key}>
              <th scope="row">
                <Txt ctx={ctx} text={m.name} />
              </th>
              <td>{t(key("services.form", m.form))}</td>
              <td>{m.count}</td>
              <td>
                {m.required ? (
                  t("services.guide.material.always")
                ) : (
                  <>
                    {t("services.guide.material.when")}
                    {m.condition && (
                      <>
                        {" "}
                        <Txt ctx={ctx} text={m.condition} />
                      </>
                    )}
                  </>
                )}
              </td>
              <td>
                {m.satisfiedBy && <strong class="fetched">{fetchedFrom(ctx, m.satisfiedBy)}</strong>}
                {m.satisfiedBy && m.notes && " "}
                {m.notes && <Txt ctx={ctx} text={m.notes} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Glance({ ctx, content }: { ctx: PageContext; content: ItemContent }) {
  const { t } = ctx;
  return (
    <dl class="facts">
      <dt>{t("services.guide.promised")}</dt>
      <dd>{daysText(ctx, content.promisedDays)}</dd>
      <dt>{t("services.guide.statutory")}</dt>
      <dd>{daysText(ctx, content.statutoryDays)}</dd>
      <dt>{t("services.guide.fee")}</dt>
      <dd>
        {feeText(ctx, content.fee.fen)}
        {content.fee.basis && (
          <>
            {ctx.locale === "en" ? " (" : "（"}
            <Txt ctx={ctx} text={content.fee.basis} />
            {ctx.locale === "en" ? ")" : "）"}
          </>
        )}
        {content.fee.varies && <span class="hint">{t("services.guide.feeVaries")}</span>}
      </dd>
      <dt>{t("services.guide.visits")}</dt>
      <dd>{t(key("services.guide.visits", String(Math.min(content.visits, 2))))}</dd>
      <dt>{t("services.guide.online")}</dt>
      <dd>{content.fullyOnline ? t("services.guide.onlineYes") : t("services.guide.onlineNo")}</dd>
      <dt>{t("services.guide.channels")}</dt>
      <dd>
        {content.channels.map((c) => t(key("services.channel", c))).join(ctx.locale === "en" ? ", " : "、")}
      </dd>
      {content.commitmentAllowed && (
        <>
          <dt>{t("services.guide.commitment")}</dt>
          <dd>{t("services.guide.commitmentYes")}</dd>
        </>
      )}
    </dl>
  );
}

function About({ ctx, item, content }: { ctx: PageContext; item: ItemRecord; content: ItemContent }) {
  const { t } = ctx;
  const list = (values: string[], prefix: string) =>
    values.map((v) => t(key(prefix, v))).join(ctx.locale === "en" ? ", " : "、");
  return (
    <dl class="facts">
      <dt>{t("services.guide.type")}</dt>
      <dd>{t(key("services.type", content.type))}</dd>
      <dt>{t("services.guide.department")}</dt>
      <dd>{lineName(ctx, content.line)}</dd>
      <dt>{t("services.guide.audience")}</dt>
      <dd>{list(content.audience, "services.audience")}</dd>
      <dt>{t("services.guide.levels")}</dt>
      <dd>{list(content.levels, "services.level")}</dd>
      <dt>{t("services.guide.code")}</dt>
      <dd>{item.code}</dd>
    </dl>
  );
}

export function GuidePage({ ctx, view }: { ctx: PageContext; view: GuideView }) {
  const { t } = ctx;
  const { item, version, print } = view;
  const content = version.content;
  const near = view.choice.chosen;
  const here = `${guidePath(item.code)}${queryString({ near })}`;
  const applyPath = `${guidePath(item.code)}/apply`;
  const online = content.channels.includes("online");
  return (
    <article class={print ? "guide print-view" : "guide"}>
      {print ? (
        <p class="notice no-print">
          {t("services.guide.printHelp")} <a href={here}>{t("services.guide.back")}</a>
        </p>
      ) : (
        <Breadcrumb
          ctx={ctx}
          items={[
            { label: t("services.title"), href: "/services" },
            { label: lineName(ctx, content.line), href: `/services/departments/${content.line}` },
            { label: textOf(ctx, content.name) },
          ]}
        />
      )}
      <p class="kicker">{t("services.guide.kicker")}</p>
      <h1>
        <Txt ctx={ctx} text={content.name} />
      </h1>
      <p class="lead">
        <Txt ctx={ctx} text={content.summary} />
      </p>
      {!print && (
        <ul class="actions">
          {online && (
            <li>
              <a class="button" href={applyPath}>
                {t("services.guide.apply")}
              </a>
            </li>
          )}
          <li>
            <a href={`${guidePath(item.code)}${queryString({ near, print: 1 })}`}>
              {t("services.guide.print")}
            </a>
          </li>
        </ul>
      )}
      {print && online && (
        <p>
          {t("services.guide.apply")}
          {ctx.locale === "en" ? ": " : "："}
          <span class="url">{`${view.baseUrl}${applyPath}`}</span>
        </p>
      )}
      <h2>{t("services.guide.glance")}</h2>
      <Glance ctx={ctx} content={content} />
      <h2>{t("services.guide.conditions")}</h2>
      {content.conditions.length === 0 ? (
        <p>{t("services.guide.noConditions")}</p>
      ) : (
        <ul>
          {content.conditions.map((c) => (
            <li key={c.zh}>
              <Txt ctx={ctx} text={c} />
            </li>
          ))}
        </ul>
      )}
      <h2 id="materials">{t("services.guide.materials")}</h2>
      <Materials ctx={ctx} materials={content.materials} />
      <h2>{t("services.guide.steps")}</h2>
      <ol class="process">
        {content.steps.map((s) => (
          <li key={s.key}>
            <Txt ctx={ctx} text={s.name} />{" "}
            <span class="meta">
              {inParens(
                ctx,
                s.days === 0
                  ? t("services.guide.stepSameDay")
                  : t("services.guide.stepDays", { days: s.days }),
              )}
            </span>
          </li>
        ))}
      </ol>
      <Where
        ctx={ctx}
        code={item.code}
        content={content}
        offerings={view.offerings}
        choice={view.choice}
        print={print}
      />
      {!print && <HelpMe ctx={ctx} nearest={view.nearest} choosePlaceHref="#where" />}
      {content.faq.length > 0 && (
        <>
          <h2>{t("services.guide.faq")}</h2>
          {content.faq.map((f) => (
            <section class="qa" key={f.question.zh}>
              <h3>
                <Txt ctx={ctx} text={f.question} />
              </h3>
              <p>
                <Txt ctx={ctx} text={f.answer} />
              </p>
            </section>
          ))}
        </>
      )}
      <h2>{t("services.guide.basis")}</h2>
      <ul>
        {content.legalBasis.map((b) => (
          <li key={b.zh}>
            <Txt ctx={ctx} text={b} />
          </li>
        ))}
      </ul>
      <h2>{t("services.guide.about")}</h2>
      <About ctx={ctx} item={item} content={content} />
      <p class="meta">
        {t("services.guide.version", { version: version.version, date: dateOf(version.publishedAt) })}
        <br />
        {t("services.guide.address")} <span class="url">{`${view.baseUrl}${guidePath(item.code)}`}</span>
      </p>
    </article>
  );
}

/** A retired item: its name and what to do instead (answered with 410 Gone: see pages.tsx). */
export function RetiredPage({
  ctx,
  content,
  retiredAt,
}: {
  ctx: PageContext;
  content: ItemContent;
  retiredAt: Date | null;
}) {
  const { t } = ctx;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("services.title"), href: "/services" }, { label: textOf(ctx, content.name) }]}
      />
      <p class="kicker">{t("services.guide.kicker")}</p>
      <h1>
        <Txt ctx={ctx} text={content.name} />
      </h1>
      <div class="notice">
        <h2>{t("services.retired.title")}</h2>
        <p>{t("services.retired.text", { date: dateOf(retiredAt) })}</p>
        <p>{t("services.retired.next")}</p>
        <p>
          <a href={`/services/search${queryString({ q: textOf(ctx, content.name).slice(0, 100) })}`}>
            {t("services.retired.search")}
          </a>
        </p>
      </div>
      <p>
        <Txt ctx={ctx} text={content.summary} />
      </p>
    </>
  );
}
