/** A person's own sessions as a page: /account/sessions, with a form to end each (session-management.ts). */
import { ownSessionsPage } from "../../web/sessions-routes.tsx";
import { personOwnSessions } from "./sessions-api.ts";

export const personSessionsPage = ownSessionsPage({
  ...personOwnSessions,
  path: "/account/sessions",
  signIn: "/account/signin",
  back: "/account",
});
