import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type AppError, errors, isAppError } from "../../platform/errors.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { sendWorkPage } from "../cases/work-kit.tsx";
import * as appointments from "./appointments.ts";
import { BookPage, MyAppointments } from "./appointments-views.tsx";
import { BoardScreen, sendHallScreen } from "./board.tsx";
import { DeskPage } from "./counter.tsx";
import { TakeTicket, TicketScreen } from "./kiosk.tsx";
import * as queue from "./queue.ts";
import { followUrl } from "./queue-present.ts";

const Code = Type.Object({ code: Type.String({ maxLength: 60 }) });
const TokenParams = Type.Object({
  code: Type.String({ maxLength: 60 }),
  token: Type.String({ maxLength: 40 }),
});
const WindowParams = Type.Object({
  code: Type.String({ maxLength: 60 }),
  label: Type.String({ maxLength: 40 }),
});
const TicketParams = Type.Object({
  code: Type.String({ maxLength: 60 }),
  label: Type.String({ maxLength: 40 }),
  id: Type.String({ maxLength: 40 }),
});
const IdParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const Field = Type.Optional(Type.String({ maxLength: 60 }));
const Uuid = Type.String({ format: "uuid" });
const Form = Type.Object({
  category: Field,
  code: Field,
  action: Field,
  to: Field,
  slot: Field,
  _csrf: Field,
});
const DoneQuery = Type.Object({
  done: Field,
  number: Field,
  to: Field,
  code: Field,
  /** The ticket just finished, whose visitor the console offers the rating pad to. */
  ticket: Type.Optional(Uuid),
});
const DONE_WORDS = {
  called: "queue.desk.called",
  recall: "queue.desk.recalled",
  transfer: "queue.desk.transferred",
  no_show: "queue.desk.noShowDone",
  done: "queue.desk.finished",
  checked_in: "queue.desk.checkedIn",
  booked: "appointment.booked",
  changed: "appointment.changed",
  cancelled: "appointment.cancelled",
} as const;

/** A refusal the page shows beside its form (409: the queue's rules; 404: an unknown code or slot). */
function shown(error: unknown, reply: FastifyReply, t: PageContext["t"]): string {
  if (isAppError(error) && (error.status === 409 || error.status === 404 || error.status === 400)) {
    reply.code(error.status);
    return problemText(error as AppError, t);
  }
  throw error;
}

function doneText(ctx: PageContext, query: { done?: string; number?: string; to?: string; code?: string }) {
  const key = DONE_WORDS[query.done as keyof typeof DONE_WORDS];
  return key
    ? ctx.t(key, { number: query.number ?? "", window: query.to ?? "", code: query.code ?? "" })
    : undefined;
}

/**
 * The queue's pages: the kiosk and the phone page to take a ticket, the ticket followed by its link,
 * the hall's board, the clerk's window console, and booking and one's appointments. Every form works
 * without JavaScript; each calls the service function its API route calls.
 */
export const queuePages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;
  const baseUrl = app.platform.config.baseUrl;
  const hall = (code: string) => `/halls/${encodeURIComponent(code)}`;

  async function showTake(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    kind: "kiosk" | "phone",
    problem?: { text: string; field: "categories" | "check-in-code" },
  ) {
    const ctx = pageContext(request, reply, true);
    const board = await queue.boardOf(db, code);
    const note =
      kind === "phone"
        ? request.actor.kind === "person"
          ? ctx.t("queue.phone.signedIn")
          : ctx.t("queue.phone.anonymous")
        : undefined;
    return sendHallScreen(reply, ctx, {
      title: kind === "kiosk" ? ctx.t("queue.kiosk.title") : ctx.t("queue.phone.title"),
      site: board.site,
      kind: kind === "kiosk" ? "kiosk" : "ticket",
      body: (
        <TakeTicket
          ctx={ctx}
          board={board}
          action={kind === "kiosk" ? `${hall(code)}/kiosk` : `${hall(code)}/ticket`}
          {...(kind === "kiosk" ? { checkIn: `${hall(code)}/kiosk/check-in` } : {})}
          {...(problem ? { problem } : {})}
          {...(note ? { note } : {})}
        />
      ),
    });
  }

  for (const kind of ["kiosk", "phone"] as const) {
    const path = kind === "kiosk" ? "/halls/:code/kiosk" : "/halls/:code/ticket";
    app.get(
      path,
      { config: { policy: "queue.take" }, schema: { hide: true, params: Code } },
      (request, reply) => showTake(request, reply, request.params.code, kind),
    );
    app.post(
      path,
      { config: { policy: "queue.take" }, schema: { hide: true, params: Code, body: Form } },
      async (request, reply) => {
        const { code } = request.params;
        try {
          const ticket = await queue.takeTicket(db, request.actor, code, {
            category: request.body.category ?? "",
            channel: kind,
          });
          return reply.redirect(followUrl(code, ticket.followToken), 303);
        } catch (error) {
          const text = shown(error, reply, request.t);
          return showTake(request, reply, code, kind, { text, field: "categories" });
        }
      },
    );
  }

  app.post(
    "/halls/:code/kiosk/check-in",
    {
      config: { policy: "queue.take", rateLimit: appointments.CHECK_IN_LIMIT },
      schema: { hide: true, params: Code, body: Form },
    },
    async (request, reply) => {
      const { code } = request.params;
      try {
        const done = await appointments.checkIn(db, code, request.body.code ?? "");
        return reply.redirect(followUrl(code, done.ticket.followToken), 303);
      } catch (error) {
        const text = shown(error, reply, request.t);
        return showTake(request, reply, code, "kiosk", { text, field: "check-in-code" });
      }
    },
  );

  app.get(
    "/halls/:code/tickets/:token",
    { config: { policy: "queue.read", personal: true }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const { code, token } = request.params;
      const followed = await queue.followTicket(db, code, token);
      const ctx = pageContext(request, reply);
      return sendHallScreen(reply, ctx, {
        title: ctx.t("queue.ticket.title"),
        site: followed.site,
        kind: "ticket",
        // A reload every 15 s would send a screen reader back to the top: with JavaScript the status
        // line is fetched again instead (ticket.js), and the page refreshes only where it is off.
        refresh: { seconds: 15, onlyWithoutScript: true },
        script: "ticket.js",
        body: (
          <TicketScreen
            ctx={ctx}
            followed={followed}
            link={`${baseUrl}${followUrl(code, token)}`}
            again={`${hall(code)}/ticket`}
          />
        ),
      });
    },
  );

  app.get(
    "/halls/:code/board",
    { config: { policy: "queue.read" }, schema: { hide: true, params: Code } },
    async (request, reply) => {
      const board = await queue.boardOf(db, request.params.code);
      const ctx = pageContext(request, reply);
      return sendHallScreen(reply, ctx, {
        title: ctx.t("queue.board.title"),
        site: board.site,
        kind: "board",
        refresh: { seconds: 5, onlyWithoutScript: true },
        script: "board.js",
        body: <BoardScreen ctx={ctx} board={board} />,
      });
    },
  );

  // — the clerk's window console —
  const desk = (code: string, label: string) =>
    `/work/halls/${encodeURIComponent(code)}/windows/${encodeURIComponent(label)}`;

  async function showDesk(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    label: string,
    extra: { done?: string | undefined; problem?: string | undefined; finished?: string | undefined } = {},
  ) {
    if (request.actor.kind !== "staff")
      return reply.redirect(`/signin?next=${encodeURIComponent(desk(code, label))}`, 303);
    const view = await queue.windowDesk(db, request.actor, code, label);
    const ctx = pageContext(request, reply, true);
    return sendWorkPage(
      reply,
      ctx,
      ctx.t("queue.desk.title", { window: label }),
      <DeskPage
        ctx={ctx}
        desk={view}
        base={desk(code, label)}
        done={extra.done}
        problem={extra.problem}
        rateAt={extra.finished && `/work/ratings/pad/${encodeURIComponent(code)}/${extra.finished}`}
      />,
    );
  }

  app.get(
    "/work/halls/:code/windows/:label",
    {
      config: { policy: "queue.serve" },
      schema: { hide: true, params: WindowParams, querystring: DoneQuery },
    },
    async (request, reply) => {
      const { code, label } = request.params;
      const ctx = { t: request.t } as PageContext;
      return showDesk(request, reply, code, label, {
        done: doneText(ctx, request.query),
        finished: request.query.done === "done" ? request.query.ticket : undefined,
      });
    },
  );

  /** Runs a console action; success goes back to the console saying what was done, a refusal shows there. */
  async function deskAction(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    label: string,
    run: () => Promise<Record<string, string>>,
  ) {
    if (request.actor.kind !== "staff")
      return reply.redirect(`/signin?next=${encodeURIComponent(desk(code, label))}`, 303);
    try {
      const done = await run();
      return reply.redirect(`${desk(code, label)}?${new URLSearchParams(done)}`, 303);
    } catch (error) {
      const text = shown(error, reply, request.t);
      return showDesk(request, reply, code, label, { problem: text });
    }
  }

  app.post(
    "/work/halls/:code/windows/:label/calls",
    { config: { policy: "queue.serve" }, schema: { hide: true, params: WindowParams, body: Form } },
    (request, reply) => {
      const { code, label } = request.params;
      return deskAction(request, reply, code, label, async () => {
        const ticket = await queue.callNext(db, request.actor, code, label);
        return { done: "called", number: ticket.number };
      });
    },
  );

  app.post(
    "/work/halls/:code/windows/:label/tickets/:id",
    { config: { policy: "queue.serve" }, schema: { hide: true, params: TicketParams, body: Form } },
    (request, reply) => {
      const { code, label, id } = request.params;
      const action = request.body.action as queue.TicketAction;
      return deskAction(request, reply, code, label, async () => {
        if (!queue.TICKET_ACTIONS.includes(action))
          throw errors.validation([{ field: "/action", message: "is not an action" }]);
        const ticket = await queue.actOnTicket(db, request.actor, code, label, id, {
          action,
          toWindowId: request.body.to,
        });
        return {
          done: action,
          number: ticket.number,
          to: ticket.transferredTo ?? "",
          ...(action === "done" ? { ticket: ticket.id } : {}),
        };
      });
    },
  );

  app.post(
    "/work/halls/:code/windows/:label/check-ins",
    { config: { policy: "queue.serve" }, schema: { hide: true, params: WindowParams, body: Form } },
    (request, reply) => {
      const { code, label } = request.params;
      return deskAction(request, reply, code, label, async () => {
        // Only a clerk of this site checks in at its windows: the console is theirs.
        await queue.windowDesk(db, request.actor, code, label);
        const done = await appointments.checkIn(db, code, request.body.code ?? "");
        return { done: "checked_in", number: done.ticket.number };
      });
    },
  );

  // — appointments —
  async function showBook(request: FastifyRequest, reply: FastifyReply, code: string, problem?: string) {
    const ctx = pageContext(request, reply, true);
    const found = await appointments.listSlots(db, code, new Date(), 7);
    return sendPage(
      reply,
      ctx,
      ctx.t("appointment.title"),
      <BookPage
        ctx={ctx}
        site={found.site}
        categories={found.categories}
        slots={found.slots}
        problem={problem}
      />,
      { styles: ["hall.css"] },
    );
  }

  app.get(
    "/halls/:code/appointments",
    { config: { policy: "queue.read" }, schema: { hide: true, params: Code } },
    (request, reply) => showBook(request, reply, request.params.code),
  );

  app.post(
    "/halls/:code/appointments",
    { config: { policy: "appointment.book" }, schema: { hide: true, params: Code, body: Form } },
    async (request, reply) => {
      const { code } = request.params;
      if (request.actor.kind !== "person") {
        return reply.redirect(
          `/account/signin?next=${encodeURIComponent(`${hall(code)}/appointments`)}`,
          303,
        );
      }
      try {
        const booked = await appointments.book(db, request.actor, code, request.body.slot ?? "");
        return reply.redirect(`/appointments?done=booked&code=${booked.code}`, 303);
      } catch (error) {
        const text = shown(error, reply, request.t);
        return showBook(request, reply, code, text);
      }
    },
  );

  async function showMine(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { done?: string; problem?: string },
  ) {
    const ctx = pageContext(request, reply, true);
    const items = await appointments.myAppointments(db, request.actor);
    const choices = new Map<string, appointments.Slot[]>();
    for (const a of items.filter((i) => i.status === "booked")) {
      const found = await appointments.listSlots(db, a.site.code, new Date(), 7);
      choices.set(
        a.id,
        found.slots.filter(
          (s) => s.id !== a.slot.id && s.booked < s.capacity && s.categoryId === a.slot.categoryId,
        ),
      );
    }
    return sendPage(
      reply,
      ctx,
      ctx.t("appointment.mine"),
      <MyAppointments ctx={ctx} items={items} choices={choices} done={extra.done} problem={extra.problem} />,
      { styles: ["hall.css"] },
    );
  }

  app.get(
    "/appointments",
    { config: { policy: "appointment.book" }, schema: { hide: true, querystring: DoneQuery } },
    async (request, reply) => {
      if (request.actor.kind !== "person") return reply.redirect("/account/signin?next=%2Fappointments", 303);
      const done = doneText({ t: request.t } as PageContext, request.query);
      return showMine(request, reply, done ? { done } : {});
    },
  );

  for (const verb of ["change", "cancel"] as const) {
    app.post(
      `/appointments/:id/${verb}`,
      { config: { policy: "appointment.manage" }, schema: { hide: true, params: IdParams, body: Form } },
      async (request, reply) => {
        if (request.actor.kind !== "person")
          return reply.redirect("/account/signin?next=%2Fappointments", 303);
        const { id } = request.params;
        try {
          if (verb === "change")
            await appointments.changeAppointment(db, request.actor, id, request.body.slot ?? "");
          else await appointments.cancelAppointment(db, request.actor, id);
          return reply.redirect(`/appointments?done=${verb === "change" ? "changed" : "cancelled"}`, 303);
        } catch (error) {
          const text = shown(error, reply, request.t);
          return showMine(request, reply, { problem: text });
        }
      },
    );
  }
};
