import { type Static, Type } from "typebox";
import { COMMENT_MAX } from "./comments.ts";
import { ADOPTIONS, HIDE_REASONS } from "./tables.ts";

const Id = Type.String({ format: "uuid" });
const Instant = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ConsultationParams = Type.Object({ id: Id });

/** The answer of an operation that answers 204 with no body, declared so the API documents it. */
export const NoContent = Type.Null();
export const CommentParams = Type.Object({ id: Id, commentId: Id });
export const PointParams = Type.Object({ id: Id, pointId: Id });
export const AttachmentParams = Type.Object({ id: Id, sha256: Type.String({ pattern: "^[0-9a-f]{64}$" }) });
export const RegionParams = Type.Object({ regionCode: Type.String({ pattern: "^\\d{2,12}$" }) });

export const ListQuery = Type.Object({
  region: Type.Optional(
    Type.String({ pattern: "^\\d{2,12}$", description: "A region code: it and the regions below it" }),
  ),
  department: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});

const ArticleIn = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 20, description: "As the draft numbers it: 第一条" }),
    heading: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    text: Type.String({ minLength: 1, maxLength: 10_000 }),
  },
  { additionalProperties: false },
);

const draftFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  purpose: Type.String({
    minLength: 1,
    maxLength: 10_000,
    description: "起草说明: why the draft, what it changes",
  }),
  contact: Type.String({
    minLength: 1,
    maxLength: 1000,
    description: "Where comments may also be sent offline",
  }),
  opensAt: Instant,
  closesAt: Instant,
  shortPeriodReason: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 1000,
        description: "Required when the period is shorter than the region's minimum",
      }),
    ),
  ),
  articles: Type.Optional(
    Type.Array(ArticleIn, { maxItems: 500, description: "The draft by article, in order" }),
  ),
  text: Type.Optional(
    Type.String({
      maxLength: 200_000,
      description:
        "Or the whole draft pasted: a line starting 第X条 begins an article (ignored when articles are given)",
    }),
  ),
};

export const CreateBody = Type.Object(
  { department: Type.String({ format: "uuid", description: "A department of yours" }), ...draftFields },
  { additionalProperties: false },
);
export const UpdateBody = Type.Object(draftFields, { additionalProperties: false });
export const Created = Type.Object({ id: Id });

const Counts = Type.Object({
  total: Type.Integer({ description: "Comments not withdrawn, hidden ones included" }),
  hidden: Type.Integer(),
  overall: Type.Integer({ description: "On the whole draft rather than one article" }),
});

const Phase = Type.Enum(["draft", "upcoming", "open", "closed", "summarised"]);

export const ConsultationSummaryItem = Type.Object({
  id: Id,
  title: Type.String(),
  department: Type.Object({ id: Id, name: Type.String(), nameEn: Type.String() }),
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  phase: Phase,
  opensAt: Instant,
  closesAt: Instant,
  daysLeft: Type.Integer(),
  comments: Type.Integer(),
});
export const ConsultationList = Type.Object({ items: Type.Array(ConsultationSummaryItem) });

export const Consultation = Type.Object({
  ...ConsultationSummaryItem.properties,
  purpose: Type.String(),
  contact: Type.String(),
  shortPeriodReason: Nullable(Type.String()),
  minimumOpenDays: Type.Integer(),
  publishedAt: Nullable(Instant),
  summarisedAt: Nullable(Instant),
  counts: Counts,
  articles: Type.Array(
    Type.Object({
      position: Type.Integer(),
      number: Type.String(),
      heading: Nullable(Type.String()),
      text: Type.String(),
      comments: Type.Integer(),
    }),
  ),
  attachments: Type.Array(
    Type.Object({
      sha256: Type.String(),
      name: Type.String(),
      size: Type.Integer(),
      mediaType: Type.String(),
      url: Type.String(),
    }),
  ),
});

const HideReason = Type.Enum(HIDE_REASONS);
const Adoption = Type.Enum(ADOPTIONS);

export const CommentBody = Type.Object(
  {
    article: Type.Optional(
      Nullable(
        Type.Integer({ minimum: 1, description: "The article's position; absent or null: the whole draft" }),
      ),
    ),
    text: Type.String({ minLength: 1, maxLength: COMMENT_MAX }),
  },
  { additionalProperties: false },
);
export const Comment = Type.Object({
  id: Id,
  article: Nullable(Type.Integer()),
  author: Type.String({ description: "A pseudonym, stable within this consultation only" }),
  createdAt: Instant,
  text: Nullable(Type.String({ description: "Null when hidden, except for its author and the moderators" })),
  hiddenReason: Nullable(HideReason),
  mine: Type.Boolean(),
});
export const CommentQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "50 unless told" })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export const CommentList = Type.Object({
  counts: Counts,
  total: Type.Integer({ description: "How many comments there are in all, to page through them" }),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(Comment, { description: "Newest first" }),
});
export const HideBody = Type.Object({ reason: HideReason }, { additionalProperties: false });

export const PointBody = Type.Object(
  {
    summary: Type.String({ minLength: 1, maxLength: 2000 }),
    adoption: Adoption,
    reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    comments: Type.Optional(
      Type.Array(Id, { maxItems: 1000, description: "The comments this point answers" }),
    ),
  },
  { additionalProperties: false },
);
export const Summary = Type.Object({
  published: Type.Boolean(),
  counts: Type.Object({
    adopted: Type.Integer(),
    partly_adopted: Type.Integer(),
    not_adopted: Type.Integer(),
  }),
  hiddenComments: Type.Integer(),
  points: Type.Array(
    Type.Object({
      id: Id,
      position: Type.Integer(),
      summary: Type.String(),
      adoption: Adoption,
      reason: Nullable(Type.String()),
      comments: Type.Array(Id),
    }),
  ),
});

export const Setting = Type.Object({ regionCode: Type.String(), minimumOpenDays: Type.Integer() });
export const SettingBody = Type.Object(
  { minimumOpenDays: Type.Integer({ minimum: 1, maximum: 365 }) },
  { additionalProperties: false },
);
export const Attachment = Type.Object({
  sha256: Type.String(),
  name: Type.String(),
  size: Type.Integer(),
  mediaType: Type.String(),
});

export type DraftBody = Static<typeof UpdateBody>;
