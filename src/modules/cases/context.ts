import type { Insertable, Updateable } from "kysely";
import type { Config } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Actor } from "../../platform/policy.ts";
import type { Contact } from "../applicants/service.ts";
import type { AuditInput } from "../audit/service.ts";
import type { WorkingCalendar } from "../calendar/service.ts";
import { deadlines } from "./clock.ts";
import * as eventStore from "./events-store.ts";
import type { CaseOutcome, CaseState } from "./states.ts";
import * as store from "./store.ts";
import type { CaseEventTable, CaseRow, CaseTable, CaseTaskRow } from "./tables.ts";

/** What the engine needs beyond the database: the job queue (outbox) and settings. */
export interface EngineDeps {
  jobs: Jobs;
  config: Pick<Config, "baseUrl" | "personalDataKey">;
  now?: Date;
  requestId?: string;
}

/** Something that happened in a transition, for the event log and the notifications after it. */
export interface Happening {
  action: string;
  reason?: string | null;
  data?: Record<string, unknown>;
  task?: CaseTaskRow | null;
}

/**
 * One transition of one case, inside its transaction, with the case locked. Handlers change the case
 * through `set` and record what happened through `happen`; `commit` writes the case row once and the
 * events in order.
 */
export class Transition {
  readonly changes: Partial<CaseRow> = {};
  /** What happened, with where each step began and ended: settled by `commit`. */
  happenings: (Happening & { from: CaseState | null; to: CaseState; stageIndex: number })[] = [];
  /** As recorded: the end and start named, if any, and the state and stage the case was in. */
  readonly #recorded: {
    happening: Happening;
    to: CaseState | undefined;
    from: CaseState | null | undefined;
    at: CaseState;
    stageIndex: number;
  }[] = [];
  readonly newTasks: CaseTaskRow[] = [];
  /** Audit entries of what the transition did besides the case (a licence issued), written last. */
  readonly audits: AuditInput[] = [];
  /** People's contacts looked up in this transition, by person id: each is read once. */
  readonly contacts = new Map<string, Contact>();
  readonly #original: CaseRow;

  constructor(
    readonly tx: Executor,
    readonly deps: EngineDeps,
    readonly actor: Actor,
    public row: CaseRow,
    readonly calendar: WorkingCalendar,
    readonly now: Date,
    /** The principal or organisation the actor acts for, when not themselves. */
    readonly onBehalfOf: string | null = null,
    /** The case was inserted in this transaction: it has no events yet. */
    readonly fresh = false,
  ) {
    this.#original = row;
  }

  get state(): CaseState {
    return this.row.state;
  }

  set(changes: Partial<CaseRow>): void {
    Object.assign(this.changes, changes);
    this.row = { ...this.row, ...changes };
  }

  /**
   * Records what happened. Its end state is `to` when given; otherwise the state the case is in when
   * the next thing happens, or when the transition ends (an acceptance ends in review, once the review
   * stage has opened). It begins where the one before ended, the first one where the case stood.
   * `from: null` says the case did not exist before (submission).
   */
  happen(happening: Happening, to?: CaseState, from?: CaseState | null): void {
    this.#recorded.push({ happening, to, from, at: this.row.state, stageIndex: this.row.stage_index });
  }

  /** Settles each happening's states once the transition is complete. */
  #settle(): void {
    let before: CaseState | null = this.#original.state;
    this.happenings = this.#recorded.map((r, i) => {
      const to = r.to ?? this.#recorded[i + 1]?.at ?? this.row.state;
      const from = r.from === undefined ? before : r.from;
      before = to;
      return { ...r.happening, from, to, stageIndex: r.stageIndex };
    });
  }

  /** Starts or moves the deadlines after acceptance or a pause. */
  recomputeClock(): void {
    if (!this.row.accepted_at) return;
    const d = deadlines(this.calendar, {
      acceptedAt: this.row.accepted_at,
      promisedDays: this.row.promised_days,
      statutoryDays: this.row.statutory_days,
      pausedDays: this.row.paused_days,
    });
    this.set({
      due_at: d.dueAt,
      statutory_due_at: d.statutoryDueAt,
      warn_at: d.warnAt,
      clock_uncertain: d.uncertain,
    });
  }

  close(outcome: CaseOutcome): void {
    this.set({
      state: "closed",
      outcome,
      closed_at: this.now,
      paused_state: null,
      paused_since: null,
      supplement_due_at: null,
    });
  }

  async commit(): Promise<CaseRow> {
    this.#settle();
    // Only what differs is written: opening a case or claiming a task may change nothing of the row.
    const original = this.#original as unknown as Record<string, unknown>;
    const changed = Object.fromEntries(
      Object.entries(this.changes).filter(
        ([key, value]) => JSON.stringify(value) !== JSON.stringify(original[key]),
      ),
    ) as Partial<CaseRow>;
    const row =
      Object.keys(changed).length > 0
        ? await store.updateCase(this.tx, this.row.province_code, this.row.id, asColumns(changed))
        : this.row;
    const actor = this.actor;
    const events: Omit<Insertable<CaseEventTable>, "case_id" | "seq">[] = this.happenings.map((h) => ({
      province_code: row.province_code,
      region_code: row.region_code,
      action: h.action,
      from_state: h.from,
      to_state: h.to,
      stage_index: h.stageIndex,
      task_id: h.task?.id ?? null,
      department_id: h.task?.department_id ?? null,
      actor_kind: actor.kind === "anonymous" ? "system" : actor.kind,
      actor_id: actor.kind === "anonymous" ? null : actor.id,
      on_behalf_of: this.onBehalfOf,
      reason: h.reason ?? null,
      at: this.now,
      data: JSON.stringify(h.data ?? {}),
    }));
    await eventStore.appendEvents(this.tx, row.province_code, row.id, events, this.fresh ? 0 : undefined);
    this.row = row;
    return row;
  }
}

const JSON_COLUMNS = ["item_name", "plan", "data", "commitment", "delivery"] as const;

/** The row's values as the database takes them: JSON columns as text. */
function asColumns(changes: Partial<CaseRow>): Updateable<CaseTable> {
  const columns: Record<string, unknown> = { ...changes };
  for (const name of JSON_COLUMNS) {
    if (name in changes) columns[name] = JSON.stringify(changes[name]);
  }
  delete columns.id;
  delete columns.version;
  delete columns.updated_at;
  return columns as Updateable<CaseTable>;
}

/** The system itself (timers, automatic delivery): events say so, with no person behind them. */
export const SYSTEM: Actor = { kind: "anonymous" };
