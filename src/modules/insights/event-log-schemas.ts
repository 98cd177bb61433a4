import { type Static, Type } from "typebox";
import { RegionCode } from "../regions/schemas.ts";

export const EVENT_LOG_FORMATS = ["ocel", "xes"] as const;
export type EventLogFormat = (typeof EVENT_LOG_FORMATS)[number];

const day = (description: string) =>
  Type.String({ format: "date", description: `${description}: a day in China (Asia/Shanghai), YYYY-MM-DD` });

export const EventLogQuery = Type.Object({
  format: Type.Optional(
    Type.Union(
      EVENT_LOG_FORMATS.map((f) => Type.Literal(f)),
      { description: "`ocel`: OCEL 2.0 JSON (the default); `xes`: XES (IEEE 1849)" },
    ),
  ),
  region: Type.Optional(RegionCode),
  item: Type.Optional(
    Type.String({ pattern: "^[0-9A-Z][0-9A-Z-]{2,39}$", description: "A service item's code" }),
  ),
  version: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 100_000,
      description: "With `item`: only cases run on this process definition version",
    }),
  ),
  from: Type.Optional(day("Cases submitted on or after this day")),
  to: Type.Optional(day("Cases submitted before this day, not on it")),
});
export type EventLogQuery = Static<typeof EventLogQuery>;
