import { AppError, errors } from "../../platform/errors.ts";

/** The queue's and the appointments' errors; each code's words are `error.<code>` in queue-messages.ts. */
export const queueErrors = {
  categoryNotFound: () => errors.notFound("ticket category"),
  ticketNotFound: () => errors.notFound("ticket"),
  windowNotFound: () => errors.notFound("window"),
  slotNotFound: () => errors.notFound("appointment slot"),
  appointmentNotFound: () => errors.notFound("appointment"),
  /** Closed by its department (renovation, emergency): no next opening can be told. */
  siteClosed: () =>
    new AppError("queue_site_closed", 409, "The site is closed for now: no tickets and no bookings"),
  /** A rest day (weekend, holiday) the site does not keep. */
  restDay: (next: string) =>
    new AppError("queue_site_rest_day", 409, `The site is closed today (a rest day); it opens ${next}`, {
      params: { next },
    }),
  outsideHours: (next: string) =>
    new AppError("queue_site_outside_hours", 409, `The site is not open at this hour; it opens ${next}`, {
      params: { next },
    }),
  empty: () => new AppError("queue_empty", 409, "Nobody is waiting for this window"),
  windowInactive: () =>
    new AppError("queue_window_inactive", 409, "This window is not in service: choose an active window"),
  /** What the ticket's state allows now (workflow as data: the 409 lists it). */
  actionNotAllowed: (action: string, status: string, allowed: string[]) =>
    new AppError("queue_action_not_allowed", 409, `A ${status} ticket cannot be given "${action}"`, {
      allowed,
      params: { action, status },
    }),
  /** A ticket called at another window is that window's to finish. */
  notThisWindow: () =>
    new AppError("queue_not_this_window", 409, "The ticket was called to another window, which finishes it"),
  transferOtherSite: () =>
    new AppError(
      "queue_transfer_other_site",
      409,
      "That window belongs to another hall: transfer to a window of this one",
    ),
  transferToSelf: () =>
    new AppError("queue_transfer_same_window", 409, "Transfer to another window than this one"),
  slotFull: () =>
    new AppError("appointment_slot_full", 409, "Every place of this slot is taken: choose another time"),
  slotPast: () => new AppError("appointment_slot_past", 409, "This slot has ended: choose a later time"),
  alreadyBooked: () =>
    new AppError("appointment_already_booked", 409, "You already hold a booking for this slot"),
  notBooked: (status: string) =>
    new AppError("appointment_not_booked", 409, `The appointment is ${status}, no longer booked`, {
      params: { status },
    }),
  checkInClosed: (from: string, to: string) =>
    new AppError(
      "appointment_check_in_closed",
      409,
      `Check-in for this appointment is open from ${from} to ${to}`,
      { params: { from, to } },
    ),
  otherSite: () =>
    new AppError("appointment_other_site", 409, "This appointment is for another hall or service point"),
};
