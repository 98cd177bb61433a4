/** A staff member's own sessions as a page: /me/sessions, with a form to end each (session-management.ts). */
import { ownSessionsPage } from "../../web/sessions-routes.tsx";
import { staffOwnSessions } from "./sessions-api.ts";

export const staffSessionsPage = ownSessionsPage({
  ...staffOwnSessions,
  path: "/me/sessions",
  signIn: "/signin",
  back: "/me",
});
