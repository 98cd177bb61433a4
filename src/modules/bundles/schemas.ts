import { Type } from "typebox";
import { ApplyFor, Delivery, IdempotencyHeaders } from "../applications/schemas.ts";
import { Text } from "../catalog/content.ts";
import { BundleDefinition } from "./definition.ts";

export { IdempotencyHeaders };

const Instant = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const BundleCode = Type.Object({ code: Type.String({ maxLength: 60 }) });
export const RegionQuery = Type.Object({
  region: Type.Optional(
    Type.String({ pattern: "^\\d{2,12}$", description: "Only bundles whose every item is offered here" }),
  ),
});

export const DefineBody = Type.Object(
  {
    ownerRegionCode: Type.String({
      pattern: "^\\d{2,12}$",
      description: "The region whose administrators keep it (kept from the first version)",
    }),
    definition: Type.Unknown({
      description: "The BundleDefinition: the service checks it and tells every problem",
    }),
  },
  { additionalProperties: false },
);

const ChildOffering = Type.Object({
  itemCode: Type.String(),
  offered: Type.Boolean(),
  offeringId: Nullable(Type.String({ format: "uuid" })),
  department: Nullable(Type.String()),
});

export const Bundle = Type.Object(
  {
    code: Type.String(),
    version: Type.Integer(),
    ownerRegionCode: Type.String(),
    definition: BundleDefinition,
    offered: Nullable(
      Type.Boolean({ description: "Whether every item is offered in the region asked about" }),
    ),
    children: Nullable(
      Type.Array(ChildOffering, { description: "Each item's offering in the region asked about" }),
    ),
  },
  { $id: "Bundle" },
);
export const BundleList = Type.Object({ items: Type.Array(Type.Ref("Bundle")) });

export const ApplyBody = Type.Object(
  {
    regionCode: Type.String({ pattern: "^\\d{2,12}$", description: "Where the items are applied for" }),
    for: ApplyFor,
    answers: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 120 }),
    materials: Type.Array(
      Type.Object(
        {
          key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$", description: "The bundle's material key" }),
          fileName: Type.Optional(Type.String({ maxLength: 255 })),
          // No maxLength: checking one counts every character of a long string; the body limit bounds it.
          contentBase64: Type.String({
            description: "The file, base64-encoded (the request is at most 30 MB)",
          }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 40 },
    ),
    delivery: Type.Optional(Delivery),
  },
  { additionalProperties: false },
);

const Child = Type.Object({
  position: Type.Integer(),
  itemCode: Type.String(),
  itemName: Text,
  caseId: Type.String({ format: "uuid" }),
  number: Type.String(),
  progressUrl: Type.String({ description: "Where the child case is followed" }),
  state: Type.String(),
  outcome: Nullable(Type.String()),
  progress: Type.Enum(["in_progress", "granted", "not_granted"]),
  department: Nullable(Text),
  submittedAt: Instant,
  closedAt: Nullable(Instant),
  nextStep: Nullable(
    Type.Object({
      kind: Type.Enum(["reapply_alone", "contact_department"]),
      applyUrl: Type.String({ description: "Where to apply for this item alone" }),
    }),
  ),
  licence: Nullable(Type.Object({ id: Type.String(), certificateUrl: Type.String() })),
});

export const BundleApplication = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    bundleCode: Type.String(),
    bundleName: Text,
    regionCode: Type.String(),
    applicantName: Type.String(),
    submittedAt: Instant,
    status: Type.Enum(["in_progress", "complete", "partial"]),
    children: Type.Array(Child),
    times: Nullable(
      Type.Object(
        {
          settledAt: Instant,
          bundleSeconds: Type.Number({ description: "Submission to the last child's close" }),
          childrenSeconds: Type.Number({
            description: "The children's own times (submission to close) added up",
          }),
        },
        { description: "Recorded once every child has closed" },
      ),
    ),
  },
  { $id: "BundleApplication" },
);
export const BundleApplicationList = Type.Object({ items: Type.Array(Type.Ref("BundleApplication")) });
export const ApplicationId = Type.Object({ id: Type.String({ format: "uuid" }) });
export const Page = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
});
