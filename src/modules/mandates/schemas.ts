import { Type } from "typebox";
import { MANDATE_STATES, MANDATE_VERBS } from "./state.ts";
import { CONSENT_METHODS } from "./tables.ts";

// Request fields are plain bounded strings: the service checks their content and reports every
// problem at once.

const ServiceCodes = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });
const Services = Type.Optional(
  Type.Union([ServiceCodes, Type.Null()], { description: "Service codes; absent or null: every service" }),
);
const Day = (description: string) => Type.String({ maxLength: 20, description });
const Terms = {
  services: Services,
  validFrom: Type.Optional(
    Type.Union([Day("First day, YYYY-MM-DD (China Standard Time); absent: today"), Type.Null()]),
  ),
  validUntil: Day("Last day, YYYY-MM-DD (China Standard Time); at most a year after the first"),
};

export const GrantBody = Type.Object(
  {
    agent: Type.String({ maxLength: 254, description: "The agent's resident ID number or e-mail address" }),
    agentName: Type.String({ maxLength: 100, description: "The agent's full name, as in their account" }),
    ...Terms,
  },
  { additionalProperties: false },
);

export const RequestBody = Type.Object(
  {
    principal: Type.String({ maxLength: 40, description: "The principal's resident ID number" }),
    principalName: Type.String({ maxLength: 100, description: "The principal's full name" }),
    ...Terms,
  },
  { additionalProperties: false },
);

export const ConsentBody = Type.Object(
  { code: Type.String({ maxLength: 20, description: "The code sent to the principal's mobile phone" }) },
  { additionalProperties: false },
);

export const MandateId = Type.Object({ id: Type.String({ format: "uuid" }) });

const Party = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  idNumberMasked: Type.String(),
});

const Instant = Type.String({ format: "date-time" });

export const MandateAction = Type.Object(
  {
    at: Instant,
    action: Type.String({ description: "The audited action: personal_data.read, case.submit…" }),
    subjectKind: Type.Union([Type.String(), Type.Null()]),
    subjectId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "MandateAction" },
);

export const Mandate = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    role: Type.Union([Type.Literal("principal"), Type.Literal("agent")], {
      description: "How the reader stands to the mandate",
    }),
    state: Type.Union(MANDATE_STATES.map((s) => Type.Literal(s))),
    allowed: Type.Array(Type.Union(MANDATE_VERBS.map((v) => Type.Literal(v))), {
      description: "What the reader may do with it now",
    }),
    principal: Party,
    agent: Party,
    services: Type.Union([ServiceCodes, Type.Null()], { description: "null: every service" }),
    validFrom: Type.String({ format: "date", description: "First day (China Standard Time)" }),
    validUntil: Type.String({ format: "date", description: "Last day (China Standard Time), inclusive" }),
    consentMethod: Type.Union(CONSENT_METHODS.map((m) => Type.Literal(m))),
    createdAt: Instant,
    consentedAt: Type.Union([Instant, Type.Null()]),
    revokedAt: Type.Union([Instant, Type.Null()]),
    revokedBy: Type.Union([Type.Literal("principal"), Type.Literal("agent"), Type.Null()]),
    codeSentTo: Type.Optional(Type.String({ description: "The masked mobile number the code went to" })),
    actions: Type.Optional(Type.Array(Type.Ref("MandateAction"))),
  },
  { $id: "Mandate" },
);

export const MandateList = Type.Object({ items: Type.Array(Type.Ref("Mandate")) });

export const Requested = Type.Object({
  mandate: Type.Ref("Mandate"),
  sentTo: Type.String({ description: "The principal's mobile number, masked" }),
  expiresAt: Instant,
});

export const PrincipalDetails = Type.Object({
  mandateId: Type.String({ format: "uuid" }),
  name: Type.String(),
  idNumberMasked: Type.String(),
  mobileMasked: Type.Union([Type.String(), Type.Null()]),
  addressRegion: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
});
