import { Type } from "typebox";
import { RegionCode } from "../regions/schemas.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: "date", description: "A day in China (Asia/Shanghai), YYYY-MM-DD" });
const RegionRef = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 5 }),
});
const Counts = Type.Object({
  cases: Type.Integer({ minimum: 0 }),
  rectifications: Type.Integer({ minimum: 0 }),
  requests: Type.Integer({ minimum: 0 }),
});
const NamedCount = Type.Object({
  key: Type.String({ description: "A department's id; an item's code; a request category's code" }),
  name: Type.String(),
  nameEn: Type.String(),
  count: Type.Integer({ minimum: 1 }),
});
const Section = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  byDepartment: Type.Array(NamedCount),
  byItem: Type.Array(NamedCount, {
    description:
      "Cases and rectifications by service item (key `none`: a rating of a hall visit); requests by category",
  }),
});

export const RegionQuery = Type.Object({ region: Type.Optional(RegionCode) });

export const OverdueOverview = Type.Object({
  region: RegionRef,
  trail: Type.Array(RegionRef),
  jurisdictions: Type.Array(RegionRef, { description: "The supervisor's jurisdictions, widest first" }),
  children: Type.Array(Type.Intersect([RegionRef, Type.Object({ counts: Counts })])),
  here: Type.Object(Counts.properties, { description: "At the region itself, in none of its children" }),
  sections: Type.Object({ cases: Section, rectifications: Section, requests: Section }),
});

const Ranked = Type.Object({
  rank: Nullable(Type.Integer({ minimum: 1 })),
  departmentId: Type.String({ format: "uuid" }),
  name: Type.String(),
  nameEn: Type.String(),
  casesClosed: Type.Integer({ minimum: 0 }),
  casesOnTime: Type.Integer({ minimum: 0 }),
  onTimeRate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  ratings: Type.Integer({ minimum: 0 }),
  satisfaction: Nullable(
    Type.Number({ minimum: 0, maximum: 1, description: "Share rated 满意 or 非常满意" }),
  ),
  meanLevel: Nullable(Type.Number({ minimum: 1, maximum: 5 })),
});

export const RankingQuery = Type.Object({ region: RegionCode });

export const Ranking = Type.Object({
  region: RegionRef,
  asOf: Nullable(Day),
  window: Nullable(Type.Object({ from: Day, to: Day }, { description: "Both days included" })),
  computedAt: Nullable(Type.String({ format: "date-time" })),
  minimumCases: Type.Integer({ minimum: 1 }),
  ranked: Type.Array(Ranked),
  belowMinimum: Type.Array(Ranked),
  children: Type.Array(RegionRef, { description: "Regions one level down with rows in the snapshot" }),
});
