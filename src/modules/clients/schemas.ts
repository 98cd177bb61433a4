import { Type } from "typebox";
import { CLIENT_SCOPES } from "./service.ts";

// Request fields are plain bounded strings: the service checks their content and reports every problem
// at once, an unknown scope and an unknown department among them.

export const ClientBody = Type.Object(
  {
    name: Type.String({
      maxLength: 200,
      description: "Which system this is, for people: 安吉县公安户籍系统",
    }),
    departmentId: Type.String({
      maxLength: 64,
      description: "The department whose system it is (GET /api/v1/departments); within your jurisdiction",
    }),
    scopes: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 20,
      description: `What it may do: one or more of ${CLIENT_SCOPES.join(", ")}`,
    }),
  },
  { additionalProperties: false },
);

export const ClientId = Type.Object({ id: Type.String({ format: "uuid" }) });

const Instant = Type.String({ format: "date-time" });
const since = (description: string) => Type.Union([Instant, Type.Null()], { description });

const clientFields = {
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  departmentId: Type.String({ format: "uuid" }),
  departmentName: Type.String(),
  regionCode: Type.String({ description: "The department's region: the client acts for it" }),
  scopes: Type.Array(Type.String()),
  createdBy: Type.Union([Type.String({ format: "uuid" }), Type.Null()], {
    description: "The administrator who created it; null when made on the command line",
  }),
  createdAt: Instant,
  rotatedAt: since("When its token was last replaced"),
  lastUsedAt: since("When its token was last accepted, to the minute"),
  disabledAt: since("When it was disabled for good; its token is refused since"),
};

export const ApiClient = Type.Object(clientFields, { $id: "ApiClient" });

export const ApiClientList = Type.Object({ items: Type.Array(Type.Ref("ApiClient")) });

export const IssuedClient = Type.Object({
  ...clientFields,
  token: Type.String({
    description:
      "The token to send as Authorization: Bearer <token>. Shown this once: Tongban keeps only its hash",
  }),
});
