import { Type } from "typebox";
import { CASE_CHANNELS } from "../cases/tables.ts";
import { RegionCode } from "../regions/schemas.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const Count = Type.Integer({ minimum: 0 });
const Days = Nullable(Type.Number({ minimum: 0 }));
const Month = Type.String({
  pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$",
  description: "YYYY-MM, a month in China",
});
const RegionRef = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 5 }),
});

export const Figures = Type.Object(
  {
    received: Count,
    accepted: Count,
    closed: Count,
    onlineRate: Rate,
    fullyOnlineRate: Rate,
    zeroVisitRate: Rate,
    visitsPerCase: Days,
    days: Type.Object({
      measured: Count,
      mean: Days,
      median: Days,
      p90: Days,
      promisedMean: Days,
      statutoryMean: Days,
      speedUp: Nullable(Type.Number({ maximum: 1, description: "1 − actual / statutory" })),
    }),
    onTimeRate: Rate,
    supplementRate: Rate,
    supplementRounds: Days,
    rejectionRate: Rate,
    instantShare: Rate,
    materialsAvoided: Count,
    ratings: Type.Object({
      count: Count,
      levels: Type.Array(Count, { minItems: 5, maxItems: 5, description: "Levels 1 to 5" }),
      satisfaction: Rate,
    }),
  },
  { $id: "InsightFigures" },
);

const FiguresRef = Type.Ref("InsightFigures");
const Named = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  figures: FiguresRef,
});

export const DashboardQuery = Type.Object({
  region: Type.Optional(RegionCode),
  from: Type.Optional(
    Type.String({ description: "The first month, YYYY-MM (default: eleven months before `to`)" }),
  ),
  to: Type.Optional(Type.String({ description: "The last month, YYYY-MM (default: this month)" })),
  department: Type.Optional(Type.String({ format: "uuid" })),
  item: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "An item's code" })),
  channel: Type.Optional(Type.Union(CASE_CHANNELS.map((c) => Type.Literal(c)))),
});

export const OpenQuery = Type.Object({
  region: Type.Optional(RegionCode),
  from: DashboardQuery.properties.from,
  to: DashboardQuery.properties.to,
  channel: DashboardQuery.properties.channel,
});

export const EquityQuery = Type.Object({
  region: Type.Optional(RegionCode),
  from: DashboardQuery.properties.from,
  to: DashboardQuery.properties.to,
});

const EquityPlace = Type.Object({
  code: Type.String(),
  name: Type.String(),
  urbanRural: Nullable(Type.String()),
  received: Count,
  closed: Count,
  meanDays: Days,
  onlineRate: Rate,
  visitsPerCase: Days,
  satisfaction: Rate,
});

const VoiceFigures = Type.Object({
  received: Count,
  answered: Count,
  meanDays: Days,
  onTimeRate: Rate,
  backlog: Type.Integer({ description: "Received and not yet answered at the end of the period" }),
});

const BundleFigures = Type.Object({
  received: Count,
  settled: Type.Integer({ description: "Applications whose last child closed in the period" }),
  meanDays: Nullable(
    Type.Number({ minimum: 0, description: "Working days from the application to its last child's close" }),
  ),
  meanPartsDays: Nullable(
    Type.Number({ minimum: 0, description: "The children's own working days (each to its close) added up" }),
  ),
  ratio: Nullable(
    Type.Number({
      minimum: 0,
      description: "The bundle's days over its parts' days; below 1 the departments worked side by side",
    }),
  ),
  backlog: Type.Integer({ description: "Submitted and not yet settled at the end of the period" }),
});

export const Dashboard = Type.Object({
  region: RegionRef,
  trail: Type.Array(RegionRef),
  jurisdictions: Type.Array(Type.String()),
  period: Type.Object({ from: Month, to: Month }),
  filter: Type.Object({
    department: Nullable(Type.String()),
    item: Nullable(Type.String()),
    channel: Nullable(Type.String()),
  }),
  total: FiguresRef,
  byMonth: Type.Array(Type.Object({ month: Month, figures: FiguresRef })),
  byChannel: Type.Array(Type.Object({ channel: Type.String(), figures: FiguresRef })),
  equity: Type.Object({
    rural: FiguresRef,
    urban: FiguresRef,
    unknown: FiguresRef,
    ratios: Type.Object(
      { days: Days, onlineRate: Days, visits: Days, satisfaction: Days },
      { description: "Each the rural figure over the urban one; null when either is missing" },
    ),
  }),
  byDepartment: Type.Array(Named),
  byItem: Type.Array(Type.Intersect([Named, Type.Object({ code: Type.String() })])),
  children: Type.Array(Type.Intersect([RegionRef, Type.Object({ figures: FiguresRef })])),
  voice: Type.Object({ requests: VoiceFigures, rectifications: VoiceFigures }),
  bundles: Type.Object(
    {
      total: BundleFigures,
      byBundle: Type.Array(
        Type.Object({
          code: Type.String(),
          name: Type.String(),
          nameEn: Type.String(),
          figures: BundleFigures,
        }),
      ),
    },
    { description: "One-thing bundles (一件事一次办) applied for in the region, whatever the filters" },
  ),
  bySite: Type.Array(
    Type.Intersect([EquityPlace, Type.Object({ kind: Type.String(), nameEn: Type.String() })]),
    { description: "Halls and service points in the region, by the cases handed in at each" },
  ),
});

export const EquityView = Type.Object({
  region: RegionRef,
  trail: Type.Array(RegionRef),
  period: Type.Object({ from: Month, to: Month }),
  equity: Dashboard.properties.equity,
  minimumDecided: Count,
  worstTownships: Type.Array(EquityPlace, { description: "By where applicants live, slowest first" }),
  worstVillages: Type.Array(EquityPlace),
  reach: Type.Object({
    villages: Count,
    withPoint: Count,
    withAgent: Count,
    unreached: Count,
    unreachedVillages: Type.Array(
      Type.Object({ code: Type.String(), name: Type.String(), urbanRural: Nullable(Type.String()) }),
    ),
  }),
  items: Type.Object({ offered: Count, atPoints: Count, share: Rate }),
});
