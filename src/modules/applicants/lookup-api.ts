import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { origin } from "./api.ts";
import { lookUpPerson } from "./lookup.ts";

export const LookupBody = Type.Object(
  {
    idNumber: Type.String({ maxLength: 40, description: "The person's full resident ID number (GB 11643)" }),
    purpose: Type.String({
      maxLength: 500,
      description: "Why the person's data is needed; shown to the person and kept in the audit trail",
      examples: ["At the window: helping the applicant with a housing subsidy application"],
    }),
  },
  { additionalProperties: false },
);

/** Staff finding a person: a POST, so the ID number never lands in a URL, a log line or a browser history. */
export const lookupApi: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.platform;

  app.post(
    "/persons/lookup",
    {
      config: { policy: "person.lookup" },
      schema: {
        tags: ["persons"],
        summary: "Find a person by their full ID number, saying why (staff who serve the public; audited)",
        description:
          "The read is recorded in the audit trail with its purpose and shown on the person's 'who read " +
          "my data' page. 404 when no account has this number; nothing is recorded then.",
        body: LookupBody,
        response: { 200: Type.Ref("PersonProfile") },
      },
    },
    async (request) =>
      lookUpPerson(database.db, config.personalDataKey, request.actor, request.body, origin(request)),
  );
};
