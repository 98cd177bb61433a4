import { Type } from "typebox";
import { TAGS } from "./levels.ts";
import { STEPS } from "./rectify.ts";
import { RATING_CHANNELS, RECTIFICATION_STATES } from "./tables.ts";

const Uuid = Type.String({ format: "uuid" });
const Instant = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RatingBody = Type.Object(
  {
    level: Type.Integer({
      minimum: 1,
      maximum: 5,
      description: "5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意",
    }),
    tags: Type.Array(Type.Enum(TAGS), {
      maxItems: 6,
      default: [],
      description: `Reasons: ${TAGS.join(", ")}; good ones for levels 3–5, bad ones for 1–2`,
    }),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const AdditionBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const CaseParams = Type.Object({ number: Type.String({ pattern: "^(\\d{14,26}|[0-9a-f-]{36})$" }) });
export const IdParams = Type.Object({ id: Uuid });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 64 }) });
export const TicketParams = Type.Object({
  code: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" }),
  id: Uuid,
});
export const RegionParams = Type.Object({ region: Type.String({ pattern: "^\\d{2,12}$" }) });
export const ByParams = Type.Object({
  by: Type.Union([Type.Literal("department"), Type.Literal("item"), Type.Literal("site")]),
});
export const FigureParams = Type.Object({
  by: Type.Union([Type.Literal("department"), Type.Literal("item"), Type.Literal("site")]),
  key: Type.String({ maxLength: 60 }),
});

export const Rectification = Type.Object({
  id: Uuid,
  ratingId: Uuid,
  state: Type.Enum(RECTIFICATION_STATES),
  allowed: Type.Array(Type.String()),
  departmentId: Uuid,
  regionCode: Type.String(),
  dueAt: Instant,
  round: Type.Integer(),
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  callback: Nullable(Type.Object({ at: Nullable(Instant), note: Type.String() })),
  outcome: Nullable(Type.String()),
  resolvedAt: Nullable(Instant),
  resolvedOnTime: Nullable(Type.Boolean()),
  response: Nullable(Type.String()),
  contestReason: Nullable(Type.String()),
  review: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  closedAt: Nullable(Instant),
});

export const WorkItem = Type.Object({
  ...Rectification.properties,
  level: Type.Integer(),
  comment: Type.String(),
  tags: Type.Array(Type.String()),
});
export const WorkList = Type.Object({ items: Type.Array(WorkItem) });
export const WorkQuery = Type.Object({
  state: Type.Optional(Type.Enum(RECTIFICATION_STATES)),
});

export const Rating = Type.Object({
  id: Uuid,
  subject: Type.Object({ kind: Type.String(), id: Uuid }),
  channel: Type.Enum(RATING_CHANNELS),
  level: Type.Integer(),
  levelKey: Type.String(),
  tags: Type.Array(Type.String()),
  comment: Type.String(),
  raterKind: Type.Union([Type.Literal("applicant"), Type.Literal("agent")]),
  createdAt: Instant,
  additions: Type.Array(Type.Object({ text: Type.String(), createdAt: Instant })),
  rectification: Nullable(Rectification),
});
export const RatingList = Type.Object({ items: Type.Array(Rating) });
export const Addition = Type.Object({ text: Type.String(), createdAt: Instant });

export const Submitted = Type.Object({
  id: Uuid,
  level: Type.Integer(),
  channel: Type.String(),
  rectification: Type.Boolean({ description: "Whether a rectification was opened (levels 1–2)" }),
});

export const LinkSubject = Type.Object({
  kind: Type.Union([Type.Literal("case"), Type.Literal("visit")]),
  channel: Type.Union([Type.Literal("sms"), Type.Literal("pad")]),
  caseNumber: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  siteName: Nullable(Type.String()),
  ticketNumber: Nullable(Type.String()),
});
export const PadLink = Type.Object({ url: Type.String() });

export const StepBody = Type.Object(
  {
    step: Type.Enum(STEPS),
    text: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const Setting = Type.Object({
  regionCode: Type.String(),
  days: Type.Integer(),
  source: Type.Union([Type.Literal("own"), Type.Literal("inherited"), Type.Literal("default")]),
  fromRegionCode: Nullable(Type.String()),
});
export const SettingBody = Type.Object(
  { days: Type.Integer({ minimum: 1, maximum: 60, description: "Working days to rectify a bad rating" }) },
  { additionalProperties: false },
);

const Rate = Nullable(Type.Number({ description: "Percent, one decimal; null with nothing to divide by" }));
export const Figures = Type.Object({
  by: Type.String(),
  key: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  siteKind: Nullable(Type.String()),
  total: Type.Integer(),
  levels: Type.Array(Type.Object({ level: Type.Integer(), count: Type.Integer() })),
  satisfaction: Rate,
  bad: Type.Integer(),
  rectified: Type.Integer(),
  rectificationRate: Rate,
  onTime: Type.Integer(),
  onTimeRate: Rate,
  comments: Type.Array(
    Type.Object({
      level: Type.Integer(),
      tags: Type.Array(Type.String()),
      text: Type.String(),
      channel: Type.String(),
      byAgent: Type.Boolean(),
      at: Instant,
      additions: Type.Array(Type.Object({ text: Type.String(), at: Instant })),
    }),
  ),
});
export const Groups = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.Object({ zh: Type.String(), en: Type.String() }),
      siteKind: Nullable(Type.String()),
      total: Type.Integer(),
      satisfaction: Rate,
    }),
  ),
});
