import type { Appointment, Slot } from "./appointments.ts";
import type { BoardView, Category, Ticket, WindowDesk } from "./queue.ts";

/** The API's views of the queue: no person ids, instants as ISO text. */

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export const followUrl = (siteCode: string, token: string) => `/halls/${siteCode}/tickets/${token}`;

export function presentCategory(category: Category) {
  const { prefix, name, nameEn, departmentIds, active } = category;
  return { prefix, name, nameEn, departmentIds, active };
}

export function presentTicket(ticket: Ticket, categories: Category[]) {
  return {
    id: ticket.id,
    number: ticket.number,
    category: categories.find((c) => c.id === ticket.categoryId)?.prefix ?? ticket.number.slice(0, 1),
    channel: ticket.channel,
    priority: ticket.priority,
    status: ticket.status,
    window: ticket.window,
    transferredTo: ticket.transferredTo,
    callCount: ticket.callCount,
    takenAt: ticket.takenAt.toISOString(),
    calledAt: iso(ticket.calledAt),
    finishedAt: iso(ticket.finishedAt),
  };
}

export function presentBoard(board: BoardView) {
  return {
    site: board.site.code,
    openNow: board.openNow,
    categories: board.categories.map(({ prefix, name, nameEn, waiting }) => ({
      prefix,
      name,
      nameEn,
      waiting,
    })),
    calls: board.calls.map((c) => ({
      number: c.number,
      window: c.windowLabel,
      callCount: c.callCount,
      calledAt: c.calledAt.toISOString(),
      status: c.status,
    })),
  };
}

export function presentDesk(desk: WindowDesk) {
  return {
    window: desk.window.label,
    active: desk.window.active,
    serves: desk.serves.map((c) => c.prefix),
    current: desk.current ? presentTicket(desk.current, desk.serves) : null,
    waiting: desk.waiting,
    transferTo: desk.others.map((w) => ({ id: w.id, label: w.label })),
  };
}

export function presentSlot(slot: Slot, categories: Category[]) {
  return {
    id: slot.id,
    category: categories.find((c) => c.id === slot.categoryId)?.prefix ?? "",
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    capacity: slot.capacity,
    left: slot.capacity - slot.booked,
  };
}

export function presentAppointment(appointment: Appointment) {
  return {
    id: appointment.id,
    code: appointment.code,
    status: appointment.status,
    site: appointment.site.code,
    category: appointment.category.prefix,
    slot: {
      id: appointment.slot.id,
      category: appointment.category.prefix,
      startsAt: appointment.slot.startsAt.toISOString(),
      endsAt: appointment.slot.endsAt.toISOString(),
      capacity: appointment.slot.capacity,
      left: appointment.slot.capacity - appointment.slot.booked,
    },
    ticketId: appointment.ticketId,
  };
}
