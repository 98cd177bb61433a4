import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Notice, Section } from "../cases/work-kit.tsx";
import type { WindowDesk } from "./queue.ts";

/**
 * The clerk's window console: call the next ticket, and for the one being served call it again,
 * transfer it, mark a no-show or done; check an appointment in by its code. Each button is a form.
 */
export function DeskPage({
  ctx,
  desk,
  base,
  done,
  problem,
  rateAt,
}: {
  ctx: PageContext;
  desk: WindowDesk;
  /** /work/halls/{code}/windows/{label} */
  base: string;
  done?: string | undefined;
  problem?: string | undefined;
  /** The rating pad's page for the visit just finished: the clerk turns the pad to the visitor. */
  rateAt?: string | undefined;
}) {
  const { t } = ctx;
  const current = desk.current;
  const names = desk.serves.map((c) =>
    t("queue.category", { prefix: c.prefix, name: ctx.locale === "en" && c.nameEn ? c.nameEn : c.name }),
  );
  const act = (action: string, label: string) => (
    <form method="post" action={`${base}/tickets/${current?.id}`}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="action" value={action} />
      <button type="submit">{label}</button>
    </form>
  );
  return (
    <>
      <h1>{t("queue.desk.title", { window: desk.window.label })}</h1>
      <p>{t("queue.desk.serves", { categories: names.join("、") || "—" })}</p>
      <ErrorSummary t={t} problems={problem ? [{ href: "#call-next", text: problem }] : []} autofocus />
      {done ? (
        <Notice>
          {done}
          {rateAt ? (
            <>
              {" "}
              <a href={rateAt}>{t("queue.desk.ratePad")}</a>
            </>
          ) : null}
        </Notice>
      ) : null}
      <Section id="current" title={t("queue.desk.current")}>
        {current ? (
          <>
            <p class="ticket-number">{current.number}</p>
            <p>
              {t("queue.desk.calls", { count: current.callCount })}
              {current.priority ? ` · ${t("queue.ticket.priority")}` : ""}
            </p>
            <div class="desk-actions">
              {act("recall", t("queue.desk.recall"))}
              {act("no_show", t("queue.desk.noShow"))}
              {act("done", t("queue.desk.done"))}
              {desk.others.length > 0 ? (
                <form method="post" action={`${base}/tickets/${current.id}`}>
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="action" value="transfer" />
                  <label for="transfer-to">{t("queue.desk.transfer")}</label>
                  <select id="transfer-to" name="to">
                    {desk.others.map((w) => (
                      <option key={w.id} value={w.id}>
                        {w.label}
                      </option>
                    ))}
                  </select>
                  <button type="submit">{t("queue.desk.transferSubmit")}</button>
                </form>
              ) : null}
            </div>
          </>
        ) : (
          <p>{t("queue.desk.none")}</p>
        )}
      </Section>
      <Section id="queue" title={t("queue.board.waiting")}>
        <p>{desk.waiting > 0 ? t("queue.desk.waiting", { count: desk.waiting }) : t("queue.desk.nobody")}</p>
        <form method="post" action={`${base}/calls`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" id="call-next" class="button">
            {t("queue.desk.callNext")}
          </button>
        </form>
      </Section>
      <Section id="check-in" title={t("queue.checkIn.title")}>
        <form method="post" action={`${base}/check-ins`}>
          <CsrfField token={ctx.csrfToken} />
          <label for="check-in-code">{t("queue.checkIn.code")}</label>
          <input id="check-in-code" name="code" autocomplete="off" maxlength={20} />
          <button type="submit">{t("queue.checkIn.submit")}</button>
        </form>
      </Section>
    </>
  );
}
