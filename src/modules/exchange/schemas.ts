import { Type } from "typebox";

// Request fields are plain bounded strings: the service checks their content and reports every problem
// at once. A record's key (an ID number) travels in the body, never in a URL, so it stays out of logs.

const Bilingual = Type.Object(
  { zh: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);

const Field = Type.Object(
  {
    name: Type.String({ maxLength: 40 }),
    type: Type.Union(["string", "integer", "number", "boolean", "date"].map((t) => Type.Literal(t))),
    label: Bilingual,
  },
  { additionalProperties: false },
);

export const RegistryCode = Type.Object({ code: Type.String({ maxLength: 40 }) });

export const RegistryBody = Type.Object(
  {
    code: Type.String({ maxLength: 40, description: "household_register, enterprise_register…" }),
    name: Bilingual,
    description: Type.Optional(Bilingual),
    departmentId: Type.String({
      maxLength: 40,
      description: "The steward: the department that publishes it",
    }),
    subjectKind: Type.Union(["person", "organisation", "property"].map((k) => Type.Literal(k))),
    keyKind: Type.Union(
      ["id_number", "credit_code", "number"].map((k) => Type.Literal(k)),
      {
        description: "person: id_number; organisation: credit_code; property: number",
      },
    ),
    fields: Type.Array(Field, { maxItems: 100 }),
  },
  { additionalProperties: false },
);

export const Registry = Type.Object(
  {
    code: Type.String(),
    name: Bilingual,
    description: Bilingual,
    departmentId: Type.String({ format: "uuid" }),
    subjectKind: Type.String(),
    keyKind: Type.String(),
    fields: Type.Array(Field),
  },
  { $id: "Registry" },
);

export const RegistryList = Type.Object({ items: Type.Array(Type.Ref("Registry")) });

export const PublishBody = Type.Object(
  {
    key: Type.String({
      maxLength: 64,
      description: "The subject's ID number, credit code or the record's number",
    }),
    data: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { maxProperties: 100 }),
    regionCode: Type.Optional(Type.String({ maxLength: 12 })),
    onlyNew: Type.Optional(
      Type.Boolean({
        description:
          "Refuse (409 exchange_record_exists) rather than write the next version of a live record",
      }),
    ),
  },
  { additionalProperties: false },
);

// One of the two: a key, or the record id the change feed gave.
export const RetractBody = Type.Object(
  {
    key: Type.Optional(Type.String({ maxLength: 64 })),
    recordId: Type.Optional(Type.String({ maxLength: 40, description: "A record named by the change feed" })),
  },
  { additionalProperties: false },
);

const FieldValue = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);

export const RecordUpdateBody = Type.Object(
  {
    key: Type.Optional(Type.String({ maxLength: 64, description: "The one record to change" })),
    recordId: Type.Optional(Type.String({ maxLength: 40 })),
    equals: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), FieldValue, {
        maxProperties: 10,
        description: "Or every live record with these field values (500 at most)",
      }),
    ),
    data: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), {
      maxProperties: 100,
      description: "The fields to change; the others keep their values",
    }),
  },
  { additionalProperties: false },
);

export const RecordUpdates = Type.Object({
  count: Type.Integer({ description: "How many records were changed" }),
  items: Type.Array(
    Type.Object({ recordId: Type.String({ format: "uuid" }), version: Type.Integer(), seq: Type.Integer() }),
    { description: "Each record changed, when one was named; empty for a change of every match" },
  ),
});

export const UsageBody = Type.Object(
  {
    key: Type.String({ maxLength: 64, description: "The record's key: in the body, never in a URL" }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  },
  { additionalProperties: false },
);

export const UsageList = Type.Object({
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String({ format: "date-time" }),
      purpose: Type.Union([Type.String(), Type.Null()]),
      caseId: Type.Union([Type.String(), Type.Null()]),
      agreementId: Type.Union([Type.String(), Type.Null()]),
      reader: Type.Object({
        kind: Type.String(),
        id: Type.Union([Type.String(), Type.Null()]),
        name: Type.Union([Type.String(), Type.Null()]),
        departments: Type.Array(
          Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String() }),
        ),
      }),
    }),
  ),
});

export const Written = Type.Object({
  recordId: Type.String({ format: "uuid" }),
  version: Type.Integer(),
  seq: Type.Integer({ description: "The change's number in the registry's feed" }),
});

const Purpose = {
  agreementId: Type.Optional(
    Type.String({ maxLength: 40, description: "Your department's approved agreement on this registry" }),
  ),
  reason: Type.Optional(Type.String({ maxLength: 500, description: "Why this read, now: kept in the log" })),
  fields: Type.Optional(
    Type.Array(Type.String({ maxLength: 40 }), {
      maxItems: 100,
      description: "Only these of the agreement's fields: returned and logged (default: all it names)",
    }),
  ),
};

export const ReadBody = Type.Object(
  {
    key: Type.Optional(Type.String({ maxLength: 64 })),
    recordId: Type.Optional(Type.String({ maxLength: 40, description: "A record named by the change feed" })),
    ...Purpose,
  },
  { additionalProperties: false },
);

export const SearchBody = Type.Object(
  {
    equals: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), FieldValue, {
        maxProperties: 10,
        description:
          "Field values the records must have: fields your agreement names. A person or organisation register is searched by a key or a field value, never listed",
      }),
    ),
    key: Type.Optional(Type.String({ maxLength: 64, description: "The record under this key only" })),
    contains: Type.Optional(
      Type.Object(
        {
          text: Type.String({ maxLength: 200 }),
          fields: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
        },
        {
          additionalProperties: false,
          description:
            "Text found, in any case, in one of these string fields (default: every string field your agreement names)",
        },
      ),
    ),
    order: Type.Optional(
      Type.Object(
        {
          field: Type.Optional(Type.String({ maxLength: 40, description: "Without one: by key" })),
          direction: Type.Union([Type.Literal("asc"), Type.Literal("desc")]),
        },
        { additionalProperties: false },
      ),
    ),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    regionCode: Type.Optional(Type.String({ maxLength: 12 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    ...Purpose,
  },
  { additionalProperties: false },
);

export const RecordView = Type.Object(
  {
    registry: Type.String(),
    recordId: Type.String({ format: "uuid" }),
    keyMasked: Type.String(),
    version: Type.Integer(),
    updatedAt: Type.String({ format: "date-time" }),
    fields: Type.Record(Type.String(), Type.Unknown(), {
      description: "Only the fields your purpose allows",
    }),
  },
  { $id: "RegistryRecord" },
);

export const RecordList = Type.Object({
  items: Type.Array(Type.Ref("RegistryRecord")),
  total: Type.Integer({ description: "How many records match: page on with offset" }),
});

export const ChangesQuery = Type.Object({
  agreementId: Type.Optional(Type.String({ maxLength: 40 })),
  // Change numbers are bigint in the table: past this, JavaScript could not have read one.
  after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

export const ChangeList = Type.Object({
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      recordId: Type.String({ format: "uuid" }),
      keyMasked: Type.String(),
      version: Type.Integer(),
      change: Type.String(),
      at: Type.String({ format: "date-time" }),
    }),
  ),
  next: Type.Integer({ description: "Pass as `after` to continue" }),
});

export const AgreementBody = Type.Object(
  {
    registry: Type.String({ maxLength: 40 }),
    consumerDepartmentId: Type.String({ maxLength: 40 }),
    fields: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 }),
    purpose: Type.String({ maxLength: 500 }),
    legalBasis: Type.String({ maxLength: 500 }),
    validUntil: Type.Optional(Type.String({ format: "date-time" })),
  },
  { additionalProperties: false },
);

export const AgreementId = Type.Object({ id: Type.String({ maxLength: 40 }) });

export const DecisionBody = Type.Object(
  {
    decision: Type.Union(["approve", "refuse", "revoke"].map((d) => Type.Literal(d))),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const Agreement = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    registry: Type.String(),
    consumerDepartmentId: Type.String({ format: "uuid" }),
    stewardDepartmentId: Type.String({ format: "uuid" }),
    fields: Type.Array(Type.String()),
    purpose: Type.String(),
    legalBasis: Type.String(),
    status: Type.String(),
    validUntil: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    requestedAt: Type.String({ format: "date-time" }),
    decidedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    decisionNote: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "DataAgreement" },
);

export const AgreementList = Type.Object({ items: Type.Array(Type.Ref("DataAgreement")) });
