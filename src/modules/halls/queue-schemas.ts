import { Type } from "typebox";
import { CODE_PATTERN } from "./appointments.ts";
import { TICKET_ACTIONS } from "./queue.ts";
import { APPOINTMENT_STATUSES, TICKET_CHANNELS, TICKET_STATUSES } from "./queue-tables.ts";

const Instant = Type.String({ format: "date-time" });
const MaybeInstant = Type.Union([Instant, Type.Null()]);
const SiteCodeText = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" });
const Prefix = Type.String({ pattern: "^[A-Z]$", description: "One capital letter: the tickets' prefix" });
const Id = Type.String({ format: "uuid" });

export const SiteCodeParams = Type.Object({ code: SiteCodeText });
export const CategoryParams = Type.Object({ code: SiteCodeText, prefix: Prefix });
export const TokenParams = Type.Object({
  code: SiteCodeText,
  // 22 characters (128 bits) since tickets' links grew; 16 (96 bits) for a link given out before.
  token: Type.String({ pattern: "^[A-Za-z0-9_-]{16}(?:[A-Za-z0-9_-]{6})?$" }),
});
export const WindowParams = Type.Object({
  code: SiteCodeText,
  label: Type.String({ minLength: 1, maxLength: 40 }),
});
export const TicketParams = Type.Object({
  code: SiteCodeText,
  label: Type.String({ minLength: 1, maxLength: 40 }),
  id: Id,
});
export const AppointmentParams = Type.Object({ id: Id });

export const CategoryBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.Optional(Type.String({ maxLength: 80 })),
    departmentIds: Type.Optional(
      Type.Array(Id, { maxItems: 40, description: "Empty or absent: comprehensive matters" }),
    ),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Category = Type.Object(
  {
    prefix: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    departmentIds: Type.Array(Type.String()),
    active: Type.Boolean(),
  },
  { $id: "QueueCategory" },
);

export const TakeBody = Type.Object(
  {
    category: Prefix,
    channel: Type.Optional(
      Type.Union([Type.Literal("kiosk"), Type.Literal("phone")], {
        description: "Where it was taken; phone by default",
      }),
    ),
  },
  { additionalProperties: false },
);

export const Ticket = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ description: "Prefix and the day's sequence: A001" }),
    category: Type.String(),
    channel: Type.Union(TICKET_CHANNELS.map((c) => Type.Literal(c))),
    priority: Type.Boolean({ description: "A checked-in appointment, called before ordinary tickets" }),
    status: Type.Union(TICKET_STATUSES.map((s) => Type.Literal(s))),
    window: Type.Union([Type.String(), Type.Null()]),
    transferredTo: Type.Union([Type.String(), Type.Null()]),
    callCount: Type.Integer(),
    takenAt: Instant,
    calledAt: MaybeInstant,
    finishedAt: MaybeInstant,
  },
  { $id: "QueueTicket" },
);

export const TakenTicket = Type.Object({
  ticket: Type.Ref("QueueTicket"),
  followUrl: Type.String({ description: "The page that follows this ticket, without signing in" }),
  followToken: Type.String(),
});

export const FollowedTicket = Type.Object({
  ticket: Type.Ref("QueueTicket"),
  ahead: Type.Integer({ description: "Waiting tickets served before this one" }),
});

export const Board = Type.Object({
  site: Type.String(),
  openNow: Type.Boolean(),
  categories: Type.Array(
    Type.Object({
      prefix: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      waiting: Type.Integer(),
    }),
  ),
  calls: Type.Array(
    Type.Object({
      number: Type.String(),
      window: Type.String(),
      callCount: Type.Integer(),
      calledAt: Instant,
      status: Type.String({ description: "called, done or no_show" }),
    }),
  ),
});

export const Desk = Type.Object({
  window: Type.String(),
  active: Type.Boolean(),
  serves: Type.Array(Type.String(), { description: "The prefixes of the categories it serves" }),
  current: Type.Union([Type.Ref("QueueTicket"), Type.Null()]),
  waiting: Type.Integer(),
  transferTo: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
});

export const ActionBody = Type.Object(
  {
    action: Type.Union(TICKET_ACTIONS.map((a) => Type.Literal(a))),
    to: Type.Optional(Type.String({ maxLength: 40, description: "transfer: the id of the window" })),
  },
  { additionalProperties: false },
);

export const CheckInBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20, description: "The booking's code" }) },
  { additionalProperties: false },
);

export const SlotQuery = Type.Object({
  from: Type.Optional(Instant),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
});

export const SlotBody = Type.Object(
  {
    category: Prefix,
    startsAt: Instant,
    endsAt: Instant,
    capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  { additionalProperties: false },
);

export const Slot = Type.Object(
  {
    id: Type.String(),
    category: Type.String(),
    startsAt: Instant,
    endsAt: Instant,
    capacity: Type.Integer(),
    left: Type.Integer({ description: "Places still free" }),
  },
  { $id: "AppointmentSlot" },
);
export const SlotList = Type.Object({ items: Type.Array(Type.Ref("AppointmentSlot")) });

export const BookBody = Type.Object({ slot: Id }, { additionalProperties: false });

export const Appointment = Type.Object(
  {
    id: Type.String(),
    code: Type.String({ pattern: CODE_PATTERN, description: "Given at the kiosk or the window to check in" }),
    status: Type.Union(APPOINTMENT_STATUSES.map((s) => Type.Literal(s))),
    site: Type.String(),
    category: Type.String(),
    slot: Type.Ref("AppointmentSlot"),
    ticketId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "Appointment" },
);
export const AppointmentList = Type.Object({ items: Type.Array(Type.Ref("Appointment")) });

export const CheckedIn = Type.Object({
  ticket: Type.Ref("QueueTicket"),
  followUrl: Type.String(),
  appointment: Type.Ref("Appointment"),
});
