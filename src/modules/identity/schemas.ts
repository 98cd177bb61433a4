import { Type } from "typebox";
import { HANDLING_ROLES, STAFF_ROLES } from "./tables.ts";

export const Credentials = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const Grant = Type.Object({
  role: Type.Union(STAFF_ROLES.map((r) => Type.Literal(r))),
  departmentId: Type.String({ format: "uuid" }),
  departmentName: Type.String(),
  jurisdictionCode: Type.String(),
  jurisdictionName: Type.String(),
});

export const StaffProfile = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    username: Type.String(),
    displayName: Type.String(),
    locked: Type.Boolean(),
    disabled: Type.Boolean({ description: "disabled by a system administrator: cannot sign in" }),
    grants: Type.Array(Grant),
  },
  { $id: "StaffProfile" },
);

export const Session = Type.Object({
  staffId: Type.String({ format: "uuid" }),
  expiresAt: Type.String({ format: "date-time" }),
});

/** A sign-in that still owes the second factor (202); the secret and URI only while enrolling. */
export const SecondFactorChallenge = Type.Object({
  mfa: Type.Union([Type.Literal("enrol"), Type.Literal("verify")], {
    description: "enrol: scan `otpauthUri` (or type `secret`) into an authenticator app, then send a code",
  }),
  expiresAt: Type.String({ format: "date-time", description: "when this half-finished sign-in lapses" }),
  secret: Type.Optional(Type.String({ description: "the TOTP secret in base32" })),
  otpauthUri: Type.Optional(Type.String()),
});

/** A sign-in with a first password (202): a new one must be chosen before anything else. */
export const NewPasswordRequired = Type.Object({
  passwordChange: Type.Literal(true, {
    description: "the password was a first one: choose your own with POST /session/password",
  }),
  expiresAt: Type.String({ format: "date-time", description: "when this half-finished sign-in lapses" }),
});

export const FirstPasswordReplacement = Type.Object(
  {
    newPassword: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "at least 10 characters, not a common one, not built on your name, region or Tongban",
    }),
  },
  { additionalProperties: false },
);

export const SecondFactorCode = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 20,
      description: "the 6-digit code of the authenticator app",
    }),
  },
  { additionalProperties: false },
);

export const NewStaffAccount = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200, description: "the first password, to be changed" }),
    regionCode: Type.String({
      minLength: 2,
      maxLength: 12,
      description: "the region whose administrators keep the account (within the system administrator's)",
    }),
  },
  { additionalProperties: false },
);

export const RoleGrant = Type.Object(
  {
    role: Type.Union(HANDLING_ROLES.map((r) => Type.Literal(r))),
    departmentId: Type.String({ format: "uuid" }),
    jurisdictionCode: Type.String({ minLength: 2, maxLength: 12 }),
  },
  { additionalProperties: false },
);

export const AccountState = Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false });

export const PasswordChange = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "at least 10 characters, not a common one",
    }),
  },
  { additionalProperties: false },
);
