import type { Executor } from "../../platform/db/database.ts";
import type { MessageKey, Translate } from "../../platform/i18n/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { type Department, listDepartments } from "../departments/service.ts";
import { isRegionCode } from "../regions/codes.ts";
import { getRegion, listAncestors, listChildren, type Region } from "../regions/service.ts";
import { inputId } from "./admin-form.ts";
import { yuanOf } from "./admin-money.ts";
import { ErrorSummary, type FieldErrors, Input, itemPath, type Problem, Select } from "./admin-views.tsx";
import { type ItemContent, LEVELS } from "./content.ts";
import type { ItemRecord, OfferingRecord } from "./service.ts";

/**
 * An item's offerings (实施清单) on its page: the list with withdraw and restore, and the form to add
 * one. The region is chosen by walking down from the manager's jurisdiction, one link a level, so it
 * works without JavaScript and never lists a province's thousands of villages at once.
 */

export const OFFERING_FIELDS = [
  "regionCode",
  "departmentId",
  "promisedDays",
  "feeYuan",
  "hallName",
  "hallAddress",
  "hours",
  "phone",
] as const;
export type OfferingField = (typeof OFFERING_FIELDS)[number];

export interface Picker {
  /** Where the manager may add offerings of this item: their jurisdictions within its province. */
  roots: Region[];
  chosen?: Region;
  /** From the root down to the chosen region's parent. */
  trail: Region[];
  children: Region[];
  departments: Department[];
}

export interface OfferingsState {
  list: OfferingRecord[];
  /** Offerings need a published version; null when there is none (or the item is retired). */
  content: ItemContent | null;
  picker: Picker;
  values: Partial<Record<OfferingField, string>>;
  errors: FieldErrors;
  problems: Problem[];
}

const levelName = (t: Translate, level: number) =>
  t(`catalogAdmin.level.${LEVELS[level - 1] ?? "village"}` as MessageKey);

/** The regions the manager's catalogue-manager grants cover within the item's province. */
function rootCodes(actor: Actor, owner: string | null): string[] {
  if (actor.kind !== "staff") return [];
  const codes = actor.grants
    .filter((g) => g.role === "catalog_manager")
    .map((g) => g.jurisdictionCode)
    .flatMap((j) => (owner === null || j.startsWith(owner) ? [j] : owner.startsWith(j) ? [owner] : []))
    .filter((c) => isRegionCode(c));
  return [...new Set(codes)];
}

export async function loadPicker(
  db: Executor,
  actor: Actor,
  item: ItemRecord,
  content: ItemContent | null,
  regionCode: string | undefined,
): Promise<Picker> {
  const codes = rootCodes(actor, item.ownerRegionCode);
  const roots = (await Promise.all(codes.map((c) => getRegion(db, actor, c).catch(() => undefined)))).filter(
    (r): r is Region => r !== undefined,
  );
  const wanted =
    regionCode && isRegionCode(regionCode) && codes.some((c) => regionCode.startsWith(c))
      ? regionCode
      : undefined;
  const code = wanted ?? (roots.length === 1 ? roots[0]?.code : undefined);
  const chosen = code ? await getRegion(db, actor, code).catch(() => undefined) : undefined;
  if (!chosen || !content)
    return { roots, trail: [], children: [], departments: [], ...(chosen ? { chosen } : {}) };
  const root =
    codes.filter((c) => chosen.code.startsWith(c)).sort((a, b) => a.length - b.length)[0] ?? chosen.code;
  const ancestors = await listAncestors(db, actor, chosen.code);
  const children = await listChildren(db, actor, chosen.code);
  // A township's or village's offering is handled by a department of the county (or city) above it.
  const places = [chosen.code, ...ancestors.map((a) => a.code).reverse()].filter((c) => c.length >= 6);
  const departments = (await Promise.all(places.map((c) => listDepartments(db, c))))
    .flat()
    .filter((d) => d.line === content.line || d.line === "government_service");
  return {
    roots,
    chosen,
    trail: ancestors.filter((a) => a.code.length >= root.length),
    children,
    departments,
  };
}

function PickerView({ t, code, picker }: { t: Translate; code: string; picker: Picker }) {
  const link = (region: Region) => `${itemPath(code)}?region=${region.code}#offering-add`;
  const { chosen } = picker;
  return (
    <div class="picker">
      <h4>{t("catalogAdmin.offering.region")}</h4>
      {chosen ? (
        <p>
          {picker.trail.map((r) => (
            <span key={r.code}>
              <a href={link(r)}>{r.name}</a>
              {" › "}
            </span>
          ))}
          <strong>{chosen.name}</strong>{" "}
          <span class="meta">{`${chosen.code} · ${levelName(t, chosen.level)}`}</span>
        </p>
      ) : (
        <p>{t("catalogAdmin.offering.chooseRoot")}</p>
      )}
      {(chosen ? picker.children : picker.roots).length > 0 && (
        <details open={!chosen}>
          <summary>
            {chosen
              ? t("catalogAdmin.offering.chooseBelow", { name: chosen.name })
              : t("catalogAdmin.offering.roots")}
          </summary>
          <ul class="region-links">
            {(chosen ? picker.children : picker.roots).map((r) => (
              <li key={r.code}>
                <a href={link(r)}>{r.name}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function AddForm({ ctx, code, state }: { ctx: PageContext; code: string; state: OfferingsState }) {
  const { t, locale } = ctx;
  const { picker, content, values, errors } = state;
  if (!content) return <p>{t("catalogAdmin.offering.notPublished")}</p>;
  if (picker.roots.length === 0) return <p>{t("catalogAdmin.offering.noJurisdiction")}</p>;
  const name = (f: OfferingField) => `offering.${f}`;
  const field = (f: OfferingField, label: MessageKey, hint?: MessageKey, short?: boolean) => (
    <Input
      name={name(f)}
      label={t(label)}
      hint={hint ? t(hint) : undefined}
      value={values[f] ?? ""}
      errors={errors}
      class={short ? "short" : undefined}
      inputmode={short ? "numeric" : undefined}
    />
  );
  return (
    <>
      <ErrorSummary t={t} problems={state.problems} />
      <p class="hint">
        {t("catalogAdmin.offering.levels", {
          levels: content.levels
            .map((l) => t(`catalogAdmin.level.${l}`))
            .join(t("catalogAdmin.listSeparator")),
        })}
      </p>
      <PickerView t={t} code={code} picker={picker} />
      {picker.chosen && (
        <form method="post" action={`${itemPath(code)}/offerings`} class="stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input
            type="hidden"
            id={inputId(name("regionCode"))}
            name={name("regionCode")}
            value={picker.chosen.code}
          />
          {errors[name("regionCode")] && <p class="error-message">{errors[name("regionCode")]?.join(" ")}</p>}
          <Select
            name={name("departmentId")}
            label={t("catalogAdmin.offering.department")}
            value={values.departmentId ?? ""}
            choices={picker.departments.map((d) => ({
              value: d.id,
              label: locale === "en" ? d.nameEn : d.name,
            }))}
            empty={t("catalogAdmin.notChosen")}
            errors={errors}
          />
          {field(
            "promisedDays",
            "catalogAdmin.offering.promisedDays",
            "catalogAdmin.offering.promisedDaysHint",
            true,
          )}
          {content.fee.varies &&
            field("feeYuan", "catalogAdmin.offering.fee", "catalogAdmin.offering.feeHint", true)}
          {field("hallName", "catalogAdmin.offering.hallName")}
          {field("hallAddress", "catalogAdmin.offering.hallAddress")}
          {field("hours", "catalogAdmin.offering.hours", "catalogAdmin.offering.hoursHint")}
          {field("phone", "catalogAdmin.offering.phone")}
          <div>
            <button type="submit" class="button">
              {t("catalogAdmin.offering.add")}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

export function OfferingsSection({
  ctx,
  code,
  state,
}: {
  ctx: PageContext;
  code: string;
  state: OfferingsState;
}) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="h-offerings" id="offerings">
      <h2 id="h-offerings">{t("catalogAdmin.offering.title")}</h2>
      {state.list.length === 0 ? (
        <p>{t("catalogAdmin.offering.none")}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("catalogAdmin.offering.region")}</th>
                <th scope="col">{t("catalogAdmin.offering.department")}</th>
                <th scope="col">{t("catalogAdmin.offering.promisedDays")}</th>
                <th scope="col">{t("catalogAdmin.offering.fee")}</th>
                <th scope="col">{t("catalogAdmin.offering.hall")}</th>
                <th scope="col">{t("catalogAdmin.status")}</th>
                <th scope="col">{t("catalogAdmin.offering.change")}</th>
              </tr>
            </thead>
            <tbody>
              {state.list.map((o) => (
                <tr key={o.id}>
                  <td>
                    {o.regionName} <span class="meta">{o.regionCode}</span>
                  </td>
                  <td>{locale === "en" ? o.departmentNameEn : o.departmentName}</td>
                  <td>{o.promisedDays ?? t("catalogAdmin.offering.asItem")}</td>
                  <td>{o.feeFen === null ? t("catalogAdmin.offering.asItem") : `¥${yuanOf(o.feeFen)}`}</td>
                  <td>
                    {[o.hallName, o.hallAddress, o.hours, o.phone].filter(Boolean).map((line) => (
                      <div key={line}>{line}</div>
                    ))}
                  </td>
                  <td>{t(`catalogAdmin.offering.status.${o.status}`)}</td>
                  <td>
                    <form method="post" action={`${itemPath(code)}/offerings/${o.id}/status`}>
                      <CsrfField token={ctx.csrfToken} />
                      <input
                        type="hidden"
                        name="status"
                        value={o.status === "active" ? "withdrawn" : "active"}
                      />
                      <button type="submit" class="button secondary small">
                        {o.status === "active"
                          ? t("catalogAdmin.offering.withdraw", { region: o.regionName })
                          : t("catalogAdmin.offering.restore", { region: o.regionName })}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="offering-add" tabindex={-1}>
        {t("catalogAdmin.offering.addTitle")}
      </h3>
      <AddForm ctx={ctx} code={code} state={state} />
    </section>
  );
}
