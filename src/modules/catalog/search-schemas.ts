import { Type } from "typebox";
import { RegionCode } from "../regions/schemas.ts";
import { AUDIENCES, CHANNELS, EVENTS, ITEM_TYPES, LEVELS, Text } from "./content.ts";
import { SEARCH_LIMIT_MAX, SEARCH_TEXT_MAX } from "./search.ts";
import { SYNONYM_EXPANSION_MAX, SYNONYM_EXPANSIONS_MAX, SYNONYM_TERM_MAX } from "./synonyms.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const SearchQuerystring = Type.Object({
  q: Type.Optional(
    Type.String({
      maxLength: SEARCH_TEXT_MAX,
      description:
        "What the person typed: Chinese (营业执照), pinyin (yingye, ying ye zhi zhao), initials (yyzz) or English; empty to list by the filters alone",
    }),
  ),
  line: Type.Optional(
    Type.String({
      maxLength: 60,
      pattern: "^[a-z][a-z_]*$",
      description: "The line department (条), e.g. market_regulation",
    }),
  ),
  event: Type.Optional(Type.Enum(EVENTS, { description: "A life or business event" })),
  audience: Type.Optional(Type.Enum(AUDIENCES)),
  level: Type.Optional(Type.Enum(LEVELS, { description: "A level the item is handled at" })),
  channel: Type.Optional(Type.Enum(CHANNELS)),
  zeroVisit: Type.Optional(Type.Boolean({ description: "Only items needing no visit in person (零跑腿)" })),
  region: Type.Optional(
    Type.Intersect([RegionCode], {
      description:
        "Near me: only items with an active offering in this region or a region above it, each with where (nearest first). An unknown region is a 404.",
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT_MAX, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
});

const NearbyOffering = Type.Object({
  offeringId: Type.String({ format: "uuid" }),
  regionCode: Type.String(),
  regionName: Type.String(),
  departmentName: Type.String(),
  departmentNameEn: Type.String(),
  hallName: Nullable(Type.String()),
  hallAddress: Nullable(Type.String()),
  hours: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

export const SearchHit = Type.Object(
  {
    itemId: Type.String({ format: "uuid" }),
    code: Type.String(),
    version: Type.Integer(),
    name: Text,
    summary: Text,
    line: Type.String(),
    type: Type.Enum(ITEM_TYPES),
    audience: Type.Array(Type.Enum(AUDIENCES)),
    events: Type.Array(Type.Enum(EVENTS)),
    channels: Type.Array(Type.Enum(CHANNELS)),
    visits: Type.Integer(),
    fullyOnline: Type.Boolean(),
    promisedDays: Type.Integer(),
    statutoryDays: Type.Integer(),
    score: Type.Number({
      description:
        "Higher is better: 3 when every word is in the name (or its pinyin or initials), 2 in the name and keywords, with +0.5 for the exact name and under 0.5 of full-text rank; 1 when the words are elsewhere in the guide (these follow by code); 0 without text (by code)",
    }),
    nearby: Type.Optional(
      Type.Array(NearbyOffering, { description: "With `region`: where to apply, nearest first" }),
    ),
  },
  { $id: "CatalogSearchHit" },
);

export const SearchResult = Type.Object({
  hits: Type.Array(Type.Ref("CatalogSearchHit")),
  total: Type.Integer({ description: "How many items match, counted up to 1000" }),
  capped: Type.Boolean({ description: "More than `total` items match: show it as 1000+" }),
  terms: Type.Array(Type.String(), {
    description: "The words searched for after segmentation and synonyms",
  }),
  relaxed: Type.Boolean({
    description: "No item had every word: these items have some of them",
  }),
});

export const Synonym = Type.Object(
  {
    term: Type.String({ description: "What people type, normalised (lower case, half-width)" }),
    expansions: Type.Array(Type.String(), { description: "What a search for the term also finds" }),
    updatedBy: Type.Union(
      [Type.Object({ id: Type.String({ format: "uuid" }), name: Type.String() }), Type.Null()],
      {
        description: "The catalogue manager who last set it; null for the synonyms Tongban came with",
      },
    ),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { $id: "CatalogSynonym" },
);

export const SynonymList = Type.Object({ items: Type.Array(Type.Ref("CatalogSynonym")) });

export const SynonymParams = Type.Object({
  term: Type.String({ minLength: 1, maxLength: SYNONYM_TERM_MAX }),
});

export const SynonymBody = Type.Object({
  expansions: Type.Array(Type.String({ minLength: 1, maxLength: SYNONYM_EXPANSION_MAX }), {
    minItems: 1,
    maxItems: SYNONYM_EXPANSIONS_MAX,
    description: "What a search for the term should also find, e.g. 企业设立 and 营业执照 for 开公司",
  }),
});
