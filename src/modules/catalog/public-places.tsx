import type { PageContext } from "../../web/layout.tsx";
import type { PlaceChoice } from "./browse.ts";
import type { ItemContent } from "./content.ts";
import {
  daysText,
  feeText,
  guidePath,
  hasPlaces,
  PlacePicker,
  queryString,
  WithName,
  Zh,
} from "./public-views.tsx";
import type { OfferingRecord } from "./service.ts";

/** Without a place chosen, the offerings shown before asking where the reader lives. */
const OFFERINGS_UNCHOSEN = 6;

function Hall({
  ctx,
  offering,
  content,
}: {
  ctx: PageContext;
  offering: OfferingRecord;
  content: ItemContent;
}) {
  const { t } = ctx;
  const department = ctx.locale === "en" ? offering.departmentNameEn : offering.departmentName;
  const ownPromise = offering.promisedDays !== null && offering.promisedDays !== content.promisedDays;
  const ownFee = offering.feeFen !== null && offering.feeFen !== content.fee.fen;
  return (
    <li>
      <h3>
        <Zh ctx={ctx}>{offering.hallName ?? offering.departmentName}</Zh>
      </h3>
      <dl class="facts">
        <dt>{t("services.guide.hall.department")}</dt>
        <dd>{ctx.locale === "en" ? department : <Zh ctx={ctx}>{department}</Zh>}</dd>
        {offering.hallAddress && (
          <>
            <dt>{t("services.guide.hall.address")}</dt>
            <dd>
              <Zh ctx={ctx}>{offering.hallAddress}</Zh>
            </dd>
          </>
        )}
        {offering.hours && (
          <>
            <dt>{t("services.guide.hall.hours")}</dt>
            <dd>
              <Zh ctx={ctx}>{offering.hours}</Zh>
            </dd>
          </>
        )}
        {offering.phone && (
          <>
            <dt>{t("services.guide.hall.phone")}</dt>
            <dd>
              <a href={`tel:${offering.phone.replace(/[^\d+]/g, "")}`}>{offering.phone}</a>
            </dd>
          </>
        )}
        {ownPromise && (
          <>
            <dt>{t("services.guide.hall.promised")}</dt>
            <dd>{daysText(ctx, offering.promisedDays as number)}</dd>
          </>
        )}
        {ownFee && (
          <>
            <dt>{t("services.guide.hall.fee")}</dt>
            <dd>{feeText(ctx, offering.feeFen as number)}</dd>
          </>
        )}
      </dl>
    </li>
  );
}

/** Where to apply: the "near me" choice, and the halls near the place chosen, nearest first. */
export function Where({
  ctx,
  code,
  content,
  offerings,
  choice,
  print,
}: {
  ctx: PageContext;
  code: string;
  content: ItemContent;
  offerings: OfferingRecord[];
  choice: PlaceChoice;
  print: boolean;
}) {
  const { t } = ctx;
  const place = choice.path.at(-1);
  // Without a place, the broadest offerings first: a county hall serves more readers than one village's.
  const shown = place
    ? offerings
    : [...offerings].sort((a, b) => a.regionCode.length - b.regionCode.length).slice(0, OFFERINGS_UNCHOSEN);
  const href = (near: string) => `${guidePath(code)}${queryString({ near })}#where`;
  return (
    <>
      <h2 id="where">
        {place ? (
          <WithName
            ctx={ctx}
            name={place.name}
            message={(name) => t("services.guide.whereNear", { place: name })}
          />
        ) : (
          t("services.guide.where")
        )}
      </h2>
      {!print && (
        <form class="near no-print" method="get" action={`${guidePath(code)}#where`}>
          <PlacePicker ctx={ctx} choice={choice} href={href} />
          {hasPlaces(choice) && (
            <button class="button secondary" type="submit">
              {t("services.place.show")}
            </button>
          )}
        </form>
      )}
      {shown.length === 0 ? (
        <p>
          {place ? (
            <WithName
              ctx={ctx}
              name={place.name}
              message={(name) => t("services.guide.noOfferingNear", { place: name })}
            />
          ) : (
            t("services.guide.noOfferings")
          )}
        </p>
      ) : (
        <ul class="halls">
          {shown.map((o) => (
            <Hall key={o.id} ctx={ctx} offering={o} content={content} />
          ))}
        </ul>
      )}
      {!place && offerings.length > shown.length && (
        <p>{t("services.guide.moreOfferings", { count: offerings.length - shown.length })}</p>
      )}
    </>
  );
}
