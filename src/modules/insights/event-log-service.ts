import type { Executor } from "../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../platform/errors.ts";
import type { Actor } from "../../platform/policy.ts";
import { dayNumber, startOfDay } from "../calendar/days.ts";
import { publicItem } from "../catalog/service.ts";
import { type EventLogOptions, ocelLog, xesLog } from "./event-log.ts";
import type { EventLogFormat } from "./event-log-schemas.ts";
import { definitionVersionExists, type EventLogFilter } from "./event-log-store.ts";
import { insightRegion } from "./scope.ts";

export interface EventLogRequest {
  format?: EventLogFormat | undefined;
  region?: string | undefined;
  item?: string | undefined;
  version?: number | undefined;
  /** Days in China, YYYY-MM-DD: submitted on or after `from`, before `to`. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface EventLogDownload {
  mediaType: string;
  fileName: string;
  filter: EventLogFilter;
  /** The document, chunk by chunk; nothing is read until the first chunk is asked for. */
  chunks: AsyncGenerator<string>;
}

/** The period's instants: midnight in China at the start of `from` and of `to`. */
function period(request: EventLogRequest, problems: FieldProblem[]): { from?: Date; to?: Date } {
  const from = request.from === undefined ? undefined : dayNumber(request.from);
  const to = request.to === undefined ? undefined : dayNumber(request.to);
  if (from !== undefined && to !== undefined && to < from) {
    problems.push({ field: "/query/to", message: "must not be before from" });
  }
  return {
    ...(from !== undefined ? { from: startOfDay(from) } : {}),
    ...(to !== undefined ? { to: startOfDay(to) } : {}),
  };
}

/**
 * 流程挖掘: the event log of a region (and optionally one item, one definition version, one period) as
 * OCEL 2.0 or XES. Everything that can be refused is checked here, before the first byte is sent: once
 * the stream has begun an error can only cut it short.
 */
export async function eventLogExport(
  db: Executor,
  actor: Actor,
  request: EventLogRequest,
  options: EventLogOptions = {},
): Promise<EventLogDownload> {
  const region = await insightRegion(db, actor, request.region);
  const problems: FieldProblem[] = [];
  if (request.version !== undefined && request.item === undefined) {
    problems.push({ field: "/query/version", message: "needs item: a definition version is one item's" });
  }
  const { from, to } = period(request, problems);
  if (problems.length > 0) throw errors.validation(problems);
  if (request.item !== undefined) {
    await publicItem(db, request.item);
    if (
      request.version !== undefined &&
      !(await definitionVersionExists(db, request.item, request.version))
    ) {
      throw errors.notFound("definition version");
    }
  }
  const filter: EventLogFilter = {
    regionCode: region.code,
    itemCode: request.item,
    definitionVersion: request.version,
    from,
    to,
  };
  const name = ["event-log", region.code, request.item, request.from, request.to].filter(Boolean).join("-");
  return (request.format ?? "ocel") === "ocel"
    ? {
        mediaType: "application/json",
        fileName: `${name}.jsonocel`,
        filter,
        chunks: ocelLog(db, filter, options),
      }
    : { mediaType: "application/xml", fileName: `${name}.xes`, filter, chunks: xesLog(db, filter, options) };
}
