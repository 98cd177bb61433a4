import type { Module } from "../index.ts";
import { sendGovstackProblem } from "./errors.ts";
import { govstackFacades } from "./facades.ts";
import { documentsExpiryJob } from "./registration/documents-job.ts";

/** GovStack Registration and Digital Registries APIs over Tongban's own services (issue 11). */
export const govstackModule: Module = {
  name: "govstack",
  pages: govstackFacades,
  jobs: [documentsExpiryJob],
  // An over-long id or a broken %-escape is refused before routing: still the GovStack error body.
  unroutedErrors: [
    { prefix: "/govstack", send: (request, reply, error) => sendGovstackProblem(request, reply, error) },
  ],
};
