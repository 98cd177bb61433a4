import { Type } from "typebox";
import { RegionCode } from "../regions/schemas.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: "date", description: "A day in China (Asia/Shanghai), YYYY-MM-DD" });
const Text = Type.Object({ zh: Type.String(), en: Type.String() });
const ItemCode = Type.String({ minLength: 1, maxLength: 60, description: "The service item's code" });
const Version = Type.Integer({
  minimum: 1,
  maximum: 100_000,
  description: "Process version; default: the newest with cases",
});
const Step = Type.String({
  pattern: "^[a-z][a-z0-9_]{0,39}(\\.[a-z][a-z0-9_]{0,39})?$",
  description: "stage.task, or a one-task stage's key",
});

export const ProcessQuery = Type.Object({
  item: ItemCode,
  version: Type.Optional(Version),
  region: Type.Optional(RegionCode),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});

const Stats = Type.Object(
  {
    min: Nullable(Type.Number()),
    median: Nullable(Type.Number()),
    p90: Nullable(Type.Number()),
    max: Nullable(Type.Number()),
  },
  { description: "Working days: min, median and 90th percentile (nearest rank, an observed value), max" },
);
const Scope = {
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  period: Type.Object({ from: Day, to: Day }),
  uncertain: Type.Boolean({ description: "Part of the period lies in a year without published holidays" }),
};

export const ProcessMap = Type.Object({
  item: Type.Object({
    id: Type.String(),
    code: Type.String(),
    name: Text,
    version: Type.Integer(),
    status: Type.String(),
  }),
  ...Scope,
  cases: Type.Integer(),
  closed: Type.Integer(),
  stages: Type.Array(
    Type.Object({
      key: Type.String(),
      kind: Type.String(),
      name: Text,
      parallel: Type.Boolean(),
      tasks: Type.Array(
        Type.Object({
          key: Type.String(),
          step: Type.String(),
          name: Text,
          days: Type.Integer({ description: "The step's budget in the definition" }),
          cases: Type.Integer(),
          visits: Type.Integer({ description: "Times the task was opened (again after a return)" }),
          open: Type.Integer({ description: "Cases waiting at this step now" }),
          done: Type.Integer(),
          wait: Stats,
          work: Stats,
          total: Stats,
        }),
      ),
    }),
  ),
  edges: Type.Array(Type.Object({ source: Type.String(), target: Type.String(), cases: Type.Integer() })),
  variants: Type.Array(
    Type.Object({
      steps: Type.Array(Type.String()),
      cases: Type.Integer(),
      share: Nullable(Type.Number()),
      closed: Type.Integer(),
      meanDays: Nullable(Type.Number()),
    }),
  ),
  variantCount: Type.Integer(),
  otherVariantCases: Type.Integer(),
  rework: Type.Object({
    supplementShare: Nullable(Type.Number()),
    meanSupplementRounds: Nullable(Type.Number()),
    returnShare: Nullable(Type.Number()),
    meanReturns: Nullable(Type.Number()),
  }),
  slowest: Type.Array(
    Type.Object({
      stage: Type.String(),
      rounds: Type.Integer(),
      departments: Type.Array(
        Type.Object({
          departmentId: Type.String(),
          name: Type.String(),
          nameEn: Type.String(),
          timesLast: Type.Integer(),
          share: Nullable(Type.Number()),
          meanMarginDays: Nullable(Type.Number()),
        }),
      ),
    }),
  ),
});

export const Change = Type.Union([
  Type.Object(
    { kind: Type.Literal("parallel"), stages: Type.Tuple([Step, Step]) },
    { additionalProperties: false, description: "Two adjacent stages become one parallel stage" },
  ),
  Type.Object({ kind: Type.Literal("remove"), step: Step }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal("budget"), step: Step, days: Type.Integer({ minimum: 0, maximum: 365 }) },
    { additionalProperties: false },
  ),
]);

const ProposalFields = {
  item: ItemCode,
  version: Type.Optional(Version),
  region: Type.Optional(RegionCode),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  changes: Type.Array(Change, { minItems: 1, maxItems: 20 }),
};

export const WhatIfBody = Type.Object(
  {
    ...ProposalFields,
    samples: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 5000, description: "Bootstrap resamples (1000)" }),
    ),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
  },
  { additionalProperties: false },
);

export const DraftBody = Type.Object(ProposalFields, { additionalProperties: false });

const Figure = Type.Object({ value: Type.Number(), low: Type.Number(), high: Type.Number() });
const Summary = Type.Object({ mean: Figure, median: Figure, p90: Figure });

export const WhatIfResult = Type.Object({
  item: Type.Object({ id: Type.String(), code: Type.String(), name: Text, version: Type.Integer() }),
  ...Scope,
  proposed: Type.Unknown({ description: "The process definition the changes give" }),
  casesUsed: Type.Integer(),
  minimumCases: Type.Integer(),
  samples: Type.Integer(),
  seed: Type.Integer(),
  estimate: Nullable(Type.Object({ baseline: Summary, proposal: Summary, saving: Summary })),
  reason: Nullable(
    Type.Union([Type.Literal("no_history"), Type.Literal("too_few_cases")], {
      description: "Why there is no estimate (then `estimate` is null)",
    }),
  ),
  budgets: Type.Array(
    Type.Object({
      step: Type.String(),
      previousDays: Type.Integer(),
      days: Type.Integer(),
      shareOver: Nullable(Type.Number()),
      shareOverPrevious: Nullable(Type.Number()),
    }),
  ),
  explanation: Text,
});

export const DraftSaved = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  status: Type.Literal("draft"),
});
