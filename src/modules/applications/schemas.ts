import { Type } from "typebox";
import { Text } from "../catalog/content.ts";

const Instant = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ApplicationParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export const MaterialParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" }),
});

export const ApplyFor = Type.Optional(
  Type.Union(
    [
      Type.Object({ organisation: Type.String({ format: "uuid" }) }, { additionalProperties: false }),
      Type.Object({ principal: Type.String({ format: "uuid" }) }, { additionalProperties: false }),
    ],
    { description: "Apply for an organisation you act for, or for a person whose mandate you hold" },
  ),
);

export const Delivery = Type.Object(
  {
    method: Type.Enum(["download", "post", "pickup"]),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    recipient: Type.Optional(Type.String({ maxLength: 60 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const NewApplicationBody = Type.Object({
  offering: Type.String({ format: "uuid", description: "The offering (实施清单) applied through" }),
  for: ApplyFor,
});

export const DraftPatch = Type.Object({
  answers: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 80 })),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })),
  delivery: Type.Optional(Type.Union([Delivery, Type.Null()])),
  version: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const CommitmentBody = Type.Object({
  materials: Type.Array(Type.String({ maxLength: 40 }), {
    maxItems: 60,
    description: "The materials the signed commitment stands in for; empty withdraws the commitment",
  }),
});

const FieldProblem = Type.Object({ field: Type.String(), message: Type.String() });

export const ApplicationView = Type.Object(
  {
    id: Type.String(),
    status: Type.Enum(["draft", "submitted", "abandoned"]),
    caseId: Nullable(Type.String()),
    offeringId: Type.String(),
    item: Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      name: Text,
      commitmentAllowed: Type.Boolean(),
    }),
    applicant: Type.Object({ kind: Type.String(), id: Type.String() }),
    form: Type.Unknown({ description: "The item's form: JSON Schema and rendering hints" }),
    pages: Type.Array(Type.Object({ title: Nullable(Text), fields: Type.Array(Type.String()) })),
    page: Type.Integer(),
    answers: Type.Record(Type.String(), Type.Unknown()),
    prefilled: Type.Record(Type.String(), Type.String(), {
      description: "Where each prefilled answer came from: profile, or case:<number>",
    }),
    readOnly: Type.Array(Type.String()),
    materials: Type.Array(
      Type.Object({
        key: Type.String(),
        name: Text,
        required: Type.Boolean(),
        condition: Nullable(Text),
        file: Nullable(
          Type.Object({
            name: Type.String(),
            mediaType: Type.String(),
            size: Type.Integer(),
            uploadedAt: Instant,
          }),
        ),
        promised: Type.Boolean({ description: "Stood in for by the signed commitment" }),
        fromForm: Type.Boolean({ description: "Produced from the answers to the form: nothing to upload" }),
        fetched: Nullable(
          Type.Object(
            { kind: Type.Union([Type.Literal("licence"), Type.Literal("registry")]), name: Text },
            {
              description:
                "Taken from an e-licence or a registry at submission (免提交) unless a file is uploaded",
            },
          ),
        ),
        notFetched: Nullable(
          Type.Union(
            ["no_licence", "no_record", "field_empty", "no_registry"].map((r) => Type.Literal(r)),
            { description: "Why a material that could have been fetched was not: upload it" },
          ),
        ),
      }),
    ),
    commitment: Nullable(
      Type.Object({ materials: Type.Array(Type.String()), signedAt: Type.String(), text: Type.String() }),
    ),
    delivery: Nullable(Delivery),
    problems: Type.Array(FieldProblem, { description: "What stops submission now, all at once" }),
    version: Type.Integer(),
    updatedAt: Instant,
  },
  { $id: "ApplicationView" },
);

export const SavedDraft = Type.Object({
  application: Type.Ref("ApplicationView"),
  problems: Type.Array(FieldProblem),
});

export const DraftList = Type.Array(
  Type.Object({
    id: Type.String(),
    itemId: Type.String(),
    offeringId: Type.String(),
    name: Text,
    updatedAt: Instant,
  }),
);

export const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 100,
      pattern: "^[A-Za-z0-9._:-]+$",
      description: "A key of the client's choosing: a retried request with it never makes a second case",
    }),
  ),
});

/** Whom a one-request submission is for: as a draft's, or — for department systems — a person by ID number. */
const SubmissionFor = Type.Optional(
  Type.Union(
    [
      Type.Object({ organisation: Type.String({ format: "uuid" }) }, { additionalProperties: false }),
      Type.Object({ principal: Type.String({ format: "uuid" }) }, { additionalProperties: false }),
      Type.Object(
        { idNumber: Type.String({ minLength: 15, maxLength: 18 }) },
        { additionalProperties: false },
      ),
    ],
    {
      description:
        "People: an organisation you act for, or a person whose mandate you hold. Department systems " +
        "(API clients with application.submit): the person applied for, by resident ID number — required",
    },
  ),
);

export const SubmissionBody = Type.Object({
  offering: Type.String({ format: "uuid" }),
  for: SubmissionFor,
  answers: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 80 }),
  materials: Type.Array(
    Type.Object({
      key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" }),
      fileName: Type.Optional(Type.String({ maxLength: 255 })),
      // No maxLength: checking one counts every character of a long string; the body limit bounds it.
      contentBase64: Type.String({ description: "The file, base64-encoded (the request is at most 30 MB)" }),
    }),
    { maxItems: 20 },
  ),
  licences: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" }),
        licenceId: Type.String({
          maxLength: 64,
          description: "One of your valid e-licences (see GET /api/v1/wallet)",
        }),
      }),
      { maxItems: 20, description: "E-licences offered in place of materials' uploads (免提交)" },
    ),
  ),
  commitment: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 60 })),
  delivery: Type.Optional(Delivery),
});

export const Submitted = Type.Object({
  caseId: Type.String(),
  number: Type.String(),
  receipt: Type.String({ description: "Where the printable receipt (PDF) is" }),
  progress: Type.String({ description: "Where the case can be followed" }),
});
