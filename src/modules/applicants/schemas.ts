import { Type } from "typebox";
import { ORGANISATION_KINDS } from "./tables.ts";

// Request fields are plain bounded strings: the service checks their content and reports every
// problem at once (a schema error would stop before the ID number's check digit is even looked at).

export const SignUpBody = Type.Object(
  {
    name: Type.String({ maxLength: 100 }),
    idNumber: Type.String({ maxLength: 40, description: "Resident ID number (GB 11643)" }),
    email: Type.String({ maxLength: 254 }),
    mobile: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    password: Type.String({ maxLength: 1000 }),
    addressRegionCode: Type.Optional(
      Type.Union([Type.String({ maxLength: 20 }), Type.Null()], {
        description: "Region code of the address, down to a village or community",
      }),
    ),
  },
  { additionalProperties: false },
);

export const SignedUp = Type.Object({ personId: Type.String({ format: "uuid" }) });

export const TokenBody = Type.Object(
  { token: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);

export const Credentials = Type.Object(
  {
    identifier: Type.String({ minLength: 1, maxLength: 254, description: "E-mail or resident ID number" }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const PersonSession = Type.Object({
  personId: Type.String({ format: "uuid" }),
  expiresAt: Type.String({ format: "date-time" }),
});

export const ResetRequestBody = Type.Object(
  { email: Type.String({ maxLength: 254 }) },
  { additionalProperties: false },
);

export const Accepted = Type.Object({ message: Type.String() });

export const ResetCompleteBody = Type.Object(
  { token: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);

const RegionRef = Type.Object({ code: Type.String(), name: Type.String() });

export const Profile = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    name: Type.String(),
    idNumberMasked: Type.String({ description: "The ID number with the birth date hidden" }),
    email: Type.Union([Type.String(), Type.Null()]),
    emailVerified: Type.Boolean(),
    mobileMasked: Type.Union([Type.String(), Type.Null()]),
    addressRegion: Type.Union([RegionRef, Type.Null()]),
  },
  { $id: "PersonProfile" },
);

export const ProfilePatch = Type.Object(
  {
    mobile: Type.Optional(
      Type.Union([Type.String({ maxLength: 40 }), Type.Null()], {
        description:
          "Refused (400 on /mobile): the mobile number changes through POST /api/v1/account/mobile, with the password and a code",
      }),
    ),
    addressRegionCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ maxLength: 1000 }),
    newPassword: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const MobileChangeBody = Type.Object(
  {
    mobile: Type.String({ maxLength: 40, description: "The new mainland mobile number" }),
    password: Type.Optional(
      Type.String({
        maxLength: 1000,
        description: "The current password; an account without one must have signed in moments ago",
      }),
    ),
  },
  { additionalProperties: false },
);

export const MobileRemoveBody = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 1000, description: "The current password" })) },
  { additionalProperties: false },
);

export const MobileCodeSent = Type.Object({
  sentTo: Type.String({ description: "The new number, masked" }),
  expiresAt: Type.String({ format: "date-time" }),
});

export const MobileCodeBody = Type.Object(
  { code: Type.String({ maxLength: 20, description: "The six digits sent to the new number" }) },
  { additionalProperties: false },
);

const OrganisationKind = Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k)));
const ServiceCodes = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });

export const OrganisationBody = Type.Object(
  {
    kind: OrganisationKind,
    name: Type.String({ maxLength: 200 }),
    creditCode: Type.String({ maxLength: 40, description: "Unified social credit code (GB 32100)" }),
    regionCode: Type.String({ maxLength: 20 }),
  },
  { additionalProperties: false },
);

export const Agent = Type.Object(
  {
    personId: Type.String({ format: "uuid" }),
    name: Type.String(),
    idNumberMasked: Type.String(),
    services: Type.Union([ServiceCodes, Type.Null()], { description: "null: every service" }),
    grantedAt: Type.String({ format: "date-time" }),
  },
  { $id: "OrganisationAgent" },
);

export const Organisation = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    kind: OrganisationKind,
    name: Type.String(),
    creditCode: Type.String(),
    region: RegionRef,
    legalRepresentative: Type.Object({ id: Type.String({ format: "uuid" }), name: Type.String() }),
    role: Type.Union([Type.Literal("legal_representative"), Type.Literal("agent")]),
    myServices: Type.Optional(Type.Union([ServiceCodes, Type.Null()])),
    agents: Type.Optional(Type.Array(Type.Ref("OrganisationAgent"))),
  },
  { $id: "Organisation" },
);

export const OrganisationId = Type.Object({ id: Type.String({ format: "uuid" }) });
export const AgentParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  personId: Type.String({ format: "uuid" }),
});

export const GrantBody = Type.Object(
  {
    agent: Type.String({ maxLength: 254, description: "The agent's e-mail or resident ID number" }),
    services: Type.Optional(
      Type.Union([ServiceCodes, Type.Null()], {
        description: "Service codes; absent or null: every service",
      }),
    ),
  },
  { additionalProperties: false },
);
