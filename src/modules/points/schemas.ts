import { Type } from "typebox";
import { Delivery, IdempotencyHeaders, Submitted } from "../applications/schemas.ts";
import { Text } from "../catalog/content.ts";

export { IdempotencyHeaders, Submitted };

const Code = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" });
export const PointCode = Type.Object({ code: Code });

/** The answer of an operation that answers 204 with no body, declared so the API documents it. */
export const NoContent = Type.Null();
export const AgentParams = Type.Object({ code: Code, personId: Type.String({ format: "uuid" }) });

export const AddAgentBody = Type.Object(
  { idNumber: Type.String({ minLength: 15, maxLength: 18, description: "The person's resident ID number" }) },
  { additionalProperties: false },
);

export const Agent = Type.Object({
  personId: Type.String({ format: "uuid" }),
  name: Type.String(),
  idNumberMasked: Type.String(),
  addedAt: Type.String({ format: "date-time" }),
});
export const AgentList = Type.Object({ items: Type.Array(Agent) });

export const WorkloadQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: "The last so many days (30)" })),
});
const Hours = Type.Union([Type.Number(), Type.Null()]);
export const Workload = Type.Object({
  since: Type.String({ format: "date-time" }),
  agents: Type.Array(
    Type.Object({
      personId: Type.String({ format: "uuid" }),
      name: Type.String(),
      received: Type.Integer(),
      open: Type.Integer(),
      closed: Type.Integer(),
      granted: Type.Integer(),
      meanHoursToAcceptance: Hours,
      meanHoursToClose: Hours,
      rated: Type.Integer({
        description: "Ratings of the agent's cases in the period, by the agent or the applicant",
      }),
      satisfaction: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], {
        description: "Percent of those ratings at 基本满意 or better; null when none",
      }),
    }),
  ),
});

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export const PointCaseList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      number: Type.String(),
      itemName: Text,
      applicantName: Type.String(),
      state: Type.String(),
      outcome: Type.Union([Type.String(), Type.Null()]),
      submittedAt: Type.String({ format: "date-time" }),
      acceptedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
      closedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    }),
  ),
});

export const IntakeBody = Type.Object({
  principal: Type.Object({
    idNumber: Type.String({ minLength: 15, maxLength: 18 }),
    name: Type.String({ minLength: 1, maxLength: 50 }),
  }),
  signatureBase64: Type.Optional(
    Type.String({
      maxLength: 800_000,
      description: "The person's signature drawn on the tablet (PNG, base64): their consent, taken now",
    }),
  ),
  offering: Type.String({ format: "uuid" }),
  answers: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 80 }),
  materials: Type.Array(
    Type.Object({
      key: Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" }),
      fileName: Type.Optional(Type.String({ maxLength: 255 })),
      contentBase64: Type.String({ description: "The file, base64-encoded (the request is at most 30 MB)" }),
    }),
    { maxItems: 20 },
  ),
  delivery: Type.Optional(Delivery),
});
