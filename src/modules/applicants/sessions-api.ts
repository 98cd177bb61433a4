import { ownSessionsApi } from "../../platform/auth/own-sessions-api.ts";
import type { OwnSessionsService } from "../../platform/auth/session-list.ts";
import { origin } from "./api.ts";
import * as sessions from "./session-management.ts";

/** A person's own sessions, as the page and the API both show and end them (session-management.ts). */
export const personOwnSessions: OwnSessionsService = {
  kind: "person",
  policies: { read: "account.read", update: "account.update" },
  list: sessions.listOwnSessions,
  endOne: (db, actor, id, token, request) => sessions.endOwnSession(db, actor, id, token, origin(request)),
  endOthers: (db, actor, token, request) => sessions.endOtherSessions(db, actor, token, origin(request)),
};

export const personSessionsApi = ownSessionsApi({
  ...personOwnSessions,
  path: "/account/sessions",
  tags: ["accounts"],
});
