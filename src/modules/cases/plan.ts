import { Value } from "typebox/value";
import type { Executor } from "../../platform/db/database.ts";
import { processCache } from "../../platform/process-cache.ts";
import type { ItemContent } from "../catalog/content.ts";
import type { OfferingRecord } from "../catalog/service.ts";
import { findLineDepartment } from "../departments/service.ts";
import { CODE_LENGTH, levelOf } from "../regions/codes.ts";
import { deriveDefinition, ProcessDefinition, type TaskSpec } from "./definition.ts";
import { caseErrors } from "./errors.ts";
import * as store from "./store.ts";
import type { CasePlan, PlannedStage } from "./tables.ts";

export type StoredDefinition = { id: string; version: number; definition: unknown };

/** The line of the government service centre, whose comprehensive windows take every line's cases. */
const WINDOW_LINE = "government_service";

/**
 * Departments by region and line, kept for a minute: every submission plans its case, and departments
 * are set up once in a long while. A new department is used by cases opened a minute later at most.
 */
const TTL_MS = 60_000;
const known = processCache<string, { id: string; at: number }>();

async function lineDepartment(db: Executor, regionCode: string, line: string): Promise<string | undefined> {
  const key = `${regionCode}/${line}`;
  const hit = known.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.id;
  const id = (await findLineDepartment(db, regionCode, line))?.id;
  // Only what exists is remembered: a department set up after a refusal is found at once.
  if (id) known.set(key, { id, at: Date.now() });
  return id;
}

const LEVEL_NUMBER = { province: 1, city: 2, county: 3, township: 4, village: 5 } as const;

/** The licence type of an item without a definition of its own: named after the item's code. */
export function licenceTypeOf(itemCode: string): string {
  return `item_${itemCode.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`.slice(0, 40);
}

/**
 * The plan a new case runs on: the item's newest definition (or one derived from its guide), with
 * every task's department found now, against the offering's region — so a case never stalls later
 * for want of a department, and a change of definition never moves it.
 *
 * Intake and delivery without a line of their own go to the comprehensive window (一窗受理) of the
 * offering's region — its government service centre — or, where it has none, to the offering's own
 * department. Any other task goes to the department of its line (the item's, when the task
 * names none) at its level (the offering region's, when it names none) above or at that region.
 */
export async function planCase(
  db: Executor,
  input: {
    itemId: string;
    itemCode: string;
    content: ItemContent;
    offering: OfferingRecord;
    offeringLine: string;
    /** The item's newest definition when the caller read it already (null: it has none). */
    stored?: StoredDefinition | null | undefined;
    /**
     * A cross-region case's receiving office (跨域通办): it takes the case in and hands the result back,
     * in place of the handling region's window.
     */
    receiving?: { departmentId: string; regionCode: string } | undefined;
  },
): Promise<{ plan: CasePlan; definitionId: string | null }> {
  const stored =
    input.stored === undefined ? await store.latestDefinition(db, input.itemId) : (input.stored ?? undefined);
  const definition =
    stored && Value.Check(ProcessDefinition, stored.definition)
      ? (stored.definition as ProcessDefinition)
      : deriveDefinition(input.content, licenceTypeOf(input.itemCode));
  const regionLevel = levelOf(input.offering.regionCode) ?? 3;
  const here = input.offering.regionCode;
  const departmentOf = async (regionCode: string, line: string): Promise<string | undefined> =>
    line === input.offeringLine && regionCode === here
      ? input.offering.departmentId
      : lineDepartment(db, regionCode, line);

  const resolve = async (
    kind: string,
    task: TaskSpec,
  ): Promise<{ departmentId: string; regionCode?: string }> => {
    if (!task.line && !task.level && (kind === "intake" || kind === "delivery")) {
      if (input.receiving) return input.receiving;
      // 一窗受理: the comprehensive window of the place takes in and hands back for every line.
      return { departmentId: (await departmentOf(here, WINDOW_LINE)) ?? input.offering.departmentId };
    }
    const line = task.line ?? input.content.line;
    const level = task.level ? LEVEL_NUMBER[task.level] : regionLevel;
    if (level > regionLevel) throw caseErrors.noDepartment(line, here);
    const regionCode = here.slice(0, CODE_LENGTH[level]);
    const found = await departmentOf(regionCode, line);
    if (!found) throw caseErrors.noDepartment(line, regionCode);
    return { departmentId: found };
  };

  const stages: PlannedStage[] = [];
  for (const stage of definition.stages) {
    const tasks = [];
    for (const task of stage.tasks) {
      tasks.push({
        key: task.key,
        name: task.name,
        role: task.role,
        ...(await resolve(stage.kind, task)),
        days: task.days,
      });
    }
    stages.push({ key: stage.key, kind: stage.kind, name: stage.name, tasks });
  }
  return {
    definitionId: stored && Value.Check(ProcessDefinition, stored.definition) ? stored.id : null,
    plan: {
      definitionVersion: stored ? stored.version : null,
      stages,
      onOverdue: definition.onOverdue ?? "escalate",
      supplementDays: definition.supplementDays ?? null,
      licence: definition.licence
        ? {
            type: definition.licence.type,
            title: definition.licence.title,
            validYears: definition.licence.validYears ?? null,
          }
        : null,
    },
  };
}
