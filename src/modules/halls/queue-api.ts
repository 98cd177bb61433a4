import { createHash } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as appointments from "./appointments.ts";
import * as queue from "./queue.ts";
import {
  followUrl,
  presentAppointment,
  presentBoard,
  presentCategory,
  presentDesk,
  presentSlot,
  presentTicket,
} from "./queue-present.ts";
import {
  ActionBody,
  Appointment,
  AppointmentList,
  AppointmentParams,
  Board,
  BookBody,
  Category,
  CategoryBody,
  CategoryParams,
  CheckedIn,
  CheckInBody,
  Desk,
  FollowedTicket,
  SiteCodeParams,
  Slot,
  SlotBody,
  SlotList,
  SlotQuery,
  TakeBody,
  TakenTicket,
  Ticket,
  TicketParams,
  TokenParams,
  WindowParams,
} from "./queue-schemas.ts";
import { getSite } from "./sites.ts";

const tags = ["halls"];

/** The queue (取号, 叫号) and appointments (预约) of halls and service points. */
export const queueApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Category);
  app.addSchema(Ticket);
  app.addSchema(Slot);
  app.addSchema(Appointment);
  const db = app.platform.database.db;
  const categoriesOf = async (code: string) => queue.listCategories(db, (await getSite(db, code)).id);

  app.get(
    "/sites/:code/queue",
    {
      config: { policy: "queue.read" },
      schema: {
        tags,
        summary:
          "What the hall's board shows: today's latest calls and how many wait per category. Answers 304 to a matching If-None-Match, so a board may poll it cheaply",
        params: SiteCodeParams,
        response: { 200: Board, 304: Type.Null() },
      },
    },
    async (request, reply) => {
      const body = presentBoard(await queue.boardOf(db, request.params.code));
      const etag = `"${createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 20)}"`;
      reply.header("etag", etag).header("cache-control", "no-cache");
      if (request.headers["if-none-match"] === etag) return reply.code(304).send(null);
      return body;
    },
  );

  app.put(
    "/sites/:code/queue/categories/:prefix",
    {
      config: { policy: "site.manage" },
      schema: {
        tags,
        summary: "Create or change a ticket category (administrators over the site's region)",
        params: CategoryParams,
        body: CategoryBody,
        response: { 200: Type.Ref("QueueCategory") },
      },
    },
    async (request) =>
      presentCategory(
        await queue.saveCategory(db, request.actor, request.params.code, {
          ...request.body,
          prefix: request.params.prefix,
        }),
      ),
  );

  app.post(
    "/sites/:code/tickets",
    {
      config: { policy: "queue.take" },
      schema: {
        tags,
        summary:
          "Take a ticket of a category (a signed-in person's is theirs); refused with the reason and the next opening while the site is closed",
        params: SiteCodeParams,
        body: TakeBody,
        response: { 201: TakenTicket },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const ticket = await queue.takeTicket(db, request.actor, code, {
        category: request.body.category,
        channel: request.body.channel ?? "phone",
      });
      return reply.code(201).send({
        ticket: presentTicket(ticket, []),
        followUrl: followUrl(code, ticket.followToken),
        followToken: ticket.followToken,
      });
    },
  );

  app.get(
    "/sites/:code/tickets/:token",
    {
      config: { policy: "queue.read" },
      schema: {
        tags,
        summary: "Follow a ticket by the token of its link: its state, its window and how many are ahead",
        params: TokenParams,
        response: { 200: FollowedTicket },
      },
    },
    async (request) => {
      const followed = await queue.followTicket(db, request.params.code, request.params.token);
      return { ticket: presentTicket(followed.ticket, [followed.category]), ahead: followed.ahead };
    },
  );

  app.get(
    "/sites/:code/windows/:label/desk",
    {
      config: { policy: "queue.serve" },
      schema: {
        tags,
        summary: "A window's console: the ticket being served, how many wait for it, where it may transfer",
        params: WindowParams,
        response: { 200: Desk },
      },
    },
    async (request) =>
      presentDesk(await queue.windowDesk(db, request.actor, request.params.code, request.params.label)),
  );

  app.post(
    "/sites/:code/windows/:label/calls",
    {
      config: { policy: "queue.serve" },
      schema: {
        tags,
        summary:
          "Call the next ticket to this window (transferred ones, then appointments, then the oldest); the one it was serving is done. 409 queue_empty when nobody waits",
        params: WindowParams,
        response: { 200: Type.Ref("QueueTicket") },
      },
    },
    async (request) =>
      presentTicket(await queue.callNext(db, request.actor, request.params.code, request.params.label), []),
  );

  app.post(
    "/sites/:code/windows/:label/tickets/:id/actions",
    {
      config: { policy: "queue.serve" },
      schema: {
        tags,
        summary:
          "Recall, transfer (to: a window id of the site), no-show or done, on the ticket this window called; 409 lists what the ticket's state allows",
        params: TicketParams,
        body: ActionBody,
        response: { 200: Type.Ref("QueueTicket") },
      },
    },
    async (request) => {
      const { code, label, id } = request.params;
      const ticket = await queue.actOnTicket(db, request.actor, code, label, id, {
        action: request.body.action,
        toWindowId: request.body.to,
      });
      return presentTicket(ticket, []);
    },
  );

  app.post(
    "/sites/:code/check-ins",
    {
      config: { policy: "queue.take", rateLimit: appointments.CHECK_IN_LIMIT },
      schema: {
        tags,
        summary:
          "Check a booking in by its code (kiosk or window), from 30 minutes before its start to its end: it becomes a priority ticket. At most 20 codes a minute from one address (then 429)",
        params: SiteCodeParams,
        body: CheckInBody,
        response: { 201: CheckedIn },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const done = await appointments.checkIn(db, code, request.body.code);
      return reply.code(201).send({
        ticket: presentTicket(done.ticket, []),
        followUrl: followUrl(code, done.ticket.followToken),
        appointment: presentAppointment(done.appointment),
      });
    },
  );

  app.get(
    "/sites/:code/slots",
    {
      config: { policy: "queue.read" },
      schema: {
        tags,
        summary: "Appointment slots of a site with their places left (from now, for 7 days unless told)",
        params: SiteCodeParams,
        querystring: SlotQuery,
        response: { 200: SlotList },
      },
    },
    async (request) => {
      const from = request.query.from ? new Date(request.query.from) : new Date();
      const found = await appointments.listSlots(db, request.params.code, from, request.query.days ?? 7);
      return { items: found.slots.map((s) => presentSlot(s, found.categories)) };
    },
  );

  app.post(
    "/sites/:code/slots",
    {
      config: { policy: "site.manage" },
      schema: {
        tags,
        summary: "Open an appointment slot for a category (administrators over the site's region)",
        params: SiteCodeParams,
        body: SlotBody,
        response: { 200: Type.Ref("AppointmentSlot"), 201: Type.Ref("AppointmentSlot") },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const body = request.body;
      const opened = await appointments.openSlot(db, request.actor, code, {
        category: body.category,
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        capacity: body.capacity,
      });
      return reply.code(opened.created ? 201 : 200).send(presentSlot(opened.slot, await categoriesOf(code)));
    },
  );

  app.post(
    "/sites/:code/appointments",
    {
      config: { policy: "appointment.book" },
      schema: {
        tags,
        summary: "Book a place in a slot: one live booking per person and slot; 409 when the slot is full",
        params: SiteCodeParams,
        body: BookBody,
        response: { 201: Type.Ref("Appointment") },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentAppointment(
            await appointments.book(db, request.actor, request.params.code, request.body.slot),
          ),
        ),
  );

  app.get(
    "/appointments",
    {
      config: { policy: "appointment.book" },
      schema: { tags, summary: "My appointments, newest first", response: { 200: AppointmentList } },
    },
    async (request) => ({
      items: (await appointments.myAppointments(db, request.actor)).map(presentAppointment),
    }),
  );

  app.get(
    "/appointments/:id",
    {
      config: { policy: "appointment.manage" },
      schema: {
        tags,
        summary: "One of my appointments",
        params: AppointmentParams,
        response: { 200: Type.Ref("Appointment") },
      },
    },
    async (request) =>
      presentAppointment(await appointments.getAppointment(db, request.actor, request.params.id)),
  );

  app.patch(
    "/appointments/:id",
    {
      config: { policy: "appointment.manage" },
      schema: {
        tags,
        summary: "Move my booking to another slot of the same site, atomically",
        params: AppointmentParams,
        body: BookBody,
        response: { 200: Type.Ref("Appointment") },
      },
    },
    async (request) =>
      presentAppointment(
        await appointments.changeAppointment(db, request.actor, request.params.id, request.body.slot),
      ),
  );

  app.delete(
    "/appointments/:id",
    {
      config: { policy: "appointment.manage" },
      schema: {
        tags,
        summary: "Cancel my booking; its place is free again",
        params: AppointmentParams,
        response: { 200: Type.Ref("Appointment") },
      },
    },
    async (request) =>
      presentAppointment(await appointments.cancelAppointment(db, request.actor, request.params.id)),
  );
};
