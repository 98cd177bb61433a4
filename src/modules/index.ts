import type { FastifyPluginAsync } from "fastify";
import type { UnroutedErrorFormat } from "../platform/http/errors.ts";
import type { JobDefinition } from "../platform/jobs.ts";
import { applicantsApi } from "./applicants/api.ts";
import { applicantsPages } from "./applicants/pages.tsx";
import { applicationsModule } from "./applications/module.ts";
import { anchorJob } from "./audit/anchor-job.ts";
import { auditApi } from "./audit/api.ts";
import { auditPages } from "./audit/pages.tsx";
import { bundlesModule } from "./bundles/module.ts";
import { calendarApi } from "./calendar/api.ts";
import { coverageCheckJob } from "./calendar/jobs.ts";
import { calendarPages } from "./calendar/pages.tsx";
import { casesModule } from "./cases/module.ts";
import { catalogAdminPages } from "./catalog/admin-pages.tsx";
import { catalogApi } from "./catalog/api.ts";
import { catalogPages } from "./catalog/pages.tsx";
import { catalogSearchApi } from "./catalog/search-api.ts";
import { clientsModule } from "./clients/module.ts";
import { consultationsModule } from "./consultations/module.ts";
import { departmentsApi } from "./departments/api.ts";
import { devicesModule } from "./devices/module.ts";
import { disclosureModule } from "./disclosure/module.ts";
import { exchangeModule } from "./exchange/module.ts";
import { govstackModule } from "./govstack/module.ts";
import { hallsModule } from "./halls/module.ts";
import { homePages } from "./home/pages.tsx";
import { identityApi } from "./identity/api.ts";
import { identityPages } from "./identity/pages.tsx";
import { insightsModule } from "./insights/module.ts";
import { licencesModule } from "./licences/module.ts";
import { mandatesApi } from "./mandates/api.ts";
import { mandatesPages } from "./mandates/pages.tsx";
import { inboxModule } from "./notify/inbox-module.ts";
import { deliverJob } from "./notify/jobs.ts";
import { pointsModule } from "./points/module.ts";
import { ratingsModule } from "./ratings/module.ts";
import { regionsApi } from "./regions/api.ts";
import { regionCheckJob } from "./regions/jobs.ts";
import { regionsPages } from "./regions/pages.tsx";
import { requestsModule } from "./requests/module.ts";
import { supervisionModule } from "./supervision/module.ts";
import { webhooksModule } from "./webhooks/module.ts";

/** A capability: its API under /api/v1, its pages, its background jobs. */
export interface Module {
  name: string;
  api?: FastifyPluginAsync;
  pages?: FastifyPluginAsync;
  jobs?: JobDefinition[];
  /** Error bodies of its own for paths under a prefix, before routing too (platform/http/errors.ts). */
  unroutedErrors?: UnroutedErrorFormat[];
}

export const modules: Module[] = [
  { name: "home", pages: homePages },
  { name: "identity", api: identityApi, pages: identityPages },
  { name: "regions", api: regionsApi, pages: regionsPages, jobs: [regionCheckJob] },
  { name: "departments", api: departmentsApi },
  { name: "audit", api: auditApi, pages: auditPages, jobs: [anchorJob] },
  { name: "notify", jobs: [deliverJob] },
  { name: "applicants", api: applicantsApi, pages: applicantsPages },
  { name: "mandates", api: mandatesApi, pages: mandatesPages },
  { name: "calendar", api: calendarApi, pages: calendarPages, jobs: [coverageCheckJob] },
  { name: "catalog", api: catalogApi, pages: catalogPages },
  { name: "catalog-search", api: catalogSearchApi },
  { name: "catalog-admin", pages: catalogAdminPages },
  casesModule,
  applicationsModule,
  licencesModule,
  webhooksModule,
  inboxModule,
  clientsModule,
  exchangeModule,
  bundlesModule,
  hallsModule,
  devicesModule,
  pointsModule,
  ratingsModule,
  requestsModule,
  consultationsModule,
  disclosureModule,
  supervisionModule,
  insightsModule,
  govstackModule,
];

export function allJobs(): JobDefinition[] {
  return modules.flatMap((m) => m.jobs ?? []);
}
