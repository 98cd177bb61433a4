import type { Module } from "../index.ts";
import { ratingsApi } from "./api.ts";
import { inviteJob } from "./invite.ts";
import { overdueJob } from "./overdue.ts";

/** Ratings (好差评) of services and the rectification of bad ones (issue 8). */
export const ratingsModule: Module = { name: "ratings", api: ratingsApi, jobs: [inviteJob, overdueJob] };
