import { Type } from "typebox";
import { RegionCode } from "../regions/schemas.ts";
import { DraftContent, ItemContent } from "./content.ts";
import { VERSION_STATUSES } from "./tables.ts";

const Instant = Type.String({ format: "date-time" });
const Status = Type.Enum(VERSION_STATUSES, {
  description:
    "draft: being written; published: what the public reads; superseded: replaced, kept for the cases begun on it; retired: no longer offered",
});

export const ItemParams = Type.Object({
  item: Type.String({ minLength: 1, maxLength: 60, description: "The item's code or id" }),
});
export const VersionParams = Type.Object({
  item: Type.String({ minLength: 1, maxLength: 60 }),
  version: Type.Integer({ minimum: 1, maximum: 100000 }),
});
export const CompareQuery = Type.Object({
  from: Type.Integer({ minimum: 1, maximum: 100000 }),
  to: Type.Integer({ minimum: 1, maximum: 100000 }),
});
export const OfferingParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export const NearQuery = Type.Object({
  region: Type.Optional(RegionCode),
});

export const ItemListQuery = Type.Object({
  text: Type.Optional(Type.String({ maxLength: 100, description: "Part of the code or the name" })),
  line: Type.Optional(Type.String({ maxLength: 60 })),
  status: Type.Optional(Type.Enum(["draft", "published", "retired"])),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export const NewItemBody = Type.Object({
  code: Type.String({ maxLength: 40, examples: ["330000-SCJG-0001"] }),
  ownerRegionCode: Type.String({
    maxLength: 12,
    description: "The province defining the item",
    examples: ["33"],
  }),
  content: DraftContent,
});
export const DraftBody = Type.Object({ content: DraftContent });
export const RetireBody = Type.Object({ reason: Type.String({ maxLength: 500 }) });

const VersionSummary = Type.Object({
  version: Type.Integer(),
  status: Status,
  publishedAt: Type.Union([Instant, Type.Null()]),
  updatedAt: Instant,
});

export const Version = Type.Object(
  {
    item: Type.String({ format: "uuid" }),
    code: Type.String(),
    version: Type.Integer(),
    status: Status,
    content: DraftContent,
    createdAt: Instant,
    updatedAt: Instant,
    publishedAt: Type.Union([Instant, Type.Null()]),
    retiredAt: Type.Union([Instant, Type.Null()]),
  },
  { $id: "CatalogVersion" },
);

export const ItemDetail = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String(),
  ownerRegionCode: Type.Union([Type.String(), Type.Null()]),
  current: Type.Union([Type.Ref("CatalogVersion"), Type.Null()]),
  draft: Type.Union([Type.Ref("CatalogVersion"), Type.Null()]),
  versions: Type.Array(VersionSummary),
});

export const ItemList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      code: Type.String(),
      ownerRegionCode: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      nameEn: Type.String(),
      line: Type.Union([Type.String(), Type.Null()]),
      current: Type.Union([
        Type.Object({ version: Type.Integer(), status: Type.Enum(["published", "retired"]) }),
        Type.Null(),
      ]),
      draft: Type.Union([Type.Integer(), Type.Null()]),
      updatedAt: Instant,
    }),
  ),
});

export const Guide = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String(),
  version: Type.Integer(),
  retired: Type.Boolean(),
  publishedAt: Type.Union([Instant, Type.Null()]),
  content: ItemContent,
});

export const ChangeList = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(
    Type.Object({
      path: Type.String({ description: "JSON pointer into the content" }),
      kind: Type.Enum(["added", "removed", "changed"]),
      before: Type.Optional(Type.Unknown()),
      after: Type.Optional(Type.Unknown()),
    }),
  ),
});

const OfferingFields = {
  promisedDays: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 365 }), Type.Null()], {
      description: "Local promise in working days, within the item's statutory limit; null: the item's",
    }),
  ),
  feeFen: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()], {
      description: "Local fee in fen, only where the item's fee varies; null: the item's",
    }),
  ),
  hallName: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  hallAddress: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  hours: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
};

export const NewOfferingBody = Type.Object({
  regionCode: Type.String({ maxLength: 12 }),
  departmentId: Type.String({ format: "uuid" }),
  ...OfferingFields,
});
export const OfferingPatch = Type.Object({
  ...OfferingFields,
  status: Type.Optional(Type.Enum(["active", "withdrawn"])),
});

export const Offering = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    itemId: Type.String({ format: "uuid" }),
    regionCode: Type.String(),
    regionName: Type.String(),
    departmentId: Type.String({ format: "uuid" }),
    departmentName: Type.String(),
    departmentNameEn: Type.String(),
    promisedDays: Type.Union([Type.Integer(), Type.Null()]),
    feeFen: Type.Union([Type.Integer(), Type.Null()]),
    hallName: Type.Union([Type.String(), Type.Null()]),
    hallAddress: Type.Union([Type.String(), Type.Null()]),
    hours: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    status: Type.Enum(["active", "withdrawn"]),
  },
  { $id: "CatalogOffering" },
);
export const OfferingList = Type.Object({ items: Type.Array(Type.Ref("CatalogOffering")) });
