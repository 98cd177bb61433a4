import { Type } from "typebox";
import { ANSWERS, CATEGORIES, VALIDITIES } from "./tables.ts";

const Uuid = Type.String({ format: "uuid" });
const Day = Type.Union([Type.String({ maxLength: 10, description: "YYYY-MM-DD" }), Type.Null()]);
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);

export const Category = Type.Enum(CATEGORIES, {
  description:
    "policy 政策文件, notice 通知公告, interpretation 政策解读, plan 规划计划, budget 预决算, statistics 统计信息",
});

export const PublishBody = Type.Object(
  {
    departmentId: Uuid,
    category: Category,
    title: Type.String({ minLength: 1, maxLength: 200, description: "Plain text; markup is shown as typed" }),
    body: Type.String({
      minLength: 1,
      maxLength: 100_000,
      description: "Plain text, paragraphs by blank lines",
    }),
    documentNumber: Type.Optional(
      Nullable(Type.String({ maxLength: 60, description: "文号, e.g. 安政发〔2026〕12号" })),
    ),
    writtenOn: Type.Optional(Day),
    effectiveFrom: Type.Optional(Day),
    expiresOn: Type.Optional(Day),
    interpretsId: Type.Optional(
      Nullable(Type.String({ format: "uuid", description: "The policy interpreted" })),
    ),
    amends: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: "Publications this one amends" })),
    repeals: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: "Publications this one repeals" })),
  },
  { additionalProperties: false },
);

export const CorrectBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.String({ maxLength: 100_000 })),
    documentNumber: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    reason: Type.String({ maxLength: 500, description: "Why it is corrected (更正说明)" }),
  },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object(
  { reason: Type.String({ maxLength: 500, description: "Why it is withdrawn" }) },
  { additionalProperties: false },
);

const Link = Type.Object({ id: Uuid, title: Type.String(), indexNumber: Type.String() });

export const Attachment = Type.Object({
  id: Uuid,
  name: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  href: Type.String(),
});

export const Publication = Type.Object(
  {
    id: Uuid,
    indexNumber: Type.String({ description: "索引号: region-line/category-year-sequence, never reused" }),
    category: Category,
    title: Type.String(),
    body: Type.String(),
    documentNumber: Nullable(Type.String()),
    department: Type.Object({ id: Uuid, name: Type.String(), nameEn: Type.String() }),
    writtenOn: Day,
    publishedAt: Type.String({ format: "date-time" }),
    effectiveFrom: Day,
    expiresOn: Day,
    validity: Type.Enum(VALIDITIES),
    revision: Type.Integer(),
    withdrawn: Type.Union([
      Type.Object({ at: Type.String({ format: "date-time" }), reason: Type.String() }),
      Type.Null(),
    ]),
    interprets: Type.Union([Link, Type.Null()]),
    amendedBy: Type.Union([Link, Type.Null()]),
    repealedBy: Type.Union([Link, Type.Null()]),
    interpretations: Type.Array(Link),
    attachments: Type.Array(Attachment),
    revisions: Type.Array(
      Type.Object({
        revision: Type.Integer(),
        title: Type.String(),
        body: Type.String(),
        documentNumber: Nullable(Type.String()),
        reason: Nullable(Type.String()),
        revisedAt: Type.String({ format: "date-time" }),
      }),
    ),
    href: Type.String(),
  },
  { $id: "DisclosurePublication" },
);

export const PublicationParams = Type.Object({ id: Uuid });
export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid });

const Parts = Type.Array(Type.Object({ text: Type.String(), hit: Type.Boolean() }), {
  description: "The text in runs, `hit` marking a searched word: render as text, never as markup",
});

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: "Words, pinyin, a document or index number" })),
  department: Type.Optional(Type.String({ maxLength: 36 })),
  category: Type.Optional(Category),
  year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
  validity: Type.Optional(Type.Enum(VALIDITIES)),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
});

export const SearchResult = Type.Object({
  total: Type.Integer(),
  terms: Type.Array(Type.String()),
  hits: Type.Array(
    Type.Object({
      id: Uuid,
      indexNumber: Type.String(),
      category: Category,
      documentNumber: Nullable(Type.String()),
      departmentId: Uuid,
      publishedAt: Type.String({ format: "date-time" }),
      validity: Type.Enum(VALIDITIES),
      title: Parts,
      snippet: Parts,
      href: Type.String(),
    }),
  ),
});

export const GuideParams = Type.Object({ departmentId: Uuid });
export const GuideBody = Type.Object(
  {
    office: Type.String({ maxLength: 100 }),
    address: Type.String({ maxLength: 200 }),
    phone: Type.String({ maxLength: 40 }),
    hours: Type.String({ maxLength: 100 }),
    email: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    notes: Type.String({ maxLength: 4000 }),
  },
  { additionalProperties: false },
);
export const Guide = Type.Object({
  department: Type.Object({ id: Uuid, name: Type.String(), nameEn: Type.String() }),
  guide: Type.Union([
    Type.Object({
      office: Type.String(),
      address: Type.String(),
      phone: Type.String(),
      hours: Type.String(),
      email: Nullable(Type.String()),
      notes: Type.String(),
    }),
    Type.Null(),
  ]),
});

export const RequestParams = Type.Object({
  caseId: Type.String({ maxLength: 40, description: "Case id or number" }),
});
export const AnswerBody = Type.Object(
  {
    answer: Type.Enum(ANSWERS, {
      description:
        "disclosed 予以公开, partly_disclosed 部分公开, not_held 信息不存在, not_disclosable 不予公开",
    }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    legalBasis: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const Answer = Type.Object({
  caseId: Uuid,
  answer: Type.Enum(ANSWERS),
  reason: Type.String(),
  legalBasis: Type.String(),
  answeredAt: Type.String({ format: "date-time" }),
});
export const RequestStatus = Type.Object({
  caseId: Uuid,
  number: Type.String(),
  state: Type.String(),
  outcome: Nullable(Type.String()),
  dueAt: Nullable(Type.String({ format: "date-time" })),
  statutoryDays: Type.Integer(),
  answer: Type.Union([Answer, Type.Null()]),
});
