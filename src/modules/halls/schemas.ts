import { Type } from "typebox";
import { SITE_KINDS, WINDOW_KINDS } from "./tables.ts";

const Clock = Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "HH:MM, China's time" });
const Until = Type.String({
  pattern: "^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$",
  description: "HH:MM, China's time; 24:00 for the end of the day",
});
const Span = Type.Tuple([Clock, Until]);
const Spans = Type.Array(Span, { maxItems: 6 });

export const SiteHours = Type.Object(
  {
    working: Spans,
    rest: Type.Array(Span, {
      maxItems: 6,
      description: "Spans on rest days (weekends, holidays): 周末不打烊; usually none",
    }),
  },
  { additionalProperties: false },
);

export const SiteCode = Type.Object({ code: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" }) });
export const SiteWindowParams = Type.Object({
  code: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" }),
  label: Type.String({ minLength: 1, maxLength: 40 }),
});

export const SiteQuery = Type.Object({
  region: Type.Optional(Type.String({ pattern: "^\\d{2,12}$", description: "Sites within this region" })),
  kind: Type.Optional(Type.Union(SITE_KINDS.map((k) => Type.Literal(k)))),
});
export const NearestQuery = Type.Object({
  region: Type.String({ pattern: "^\\d{2,12}$", description: "Where the person lives, down to the village" }),
});

export const SiteBody = Type.Object(
  {
    kind: Type.Union(SITE_KINDS.map((k) => Type.Literal(k))),
    regionCode: Type.String({ pattern: "^\\d{2,12}$" }),
    departmentId: Type.String({ format: "uuid", description: "The department that runs it" }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    hours: SiteHours,
    open: Type.Optional(Type.Boolean({ description: "False while closed (no tickets, no bookings)" })),
  },
  { additionalProperties: false },
);

export const WindowBody = Type.Object(
  {
    kind: Type.Union(WINDOW_KINDS.map((k) => Type.Literal(k))),
    departmentIds: Type.Optional(Type.Array(Type.String({ format: "uuid" }), { maxItems: 40 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const HallWindow = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    label: Type.String(),
    kind: Type.Union(WINDOW_KINDS.map((k) => Type.Literal(k))),
    departmentIds: Type.Array(Type.String({ format: "uuid" })),
    active: Type.Boolean(),
  },
  { $id: "HallWindow" },
);

export const Site = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    code: Type.String(),
    kind: Type.Union(SITE_KINDS.map((k) => Type.Literal(k))),
    regionCode: Type.String(),
    departmentId: Type.String({ format: "uuid" }),
    name: Type.String(),
    nameEn: Type.String(),
    address: Type.String(),
    phone: Type.String(),
    hours: SiteHours,
    open: Type.Boolean({ description: "Not closed by its department (its hours still apply)" }),
    openNow: Type.Optional(Type.Boolean({ description: "Taking people at this moment" })),
    windows: Type.Optional(Type.Array(Type.Ref("HallWindow"))),
  },
  { $id: "Site" },
);
export const SiteList = Type.Object({ items: Type.Array(Type.Ref("Site")) });
export const Nearest = Type.Object({
  point: Type.Union([Type.Ref("Site"), Type.Null()]),
  hall: Type.Union([Type.Ref("Site"), Type.Null()]),
});
