import { Type } from "typebox";

export const RegionCode = Type.String({
  pattern: "^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$",
  description: "Statistical division code: 2 (province), 4, 6, 9 or 12 (village) digits",
  examples: ["330523"],
});

export const Region = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    level: Type.Integer({ minimum: 1, maximum: 5, description: "1 province … 5 village or community" }),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    urbanRural: Type.Union([Type.Literal("urban"), Type.Literal("rural"), Type.Null()], {
      description: "Villages and communities: residents' committees are urban, villagers' committees rural",
    }),
    childCount: Type.Optional(Type.Integer()),
  },
  { $id: "Region" },
);

export const RegionList = Type.Object({ items: Type.Array(Type.Ref("Region")) });
export const CodeParams = Type.Object({ code: RegionCode });
export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 50,
    description: "Part of a name, or the first digits of a code",
  }),
  within: Type.Optional(RegionCode),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
