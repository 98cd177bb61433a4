/**
 * One's own sessions as people and staff see them (ASVS 7.5.2): the same shape for both, so the
 * account page, the staff page and the two APIs show them alike.
 */
import type { FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type { Db } from "../db/database.ts";
import type { RoutePolicy } from "../http/route-policy.ts";
import type { Actor } from "../policy.ts";

export interface OwnSession {
  /** The session's id, which signs no one in: never the cookie's token or its hash. */
  id: string;
  openedAt: Date;
  /** To the minute: a session in use is marked at most once a minute. */
  lastUsedAt: Date;
  expiresAt: Date;
  device: string | null;
  /** The session this request came with. */
  current: boolean;
}

export const SessionSummary = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    openedAt: Type.String({ format: "date-time" }),
    lastUsedAt: Type.String({ format: "date-time", description: "to the minute" }),
    expiresAt: Type.String({ format: "date-time", description: "at the latest; sooner when left unused" }),
    device: Type.Union([Type.String(), Type.Null()], {
      description: 'the browser that signed in, coarsely: "Firefox · Windows"; null when it did not say',
    }),
    current: Type.Boolean({ description: "the session of this request" }),
  },
  { additionalProperties: false },
);

export const SessionList = Type.Object({ items: Type.Array(SessionSummary) });

export const SessionId = Type.Object({ id: Type.String({ format: "uuid" }) });

export const SessionsEnded = Type.Object({
  ended: Type.Integer({ minimum: 0, description: "how many sessions ended" }),
});

export function presentSession(session: OwnSession): Static<typeof SessionSummary> {
  return {
    id: session.id,
    openedAt: session.openedAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    device: session.device,
    current: session.current,
  };
}

/** The oldest last use a session may have and still sign anyone in. */
export function idleSince(now: Date, idleMinutes: number): Date {
  return new Date(now.getTime() - idleMinutes * 60_000);
}

/** The rows of a session table as one's own sessions: the current one first, then the latest used. */
export function ownSessions(
  rows: {
    id: string;
    token_hash: string;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    device: string | null;
  }[],
  currentHash: string | undefined,
): OwnSession[] {
  return rows
    .map((row) => ({
      id: row.id,
      openedAt: row.created_at,
      lastUsedAt: row.last_seen_at,
      expiresAt: row.expires_at,
      device: row.device,
      current: row.token_hash === currentHash,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.getTime() - a.lastUsedAt.getTime());
}

/**
 * Whose sessions a page or API shows, and how that module's service lists and ends them: what the
 * routes of people's and staff's own sessions differ by (own-sessions-api.ts, web/sessions-routes.tsx).
 */
export interface OwnSessionsService {
  kind: "person" | "staff";
  policies: { read: RoutePolicy; update: RoutePolicy };
  list(db: Db, actor: Actor, token: string | undefined, idleMinutes: number): Promise<OwnSession[]>;
  endOne(
    db: Db,
    actor: Actor,
    id: string,
    token: string | undefined,
    request: FastifyRequest,
  ): Promise<{ current: boolean }>;
  endOthers(db: Db, actor: Actor, token: string | undefined, request: FastifyRequest): Promise<number>;
}
