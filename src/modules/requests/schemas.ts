import { Type } from "typebox";
import { ATTACHMENT_BYTES, MAX_ATTACHMENTS, TEXT_MAX } from "./filing.ts";
import { REASON_MAX, REPLY_MAX } from "./lifecycle.ts";
import { CONTACT_PREFERENCES, REQUEST_KINDS, REQUEST_STATES, SATISFACTIONS } from "./tables.ts";

const DateTime = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const NumberParams = Type.Object({ number: Type.String({ pattern: "^\\d{16}$" }) });

/** The answer of an operation that answers 204 with no body, declared so the API documents it. */
export const NoContent = Type.Null();
export const TokenQuery = Type.Object({
  token: Type.Optional(
    Type.String({ maxLength: 64, description: "The follow token given when it was filed" }),
  ),
});

export const Category = Type.Object({
  code: Type.String({ description: "Open311's service_code" }),
  kind: Type.Enum(REQUEST_KINDS),
  name: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
  anonymousAllowed: Type.Boolean(),
  dueWorkingDays: Type.Integer(),
  active: Type.Boolean({ description: "False once retired: no longer offered, kept by old requests" }),
});
export const CategoryList = Type.Object({ items: Type.Array(Category) });
export const CategoryListQuery = Type.Object({
  retired: Type.Optional(Type.Boolean({ description: "List the retired categories too" })),
});
export const CategoryParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

const categoryFields = {
  kind: Type.Enum(REQUEST_KINDS),
  name: Type.String({ maxLength: 200 }),
  nameEn: Type.String({ maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  descriptionEn: Type.Optional(Type.String({ maxLength: 2000 })),
  anonymousAllowed: Type.Boolean(),
  dueWorkingDays: Type.Integer({ minimum: 1, maximum: 60, description: "The deadline in working days" }),
  active: Type.Optional(Type.Boolean({ description: "False retires it (default true)" })),
};
export const CategoryCreateBody = Type.Object(
  {
    code: Type.String({ maxLength: 40, description: "Open311's service_code; never changes" }),
    ...categoryFields,
  },
  { additionalProperties: false },
);
export const CategoryPatchBody = Type.Partial(Type.Object(categoryFields), { additionalProperties: false });

// Text fields are checked by the service so that every problem is named at once, in the reader's words.
export const FileBody = Type.Object(
  {
    category: Type.String({ maxLength: 40 }),
    text: Type.String({ maxLength: TEXT_MAX * 4 }),
    regionCode: Type.String({ maxLength: 12, description: "Where: any region down to a village" }),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    long: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
    contactPreference: Type.Enum(CONTACT_PREFERENCES),
    anonymous: Type.Optional(Type.Boolean()),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 100 })),
          phone: Type.Optional(Type.String({ maxLength: 20 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
    ),
    attachments: Type.Optional(
      Type.Array(
        Type.Object({
          fileName: Type.Optional(Type.String({ maxLength: 255 })),
          contentBase64: Type.String({
            maxLength: Math.ceil((ATTACHMENT_BYTES * 4) / 3) + 4,
            description: "A PDF, JPEG or PNG of at most 5 MB, base64-encoded",
          }),
        }),
        { maxItems: MAX_ATTACHMENTS },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Filed = Type.Object({
  number: Type.String(),
  token: Type.String({
    description: "Shown once: with the number it follows, rates and reopens the request",
  }),
  state: Type.Enum(REQUEST_STATES),
  dueAt: DateTime,
  follow: Type.String({ description: "The page that follows it" }),
});

const DepartmentRef = Nullable(
  Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String() }),
);

export const RequestView = Type.Object({
  number: Type.String(),
  category: Category,
  text: Type.String(),
  regionCode: Type.String(),
  address: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  state: Type.Enum(REQUEST_STATES),
  receivedAt: DateTime,
  dueAt: DateTime,
  overdue: Type.Boolean(),
  holder: DepartmentRef,
  reply: Nullable(Type.Object({ text: Type.String(), at: DateTime, public: Type.Boolean() })),
  satisfaction: Nullable(Type.Enum(SATISFACTIONS)),
  reopenUntil: Nullable(DateTime),
  events: Type.Array(
    Type.Object({
      at: DateTime,
      action: Type.String(),
      reason: Nullable(Type.String()),
      department: DepartmentRef,
    }),
  ),
  actions: Type.Array(Type.String(), { description: "What the caller may do on it now" }),
});

export const StaffRequestView = Type.Intersect([
  RequestView,
  Type.Object({
    requester: Type.Object({
      kind: Type.String(),
      name: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      email: Nullable(Type.String()),
    }),
    dispatcher: DepartmentRef,
    channel: Type.String(),
    attachments: Type.Array(Type.String({ description: "sha256 of a stored file" })),
  }),
]);

export const RateBody = Type.Object(
  { satisfaction: Type.Enum(SATISFACTIONS), token: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
export const ReopenBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: REASON_MAX * 2 })),
    token: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export const AssignBody = Type.Object(
  { departmentId: Type.String({ format: "uuid" }) },
  { additionalProperties: false },
);
export const TransferBody = Type.Object(
  {
    departmentId: Type.String({ format: "uuid" }),
    reason: Type.Optional(Type.String({ maxLength: REASON_MAX * 2 })),
  },
  { additionalProperties: false },
);
export const ReturnBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: REASON_MAX * 2 })) },
  { additionalProperties: false },
);
export const ReplyBody = Type.Object(
  { text: Type.Optional(Type.String({ maxLength: REPLY_MAX * 2 })), public: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const Done = Type.Object({ number: Type.String(), state: Type.Enum(REQUEST_STATES) });

export const WorkList = Type.Object({
  items: Type.Array(
    Type.Object({
      number: Type.String(),
      categoryCode: Type.String(),
      kind: Type.Enum(REQUEST_KINDS),
      state: Type.Enum(REQUEST_STATES),
      regionCode: Type.String(),
      receivedAt: DateTime,
      dueAt: DateTime,
      overdue: Type.Boolean(),
      excerpt: Type.String(),
    }),
  ),
});
export const MineList = Type.Object({
  items: Type.Array(
    Type.Object({
      number: Type.String(),
      categoryCode: Type.String(),
      state: Type.Enum(REQUEST_STATES),
      receivedAt: DateTime,
    }),
  ),
});

export const Route = Type.Object({
  id: Type.String({ format: "uuid" }),
  regionCode: Type.String(),
  categoryCode: Nullable(Type.String()),
  department: Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String() }),
});
export const RouteList = Type.Object({ items: Type.Array(Route) });
export const RouteQuery = Type.Object({ region: Type.String({ pattern: "^\\d{2,12}$" }) });
export const RouteBody = Type.Object(
  {
    regionCode: Type.String({ maxLength: 12 }),
    categoryCode: Nullable(Type.String({ maxLength: 40 })),
    departmentId: Type.String({ format: "uuid" }),
  },
  { additionalProperties: false },
);
export const RouteParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export const ReplyList = Type.Object({
  items: Type.Array(
    Type.Object({
      number: Type.String(),
      categoryCode: Type.String(),
      kind: Type.String(),
      regionCode: Type.String(),
      receivedAt: DateTime,
      repliedAt: DateTime,
      reply: Type.String({ description: "With names, phone and ID numbers and e-mail addresses masked" }),
    }),
  ),
});
