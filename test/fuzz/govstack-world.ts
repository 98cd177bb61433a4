/**
 * The world the GovStack façades are fuzzed in: the conformance seed (the demo county, the suites'
 * services, files, tasks and registry, with their fixed ids), and the callers a GovStack deployment
 * has — anonymous, the suites' mediator with its header and no token, the conformance client by its
 * token, a client with no scope, and a token sent with another client's header.
 */
import { loadConformanceData } from "../../src/modules/govstack/conformance/data.ts";
import { seedConformance } from "../../src/modules/govstack/conformance/seed.ts";
import { govstackClient } from "../../src/modules/govstack/testing.ts";
import { createTestApp } from "../app.ts";
import { department } from "../factories.ts";
import { FUZZ_ENV, type FuzzWorld, hintsOf, nameTheRoute, valuesOf } from "./world.ts";

/** Where a path parameter's existing values come from, by its name: aliases and ids of ours alike. */
const SOURCES: Record<string, string> = {
  serviceId:
    "select external_id as v from govstack_aliases where kind = 'service' union all select id::text from catalog_offerings",
  eFormId:
    "select external_id as v from govstack_aliases where kind = 'eform' union all select internal_id from govstack_aliases where kind = 'eform'",
  fileId:
    "select external_id as v from govstack_aliases where kind = 'file' union all select id::text from cases union all select number from cases",
  taskId:
    "select external_id as v from govstack_aliases where kind = 'task' union all select id::text from case_tasks",
  registryName: "select name as v from govstack_registries",
  versionNumber: "select version as v from govstack_registries",
  id: "select id::text as v from govstack_registries union all select id::text from registry_records",
  uuid: "select id::text as v from registry_records",
  field: "select value as v from govstack_registries, jsonb_each_text(field_names)",
};

/** Body properties and query parameters by name. */
const HINTS: Record<string, string> = {
  serviceId: SOURCES.serviceId as string,
  fileId: SOURCES.fileId as string,
  mainTaskId: SOURCES.taskId as string,
  eFormId: SOURCES.eFormId as string,
  registrationName: "select code as v from catalog_items",
  databaseId: "select code as v from govstack_registries",
  userId: "select record_key as v from registry_records",
  // The registries' record content, by the specification's own property names.
  id: "select record_key as v from registry_records",
  firstName: "select data ->> 'firstName' as v from registry_records where data ? 'firstName'",
  lastName: "select data ->> 'lastName' as v from registry_records where data ? 'lastName'",
  birthCertificateId:
    "select data ->> 'birthCertificateId' as v from registry_records where data ? 'birthCertificateId'",
};

export async function buildGovstackFuzzWorld(): Promise<FuzzWorld> {
  const t = await createTestApp({
    // inject() comes from 127.0.0.1, which is then the Information Mediator's security server.
    env: { ...FUZZ_ENV, GOVSTACK_MEDIATOR_NETWORKS: "127.0.0.1/32" },
    extend: nameTheRoute,
  });
  const db = t.platform.database.db;
  const data = loadConformanceData();
  const seeded = await seedConformance(t.platform, data);
  if (!seeded.token) throw new Error("the GovStack fuzz world needs a fresh database");
  const serviceCentre = await department(db, "330523", "government_service");
  // A client must hold a scope: this one holds none a GovStack operation asks for.
  const scopeless = await govstackClient(db, serviceCentre, { scopes: ["registry.subscribe"] });
  const bearer = `Bearer ${seeded.token}`;
  const actors: Record<string, Record<string, string>> = {
    anonymous: {},
    mediator: { "information-mediator-client": data.header },
    token: { authorization: bearer, "information-mediator-client": data.header },
    scopeless: scopeless.headers,
    wrongHeader: { authorization: bearer, "information-mediator-client": scopeless.mediatorClient },
  };

  const read = valuesOf(db);
  const hints = await hintsOf(read, HINTS);
  const values = new Map<string, string[]>();
  return {
    t,
    actors,
    known: (_path, parameter) => values.get(parameter) ?? [],
    hints: (name) => hints.get(name) ?? [],
    refresh: async (path) => {
      for (const match of path.matchAll(/\{(\w+)\}/g)) {
        const name = match[1] as string;
        const query = SOURCES[name];
        if (query) values.set(name, await read(query));
      }
    },
  };
}
