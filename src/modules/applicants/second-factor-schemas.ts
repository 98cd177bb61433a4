import { Type } from "typebox";

// Codes are bounded strings: the service tells a missing or malformed one (400, not counted) from a
// wrong one, in the reader's language, where a schema error could not.

/** A password sign-in that owes the second factor (202): the cookie only lets one finish it. */
export const PersonSecondFactorChallenge = Type.Object({
  mfa: Type.Union([Type.Literal("verify"), Type.Literal("enrol")], {
    description:
      "verify: send a code of the authenticator (or a recovery code) to POST /api/v1/account-session/mfa; " +
      "enrol (REQUIRE_PEOPLE_MFA): scan `otpauthUri` (or type `secret`) into an authenticator app, then send its code there",
  }),
  expiresAt: Type.String({ format: "date-time", description: "when this half-finished sign-in lapses" }),
  secret: Type.Optional(Type.String({ description: "enrol: the TOTP secret in base32" })),
  otpauthUri: Type.Optional(Type.String()),
});

export const SecondFactorCodeBody = Type.Object(
  {
    code: Type.String({
      maxLength: 100,
      description: "The 6 digits of the authenticator, or (to sign in and to remove) a recovery code",
    }),
  },
  { additionalProperties: false },
);

export const PersonSecondFactorDone = Type.Object({
  personId: Type.String({ format: "uuid" }),
  expiresAt: Type.String({ format: "date-time" }),
  recoveryCodes: Type.Optional(
    Type.Array(Type.String(), {
      description: "present once, when enrolling: keep them, they are not shown again",
    }),
  ),
});

export const SecondFactorStatus = Type.Object({
  enrolled: Type.Boolean(),
  enrolledAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  recoveryCodesLeft: Type.Integer(),
  hasPassword: Type.Boolean({
    description: "false: the account signs in only through the identity platform",
  }),
});

export const EnrolmentStartBody = Type.Object(
  { password: Type.String({ maxLength: 1000, description: "The current password" }) },
  { additionalProperties: false },
);

export const EnrolmentOffer = Type.Object({
  secret: Type.String({ description: "The TOTP secret in base32, to type into an authenticator app" }),
  otpauthUri: Type.String({ description: "The same, for a QR code" }),
  expiresAt: Type.String({ format: "date-time", description: "confirm with a first code before this" }),
});

export const EnrolmentConfirmed = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: "ten one-time codes, shown this once" }),
  expiresAt: Type.String({ format: "date-time", description: "of the new session" }),
});

export const SecondFactorRemoveBody = Type.Object(
  {
    password: Type.String({ maxLength: 1000, description: "The current password" }),
    code: Type.String({ maxLength: 100, description: "A code of the authenticator, or a recovery code" }),
  },
  { additionalProperties: false },
);
