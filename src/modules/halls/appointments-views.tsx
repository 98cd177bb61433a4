import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { When } from "../cases/work-kit.tsx";
import type { Appointment, Slot } from "./appointments.ts";
import type { Category } from "./queue.ts";
import type { Site } from "./sites.ts";

const nameOf = (ctx: PageContext, x: { name: string; nameEn: string }) =>
  ctx.locale === "en" && x.nameEn ? x.nameEn : x.name;

function Problem({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="problem-title" tabindex={-1} autofocus>
      <h2 id="problem-title">{text}</h2>
    </div>
  );
}

/** The slots of a site for the next days, per category, each with a button to book it. */
export function BookPage({
  ctx,
  site,
  categories,
  slots,
  problem,
}: {
  ctx: PageContext;
  site: Site;
  categories: Category[];
  slots: Slot[];
  problem?: string | undefined;
}) {
  const { t } = ctx;
  const signedIn = ctx.actor.kind === "person";
  const path = `/halls/${site.code}/appointments`;
  return (
    <>
      <h1>{`${t("appointment.title")} · ${nameOf(ctx, site)}`}</h1>
      <p>{t("appointment.intro")}</p>
      <Problem text={problem} />
      {signedIn ? (
        <p>
          <a href="/appointments">{t("appointment.mine")}</a>
        </p>
      ) : (
        <p>
          <a class="button" href={`/account/signin?next=${encodeURIComponent(path)}`}>
            {t("appointment.signIn")}
          </a>
        </p>
      )}
      {slots.length === 0 ? <p>{t("appointment.none")}</p> : null}
      {categories
        .filter((c) => slots.some((s) => s.categoryId === c.id))
        .map((c) => (
          <section key={c.id} aria-labelledby={`cat-${c.prefix}`}>
            <h2 id={`cat-${c.prefix}`}>{t("queue.category", { prefix: c.prefix, name: nameOf(ctx, c) })}</h2>
            <ul>
              {slots
                .filter((s) => s.categoryId === c.id)
                .map((s) => {
                  const left = s.capacity - s.booked;
                  return (
                    <li key={s.id}>
                      <When ctx={ctx} at={s.startsAt} /> ·{" "}
                      {left > 0 ? t("appointment.left", { count: left }) : t("appointment.full")}
                      {signedIn && left > 0 ? (
                        <form method="post" action={path} class="inline">
                          <CsrfField token={ctx.csrfToken} />
                          <input type="hidden" name="slot" value={s.id} />
                          <button type="submit">{t("appointment.book")}</button>
                        </form>
                      ) : null}
                    </li>
                  );
                })}
            </ul>
          </section>
        ))}
    </>
  );
}

/** One's appointments, with their codes; a booked one may be moved to another free slot or cancelled. */
export function MyAppointments({
  ctx,
  items,
  choices,
  done,
  problem,
}: {
  ctx: PageContext;
  items: Appointment[];
  /** Free slots of each booked appointment's site, by appointment id. */
  choices: Map<string, Slot[]>;
  done?: string | undefined;
  problem?: string | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("appointment.mine")}</h1>
      <Problem text={problem} />
      {done ? (
        <div class="notice notice-ok" role="status">
          {done}
        </div>
      ) : null}
      {items.length === 0 ? <p>{t("appointment.mine.none")}</p> : null}
      {items.map((a) => (
        <section key={a.id} aria-labelledby={`a-${a.id}`} class="card">
          <h2 id={`a-${a.id}`}>
            {t("appointment.code")} {a.code}
          </h2>
          <dl>
            <dt>{t("appointment.where")}</dt>
            <dd>
              <a href={`/halls/${a.site.code}/appointments`}>{nameOf(ctx, a.site)}</a>
            </dd>
            <dt>{t("appointment.what")}</dt>
            <dd>{t("queue.category", { prefix: a.category.prefix, name: nameOf(ctx, a.category) })}</dd>
            <dt>{t("appointment.when")}</dt>
            <dd>
              <When ctx={ctx} at={a.slot.startsAt} />
            </dd>
            <dt>{t("appointment.status")}</dt>
            <dd>{t(`appointment.status.${a.status}`)}</dd>
          </dl>
          {a.status === "booked" ? (
            <div class="desk-actions">
              {(choices.get(a.id) ?? []).length > 0 ? (
                <form method="post" action={`/appointments/${a.id}/change`}>
                  <CsrfField token={ctx.csrfToken} />
                  <label for={`to-${a.id}`}>{t("appointment.change")}</label>
                  <select id={`to-${a.id}`} name="slot">
                    {(choices.get(a.id) ?? []).map((s) => (
                      <option key={s.id} value={s.id}>
                        {`${new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "zh-CN", {
                          timeZone: "Asia/Shanghai",
                          dateStyle: "medium",
                          timeStyle: "short",
                        }).format(s.startsAt)}`}
                      </option>
                    ))}
                  </select>
                  <button type="submit">{t("appointment.changeSubmit")}</button>
                </form>
              ) : null}
              <form method="post" action={`/appointments/${a.id}/cancel`}>
                <CsrfField token={ctx.csrfToken} />
                <button type="submit">{t("appointment.cancel")}</button>
              </form>
            </div>
          ) : null}
        </section>
      ))}
    </>
  );
}
