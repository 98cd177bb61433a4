import type { Executor } from "../../platform/db/database.ts";
import {
  casePages,
  departmentsByIds,
  type EventLogFilter,
  eventPages,
  type LogCase,
  type LogDepartment,
  type LogEvent,
  type LogTask,
  type PageOptions,
  type ReadObserver,
  taskPages,
} from "./event-log-store.ts";

/**
 * The event log as process-mining tools read it, written as it is read: OCEL 2.0 (JSON) and XES
 * (IEEE 1849). Both are async generators of text chunks; a chunk goes out once about 16 K characters have
 * gathered or a page is done, so memory holds one page of rows and one chunk whatever the log's size.
 *
 * Privacy: a case is its item, channel, applicant kind, region and outcome — never the applicant's
 * name, identifier or address; an event is its action, states, stage, task role, department and the
 * kind of actor — never the actor's id, the reason (free text that may name people) or its data.
 */

/**
 * Rows per read. Small pages keep the server's peak memory low (the export of a million cases stays
 * within the 200 MB the benchmark allows the whole server) at a few percent of throughput.
 */
export const EVENT_LOG_PAGE_SIZE = 250;
const CHUNK_CHARS = 16 * 1024;
/** Object attributes that never change are stamped with the epoch, as OCEL 2.0 logs commonly do. */
const STATIC = new Date(0).toISOString();

export interface EventLogOptions {
  pageSize?: number | undefined;
  onRead?: ReadObserver | undefined;
}

const pageOptions = (options: EventLogOptions): PageOptions => ({
  pageSize: options.pageSize ?? EVENT_LOG_PAGE_SIZE,
  onRead: options.onRead,
});

/** Collects text until a chunk is worth sending. */
class Chunk {
  private parts: string[] = [];
  private size = 0;
  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }
  get full(): boolean {
    return this.size >= CHUNK_CHARS;
  }
  get empty(): boolean {
    return this.size === 0;
  }
  take(): string {
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    return text;
  }
}

/**
 * Pairs each case of a page with its rows (tasks or events), which come in the same case order: only
 * the current case's rows are held. A case without rows gets an empty list.
 */
async function* byCase<T extends { caseId: string }>(
  cases: LogCase[],
  pages: AsyncIterable<T[]>,
): AsyncGenerator<[LogCase, T[]]> {
  let i = 0;
  let rows: T[] = [];
  for await (const page of pages) {
    for (const row of page) {
      while (cases[i] !== undefined && cases[i]?.id !== row.caseId) {
        yield [cases[i] as LogCase, rows];
        rows = [];
        i++;
      }
      if (cases[i] === undefined) throw new Error(`Row of case ${row.caseId} outside the page's cases`);
      rows.push(row);
    }
  }
  for (; i < cases.length; i++) {
    yield [cases[i] as LogCase, rows];
    rows = [];
  }
}

// --- OCEL 2.0 (JSON) ---

type OcelType = "string" | "integer" | "time";
const attr = (name: string, type: OcelType) => ({ name, type });

const OBJECT_TYPES = [
  {
    name: "case",
    attributes: [
      attr("item", "string"),
      attr("itemVersion", "integer"),
      attr("definitionVersion", "integer"),
      attr("channel", "string"),
      attr("applicantKind", "string"),
      attr("region", "string"),
      attr("outcome", "string"),
    ],
  },
  {
    name: "task",
    attributes: [
      attr("stage", "string"),
      attr("stageIndex", "integer"),
      attr("taskKey", "string"),
      attr("name", "string"),
      attr("role", "string"),
      attr("department", "string"),
      attr("status", "string"),
    ],
  },
  {
    name: "department",
    attributes: [
      attr("name", "string"),
      attr("nameEn", "string"),
      attr("line", "string"),
      attr("region", "string"),
    ],
  },
];

/** Every event type carries the same attributes; an event leaves out those it has no value for. */
const EVENT_ATTRIBUTES = [
  attr("fromState", "string"),
  attr("toState", "string"),
  attr("stageIndex", "integer"),
  attr("role", "string"),
  attr("actorKind", "string"),
];

export const objectId = {
  case: (id: string) => `case:${id}`,
  task: (id: string) => `task:${id}`,
  department: (id: string) => `department:${id}`,
};

type Value = string | number;
const present = <T>(pairs: [string, T | null][]) =>
  pairs.filter((p): p is [string, T] => p[1] !== null && p[1] !== undefined);

function ocelEvent(e: LogEvent): string {
  const relationships = [{ objectId: objectId.case(e.caseId), qualifier: "case" }];
  if (e.taskId) relationships.push({ objectId: objectId.task(e.taskId), qualifier: "task" });
  if (e.departmentId)
    relationships.push({ objectId: objectId.department(e.departmentId), qualifier: "department" });
  return JSON.stringify({
    id: `event:${e.id}`,
    type: e.action,
    time: e.at.toISOString(),
    attributes: present<Value>([
      ["fromState", e.fromState],
      ["toState", e.toState],
      ["stageIndex", e.stageIndex],
      ["role", e.taskRole],
      ["actorKind", e.actorKind],
    ]).map(([name, value]) => ({ name, value })),
    relationships,
  });
}

function ocelCase(c: LogCase, tasks: LogTask[]): string {
  const at = c.submittedAt.toISOString();
  const attributes = present<Value>([
    ["item", c.itemCode],
    ["itemVersion", c.itemVersion],
    ["definitionVersion", c.definitionVersion],
    ["channel", c.channel],
    ["applicantKind", c.applicantKind],
    ["region", c.regionCode],
  ]).map(([name, value]) => ({ name, time: at, value }));
  if (c.outcome && c.closedAt)
    attributes.push({ name: "outcome", time: c.closedAt.toISOString(), value: c.outcome });
  return JSON.stringify({
    id: objectId.case(c.id),
    type: "case",
    attributes,
    relationships: tasks.map((t) => ({ objectId: objectId.task(t.id), qualifier: t.stageKind })),
  });
}

function ocelTask(t: LogTask): string {
  const at = t.createdAt.toISOString();
  const attributes = present<Value>([
    ["stage", t.stageKind],
    ["stageIndex", t.stageIndex],
    ["taskKey", t.taskKey],
    ["name", t.name],
    ["role", t.role],
    ["department", t.departmentId],
    // Status is the one attribute that changes: open when made, its end state when finished.
    ["status", "open"],
  ]).map(([name, value]) => ({ name, time: at, value }));
  if (t.completedAt) attributes.push({ name: "status", time: t.completedAt.toISOString(), value: t.status });
  return JSON.stringify({
    id: objectId.task(t.id),
    type: "task",
    attributes,
    relationships: [{ objectId: objectId.department(t.departmentId), qualifier: "department" }],
  });
}

function ocelDepartment(d: LogDepartment): string {
  return JSON.stringify({
    id: objectId.department(d.id),
    type: "department",
    attributes: [
      { name: "name", time: STATIC, value: d.name },
      { name: "nameEn", time: STATIC, value: d.nameEn },
      { name: "line", time: STATIC, value: d.line },
      { name: "region", time: STATIC, value: d.regionCode },
    ],
    relationships: [],
  });
}

/**
 * OCEL 2.0 JSON. Events go first and object and event types are complete only at the end, so the
 * types are written where they are known: object types (fixed) first, event types (the actions met)
 * last. JSON members have no order, and OCEL readers load the whole document before using it.
 */
export async function* ocelLog(
  db: Executor,
  filter: EventLogFilter,
  options: EventLogOptions = {},
): AsyncGenerator<string> {
  const paging = pageOptions(options);
  const actions = new Set<string>();
  const departments = new Set<string>();
  const out = new Chunk();
  out.add(`{"objectTypes":${JSON.stringify(OBJECT_TYPES)},\n"events":[`);
  let first = true;
  const item = (json: string) => {
    out.add(first ? `\n${json}` : `,\n${json}`);
    first = false;
  };

  for await (const cases of casePages(db, filter, paging)) {
    for await (const events of eventPages(db, filter.regionCode, cases, paging)) {
      for (const e of events) {
        actions.add(e.action);
        if (e.departmentId) departments.add(e.departmentId);
        item(ocelEvent(e));
        if (out.full) yield out.take();
      }
    }
    if (!out.empty) yield out.take();
  }

  out.add(`\n],\n"objects":[`);
  first = true;
  for await (const cases of casePages(db, filter, paging)) {
    const tasks = taskPages(db, filter.regionCode, cases, paging);
    for await (const [c, ofCase] of byCase(cases, tasks)) {
      item(ocelCase(c, ofCase));
      if (out.full) yield out.take();
      for (const t of ofCase) {
        departments.add(t.departmentId);
        item(ocelTask(t));
        if (out.full) yield out.take();
      }
    }
    if (!out.empty) yield out.take();
  }
  // The departments a log names are the organisation's, a few hundred at most: read in pages anyway.
  const all = [...departments].sort();
  for (let i = 0; i < all.length; i += paging.pageSize) {
    const page = await departmentsByIds(db, all.slice(i, i + paging.pageSize));
    paging.onRead?.("departments", page.length);
    for (const d of page) {
      item(ocelDepartment(d));
      if (out.full) yield out.take();
    }
  }

  const eventTypes = [...actions].sort().map((name) => ({ name, attributes: EVENT_ATTRIBUTES }));
  out.add(`\n],\n"eventTypes":${JSON.stringify(eventTypes)}}\n`);
  yield out.take();
}

// --- XES (IEEE 1849-2016) ---

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters replaced
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** XML 1.0 forbids most control characters even escaped: they become U+FFFD. */
export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

type XesKind = "string" | "int" | "date";
const xesAttr = (kind: XesKind, key: string, value: string | number | Date) =>
  `<${kind} key="${xmlEscape(key)}" value="${xmlEscape(value instanceof Date ? value.toISOString() : String(value))}"/>`;

const XES_HEAD = [
  `<?xml version="1.0" encoding="UTF-8"?>`,
  `<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">`,
  `<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>`,
  `<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>`,
  `<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>`,
  `<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>`,
  `<global scope="trace">${xesAttr("string", "concept:name", "__INVALID__")}</global>`,
  `<global scope="event">${xesAttr("string", "concept:name", "__INVALID__")}${xesAttr("date", "time:timestamp", new Date(0))}${xesAttr("string", "lifecycle:transition", "complete")}</global>`,
  `<classifier name="Activity" keys="concept:name"/>`,
  `<classifier name="Activity and department" keys="concept:name org:group"/>`,
  xesAttr("string", "concept:name", "Tongban case event log"),
  "",
].join("\n");

function xesTrace(c: LogCase, events: LogEvent[]): string {
  const parts = [
    "<trace>",
    xesAttr("string", "concept:name", c.id),
    xesAttr("string", "item", c.itemCode),
    xesAttr("int", "itemVersion", c.itemVersion),
    ...(c.definitionVersion !== null ? [xesAttr("int", "definitionVersion", c.definitionVersion)] : []),
    xesAttr("string", "channel", c.channel),
    xesAttr("string", "applicantKind", c.applicantKind),
    xesAttr("string", "region", c.regionCode),
    xesAttr("date", "submittedAt", c.submittedAt),
    ...(c.outcome ? [xesAttr("string", "outcome", c.outcome)] : []),
  ];
  for (const e of events) {
    parts.push(
      "<event>",
      xesAttr("string", "concept:name", e.action),
      xesAttr("date", "time:timestamp", e.at),
      // Every row is a change that happened, not the start of one.
      xesAttr("string", "lifecycle:transition", "complete"),
      xesAttr("string", "org:resource", e.actorKind),
      ...(e.taskRole ? [xesAttr("string", "org:role", e.taskRole)] : []),
      ...(e.departmentName ? [xesAttr("string", "org:group", e.departmentName)] : []),
      ...(e.departmentId ? [xesAttr("string", "department", e.departmentId)] : []),
      ...(e.fromState ? [xesAttr("string", "fromState", e.fromState)] : []),
      xesAttr("string", "toState", e.toState),
      ...(e.stageIndex !== null ? [xesAttr("int", "stageIndex", e.stageIndex)] : []),
      "</event>",
    );
  }
  parts.push("</trace>", "");
  return parts.join("\n");
}

/** XES: one trace per case, its events in their order. */
export async function* xesLog(
  db: Executor,
  filter: EventLogFilter,
  options: EventLogOptions = {},
): AsyncGenerator<string> {
  const paging = pageOptions(options);
  const out = new Chunk();
  out.add(XES_HEAD);
  for await (const cases of casePages(db, filter, paging)) {
    const events = eventPages(db, filter.regionCode, cases, paging);
    for await (const [c, ofCase] of byCase(cases, events)) {
      out.add(xesTrace(c, ofCase));
      if (out.full) yield out.take();
    }
    if (!out.empty) yield out.take();
  }
  out.add("</log>\n");
  yield out.take();
}
