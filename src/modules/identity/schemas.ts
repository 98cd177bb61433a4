import { Type } from "typebox";
import { STAFF_ROLES } from "./tables.ts";

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
    grants: Type.Array(Grant),
  },
  { $id: "StaffProfile" },
);

export const Session = Type.Object({
  staffId: Type.String({ format: "uuid" }),
  expiresAt: Type.String({ format: "date-time" }),
});
