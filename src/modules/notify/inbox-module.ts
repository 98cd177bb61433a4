import type { Module } from "../index.ts";
import { inboxApi } from "./inbox-api.ts";
import { inboxPages } from "./inbox-pages.tsx";

/** The in-app inbox: every signed-in person's and staff member's own messages, API and page. */
export const inboxModule: Module = { name: "inbox", api: inboxApi, pages: inboxPages };
