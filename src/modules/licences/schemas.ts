import { Type } from "typebox";
import { SIGNING_ALGORITHMS } from "./keys.ts";
import { LICENCE_STATES } from "./state.ts";

const Instant = Type.String({ format: "date-time" });
const Text = Type.Object({ zh: Type.String(), en: Type.String() });
const Field = Type.Object({ label: Text, value: Type.String() });
const Department = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  nameEn: Type.String(),
});

export const LicenceParams = Type.Object({
  id: Type.String({ maxLength: 40, description: "The licence number: L and 20 characters" }),
});
export const DepartmentParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const RevokeBody = Type.Object(
  {
    reason: Type.String({
      maxLength: 2000,
      description: "Why (1–500 characters): shown to anyone who checks the licence",
    }),
  },
  { additionalProperties: false },
);

export const Licence = Type.Object(
  {
    id: Type.String(),
    type: Type.String({ description: "The licence type key: food_business_licence…" }),
    title: Text,
    caseId: Type.Union([Type.String({ format: "uuid" }), Type.Null()]),
    regionCode: Type.String(),
    department: Department,
    holder: Type.Object({
      kind: Type.Enum(["person", "organisation"]),
      id: Type.String({ format: "uuid" }),
      name: Type.String(),
      identifierMasked: Type.Union([Type.String(), Type.Null()]),
    }),
    fields: Type.Array(Field),
    issuedAt: Instant,
    validFrom: Instant,
    validUntil: Type.Union([Instant, Type.Null()], { description: "null: no expiry" }),
    state: Type.Enum([...LICENCE_STATES]),
    genuine: Type.Boolean({ description: "Whether the signature holds over the record as stored" }),
    revokedAt: Type.Union([Instant, Type.Null()]),
    revokeReason: Type.Union([Type.String(), Type.Null()]),
    allowed: Type.Array(Type.Enum(["revoke"]), { description: "What the reader may do with it now" }),
    signature: Type.Object(
      {
        algorithm: Type.Enum([...SIGNING_ALGORITHMS], {
          description:
            "Ed25519, or SM2 with SM3 and signer identity 1234567812345678 (CRYPTO_SUITE=national)",
        }),
        keyId: Type.String({ format: "uuid" }),
        value: Type.String({
          description: "Base64 of the 64-byte signature over the canonical JSON (SM2: r ‖ s)",
        }),
      },
      { description: "For checking offline: see the guide on licence verification" },
    ),
  },
  { $id: "Licence" },
);

export const LicenceList = Type.Object({ items: Type.Array(Type.Ref("Licence")) });

export const Verification = Type.Object({
  genuine: Type.Boolean({ description: "Whether the signature holds over the record as stored" }),
  status: Type.Enum([...LICENCE_STATES]),
  licence: Type.Object({
    id: Type.String(),
    type: Type.String(),
    title: Text,
    holderKind: Type.Enum(["person", "organisation"]),
    holderName: Type.String({ description: "A person's name masked (张*丰); an organisation's in full" }),
    department: Type.Object({ name: Type.String(), nameEn: Type.String() }),
    fields: Type.Array(Field),
    issuedAt: Instant,
    validFrom: Instant,
    validUntil: Type.Union([Instant, Type.Null()]),
    revokedAt: Type.Union([Instant, Type.Null()]),
    revokeReason: Type.Union([Type.String(), Type.Null()]),
  }),
});

export const SigningKeys = Type.Object({
  departmentId: Type.String({ format: "uuid" }),
  keys: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      algorithm: Type.Enum([...SIGNING_ALGORITHMS]),
      publicKey: Type.String({
        description:
          "Base64 of the raw public key: Ed25519's 32 bytes (RFC 8032), SM2's 65-byte uncompressed point (04 ‖ x ‖ y)",
      }),
      createdAt: Instant,
      retiredAt: Type.Union([Instant, Type.Null()]),
    }),
  ),
});
