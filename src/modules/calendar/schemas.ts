import { Type } from "typebox";
import { RegionCode } from "../regions/schemas.ts";

const DayText = Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", examples: ["2027-10-01"] });
const Source = Type.Union([Type.Literal("package"), Type.Literal("admin")], {
  description: "package: imported from chinese-days; admin: entered by an administrator",
});
const DayKind = Type.Union([Type.Literal("holiday"), Type.Literal("workday")], {
  description: "holiday: a statutory day off; workday: a make-up working day (调休上班)",
});
const OverrideKind = Type.Union([Type.Literal("closed"), Type.Literal("open")], {
  description: "closed: not a working day in the region's subtree; open: a working day there",
});

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

export const CalendarYear = Type.Object(
  {
    year: Type.Integer(),
    source: Source,
    enteredAt: Type.String({ format: "date-time" }),
    holidays: Type.Integer({ description: "Days off, weekend days of a holiday span included" }),
    workdays: Type.Integer({ description: "Make-up working days" }),
  },
  { $id: "CalendarYear" },
);
export const CalendarYearList = Type.Object({ items: Type.Array(Type.Ref("CalendarYear")) });

export const CalendarDay = Type.Object({ date: DayText, kind: DayKind, name: Type.String() });
export const CalendarYearDetail = Type.Object({
  year: Type.Integer(),
  source: Source,
  enteredAt: Type.String({ format: "date-time" }),
  days: Type.Array(CalendarDay),
});

export const YearBody = Type.Object({
  days: Type.Array(
    Type.Object({
      date: Type.String({ maxLength: 10, description: "YYYY-MM-DD, inside the year" }),
      kind: DayKind,
      name: Type.String({ maxLength: 50 }),
    }),
    { maxItems: 366 },
  ),
});

export const Override = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    regionCode: Type.String(),
    regionName: Type.String(),
    date: DayText,
    kind: OverrideKind,
    reason: Type.String(),
  },
  { $id: "CalendarOverride" },
);
export const OverrideList = Type.Object({ items: Type.Array(Type.Ref("CalendarOverride")) });
export const OverrideQuery = Type.Object({ region: RegionCode });
export const OverrideBody = Type.Object({
  regionCode: RegionCode,
  date: Type.String({ maxLength: 10, description: "YYYY-MM-DD" }),
  kind: OverrideKind,
  reason: Type.String({ maxLength: 200 }),
});
export const OverrideParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const Coverage = Type.Object({
  lastYear: Type.Union([Type.Integer(), Type.Null()], { description: "The last year with holiday data" }),
  endsOn: Type.Union([DayText, Type.Null()]),
  daysLeft: Type.Union([Type.Integer(), Type.Null()], {
    description: "Days from today (China time) to the last day with data; negative once passed",
  }),
  warning: Type.Boolean({ description: "60 days or fewer left: the next year's holidays must be entered" }),
  ended: Type.Boolean(),
});
