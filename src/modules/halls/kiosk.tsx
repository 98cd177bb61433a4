import { CsrfField, type PageContext } from "../../web/layout.tsx";
import type { BoardView, Category, FollowedTicket } from "./queue.ts";

const categoryName = (ctx: PageContext, c: Category) => (ctx.locale === "en" && c.nameEn ? c.nameEn : c.name);

/** A problem said at the top of a kiosk or phone page, announced at once. */
function Problem({ text, field }: { text: string | undefined; field: string }) {
  if (!text) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="problem-title" tabindex={-1} autofocus>
      <h2 id="problem-title">
        <a href={`#${field}`}>{text}</a>
      </h2>
    </div>
  );
}

/**
 * Taking a ticket: one button per category (each a form of its own, so it works without JavaScript),
 * and on the kiosk the appointments' check-in.
 */
export function TakeTicket({
  ctx,
  board,
  action,
  checkIn,
  problem,
  note,
}: {
  ctx: PageContext;
  board: BoardView;
  action: string;
  /** Where the check-in form posts; absent on the phone page. */
  checkIn?: string;
  problem?: { text: string; field: "categories" | "check-in-code" };
  note?: string;
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("queue.kiosk.choose")}</h1>
      <Problem text={problem?.text} field={problem?.field ?? "categories"} />
      {board.openNow ? null : <p class="notice">{t("queue.closed")}</p>}
      {note ? <p>{note}</p> : null}
      {board.categories.length === 0 ? <p>{t("queue.kiosk.none")}</p> : null}
      <ul class="categories" id="categories">
        {board.categories
          .filter((c) => c.active)
          .map((c) => (
            <li key={c.prefix}>
              <form method="post" action={action}>
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="category" value={c.prefix} />
                <button type="submit" class="button">
                  {t("queue.category", { prefix: c.prefix, name: categoryName(ctx, c) })}
                  <small>{t("queue.waiting", { count: c.waiting })}</small>
                </button>
              </form>
            </li>
          ))}
      </ul>
      {checkIn ? (
        <section aria-labelledby="check-in-title">
          <h2 id="check-in-title">{t("queue.checkIn.title")}</h2>
          <form method="post" action={checkIn}>
            <CsrfField token={ctx.csrfToken} />
            <label for="check-in-code">{t("queue.checkIn.code")}</label>
            <p class="hint" id="check-in-hint">
              {t("queue.checkIn.hint")}
            </p>
            <input
              id="check-in-code"
              name="code"
              autocomplete="off"
              autocapitalize="characters"
              maxlength={20}
              aria-describedby="check-in-hint"
            />
            <button type="submit">{t("queue.checkIn.submit")}</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** A ticket followed by its link: its number, its state, how many are ahead or where to go. */
export function TicketScreen({
  ctx,
  followed,
  link,
  again,
}: {
  ctx: PageContext;
  followed: FollowedTicket;
  link: string;
  again: string;
}) {
  const { t } = ctx;
  const { ticket, ahead } = followed;
  return (
    <>
      <h1>{t("queue.ticket.title")}</h1>
      <p class="ticket-number">{ticket.number}</p>
      <p>
        {t("queue.category", {
          prefix: followed.category.prefix,
          name: categoryName(ctx, followed.category),
        })}
        {ticket.priority ? ` · ${t("queue.ticket.priority")}` : ""}
      </p>
      <p role="status" data-ticket-status>
        <strong>{t(`queue.status.${ticket.status}`)}</strong>
        {" · "}
        {ticket.status === "called" && ticket.window
          ? t("queue.ticket.goTo", { window: ticket.window })
          : ticket.status === "waiting" && ticket.transferredTo
            ? t("queue.ticket.transferred", { window: ticket.transferredTo })
            : ticket.status === "waiting"
              ? t("queue.ticket.ahead", { count: ahead })
              : ""}
      </p>
      {ticket.personId === null ? (
        <p>
          {t("queue.ticket.link")} <a href={link}>{link}</a>
        </p>
      ) : null}
      <p class="hint">{t("queue.ticket.refresh")}</p>
      <p>
        <a href={again}>{t("queue.ticket.another")}</a>
      </p>
    </>
  );
}
