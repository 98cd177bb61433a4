import { Type } from "typebox";
import { ACTOR_KINDS } from "./tables.ts";

const id = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 100, ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const SearchQuery = Type.Object({
  personId: Type.Optional(id("Whose personal data the entries touch")),
  actorId: Type.Optional(id("A staff member's id: what they did, and what was done to their account")),
  caseId: Type.Optional(id()),
  action: Type.Optional(
    Type.String({
      pattern: "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$",
      maxLength: 100,
      examples: ["staff.signin"],
    }),
  ),
  from: Type.Optional(Type.String({ format: "date-time", description: "Entries at or after this instant" })),
  to: Type.Optional(Type.String({ format: "date-time", description: "Entries at or before this instant" })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      // Entry numbers are bigint in the table: past this, JavaScript could not have read one.
      maximum: Number.MAX_SAFE_INTEGER,
      description: "Entries numbered below this: the previous page's nextBefore",
    }),
  ),
});

export const AuditEntry = Type.Object(
  {
    seq: Type.Integer({ description: "Entry number: consecutive from 1" }),
    at: Type.String({ format: "date-time" }),
    actorKind: Type.Union(ACTOR_KINDS.map((k) => Type.Literal(k))),
    actorId: Nullable(Type.String()),
    actorName: Nullable(Type.String({ description: "The staff member's display name" })),
    onBehalfOf: Nullable(Type.String()),
    action: Type.String(),
    subjectKind: Nullable(Type.String()),
    subjectId: Nullable(Type.String()),
    personId: Nullable(Type.String()),
    caseId: Nullable(Type.String()),
    regionCode: Nullable(Type.String()),
    purpose: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    hash: Type.String({
      description:
        "Hex SHA-256 of the entry's canonical text, which holds the previous hash; `sm3:` and hex SM3 for an entry written under CRYPTO_SUITE=national",
    }),
  },
  { $id: "AuditEntry" },
);

export const AuditPage = Type.Object({
  items: Type.Array(Type.Ref("AuditEntry")),
  nextBefore: Type.Union([Type.Integer(), Type.Null()], { description: "null on the last page" }),
});

export const DataReadsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: "Reads numbered below this: the previous page's nextBefore",
    }),
  ),
});

export const DataReadsPage = Type.Object({
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String({ format: "date-time" }),
      action: Type.String({ examples: ["personal_data.read"] }),
      purpose: Nullable(Type.String()),
      caseId: Nullable(Type.String()),
      reader: Type.Object({
        kind: Type.Enum(ACTOR_KINDS),
        name: Nullable(Type.String({ description: "The staff member's display name" })),
        departments: Type.Array(Type.Object({ name: Type.String(), nameEn: Type.String() })),
        onBehalfOf: Nullable(Type.String()),
      }),
    }),
  ),
  nextBefore: Type.Union([Type.Integer(), Type.Null()], { description: "null on the last page" }),
});

/** Nothing to choose: every chain is verified. A JSON body, `{}`, so that no other site can post it. */
export const VerificationRequest = Type.Object({}, { additionalProperties: false });

const Hash = Type.String({ pattern: "^(sm3:)?[0-9a-f]{64}$" });

export const Verification = Type.Object({
  ok: Type.Boolean({ description: "Every chain intact, up to the heads read when verification began" }),
  entries: Type.Integer({ description: "Entries found intact (before the problem, when there is one)" }),
  verifiedAt: Type.String({ format: "date-time" }),
  heads: Type.Array(
    Type.Object({ province: Type.String({ pattern: "^\\d{2}$" }), seq: Type.Integer(), hash: Hash }),
    { description: "Where each province's chain ends (`00`: the national chain); empty when broken" },
  ),
  problem: Type.Union([
    Type.Object({
      kind: Type.Enum(["changed", "removed", "reordered", "truncated", "unanchored", "rewritten"] as const),
      province: Nullable(Type.String({ description: "null: the chain the country kept before 0044" })),
      seq: Type.Integer(),
      message: Type.String(),
    }),
    Type.Null(),
  ]),
});
