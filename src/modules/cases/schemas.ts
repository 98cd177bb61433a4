import { Type } from "typebox";
import { Text } from "../catalog/content.ts";
import { CASE_STATES, PAUSE_KINDS, STAFF_ACTIONS } from "./states.ts";

const Instant = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const State = Type.Enum(CASE_STATES);

export const CaseParams = Type.Object({
  case: Type.String({ minLength: 1, maxLength: 40, description: "The case's id or its case number" }),
});
export const TaskParams = Type.Object({ task: Type.String({ format: "uuid" }) });
export const Page = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

const Clock = Type.Object({
  colour: Type.Enum(["none", "green", "yellow", "red", "paused", "stopped"], {
    description: "none: not accepted yet; yellow: a fifth or less of the promised days left; red: overdue",
  }),
  dueAt: Nullable(Instant),
  statutoryDueAt: Nullable(Instant),
  daysLeft: Nullable(Type.Integer({ description: "Working days left (negative when overdue)" })),
  pausedDays: Type.Integer(),
  uncertain: Type.Boolean({ description: "A deadline falls in a year without published holidays" }),
  promisedDays: Type.Integer(),
  statutoryDays: Type.Integer(),
});

const Task = Type.Object({
  id: Type.String(),
  version: Type.Integer({ description: "Send it back with an action: a stale one is refused (409)" }),
  stageIndex: Type.Integer(),
  stageKind: Type.String(),
  key: Type.String(),
  name: Text,
  role: Type.String(),
  department: Type.Object({ id: Type.String(), name: Text }),
  assigneeId: Nullable(Type.String()),
  status: Type.Enum(["open", "done", "cancelled"]),
  opinion: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  dueAt: Nullable(Instant),
  completedAt: Nullable(Instant),
});

const Delivery = Type.Object({
  method: Type.Enum(["download", "post", "pickup"]),
  address: Type.Optional(Type.String()),
  recipient: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  hall: Type.Optional(Type.String()),
  trackingNumber: Type.Optional(Type.String()),
  carrier: Type.Optional(Type.String()),
  deliveredAt: Type.Optional(Type.String()),
});

export const CaseView = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ description: "Region code + China date + the day's sequence" }),
    state: State,
    outcome: Nullable(Type.String()),
    decision: Nullable(Type.String()),
    allowedActions: Type.Array(Type.String(), { description: "What the caller can do now" }),
    item: Type.Object({
      id: Type.String(),
      code: Type.String(),
      version: Type.Integer(),
      name: Text,
      type: Type.String(),
    }),
    regionCode: Type.String(),
    offeringId: Type.String(),
    applicant: Type.Object({
      kind: Type.String(),
      name: Type.String(),
      identifierMasked: Nullable(Type.String()),
    }),
    channel: Type.String(),
    submittedAt: Instant,
    acceptedAt: Nullable(Instant),
    decidedAt: Nullable(Instant),
    closedAt: Nullable(Instant),
    clock: Clock,
    stageIndex: Type.Integer(),
    stages: Type.Array(
      Type.Object({
        key: Type.String(),
        kind: Type.String(),
        name: Text,
        status: Type.Enum(["done", "current", "pending"]),
        departments: Type.Array(Text),
      }),
    ),
    tasks: Type.Optional(Type.Array(Task, { description: "Staff only" })),
    data: Type.Record(Type.String(), Type.Unknown(), { description: "The application's answers" }),
    materials: Type.Array(
      Type.Object({
        key: Type.String(),
        source: Type.String(),
        name: Nullable(Type.String()),
        mediaType: Nullable(Type.String()),
        size: Nullable(Type.Integer()),
        origin: Nullable(
          Type.Record(Type.String(), Type.Unknown(), {
            description:
              "Where a fetched material came from (免提交): kind licence (licenceId, licenceType, title) or registry (registry, name, fields read, version)",
          }),
        ),
      }),
    ),
    commitment: Nullable(
      Type.Object({
        text: Type.String(),
        materials: Type.Array(Type.String()),
        signedAt: Type.String(),
        signedBy: Type.String(),
        checkDue: Type.Boolean(),
      }),
    ),
    delivery: Delivery,
    supplement: Nullable(
      Type.Object({ round: Type.Integer(), items: Type.Array(Type.Unknown()), dueAt: Nullable(Instant) }),
    ),
    licenceId: Nullable(Type.String()),
    version: Type.Integer({ description: "Send it back with a withdrawal: a stale one is refused (409)" }),
  },
  { $id: "CaseView" },
);

export const Timeline = Type.Array(
  Type.Object({
    seq: Type.Integer(),
    at: Instant,
    action: Type.String(),
    state: State,
    department: Nullable(Text),
    staffName: Type.Optional(Nullable(Type.String())),
    actorKind: Type.String(),
    reason: Nullable(Type.String()),
    data: Type.Record(Type.String(), Type.Unknown()),
  }),
);

export const CaseList = Type.Array(
  Type.Object({
    id: Type.String(),
    number: Type.String(),
    state: State,
    outcome: Nullable(Type.String()),
    itemName: Text,
    submittedAt: Instant,
    dueAt: Nullable(Instant),
    closedAt: Nullable(Instant),
  }),
);

export const ReversalBody = Type.Object(
  { reason: Type.String({ maxLength: 1000, description: "Why the automatic decision is reversed" }) },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  version: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const TaskActionBody = Type.Object({
  action: Type.Enum(STAFF_ACTIONS),
  version: Type.Optional(Type.Integer({ minimum: 0, description: "The task's version as you saw it" })),
  reason: Type.Optional(
    Type.String({
      maxLength: 2000,
      description: "Reasons: required to reject, return, transfer, pause, decide",
    }),
  ),
  assignee: Type.Optional(
    Type.String({ maxLength: 40, description: "A staff id, to assign or transfer to" }),
  ),
  items: Type.Optional(
    Type.Array(
      Type.Object({
        material: Type.Optional(Type.String({ maxLength: 40 })),
        field: Type.Optional(Type.String({ maxLength: 100 })),
        problem: Type.String({ minLength: 1, maxLength: 500 }),
      }),
      { maxItems: 60, description: "Everything missing or wrong, told at once (一次性告知)" },
    ),
  ),
  opinion: Type.Optional(Type.Enum(["agree", "disagree"])),
  legalBasis: Type.Optional(Type.String({ maxLength: 1000 })),
  procedure: Type.Optional(Type.Enum(PAUSE_KINDS)),
  trackingNumber: Type.Optional(Type.String({ maxLength: 60 })),
  carrier: Type.Optional(Type.String({ maxLength: 60 })),
});

export const BulkBody = Type.Object({
  taskIds: Type.Array(Type.String({ format: "uuid" }), { minItems: 1, maxItems: 100, uniqueItems: true }),
  action: Type.Enum(["claim", "release", "assign", "accept"]),
  assignee: Type.Optional(Type.String({ maxLength: 40 })),
});
export const BulkResult = Type.Object({
  results: Type.Array(
    Type.Object({
      taskId: Type.String(),
      status: Type.Integer({ description: "What the action alone would have answered" }),
      code: Type.Optional(Type.String()),
    }),
  ),
});

export const WorklistQuery = Type.Object({
  assignee: Type.Optional(Type.Enum(["mine", "unassigned"])),
  stage: Type.Optional(Type.Enum(["intake", "review", "decision", "issuance", "delivery"])),
  waiting: Type.Optional(
    Type.Boolean({ description: "Include cases waiting for the applicant or a procedure" }),
  ),
  assigneeId: Type.Optional(
    Type.String({ maxLength: 40, description: "Only tasks held by this staff member" }),
  ),
  offering: Type.Optional(Type.String({ maxLength: 40, description: "Only cases of this offering" })),
  ...Page.properties,
});

const Colour = Type.Enum(["green", "yellow", "red", "none"]);
export const Worklist = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      taskId: Type.String(),
      taskVersion: Type.Integer(),
      taskName: Text,
      stageKind: Type.String(),
      role: Type.String(),
      department: Type.Object({ id: Type.String(), name: Text }),
      assignee: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
      taskDueAt: Nullable(Instant),
      case: Type.Object({
        id: Type.String(),
        number: Type.String(),
        state: State,
        itemName: Text,
        applicantName: Type.String(),
        regionCode: Type.String(),
        dueAt: Nullable(Instant),
        colour: Colour,
        submittedAt: Instant,
      }),
    }),
  ),
});

export const SupervisionQuery = Type.Object({
  level: Type.Enum(["overdue", "warned"], { default: "overdue" }),
  ...Page.properties,
});
export const SupervisionList = Type.Array(
  Type.Object({
    caseId: Type.String(),
    caseNumber: Type.String(),
    state: State,
    itemName: Text,
    regionCode: Type.String(),
    dueAt: Nullable(Instant),
    overdueAt: Nullable(Instant),
    warnedAt: Nullable(Instant),
    escalatedAt: Nullable(Instant),
  }),
);

export const Handlers = Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() }));

export const LookupBody = Type.Object({
  number: Type.String({ minLength: 1, maxLength: 40, description: "The case number on the receipt" }),
  tail: Type.String({
    minLength: 6,
    maxLength: 6,
    description:
      "The last 6 characters of the applicant's phone number or ID number (credit code for organisations)",
  }),
});
export const LookupResult = Type.Object({ case: Type.Ref("CaseView"), timeline: Timeline });

export const ItemParams = Type.Object({ item: Type.String({ minLength: 1, maxLength: 60 }) });
export const DefinitionList = Type.Array(
  Type.Object({
    id: Type.String(),
    version: Type.Integer(),
    definition: Type.Unknown(),
    status: Type.Union([Type.Literal("draft"), Type.Literal("published")], {
      description: "A draft (a what-if proposal) runs no case; saving its definition again publishes it",
    }),
    createdAt: Instant,
  }),
);
