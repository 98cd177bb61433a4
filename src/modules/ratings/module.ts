import type { Module } from "../index.ts";
import { ratingsApi } from "./api.ts";
import { inviteJob } from "./invite.ts";
import { overdueJob } from "./overdue.ts";
import { ratingsPublicPages } from "./public-pages.tsx";
import { ratePages } from "./rate-pages.tsx";
import { ratingSettingsApi } from "./settings-api.ts";
import { ratingSettingsPages } from "./settings-pages.tsx";
import { ratingsWorkPages } from "./work-pages.tsx";

/** Ratings (好差评) of services and the rectification of bad ones (issue 8). */
export const ratingsModule: Module = {
  name: "ratings",
  api: async (app) => {
    await app.register(ratingsApi);
    await app.register(ratingSettingsApi);
  },
  pages: async (app) => {
    await app.register(ratePages);
    await app.register(ratingsPublicPages);
    await app.register(ratingsWorkPages);
    await app.register(ratingSettingsPages);
  },
  jobs: [inviteJob, overdueJob],
};
