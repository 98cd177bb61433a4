import { Type } from "typebox";
import { DEVICE_KINDS } from "./tables.ts";

export const SiteCode = Type.Object({ code: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" }) });

const Kind = Type.Union(DEVICE_KINDS.map((k) => Type.Literal(k)));

export const DeviceBody = Type.Object(
  {
    kind: Kind,
    name: Type.String({
      minLength: 1,
      maxLength: 60,
      description: "Unique within the site: “A 柜”, “2 号屏”",
    }),
    compartments: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 200, description: "A locker's compartments, numbered from 1" }),
    ),
  },
  { additionalProperties: false },
);

export const Device = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    siteCode: Type.String(),
    kind: Kind,
    name: Type.String(),
    compartments: Type.Integer(),
    status: Type.Union([Type.Literal("online"), Type.Literal("offline"), Type.Literal("never")], {
      description: "offline: said goodbye (its last will), or silent for longer than three heartbeats",
    }),
    lastSeenAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    rejectedMessages: Type.Integer({ description: "Messages with its id whose signature was wrong" }),
  },
  { $id: "Device" },
);

export const Registered = Type.Object({
  device: Type.Ref("Device"),
  credentials: Type.Object(
    {
      deviceId: Type.String({ format: "uuid" }),
      secret: Type.String({ description: "Shown once: Tongban keeps only its hash" }),
      tongbanKey: Type.String({ description: "Tongban's Ed25519 public key (raw, base64)" }),
      topics: Type.Record(Type.String(), Type.String()),
    },
    { description: "Configure the device with these (docs/devices.md)" },
  ),
});

export const DeviceList = Type.Object({ items: Type.Array(Type.Ref("Device")) });

export const LockerItemBody = Type.Object(
  {
    caseNumber: Type.String({ pattern: "^\\d{14,26}$" }),
    device: Type.String({ format: "uuid", description: "The locker" }),
    compartment: Type.Integer({ minimum: 1, maximum: 200 }),
  },
  { additionalProperties: false },
);

export const LockerItem = Type.Object({
  id: Type.String({ format: "uuid" }),
  deviceId: Type.String({ format: "uuid" }),
  compartment: Type.Integer(),
  caseNumber: Type.String(),
  status: Type.String(),
  failedAttempts: Type.Integer(),
  assignedAt: Type.String({ format: "date-time" }),
  expiresAt: Type.String({ format: "date-time" }),
});
