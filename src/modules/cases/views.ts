import type { Executor } from "../../platform/db/database.ts";
import { clientGrants } from "../../platform/policy/actors.ts";
import { type Actor, can } from "../../platform/policy.ts";
import { calendarFor } from "../calendar/cached.ts";
import type { Text } from "../catalog/content.ts";
import { type ClockView, clockView } from "./clock.ts";
import { allowedNow } from "./engine.ts";
import * as eventStore from "./events-store.ts";
import * as lists from "./lists-store.ts";
import * as materialStore from "./materials-store.ts";
import { APPLICANT_ACTIONS, type CaseState } from "./states.ts";
import type { CasePlan, CaseRow, Commitment, Delivery, MaterialOrigin } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";

/**
 * A case as people see it. The applicant (and the system that submitted for them) sees the stages, the
 * clock, the materials, the supplement notice and the timeline with department names and times; staff,
 * and the systems that work the department's tasks, see besides the tasks with their holders and
 * versions. Staff names are for staff: the public timeline names departments only.
 */
export interface CaseView {
  id: string;
  number: string;
  state: CaseState;
  outcome: string | null;
  decision: string | null;
  /** What this viewer can do now (handlers: on their tasks; the applicant and its submitter: on the case). */
  allowedActions: string[];
  item: { id: string; code: string; version: number; name: Text; type: string };
  regionCode: string;
  offeringId: string;
  applicant: { kind: string; name: string; identifierMasked: string | null };
  channel: string;
  submittedAt: Date;
  acceptedAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  clock: ClockView & { promisedDays: number; statutoryDays: number };
  stageIndex: number;
  stages: {
    key: string;
    kind: string;
    name: Text;
    status: "done" | "current" | "pending";
    departments: Text[];
  }[];
  tasks?: TaskView[];
  data: Record<string, unknown>;
  materials: {
    key: string;
    source: string;
    name: string | null;
    mediaType: string | null;
    size: number | null;
    origin: MaterialOrigin | null;
  }[];
  commitment: Commitment | null;
  delivery: Delivery;
  supplement: { round: number; items: unknown[]; dueAt: Date | null } | null;
  licenceId: string | null;
  version: number;
}

export interface TaskView {
  id: string;
  version: number;
  stageIndex: number;
  stageKind: string;
  key: string;
  name: Text;
  role: string;
  department: { id: string; name: Text };
  assigneeId: string | null;
  status: string;
  opinion: string | null;
  comment: string | null;
  dueAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
}

export async function presentCase(
  db: Executor,
  actor: Actor,
  row: CaseRow,
  now = new Date(),
): Promise<CaseView> {
  const plan = row.plan as CasePlan;
  const calendar = await calendarFor(db, row.region_code);
  const departmentIds = [...new Set(plan.stages.flatMap((s) => s.tasks.map((t) => t.departmentId)))];
  // A system sees the tasks as staff do when it works in a department the case passes through; one that
  // only submitted the case sees what the applicant sees.
  const worker =
    actor.kind === "staff" || clientGrants(actor).some((g) => departmentIds.includes(g.departmentId));
  const applicantSide =
    actor.kind === "person" ||
    (actor.kind === "client" && row.submitter_kind === "client" && row.submitter_id === actor.id);
  const handlerSide = actor.kind === "client" ? worker : actor.kind !== "person";
  const [names, materials, tasks, events] = await Promise.all([
    lists.departmentNames(db, departmentIds),
    materialStore.materialsOf(db, row.province_code, row.id),
    worker ? taskStore.tasksOf(db, row.province_code, row.id) : Promise.resolve([]),
    row.state === "supplement" ? eventStore.eventsOf(db, row.province_code, row.id) : Promise.resolve([]),
  ]);
  const nameOf = (id: string): Text => {
    const d = names.get(id);
    return { zh: d?.name ?? "", en: d?.nameEn ?? "" };
  };
  const current = row.state === "closed" ? plan.stages.length : row.stage_index;
  const request = events.findLast((e) => e.action === "request_supplement");
  const allowed = allowedNow(row);
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    outcome: row.outcome,
    decision: row.decision,
    allowedActions: allowed.filter((a) =>
      (APPLICANT_ACTIONS as readonly string[]).includes(a)
        ? applicantSide
        : handlerSide && (a !== "reverse" || can(actor, "case.reverse", { regionCode: row.region_code })),
    ),
    item: {
      id: row.item_id,
      code: row.item_code,
      version: row.item_version,
      name: row.item_name,
      type: row.item_type,
    },
    regionCode: row.region_code,
    offeringId: row.offering_id,
    applicant: {
      kind: row.applicant_kind,
      name: row.applicant_name,
      identifierMasked: row.applicant_identifier_masked,
    },
    channel: row.channel,
    submittedAt: row.submitted_at,
    acceptedAt: row.accepted_at,
    decidedAt: row.decided_at,
    closedAt: row.closed_at,
    clock: {
      ...clockView(
        calendar,
        {
          acceptedAt: row.accepted_at,
          closedAt: row.closed_at,
          pausedSince: row.paused_since,
          dueAt: row.due_at,
          statutoryDueAt: row.statutory_due_at,
          warnAt: row.warn_at,
          pausedDays: row.paused_days,
          uncertain: row.clock_uncertain,
          warnedAt: row.warned_at,
          overdueAt: row.overdue_at,
        },
        now,
      ),
      promisedDays: row.promised_days,
      statutoryDays: row.statutory_days,
    },
    stageIndex: row.stage_index,
    stages: plan.stages.map((s, i) => ({
      key: s.key,
      kind: s.kind,
      name: s.name,
      status: i < current ? "done" : i === current ? "current" : "pending",
      departments: [...new Set(s.tasks.map((t) => t.departmentId))].map(nameOf),
    })),
    ...(worker
      ? {
          tasks: tasks.map((t) => ({
            id: t.id,
            version: t.version,
            stageIndex: t.stage_index,
            stageKind: t.stage_kind,
            key: t.task_key,
            name: t.name,
            role: t.role,
            department: { id: t.department_id, name: nameOf(t.department_id) },
            assigneeId: t.assignee_id,
            status: t.status,
            opinion: t.opinion,
            comment: t.comment,
            dueAt: t.due_at,
            completedAt: t.completed_at,
            createdAt: t.created_at,
          })),
        }
      : {}),
    data: row.data,
    materials: materials.map((m) => ({
      key: m.material_key,
      source: m.source,
      name: m.file_name,
      mediaType: m.media_type,
      size: m.size,
      origin: m.origin,
    })),
    commitment: row.commitment,
    delivery: row.delivery,
    supplement:
      row.state === "supplement"
        ? {
            round: row.supplement_rounds,
            items: (request?.data.items as unknown[] | undefined) ?? [],
            dueAt: row.supplement_due_at,
          }
        : null,
    licenceId: row.licence_id,
    version: row.version,
  };
}

export interface TimelineEntry {
  seq: number;
  at: Date;
  action: string;
  state: CaseState;
  department: Text | null;
  /** Staff name: for staff viewers only. */
  staffName?: string | null;
  actorKind: string;
  reason: string | null;
  data: Record<string, unknown>;
}

/** Events the applicant does not need to see: who holds a task inside a department. */
const INTERNAL = new Set(["claim", "release", "assign", "transfer", "escalate"]);

export async function presentTimeline(
  db: Executor,
  actor: Actor,
  row: Pick<CaseRow, "id" | "province_code">,
): Promise<TimelineEntry[]> {
  const rows = await lists.timeline(db, row.province_code, row.id);
  const staff = actor.kind === "staff";
  return rows
    .filter((r) => staff || !INTERNAL.has(r.action))
    .map((r) => ({
      seq: r.seq,
      at: r.at,
      action: r.action,
      state: r.toState,
      department: r.departmentName ? { zh: r.departmentName, en: r.departmentNameEn ?? "" } : null,
      ...(staff ? { staffName: r.staffName } : {}),
      actorKind: r.actorKind,
      reason: r.reason,
      data: staff ? r.data : publicData(r.data),
    }));
}

/** What of an event's data the applicant sees: the supplement list, the licence, the delivery. */
function publicData(data: Record<string, unknown>): Record<string, unknown> {
  const keep = [
    "items",
    "licenceId",
    "method",
    "trackingNumber",
    "dueAt",
    "pausedDays",
    "procedure",
    "legalBasis",
    "outcome",
  ];
  return Object.fromEntries(Object.entries(data).filter(([key]) => keep.includes(key)));
}
