import { Type } from "typebox";
import { CLIENT_AGENTS, CLIENT_PLATFORMS } from "./client.ts";
import { Verification } from "./schemas.ts";
import { SHARE_STATES } from "./wallet.ts";

const Instant = Type.String({ format: "date-time" });

export const ShareParams = Type.Object({
  id: Type.String({ maxLength: 40, description: "The licence number" }),
  shareId: Type.String({ maxLength: 40 }),
});
export const TokenParams = Type.Object({
  token: Type.String({ maxLength: 100, description: "The token of the link, as in /s/{token}" }),
});

export const ShareBody = Type.Object(
  {
    recipient: Type.String({
      maxLength: 1000,
      description: "Whom the link is for, as the holder would say it (1–100 characters): 招商银行安吉支行",
    }),
    lifetime: Type.Optional(
      Type.String({ maxLength: 10, description: "How long the link lives: 1h, 1d, 7d or 30d (default 7d)" }),
    ),
  },
  { additionalProperties: false },
);

export const Share = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    licenceId: Type.String(),
    recipient: Type.String(),
    createdAt: Instant,
    expiresAt: Instant,
    revokedAt: Type.Union([Instant, Type.Null()]),
    state: Type.Enum([...SHARE_STATES]),
    allowed: Type.Array(Type.Enum(["revoke"]), { description: "What the holder may do with it now" }),
    opens: Type.Object({
      count: Type.Integer({ description: "Every opening of the link" }),
      recent: Type.Array(
        Type.Object({
          openedAt: Instant,
          via: Type.Enum(["page", "api"]),
          agent: Type.Enum([...CLIENT_AGENTS], { description: "The kind of browser or program" }),
          platform: Type.Enum([...CLIENT_PLATFORMS]),
          network: Type.Union([Type.String(), Type.Null()], {
            description: "The network it came from (IPv4 /24, IPv6 /48): never the full address",
          }),
        }),
        { description: "The latest openings, newest first" },
      ),
    }),
  },
  { $id: "LicenceShare" },
);

export const Wallet = Type.Object({
  items: Type.Array(
    Type.Object({
      licence: Type.Ref("Licence"),
      allowed: Type.Array(Type.Enum(["share"]), {
        description: "share: the licence is valid now and may be shared",
      }),
      shares: Type.Array(Type.Ref("LicenceShare"), { description: "Newest first" }),
    }),
  ),
});

export const NewShare = Type.Object({
  share: Type.Ref("LicenceShare"),
  token: Type.String({ description: "Shown once: only its digest is kept" }),
  url: Type.String({ description: "The link to hand over, BASE_URL/s/{token}" }),
});

export const Shared = Type.Object({
  recipient: Type.String(),
  expiresAt: Instant,
  holder: Type.Object({
    kind: Type.Enum(["person", "organisation"]),
    name: Type.String({ description: "In full: the holder chose to show it to this recipient" }),
    identifierMasked: Type.Union([Type.String(), Type.Null()]),
  }),
  verification: Verification,
});
